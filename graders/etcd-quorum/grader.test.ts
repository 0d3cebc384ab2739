import { describe, expect, it } from 'vitest';
import { referenceRaft } from '../../engine/etcd/cluster';
import { SimulationLimitError } from '../../engine/sim/kernel';
import { LabCodeError } from '../core/realm/realm';
import { BUGS } from './bugs';
import { etcdQuorum, judgeAborted, stageScenario } from './grader';
import { HEALTHY, type QuorumScenario } from './scenario';
import { bugMap, grade, readRepoFile, referenceMap, starterMap } from './testing';

const bug = (id: string) => BUGS.find((b) => b.id === id)!;

describe('etcdQuorum', () => {
  it('passes the visible examples with the reference, saying how much it served', () => {
    const results = grade(referenceMap(), { seed: '1', only: etcdQuorum.examples.map((e) => e.id) });
    expect(results.map((r) => r.id).sort()).toEqual(etcdQuorum.examples.map((e) => e.id).sort());
    for (const r of results) {
      expect(r.passed, `${r.id}: ${r.message}`).toBe(true);
      expect(r.message).toMatch(/^safe and live: [1-9]\d* writes and [1-9]\d* reads answered/);
    }
  });

  it('fails the starter on its first scenario: no leader, so nothing is answered', () => {
    const [first] = grade(starterMap(), { seed: '1', failFast: true, maxShrinkRuns: 0 });
    expect(first).toMatchObject({ id: 'three-member-election', passed: false, property: 'progress after heal' });
    expect(first.message).toMatch(/still unanswered .*; no member ever became leader$/);
  });

  it('ships a starter that imports nothing but the contract', () => {
    const imports = [...readRepoFile('labs/etcd-quorum/raft.ts').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports).toEqual(['../../engine/raft/types']);
  });

  it('gives the same results for the same seed, shrunk reproductions included', () => {
    expect(grade(referenceMap(), { seed: '7' })).toEqual(grade(referenceMap(), { seed: '7' }));
    const stale = bugMap(bug('stale-read'));
    const only = etcdQuorum.families.find((f) => f.name === 'leader-isolation')!;
    const ids = Array.from({ length: only.count }, (_, i) => `leader-isolation-${i + 1}`);
    const a = grade(stale, { seed: '3', only: ids, maxShrinkRuns: 3 });
    expect(a.some((r) => !r.passed)).toBe(true);
    expect(grade(stale, { seed: '3', only: ids, maxShrinkRuns: 3 })).toEqual(a);
  });
});

describe('judgeAborted', () => {
  const quiet: QuorumScenario = { members: 3, clients: 1, faultMs: 3_000, network: HEALTHY, faults: [], requests: [] };
  const started = () => {
    const cluster = stageScenario(quiet, '5', referenceRaft);
    cluster.sim.runUntil(2_000);
    return cluster;
  };

  it('reports the exception when no property was violated before it', () => {
    const v = judgeAborted(started(), new LabCodeError('TypeError', 'x is undefined', ''));
    expect(v).toEqual({ passed: false, property: 'no-exceptions', message: 'your code threw TypeError: x is undefined' });
  });

  it('reports a property violated before the exception, and the exception after it', () => {
    const cluster = started();
    cluster.sim.record({ kind: 'net.send', id: 1e6, from: 'n2', to: 'n1', msg: { type: 'MsgVoteResp', from: 'n2', to: 'n1', term: 99, reject: false } });
    const v = judgeAborted(cluster, new LabCodeError('Error', 'entry 3 conflicts with committed entry', ''));
    expect(v.passed).toBe(false);
    if (v.passed) return;
    expect(v.property).toBe('one vote per term');
    expect(v.message).toMatch(/^one vote per term: n2 granted its vote in term 99 to n1 at 2000ms/);
    expect(v.message).toMatch(/\nThe run then stopped at 2000ms: your code threw Error: entry 3 conflicts with committed entry$/);
  });

  it('explains a runaway simulation by its busiest traffic', () => {
    const v = judgeAborted(started(), new SimulationLimitError('the simulation exceeded its limit of 50000 events at 2000ms (a message storm or a timer loop?)', 'maxSteps', 2_000));
    expect(v.passed).toBe(false);
    if (v.passed) return;
    expect(v.property).toBe('bounded');
    expect(v.message).toMatch(/^bounded: the simulation exceeded its limit of 50000 events at 2000ms \(a message storm or a timer loop\?\); of the last \d+ Raft messages, \d+ were Msg\w+ n\d → n\d \(term \d+\)/);
    expect(v.message).toMatch(/the last leader seen was n\d in term \d+, from \d+ms/);
  });
});
