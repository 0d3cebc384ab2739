import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEED, LOOKAHEAD_MS, MAX_FRAME_MS, RaftDiagram } from './controller';
import type { DiagramView } from './view';

const FRAME_MS = 16;

/** until plays frames of FRAME_MS wall ms until `done` holds; it fails after `limitMs` of wall time. */
function until(d: RaftDiagram, done: (v: DiagramView) => boolean, limitMs = 20_000): { view: DiagramView; wallMs: number } {
  let view = d.view();
  let wallMs = 0;
  while (!done(view)) {
    if (wallMs > limitMs) throw new Error(`not reached within ${limitMs} ms of wall time (virtual ${d.now} ms)`);
    view = d.frame(FRAME_MS);
    wallMs += FRAME_MS;
  }
  return { view, wallMs };
}

const leaderOf = (v: DiagramView) => v.members.find((m) => m.id === v.leader);

describe('RaftDiagram', () => {
  it('shows a leader within a few seconds of wall time at the default speed, for most seeds', () => {
    const times = Array.from({ length: 20 }, (_, k) => until(new RaftDiagram({ seed: k + 1 }), (v) => v.leader !== undefined).wallMs);
    expect(times.filter((ms) => ms <= 4000).length).toBeGreaterThanOrEqual(18);
    expect(Math.max(...times)).toBeLessThan(10_000);
  });

  it('advances virtual time by the wall time times the speed, at most MAX_FRAME_MS per frame', () => {
    const d = new RaftDiagram({ seed: 1 });
    expect(d.speed).toBe(DEFAULT_SPEED);
    d.frame(40);
    expect(d.now).toBeCloseTo(40 * DEFAULT_SPEED);
    d.setSpeed(0.1);
    d.frame(10_000);
    expect(d.now).toBeCloseTo(40 * DEFAULT_SPEED + MAX_FRAME_MS * 0.1);
    expect(() => d.setSpeed(0)).toThrow(/positive/);
  });

  it('keeps the simulation LOOKAHEAD_MS ahead of the time shown', () => {
    const d = new RaftDiagram({ seed: 2, speed: 1 });
    until(d, (v) => v.t >= 1234);
    expect(d.cluster.sim.now).toBe(d.now + LOOKAHEAD_MS);
  });

  it('stands still while paused, yet shows an action at once', () => {
    const d = new RaftDiagram({ seed: 3, speed: 1 });
    const { view } = until(d, (v) => v.leader !== undefined);
    d.playing = false;
    const t = d.now;
    d.frame(50);
    expect(d.now).toBe(t);
    d.crash(view.leader!);
    const after = d.view();
    expect(after.members.find((m) => m.id === view.leader)!.role).toBe('down');
    expect(after.lines.at(-1)!.text).toBe(`${view.leader} crashed`);
    expect(d.isUp(view.leader!)).toBe(false);
  });

  it('commits a write: the commit index grows and the leader’s last entry holds it', () => {
    const d = new RaftDiagram({ seed: 4, speed: 1 });
    const { view } = until(d, (v) => v.leader !== undefined && leaderOf(v)!.commit === leaderOf(v)!.lastIndex);
    const before = view.commit;
    d.write();
    d.write();
    const done = until(d, (v) => v.lines.some((l) => l.text === 'c1: put x = v2 acknowledged at revision 3')).view;
    expect(d.writesSent).toBe(2);
    expect(done.commit).toBe(before + 2);
    const log = leaderOf(done)!.log;
    expect(log.slice(-2).map((e) => [e.label, e.committed])).toEqual([
      ['put x = v1', true],
      ['put x = v2', true],
    ]);
  });

  it('elects a new leader in a higher term after the leader crashes, and lets the old one rejoin as a follower', () => {
    const d = new RaftDiagram({ seed: 5, speed: 1 });
    const first = until(d, (v) => v.leader !== undefined).view;
    const old = leaderOf(first)!;
    d.crash(old.id);
    const next = until(d, (v) => v.leader !== undefined && v.leader !== old.id).view;
    expect(leaderOf(next)!.term).toBeGreaterThan(old.term);
    d.restart(old.id);
    const back = until(d, (v) => v.members.find((m) => m.id === old.id)!.lead === next.leader).view;
    expect(back.members.find((m) => m.id === old.id)!.role).toBe('follower');
  });

  it('isolates members into one minority side and heals the network', () => {
    const d = new RaftDiagram({ seed: 6, speed: 1 });
    until(d, (v) => v.leader !== undefined);
    d.isolate('n1');
    d.isolate('n2');
    expect([d.isIsolated('n1'), d.isIsolated('n2'), d.isIsolated('n3')]).toEqual([true, true, false]);
    const split = d.view();
    const cutFrom = Object.fromEntries(split.members.map((m) => [m.id, m.cutFrom]));
    expect(cutFrom).toEqual({ n1: ['n3', 'n4', 'n5'], n2: ['n3', 'n4', 'n5'], n3: ['n1', 'n2'], n4: ['n1', 'n2'], n5: ['n1', 'n2'] });
    expect(split.lines.at(-1)!.text).toBe('network split: n1 n2 | n3 n4 n5');
    expect(split.members.filter((m) => m.cutOff).map((m) => m.id)).toEqual(['n1', 'n2']);
    d.reconnect('n1');
    expect(d.view().members[0].cutFrom).toEqual(['n2']);
    expect(d.view().members[1].cutFrom).toEqual(['n1', 'n3', 'n4', 'n5']);
    expect(d.view().lines.at(-1)!.text).toBe('network split: n2 | n1 n3 n4 n5');
    d.heal();
    const healed = d.view();
    expect(healed.links.some((l) => l.cut)).toBe(false);
    expect(d.isIsolated('n2')).toBe(false);
    expect(healed.lines.at(-1)!.text).toBe('network healed');
  });

  it('lets the majority side commit while an isolated old leader cannot', () => {
    const d = new RaftDiagram({ seed: 7, speed: 1 });
    const old = leaderOf(until(d, (v) => v.leader !== undefined).view)!;
    d.isolate(old.id);
    const other = (v: DiagramView) => v.members.find((m) => m.role === 'leader' && m.id !== old.id);
    // The new leader has committed its own empty entry: the majority side makes progress.
    const next = until(d, (v) => (other(v)?.commit ?? 0) > old.lastIndex).view;
    const newLeader = other(next)!;
    expect(newLeader.term).toBeGreaterThan(old.term);
    const stale = next.members.find((m) => m.id === old.id)!;
    expect(stale.role).toBe('leader');
    expect(stale.commit).toBeLessThan(newLeader.commit);
    expect(next.leader).toBe(newLeader.id);
  });

  it('replays the same run from the same seed, and another run from another seed', () => {
    const play = (d: RaftDiagram) => {
      until(d, (v) => v.t >= 2500);
      return d.cluster.sim.trace.serialize();
    };
    const d = new RaftDiagram({ seed: 11 });
    const first = play(d);
    d.write();
    d.reset();
    expect(d.seed).toBe(11);
    expect(d.writesSent).toBe(0);
    expect(d.now).toBe(0);
    expect(play(d)).toBe(first);
    d.reset(12);
    expect(d.seed).toBe(12);
    expect(play(d)).not.toBe(first);
  });

  it('rejects unknown members', () => {
    const d = new RaftDiagram({ seed: 1 });
    expect(() => d.crash('n9')).toThrow(/unknown member n9/);
    expect(() => d.isolate('c1')).toThrow(/unknown member c1/);
  });
});
