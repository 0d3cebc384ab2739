import { describe, expect, it } from 'vitest';
import { RaftDiagram } from './controller';
import { etcdctlTranscript } from './etcdctl-panel';

describe('etcdctlTranscript', () => {
  it("shows the diagram cluster's endpoint status and members as etcdctl prints them", () => {
    const d = new RaftDiagram({ seed: 1 });
    for (let i = 0; i < 60; i++) d.frame(100);
    const out = etcdctlTranscript(d.cluster);
    expect(out).toMatch(/^\$ etcdctl -w table endpoint status --cluster\n\+-/);
    expect(out).toContain('| IS LEADER |');
    expect(out.match(/\|\s+true \|\s+false \|/g)).toHaveLength(1);
    expect(out).toContain('$ etcdctl -w table member list');
    for (const m of ['n1', 'n2', 'n3', 'n4', 'n5']) expect(out).toContain(`http://${m}:2380`);
  });

  it('shows a crashed member as unreachable', () => {
    const d = new RaftDiagram({ seed: 1 });
    for (let i = 0; i < 60; i++) d.frame(100);
    d.crash('n2');
    expect(etcdctlTranscript(d.cluster)).toMatch(/n2:2379 \|.*context deadline exceeded/);
  });
});
