import { describe, expect, it } from 'vitest';
import { EtcdCluster } from '../../../engine/etcd/cluster';
import type { ClusterEvent } from '../../../engine/etcd/events';
import { encodeCommand } from '../../../engine/etcd/kv-protocol';
import { newMemberStore } from '../../../engine/etcd/store';
import type { Stamped } from '../../../engine/sim/trace';
import { DiagramModel } from './model';

const MEMBERS = ['n1', 'n2', 'n3'];

/** trace stamps hand-written events as a Trace would: `t` given, `i` in order. */
function trace(...events: [number, ClusterEvent][]): Stamped<ClusterEvent>[] {
  return events.map(([t, e], i) => ({ ...e, t, i }) as Stamped<ClusterEvent>);
}

const boot: [number, ClusterEvent][] = MEMBERS.map((host) => [0, { kind: 'host.start', host, incarnation: 1 }]);

function state(node: string, role: 'StateFollower' | 'StateCandidate' | 'StateLeader', term: number, extra: { commit?: number; lastIndex?: number; lead?: string; vote?: string } = {}): ClusterEvent {
  return { kind: 'raft.state', node, term, role, vote: extra.vote ?? '', lead: extra.lead ?? '', commit: extra.commit ?? 0, lastIndex: extra.lastIndex ?? 0 };
}

function put(value: string, seq: number): string {
  return encodeCommand({ id: `c1/${seq}`, client: 'c1', seq, op: 'put', key: 'x', value });
}

function model(...events: [number, ClusterEvent][]): DiagramModel {
  const m = new DiagramModel({ members: MEMBERS, clients: ['c1'] });
  m.ingest(trace(...boot, ...events));
  return m;
}

describe('DiagramModel members', () => {
  it('shows every member as a follower of term 0 once started', () => {
    const v = model().view(0);
    expect(v.members.map((m) => [m.id, m.role, m.term, m.commit, m.lastIndex])).toEqual([
      ['n1', 'follower', 0, 0, 0],
      ['n2', 'follower', 0, 0, 0],
      ['n3', 'follower', 0, 0, 0],
    ]);
    expect(v.leader).toBeUndefined();
  });

  it('shows the leader after an election, and narrates the campaign and the win', () => {
    const v = model(
      [1000, state('n2', 'StateCandidate', 1, { vote: 'n2' })],
      [1050, state('n2', 'StateLeader', 1, { vote: 'n2', lead: 'n2', lastIndex: 1 })],
    ).view(1100);
    expect(v.leader).toBe('n2');
    expect(v.members[1]).toMatchObject({ role: 'leader', term: 1, lead: 'n2' });
    expect(v.lines.map((l) => l.text)).toEqual(['n2 timed out and started an election for term 1', 'n2 became leader of term 1']);
  });

  it('picks the leader with the highest term when a stale one still believes it leads', () => {
    const v = model([10, state('n1', 'StateLeader', 2)], [20, state('n3', 'StateLeader', 3)]).view(30);
    expect(v.leader).toBe('n3');
  });

  it('does not show events before their time', () => {
    const m = model([500, state('n1', 'StateCandidate', 1)]);
    expect(m.view(499).members[0].role).toBe('follower');
    expect(m.view(500).members[0].role).toBe('candidate');
  });

  it('refuses to go back in time', () => {
    const m = model();
    m.view(100);
    expect(() => m.view(99)).toThrow(/before the last frame/);
  });

  it('shows a crashed member as down with the term and commit on its disk, and a restarted one as a follower', () => {
    const m = model(
      [10, { kind: 'raft.persist', node: 'n1', hardState: { term: 4, vote: 'n1', commit: 2 }, entries: [{ term: 4, index: 1, data: '' }, { term: 4, index: 2, data: put('v1', 1) }] }],
      [10, state('n1', 'StateLeader', 4, { commit: 2, lastIndex: 2, lead: 'n1' })],
      [20, { kind: 'host.crash', host: 'n1', incarnation: 1 }],
      [30, { kind: 'host.start', host: 'n1', incarnation: 2 }],
    );
    const down = m.view(25);
    expect(down.members[0]).toMatchObject({ role: 'down', term: 4, commit: 2, lastIndex: 2 });
    expect(down.leader).toBeUndefined();
    const back = m.view(30);
    expect(back.members[0]).toMatchObject({ role: 'follower', term: 4, lead: '', lastIndex: 2 });
    expect(back.lines.slice(-2).map((l) => l.text)).toEqual(['n1 crashed', 'n1 restarted from its disk: term 4, 2 entries']);
  });

  it('replaces a divergent log suffix when entries are written over it, and marks entries within the commit index', () => {
    const v = model(
      [10, { kind: 'raft.persist', node: 'n3', entries: [{ term: 1, index: 1, data: '' }, { term: 2, index: 2, data: '' }, { term: 2, index: 3, data: '' }] }],
      [20, { kind: 'raft.persist', node: 'n3', hardState: { term: 3, vote: '', commit: 2 }, entries: [{ term: 3, index: 2, data: put('v7', 7) }] }],
      [20, state('n3', 'StateFollower', 3, { commit: 2, lastIndex: 2 })],
    ).view(20);
    expect(v.members[2].log).toEqual([
      { index: 1, term: 1, committed: true, label: 'empty' },
      { index: 2, term: 3, committed: true, label: 'put x = v7' },
    ]);
    expect(v.members[2].lastIndex).toBe(2);
  });

  it('narrates the cluster commit index once, naming the entry, however many members learn it', () => {
    const entries = [{ term: 1, index: 1, data: '' }, { term: 1, index: 2, data: put('v1', 1) }];
    const v = model(
      [5, { kind: 'raft.persist', node: 'n1', entries }],
      [5, { kind: 'raft.persist', node: 'n2', entries }],
      [10, state('n1', 'StateLeader', 1, { commit: 1 })],
      [15, state('n2', 'StateFollower', 1, { commit: 1 })],
      [20, state('n1', 'StateLeader', 1, { commit: 2 })],
      [30, state('n2', 'StateFollower', 1, { commit: 2 })],
    ).view(30);
    expect(v.commit).toBe(2);
    expect(v.lines.filter((l) => l.kind === 'commit').map((l) => l.text)).toEqual([
      'entry 1 committed (the empty entry of term 1)',
      'entry 2 committed (put x = v1)',
    ]);
  });
});

describe('DiagramModel messages', () => {
  const vote: ClusterEvent = { kind: 'net.send', id: 7, from: 'n1', to: 'n2', msg: { type: 'MsgVote', from: 'n1', to: 'n2', term: 3, index: 4, logTerm: 2 } };

  it('computes a message’s progress from its send and delivery times', () => {
    const m = model([100, vote], [140, { kind: 'net.deliver', id: 7, from: 'n1', to: 'n2' }]);
    const early = m.view(110).messages;
    expect(early).toHaveLength(1);
    expect(early[0]).toMatchObject({ id: 7, from: 'n1', to: 'n2', kind: 'vote', exact: true, sentAt: 100 });
    expect(early[0].progress).toBeCloseTo(0.25);
    expect(m.view(130).messages[0].progress).toBeCloseTo(0.75);
    expect(m.view(140).messages).toEqual([]);
  });

  it('estimates progress, short of the far end, while the arrival is not yet known', () => {
    const m = new DiagramModel({ members: MEMBERS, estimateMs: 40 });
    m.ingest(trace(...boot, [100, vote]));
    expect(m.view(120).messages[0]).toMatchObject({ progress: 0.5, exact: false });
    expect(m.view(200).messages[0].progress).toBe(0.9);
    // The delivery arrives in a later batch: from then on, progress is exact.
    m.ingest(trace([240, { kind: 'net.deliver', id: 7, from: 'n1', to: 'n2' }]));
    expect(m.view(220).messages[0]).toMatchObject({ progress: 120 / 140, exact: true });
  });

  it('shows a dropped message where it was dropped, for the linger time only', () => {
    const m = model(
      [100, vote],
      [100, { kind: 'net.drop', id: 7, from: 'n1', to: 'n2', reason: 'partition' }],
      [100, { kind: 'net.send', id: 8, from: 'n1', to: 'n3', msg: { type: 'MsgHeartbeat', from: 'n1', to: 'n3', term: 3, commit: 0, context: '' } }],
      [150, { kind: 'net.drop', id: 8, from: 'n1', to: 'n3', reason: 'down' }],
    );
    const at = m.view(150, { lingerMs: 60 }).messages;
    expect(at.map((x) => [x.id, x.dropped, x.progress])).toEqual([
      [7, 'partition', 0],
      [8, 'down', 1],
    ]);
    expect(m.view(170, { lingerMs: 60 }).messages.map((x) => x.id)).toEqual([8]);
    expect(m.view(171, { lingerMs: 0 }).messages).toEqual([]);
  });
});

describe('DiagramModel network', () => {
  it('shows a partitioned link as cut, keeps the client’s links, and clears cuts on heal', () => {
    const m = model([50, { kind: 'net.partition', groups: [['n1'], ['n2', 'n3']] }], [90, { kind: 'net.heal' }]);
    const split = m.view(60);
    const cut = split.links.filter((l) => l.cut).map((l) => `${l.a}-${l.b}`);
    expect(cut).toEqual(['n1-n2', 'n1-n3']);
    expect(split.members.map((x) => x.cutFrom)).toEqual([['n2', 'n3'], ['n1'], ['n1']]);
    expect(split.members.map((x) => x.cutOff)).toEqual([true, false, false]);
    expect(split.links.filter((l) => l.a === 'c1').every((l) => !l.cut)).toBe(true);
    const healed = m.view(90);
    expect(healed.links.some((l) => l.cut)).toBe(false);
    expect(healed.lines.map((l) => l.text)).toEqual(['network split: n1 | n2 n3', 'network healed']);
  });

  it('treats a one-way block as a cut link', () => {
    const m = model([5, { kind: 'net.block', from: 'n2', to: 'n3' }], [9, { kind: 'net.unblock', from: 'n2', to: 'n3' }]);
    expect(m.view(5).links.find((l) => l.a === 'n2' && l.b === 'n3')?.cut).toBe(true);
    expect(m.view(9).links.find((l) => l.a === 'n2' && l.b === 'n3')?.cut).toBe(false);
  });

  it('reports a heal and a new split at the same instant as the split alone', () => {
    const m = model(
      [5, { kind: 'net.partition', groups: [['n1'], ['n2', 'n3']] }],
      [9, { kind: 'net.heal' }],
      [9, { kind: 'net.partition', groups: [['n1', 'n2'], ['n3']] }],
    );
    const v = m.view(9);
    expect(v.lines.map((l) => l.text)).toEqual(['network split: n1 | n2 n3', 'network split: n1 n2 | n3']);
    expect(v.members[0].cutFrom).toEqual(['n3']);
  });
});

describe('DiagramModel clients', () => {
  it('narrates a request and its answer', () => {
    const v = model(
      [5, { kind: 'client.invoke', client: 'c1', id: 'c1/1', op: 'put', key: 'x', value: 'v1' }],
      [9, { kind: 'client.ok', client: 'c1', id: 'c1/1', op: 'put', key: 'x', value: 'v1', revision: 2 }],
      [10, { kind: 'client.invoke', client: 'c1', id: 'c1/2', op: 'put', key: 'x', value: 'v2' }],
      [90, { kind: 'client.timeout', client: 'c1', id: 'c1/2' }],
    ).view(90);
    expect(v.lines.map((l) => l.text)).toEqual([
      'c1 sends put x = v1',
      'c1: put x = v1 acknowledged at revision 2',
      'c1 sends put x = v2',
      'c1 gave up on put x = v2: it may or may not have been applied',
    ]);
  });

  it('keeps only the most recent lines', () => {
    const m = new DiagramModel({ members: MEMBERS, maxLines: 3 });
    m.ingest(trace(...Array.from({ length: 5 }, (_, k): [number, ClusterEvent] => [k, { kind: 'host.crash', host: MEMBERS[k % 3], incarnation: 1 }])));
    expect(m.view(10).lines.map((l) => l.t)).toEqual([2, 3, 4]);
  });
});

describe('DiagramModel on a real cluster', () => {
  /** run drives a five-member cluster through faults, feeding the model in uneven batches. */
  function run(seed: number) {
    const cluster = new EtcdCluster({ seed, members: 5, newStore: newMemberStore, link: { minLatencyMs: 30, maxLatencyMs: 60 } });
    cluster.addClient('c1');
    const m = new DiagramModel({ members: cluster.members, clients: ['c1'] });
    let cursor = 0;
    const feed = (t: number) => {
      cluster.sim.runUntil(t);
      const ev = cluster.sim.trace.events;
      m.ingest(ev.slice(cursor));
      cursor = ev.length;
      return m.view(t);
    };
    return { cluster, m, feed };
  }

  it('shows a leader after the first election', () => {
    const { cluster, feed } = run(1);
    let v = feed(0);
    for (let t = 0; t <= 5000 && !v.leader; t += 17) v = feed(t);
    expect(v.leader).toBeDefined();
    expect(v.leader).toBe(cluster.leader());
    expect(v.lines.some((l) => l.text === `${v.leader} became leader of term ${cluster.status(v.leader!)!.term}`)).toBe(true);
  });

  it('agrees with the engine on every member after crashes, a partition and writes', () => {
    for (const seed of [3, 4, 5]) {
      const { cluster, feed } = run(seed);
      feed(3000);
      const first = cluster.leader()!;
      cluster.client('c1').submit({ kind: 'put', key: 'x', value: 'v1' });
      feed(3500);
      cluster.crash(first);
      cluster.partition([[cluster.members.find((x) => x !== first)!], cluster.members.filter((x) => x !== first).slice(1)]);
      cluster.client('c1').submit({ kind: 'put', key: 'x', value: 'v2' });
      feed(7000);
      cluster.restart(first);
      cluster.net.heal();
      cluster.client('c1').submit({ kind: 'put', key: 'x', value: 'v3' });
      const v = feed(12_000);
      for (const mv of v.members) {
        const s = cluster.status(mv.id)!;
        const role = { StateLeader: 'leader', StateCandidate: 'candidate', StateFollower: 'follower' }[s.raftState];
        expect([mv.id, mv.role, mv.term, mv.commit, mv.lastIndex, mv.applied]).toEqual([mv.id, role, s.term, s.commit, s.lastIndex, s.applied]);
        expect(mv.log.map((e) => [e.index, e.term])).toEqual(cluster.member(mv.id)!.log.map((e) => [e.index, e.term]));
      }
      expect(v.leader).toBe(cluster.leader());
      expect(v.commit).toBe(Math.max(...cluster.members.map((id) => cluster.status(id)!.commit)));
      expect(v.links.some((l) => l.cut)).toBe(false);
      // Whatever was still on the wire at 12 s was sent in the last few hundred ms.
      expect(v.messages.every((x) => x.sentAt > 12_000 - 100 && !x.dropped)).toBe(true);
    }
  });
});
