import { describe, expect, it } from 'vitest';
import { RaftNetwork, seededRandom } from './testing';
import type { Message, NodeId } from './types';

// Whole-cluster scenarios: real nodes wired by RaftNetwork, which carries out
// every Ready as types.ts orders and throws at the first violation of
// election safety or state machine safety.

/** dataApplied returns the non-empty commands member `id` has applied, in order. */
function dataApplied(net: RaftNetwork, id: NodeId): string[] {
  return net.applied.get(id)!.flatMap((e) => (e.data === '' ? [] : [e.data]));
}

/** storedAt returns the entry member `id` has stored at `index`. */
function storedAt(net: RaftNetwork, id: NodeId, index: number) {
  return net.storage.get(id)!.entries[index - 1];
}

function tickRounds(net: RaftNetwork, rounds: number): void {
  for (let i = 0; i < rounds; i++) net.tickAll();
}

describe.each([3, 5])('elections in a %i-member cluster', (size) => {
  it('elect exactly one leader, which every member then follows', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const net = new RaftNetwork(size, { seed });
      const lead = net.electLeader();
      tickRounds(net, 3);
      const statuses = net.ids.map((id) => net.node(id).status());
      expect(statuses.filter((s) => s.raftState === 'StateLeader').map((s) => s.id), `seed ${seed}`).toEqual([lead]);
      const term = net.node(lead).status().term;
      for (const s of statuses) expect(s, `seed ${seed}`).toMatchObject({ term, lead });
    }
  });

  it('replace a crashed leader, and the old one rejoins as a follower', () => {
    const net = new RaftNetwork(size, { seed: 5 });
    const first = net.electLeader();
    net.crash(first);
    const second = net.electLeader();
    expect(second).not.toBe(first);
    net.restart(first);
    tickRounds(net, 3);
    expect(net.node(first).status()).toMatchObject({ raftState: 'StateFollower', lead: second });
  });
});

describe('randomized election timeouts', () => {
  it('come from the seed: different seeds elect different first leaders', () => {
    const firsts = new Set<NodeId>();
    for (let seed = 1; seed <= 30; seed++) firsts.add(new RaftNetwork(5, { seed }).electLeader());
    expect(firsts.size).toBeGreaterThan(1);
  });

  it('make a run replay exactly from its seed', () => {
    const run = (seed: number) => {
      const net = new RaftNetwork(5, { seed });
      const lead = net.electLeader();
      return { lead, status: net.ids.map((id) => net.node(id).status()), stored: [...net.storage.entries()] };
    };
    expect(run(11)).toEqual(run(11));
  });
});

describe('votes across restarts', () => {
  it('a member that crashed after voting does not vote for another candidate in the same term', () => {
    const net = new RaftNetwork(3);
    // n1 and n2 both stand in term 1; their vote requests are on the wire.
    while (net.node('n1').status().raftState !== 'StateCandidate') net.tick('n1');
    while (net.node('n2').status().raftState !== 'StateCandidate') net.tick('n2');
    expect([net.node('n1').status().term, net.node('n2').status().term]).toEqual([1, 1]);

    net.deliver((m) => m.from === 'n1' && m.to === 'n3');
    net.crash('n3');
    net.restart('n3');
    net.deliver((m) => m.from === 'n2' && m.to === 'n3');

    const answers = net.inFlight.filter((m) => m.type === 'MsgVoteResp' && m.from === 'n3');
    expect(answers.map((m) => [m.to, m.type === 'MsgVoteResp' && m.reject])).toEqual([
      ['n1', false],
      ['n2', true],
    ]);
    net.stabilize();
    expect(net.leader()).toBe('n1');
  });
});

describe('replication', () => {
  it('commits proposals and applies them on every member, in order', () => {
    const net = new RaftNetwork(3, { seed: 2 });
    const lead = net.electLeader();
    for (const d of ['a', 'b', 'c']) expect(net.propose(lead, d)).toBe(true);
    net.stabilize();
    tickRounds(net, 1);
    for (const id of net.ids) expect(dataApplied(net, id)).toEqual(['a', 'b', 'c']);
    const follower = net.ids.find((id) => id !== lead)!;
    expect(net.propose(follower, 'd')).toBe(false);
  });

  it('commits with a quorum while a minority is cut off, and the minority catches up after healing', () => {
    const net = new RaftNetwork(5, { seed: 3 });
    const lead = net.electLeader();
    const [f1, f2] = net.ids.filter((id) => id !== lead);
    net.isolate(f1!);
    net.isolate(f2!);
    net.propose(lead, 'x');
    tickRounds(net, 2);
    for (const id of net.ids) expect(dataApplied(net, id)).toEqual(id === f1 || id === f2 ? [] : ['x']);

    net.heal();
    tickRounds(net, 3);
    for (const id of net.ids) expect(dataApplied(net, id)).toEqual(['x']);
  });

  it('commits nothing without a quorum; the majority moves on and the minority\'s entry is truncated', () => {
    const net = new RaftNetwork(5, { seed: 4 });
    const old = net.electLeader();
    const buddy = net.ids.find((id) => id !== old)!;
    const majority = net.ids.filter((id) => id !== old && id !== buddy);
    net.partition([old, buddy], majority);

    const commitBefore = net.node(old).status().commit;
    expect(net.propose(old, 'lost')).toBe(true);
    tickRounds(net, 50);
    expect(net.node(old).status()).toMatchObject({ raftState: 'StateLeader', commit: commitBefore });
    expect(storedAt(net, buddy, commitBefore + 1)?.data).toBe('lost');
    for (const id of net.ids) expect(dataApplied(net, id)).not.toContain('lost');

    const lead = net.leader()!;
    expect(majority).toContain(lead);
    net.propose(lead, 'kept');
    tickRounds(net, 2);
    for (const id of majority) expect(dataApplied(net, id)).toEqual(['kept']);

    net.heal();
    tickRounds(net, 5);
    for (const id of net.ids) {
      expect(dataApplied(net, id)).toEqual(['kept']);
      expect(net.storage.get(id)!.entries.map((e) => e.data)).not.toContain('lost');
    }
    expect(net.node(old).status()).toMatchObject({ raftState: 'StateFollower', lead });
  });

  it('a restarted member rebuilds its state machine from its log and catches up', () => {
    const net = new RaftNetwork(3, { seed: 6 });
    const lead = net.electLeader();
    const follower = net.ids.find((id) => id !== lead)!;
    net.propose(lead, 'a');
    tickRounds(net, 1);
    net.crash(follower);
    net.propose(lead, 'b');
    tickRounds(net, 1);
    net.restart(follower);
    // Straight from its own storage, before hearing from anyone.
    expect(dataApplied(net, follower)).toEqual(['a']);
    tickRounds(net, 2);
    expect(dataApplied(net, follower)).toEqual(['a', 'b']);
  });
});

describe('Figure 8 of the Raft paper', () => {
  /**
   * figure8 plays (a)-(c) of the figure with explicit message control:
   *  (a) n1 leads term 1; its entry "from-n1" (index 2) reaches only n2.
   *  (b) n1 crashes; n5 wins term 2 with n3's and n4's votes and appends its
   *      own entry at index 2, which reaches no one; n5 crashes.
   *  (c) n1 restarts and wins term 3 (its first try, in term 2, fails: n3
   *      and n4 voted for n5 there). It sends "from-n1" on, along with its
   *      own empty entry 3 of term 3, to n2, n3 and n4, unless
   *      `deliverCurrentTerm` is false, in which case the network strips
   *      entry 3 from every append (as a leader sending one entry per
   *      message could) so that only "from-n1" spreads.
   */
  function figure8(deliverCurrentTerm: boolean): RaftNetwork {
    const net = new RaftNetwork(5, { seed: 8 });
    expect(net.campaign('n1')).toBe('StateLeader');
    net.partition(['n1', 'n2'], ['n3', 'n4', 'n5']);
    net.propose('n1', 'from-n1');
    net.stabilize();
    net.heal();
    expect(storedAt(net, 'n2', 2)).toEqual({ term: 1, index: 2, data: 'from-n1' });

    net.crash('n1');
    net.intercept = (m) => (m.from === 'n5' && m.type === 'MsgApp' ? undefined : m);
    expect(net.campaign('n5')).toBe('StateLeader');
    expect(storedAt(net, 'n5', 2)).toEqual({ term: 2, index: 2, data: '' });
    net.crash('n5');

    net.intercept = deliverCurrentTerm
      ? undefined
      : (m: Message) => (m.type === 'MsgApp' ? { ...m, entries: m.entries.filter((e) => e.term !== 3) } : m);
    net.restart('n1');
    expect(net.campaign('n1')).toBe('StateCandidate');
    expect(net.campaign('n1')).toBe('StateLeader');
    expect(net.node('n1').status().term).toBe(3);
    return net;
  }

  it('a leader does not commit an entry of an earlier term because a majority stores it', () => {
    const net = figure8(false);
    for (let i = 0; i < 5; i++) {
      net.tick('n1');
      net.stabilize();
    }
    // "from-n1" is on n1, n2, n3 and n4, and n1 knows it...
    for (const id of ['n1', 'n2', 'n3', 'n4']) expect(storedAt(net, id, 2)?.data).toBe('from-n1');
    expect(storedAt(net, 'n3', 3)).toBeUndefined();
    // ...yet it is not committed: it is not of n1's term.
    expect(net.node('n1').status().commit).toBe(1);

    // (d) Rightly so: n1 crashes, n5 returns and, with a log that ends in a
    // later term, wins term 4 with n2's, n3's and n4's votes, and replaces
    // "from-n1" everywhere with its own entry 2.
    net.crash('n1');
    net.intercept = undefined;
    net.restart('n5');
    expect(net.campaign('n5')).toBe('StateFollower'); // term 3: everyone voted for n1
    expect(net.campaign('n5')).toBe('StateLeader');
    tickRounds(net, 2);
    for (const id of ['n2', 'n3', 'n4', 'n5']) {
      expect(storedAt(net, id, 2)).toEqual({ term: 2, index: 2, data: '' });
      expect(net.node(id).status().commit).toBe(3);
    }
    // Had n1 committed "from-n1", RaftNetwork would have thrown: n1 applied
    // it at index 2 and the others applied n5's entry there.
    expect(net.appliedAt.get(2)).toEqual({ term: 2, index: 2, data: '' });
  });

  it('(e) once an entry of its own term is on a majority, the leader commits it and everything before', () => {
    const net = figure8(true);
    expect(net.node('n1').status().commit).toBe(3);
    expect(net.appliedAt.get(2)).toEqual({ term: 1, index: 2, data: 'from-n1' });

    // n5 can no longer win: its log is behind the majority's.
    net.crash('n1');
    net.restart('n5');
    expect(net.campaign('n5')).toBe('StateFollower');
    expect(net.campaign('n5')).toBe('StateFollower');
    tickRounds(net, 60);
    for (const id of ['n2', 'n3', 'n4', 'n5']) expect(dataApplied(net, id)).toEqual(['from-n1']);
  });
});

describe('readIndex', () => {
  it('answers only after a quorum has acknowledged the heartbeat carrying the request', () => {
    const net = new RaftNetwork(5, { seed: 9 });
    expect(net.campaign('n1')).toBe('StateLeader');
    net.propose('n1', 'w');
    net.stabilize();
    const commit = net.node('n1').status().commit;

    expect(net.readIndex('n1', 'r1')).toBe(true);
    const beats = net.inFlight.filter((m) => m.type === 'MsgHeartbeat' && m.context === 'r1');
    expect(beats.map((m) => m.to)).toEqual(['n2', 'n3', 'n4', 'n5']);

    net.deliver((m) => m.to === 'n2');
    net.deliver((m) => m.from === 'n2');
    expect(net.readStates.get('n1')).toEqual([]); // n1 and n2: two of five

    net.deliver((m) => m.to === 'n3');
    expect(net.readStates.get('n1')).toEqual([]); // n3's answer is still on the wire
    net.deliver((m) => m.from === 'n3');
    expect(net.readStates.get('n1')).toEqual([{ index: commit, requestCtx: 'r1' }]);
    expect(net.node('n1').status().applied).toBeGreaterThanOrEqual(commit);

    net.stabilize();
    expect(net.readStates.get('n1')).toHaveLength(1);
    expect(net.readIndex('n2', 'r2')).toBe(false);
  });

  it('never answers on a leader cut off in a minority, while the majority serves reads that see its writes', () => {
    const net = new RaftNetwork(5, { seed: 10 });
    const old = net.electLeader();
    const buddy = net.ids.find((id) => id !== old)!;
    const majority = net.ids.filter((id) => id !== old && id !== buddy);
    net.partition([old, buddy], majority);

    expect(net.readIndex(old, 'stale-read')).toBe(true);
    tickRounds(net, 50);
    const lead = net.leader()!;
    expect(majority).toContain(lead);
    net.propose(lead, 'w');
    tickRounds(net, 2);
    net.readIndex(lead, 'fresh-read');
    tickRounds(net, 2);
    const [fresh] = net.readStates.get(lead)!;
    const wIndex = net.applied.get(lead)!.find((e) => e.data === 'w')!.index;
    expect(fresh).toMatchObject({ requestCtx: 'fresh-read' });
    expect(fresh!.index).toBeGreaterThanOrEqual(wIndex);

    net.heal();
    tickRounds(net, 10);
    expect(net.readStates.get(old)).toEqual([]);
  });
});

describe('random faults', () => {
  it.each(Array.from({ length: 12 }, (_, i) => i + 1))(
    'seed %i: safety holds throughout, and the cluster converges once healed',
    (seed) => {
      const net = new RaftNetwork(5, { seed });
      const rng = seededRandom(seed * 31 + 7);
      const pick = <T>(xs: readonly T[]): T => xs[rng.intn(xs.length)]!;
      const up = () => net.ids.filter((id) => net.isUp(id));
      const down = () => net.ids.filter((id) => !net.isUp(id));
      let proposals = 0;

      // Faults: ticks, proposals, message loss, duplication and reordering,
      // partitions, crashes and restarts, in a random order.
      for (let step = 0; step < 3000; step++) {
        const r = rng.float();
        if (r < 0.25) {
          net.tick(pick(up()));
        } else if (r < 0.3) {
          const lead = net.leader();
          if (lead) net.propose(lead, `v${proposals++}`);
        } else if (r < 0.31 && down().length < 2) {
          net.crash(pick(up()));
        } else if (r < 0.33 && down().length > 0) {
          net.restart(pick(down()));
        } else if (r < 0.34) {
          const shuffled = [...net.ids].sort(() => rng.float() - 0.5);
          const cut = 1 + rng.intn(net.ids.length - 1);
          net.partition(shuffled.slice(0, cut), shuffled.slice(cut));
        } else if (r < 0.37) {
          net.heal();
        } else if (net.inFlight.length > 0) {
          const m = net.inFlight[rng.intn(net.inFlight.length)]!;
          const fate = rng.float();
          if (fate < 0.1) net.drop((x) => x === m);
          else {
            if (fate < 0.15) net.inFlight.push(JSON.parse(JSON.stringify(m)) as Message);
            net.deliver((x) => x === m);
          }
        }
      }

      // Liveness: heal everything; a leader must emerge and commit a final
      // write on every member.
      net.heal();
      for (const id of down()) net.restart(id);
      let converged = false;
      for (let round = 0; round < 300 && !converged; round++) {
        net.tickAll();
        const lead = net.leader();
        if (lead && round % 20 === 0 && !net.applied.get(lead)!.some((e) => e.data === 'final')) net.propose(lead, 'final');
        converged = net.ids.every((id) => net.applied.get(id)!.some((e) => e.data === 'final'));
      }
      expect(converged, `seed ${seed}`).toBe(true);
      tickRounds(net, 3);
      const reference = net.applied.get(net.ids[0]!)!;
      for (const id of net.ids) expect(net.applied.get(id)).toEqual(reference);
      // Log matching: committed prefixes are identical on every member.
      const commit = Math.min(...net.ids.map((id) => net.node(id).status().commit));
      for (const id of net.ids) expect(net.storage.get(id)!.entries.slice(0, commit)).toEqual(reference.slice(0, commit));
    },
  );
});
