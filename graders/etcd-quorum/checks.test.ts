import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../engine/etcd/events';
import type { Stamped } from '../../engine/sim/trace';
import type { Entry, Message, StateType } from '../../engine/raft/types';
import {
  checkCommitCurrentTerm,
  checkElectionSafety,
  checkLeaderAppendOnly,
  checkLeaderCompleteness,
  checkLinearizability,
  checkLogMatching,
  checkOneVotePerTerm,
  checkProgressAfterHeal,
  busiestTraffic,
  diagnoseStall,
  checkQuorumCommit,
  checkStateMachineSafety,
} from './checks';
import type { QuorumTrace } from './history';

/** TraceBuilder writes hand-made traces: each call appends an event at the current time. */
class TraceBuilder {
  private events: Stamped<ClusterEvent>[] = [];
  private now = 0;
  constructor(readonly members: string[] = ['n1', 'n2', 'n3']) {
    for (const m of members) this.add({ kind: 'host.start', host: m, incarnation: 1 });
  }
  at(t: number): this {
    this.now = t;
    return this;
  }
  add(e: ClusterEvent): this {
    this.events.push({ ...e, t: this.now, i: this.events.length } as Stamped<ClusterEvent>);
    return this;
  }
  state(node: string, term: number, role: StateType, commit = 0, lead = ''): this {
    return this.add({ kind: 'raft.state', node, term, vote: '', role, lead, commit, lastIndex: 0 });
  }
  persist(node: string, ...entries: Entry[]): this {
    return this.add({ kind: 'raft.persist', node, entries });
  }
  apply(node: string, ...entries: Entry[]): this {
    return this.add({ kind: 'raft.apply', node, entries });
  }
  send(msg: Partial<Message> & Pick<Message, 'type' | 'from' | 'to' | 'term'>): this {
    return this.add({ kind: 'net.send', id: this.events.length, from: msg.from, to: msg.to, msg });
  }
  /** deliver records a message sent and delivered at once. */
  deliver(msg: Partial<Message> & Pick<Message, 'type' | 'from' | 'to' | 'term'>): this {
    const id = this.events.length;
    return this.add({ kind: 'net.send', id, from: msg.from, to: msg.to, msg }).add({ kind: 'net.deliver', id, from: msg.from, to: msg.to });
  }
  /** hardState records `node` persisting a hard state (and no entries). */
  hardState(node: string, term: number, vote: string, commit = 0): this {
    return this.add({ kind: 'raft.persist', node, hardState: { term, vote, commit }, entries: [] });
  }
  /** vote records `from` persisting its vote for `to`, then granting it, as a correct member does. */
  vote(from: string, to: string, term: number): this {
    return this.hardState(from, term, to).send({ type: 'MsgVoteResp', from, to, term, reject: false });
  }
  /** campaign records `from` persisting its vote for itself, then asking `to` for a vote. */
  campaign(from: string, to: string, term: number): this {
    return this.hardState(from, term, from).send({ type: 'MsgVote', from, to, term, index: 0, logTerm: 0 });
  }
  restart(node: string): this {
    return this.add({ kind: 'host.crash', host: node, incarnation: 1 }).add({ kind: 'host.start', host: node, incarnation: 2 });
  }
  invoke(client: string, id: string, op: 'put' | 'get', key: string, value?: string): this {
    return this.add({ kind: 'client.invoke', client, id, op, key, value });
  }
  ok(client: string, id: string, op: 'put' | 'get', key: string, value: string | null): this {
    return this.add({ kind: 'client.ok', client, id, op, key, value, revision: 1 });
  }
  build(): QuorumTrace {
    return { members: this.members, events: this.events };
  }
}

const e = (index: number, term: number, data = `d${index}.${term}`): Entry => ({ index, term, data });

describe('checkOneVotePerTerm', () => {
  it('accepts one vote per member per term, repeated or not', () => {
    const t = new TraceBuilder().vote('n3', 'n1', 4).vote('n3', 'n1', 4).vote('n3', 'n2', 5).build();
    expect(checkOneVotePerTerm(t)).toEqual({ valid: true });
  });

  it('names the double vote, and the restart between the two votes', () => {
    const t = new TraceBuilder().at(812).vote('n3', 'n1', 4).at(813).restart('n3').at(815).vote('n3', 'n2', 4).build();
    expect(checkOneVotePerTerm(t)).toEqual({
      valid: false,
      property: 'one vote per term',
      message:
        'one vote per term: n3 voted twice in term 4: for n1 at 812ms and for n2 at 815ms (n3 restarted at 813ms in between: was its vote on disk before it answered?)',
    });
  });
});

describe('checkOneVotePerTerm: votes on disk', () => {
  it('counts campaigning as a vote for oneself', () => {
    const t = new TraceBuilder().at(500).campaign('n1', 'n2', 3).at(510).vote('n1', 'n2', 3).build();
    expect(checkOneVotePerTerm(t)).toEqual({
      valid: false,
      property: 'one vote per term',
      message: 'one vote per term: n1 voted twice in term 3: for itself at 500ms and for n2 at 510ms',
    });
  });

  it('rejects a vote granted before it was persisted, naming what the disk held', () => {
    const t = new TraceBuilder().hardState('n3', 2, 'n2').at(700).send({ type: 'MsgVoteResp', from: 'n3', to: 'n1', term: 3, reject: false }).build();
    const r = checkOneVotePerTerm(t);
    expect(r.valid).toBe(false);
    if (r.valid !== false) return;
    expect(r.property).toBe('one vote per term');
    expect(r.message).toMatch(/^one vote per term: n3 granted its vote in term 3 to n1 at 700ms, but its disk then held term 2 and vote for n2: /);
    expect(r.message).toMatch(/a restart forgets the vote/);
  });

  it('rejects a campaign whose self-vote is not on disk', () => {
    const t = new TraceBuilder().hardState('n2', 4, '').at(900).send({ type: 'MsgVote', from: 'n2', to: 'n1', term: 4, index: 0, logTerm: 0 }).build();
    const r = checkOneVotePerTerm(t);
    expect(r.valid === false && r.message).toMatch(/^one vote per term: n2 campaigned in term 4 \(voting for itself\) at 900ms, but its disk then held term 4 and vote none/);
  });

  it('accepts a refusal that is not on disk, and a disk already in a later term', () => {
    const t = new TraceBuilder()
      .send({ type: 'MsgVoteResp', from: 'n3', to: 'n1', term: 2, reject: true })
      .hardState('n2', 5, 'n1')
      .send({ type: 'MsgVoteResp', from: 'n2', to: 'n3', term: 4, reject: false })
      .build();
    expect(checkOneVotePerTerm(t)).toEqual({ valid: true });
  });
});

describe('checkElectionSafety', () => {
  it('accepts one leader per term', () => {
    const t = new TraceBuilder().state('n1', 2, 'StateLeader').state('n2', 3, 'StateLeader').send({ type: 'MsgApp', from: 'n2', to: 'n1', term: 3 }).build();
    expect(checkElectionSafety(t).valid).toBe(true);
  });

  it('catches two leaders in one term, also from the messages they send', () => {
    const t = new TraceBuilder().at(10).state('n1', 2, 'StateLeader').at(20).send({ type: 'MsgHeartbeat', from: 'n2', to: 'n3', term: 2 }).build();
    expect(checkElectionSafety(t)).toMatchObject({ valid: false, message: 'election safety: n1 and n2 both led term 2 (n1 from 10ms, n2 sent MsgHeartbeat at 20ms)' });
  });
});

describe('checkLogMatching', () => {
  it('accepts logs that agree, and a follower overwriting a divergent suffix', () => {
    const t = new TraceBuilder().persist('n1', e(1, 1), e(2, 1)).persist('n2', e(1, 1)).persist('n2', e(2, 1)).persist('n3', e(1, 1), e(2, 2, 'x')).persist('n3', e(2, 1)).build();
    expect(checkLogMatching(t).valid).toBe(true);
  });

  it('catches the same index and term holding different commands', () => {
    const t = new TraceBuilder().persist('n1', e(1, 1, 'a')).persist('n2', e(1, 1, 'b')).build();
    expect(checkLogMatching(t)).toMatchObject({ valid: false, property: 'log matching', message: expect.stringMatching(/n1 and n2 both stored an entry at index 1 in term 1, but they differ/) });
  });

  it('catches an entry stored after a different predecessor', () => {
    const t = new TraceBuilder().persist('n1', e(1, 1), e(2, 2)).persist('n2', e(1, 2, 'other'), e(2, 2)).build();
    expect(checkLogMatching(t)).toMatchObject({ valid: false, message: expect.stringMatching(/the entries before it differ \(term 1 on n1, term 2 on n2\)/) });
  });
});

describe('checkLeaderAppendOnly', () => {
  it('catches a leader truncating its own log', () => {
    const t = new TraceBuilder().state('n1', 3, 'StateLeader').persist('n1', e(1, 3), e(2, 3)).at(50).persist('n1', e(2, 3, 'rewritten')).build();
    expect(checkLeaderAppendOnly(t)).toMatchObject({ valid: false, message: 'leader append-only: n1, leader of term 3, rewrote its own log from index 2 at 50ms (it held 2 entries): a leader only appends' });
  });

  it('accepts a follower truncating', () => {
    const t = new TraceBuilder().state('n2', 3, 'StateFollower').persist('n2', e(1, 2), e(2, 2)).persist('n2', e(2, 3)).build();
    expect(checkLeaderAppendOnly(t).valid).toBe(true);
  });
});

describe('checkCommitCurrentTerm', () => {
  it('accepts a leader committing an entry of its own term', () => {
    const t = new TraceBuilder().persist('n1', e(1, 2), e(2, 4)).state('n1', 4, 'StateLeader', 0).state('n1', 4, 'StateLeader', 2).build();
    expect(checkCommitCurrentTerm(t).valid).toBe(true);
  });

  it('catches a leader committing an older-term entry by counting (Figure 8)', () => {
    const t = new TraceBuilder().persist('n1', e(1, 1), e(2, 2)).state('n1', 4, 'StateLeader', 1).at(300).state('n1', 4, 'StateLeader', 2).build();
    expect(checkCommitCurrentTerm(t)).toMatchObject({
      valid: false,
      property: 'commit only current-term entries',
      message: expect.stringMatching(/^commit only current-term entries: n1, leader of term 4, advanced its commit index to 2 at 300ms, but entry 2 \(term 2, "d2.2"\) is from an earlier term/),
    });
  });

  it('ignores followers learning a commit index', () => {
    const t = new TraceBuilder().persist('n2', e(1, 1), e(2, 2)).state('n2', 4, 'StateFollower', 0).state('n2', 4, 'StateFollower', 2).build();
    expect(checkCommitCurrentTerm(t).valid).toBe(true);
  });
});

describe('checkQuorumCommit', () => {
  it('accepts applying an entry a majority stores', () => {
    const t = new TraceBuilder().persist('n1', e(1, 1)).persist('n2', e(1, 1)).apply('n1', e(1, 1)).build();
    expect(checkQuorumCommit(t).valid).toBe(true);
  });

  it('catches applying an entry only a minority stores', () => {
    const t = new TraceBuilder(['n1', 'n2', 'n3', 'n4', 'n5']).persist('n1', e(1, 1)).persist('n3', e(1, 1)).at(40).apply('n1', e(1, 1)).build();
    expect(checkQuorumCommit(t)).toMatchObject({
      valid: false,
      message:
        'no commit in a minority: n1 applied entry 1 (term 1, "d1.1") at 40ms when only 2 of 5 members stored it (n1 and n3): an entry is committed only once a majority (3 of 5) stores it',
    });
  });
});

describe('checkStateMachineSafety', () => {
  it('accepts the same entries applied everywhere, again after a restart', () => {
    const t = new TraceBuilder().persist('n1', e(1, 1), e(2, 1)).persist('n2', e(1, 1), e(2, 1)).apply('n1', e(1, 1), e(2, 1)).apply('n2', e(1, 1)).restart('n1').apply('n1', e(1, 1)).build();
    expect(checkStateMachineSafety(t).valid).toBe(true);
  });

  it('catches two members applying different entries at one index', () => {
    const t = new TraceBuilder().persist('n1', e(1, 1)).persist('n2', e(1, 2)).apply('n1', e(1, 1)).apply('n2', e(1, 2)).build();
    expect(checkStateMachineSafety(t)).toMatchObject({ valid: false, message: expect.stringMatching(/two members applied different commands at the same index/) });
  });

  it('catches a gap in the applied sequence', () => {
    const t = new TraceBuilder().persist('n1', e(1, 1), e(2, 1)).apply('n1', e(2, 1)).build();
    expect(checkStateMachineSafety(t)).toMatchObject({ valid: false, message: expect.stringMatching(/n1 applied entry 2 at 0ms when the next entry to apply was 1/) });
  });

  it('catches applying an entry the member no longer stores', () => {
    const t = new TraceBuilder().persist('n1', e(1, 1), e(2, 1)).persist('n1', e(2, 2)).apply('n1', e(1, 1), e(2, 1)).build();
    expect(checkStateMachineSafety(t)).toMatchObject({ valid: false, message: expect.stringMatching(/its disk holds entry 2 \(term 2, "d2.2"\)[^]*are conflicting entries truncated/) });
  });
});

describe('checkLeaderCompleteness', () => {
  it('accepts later leaders that hold every committed entry', () => {
    const t = new TraceBuilder().persist('n1', e(1, 1)).state('n1', 1, 'StateLeader', 1).persist('n2', e(1, 1), e(2, 2)).state('n2', 2, 'StateLeader', 1).build();
    expect(checkLeaderCompleteness(t).valid).toBe(true);
  });

  it('catches a leader elected without a committed entry', () => {
    const t = new TraceBuilder().persist('n1', e(1, 1)).state('n1', 1, 'StateLeader', 1).at(900).state('n2', 2, 'StateLeader', 0).build();
    expect(checkLeaderCompleteness(t)).toMatchObject({ valid: false, message: expect.stringMatching(/^leader completeness: n2 became leader of term 2 at 900ms without entry 1 \(term 1, "d1.1"\), which had been committed in term 1/) });
  });

  it('accepts a leader lacking an entry that was only committed later, in a later term', () => {
    // n1 stores entry 1 of term 1 uncommitted; n2 leads term 2 without it; n3 commits it in term 3.
    const t = new TraceBuilder().persist('n1', e(1, 1)).state('n2', 2, 'StateLeader', 0).persist('n3', e(1, 1), e(2, 3)).state('n3', 3, 'StateLeader', 2).build();
    expect(checkLeaderCompleteness(t).valid).toBe(true);
  });
});

describe('checkLinearizability', () => {
  it('catches a stale read', () => {
    const t = new TraceBuilder()
      .at(1).invoke('c1', 'c1/1', 'put', 'x', 'a').at(2).ok('c1', 'c1/1', 'put', 'x', 'a')
      .at(3).invoke('c1', 'c1/2', 'put', 'x', 'b').at(4).ok('c1', 'c1/2', 'put', 'x', 'b')
      .at(5).invoke('c2', 'c2/1', 'get', 'x').at(6).ok('c2', 'c2/1', 'get', 'x', 'a')
      .build();
    expect(checkLinearizability(t)).toMatchObject({ valid: false, property: 'linearizability', message: expect.stringMatching(/returned the stale value "a"/) });
  });
});

describe('checkProgressAfterHeal', () => {
  it('accepts answered requests and agreeing members', () => {
    const t = new TraceBuilder().at(1000).state('n1', 3, 'StateLeader', 5).state('n2', 3, 'StateFollower', 5).state('n3', 3, 'StateFollower', 5)
      .at(1100).invoke('c1', 'c1/1', 'put', 'x', 'a').at(1200).ok('c1', 'c1/1', 'put', 'x', 'a').build();
    expect(checkProgressAfterHeal(t, 1000, 1000, 5000).valid).toBe(true);
  });

  it('names requests left unanswered after the heal', () => {
    const t = new TraceBuilder().at(1100).invoke('c1', 'c1/1', 'put', 'x', 'a').build();
    expect(checkProgressAfterHeal(t, 1000, 1000, 5000)).toMatchObject({
      valid: false,
      message:
        'progress after heal: the network healed and every member was running from 1000ms, but 1 request sent after 1000ms was still unanswered at 5000ms (c1\'s put of "a" sent at 1100ms); no member ever became leader',
    });
  });

  it('names members that disagree on the commit index', () => {
    const t = new TraceBuilder().at(1000).state('n1', 3, 'StateLeader', 5).state('n2', 3, 'StateFollower', 4).state('n3', 3, 'StateFollower', 5).build();
    expect(checkProgressAfterHeal(t, 1000, 1000, 5000)).toMatchObject({ valid: false, message: expect.stringMatching(/members still disagree on the commit index \(n1: 5, n2: 4, n3: 5\)/) });
  });
});

describe('diagnoseStall', () => {
  it('names the last leader after the heal', () => {
    const t = new TraceBuilder().persist('n1', e(1, 3, '')).at(1200).state('n1', 3, 'StateLeader', 1).build();
    expect(diagnoseStall(t, 1000)).toEqual(['the last leader seen was n1 in term 3, from 1200ms']);
  });

  it('names a leader that kept leading after a higher term reached it', () => {
    const t = new TraceBuilder()
      .persist('n1', e(1, 2, ''))
      .at(500).state('n1', 2, 'StateLeader', 1)
      .at(1500).deliver({ type: 'MsgHeartbeatResp', from: 'n3', to: 'n1', term: 4, context: '' })
      .at(1600).deliver({ type: 'MsgHeartbeatResp', from: 'n2', to: 'n1', term: 5, context: '' })
      .build();
    expect(diagnoseStall(t, 1000)).toContain(
      "n1 still acted as leader of term 2 after n3's message of term 4 reached it at 1500ms: a member that sees a higher term must adopt it, and a leader step down",
    );
  });

  it('does not blame a leader that stepped down', () => {
    const t = new TraceBuilder()
      .at(500).state('n1', 2, 'StateLeader', 0)
      .at(1500).deliver({ type: 'MsgHeartbeat', from: 'n3', to: 'n1', term: 4, commit: 0, context: '' })
      .state('n1', 4, 'StateFollower', 0, 'n3')
      .build();
    expect(diagnoseStall(t, 1000).join(' ')).not.toMatch(/still acted as leader/);
  });

  it('names a leader that never committed an entry of its own term', () => {
    const t = new TraceBuilder().persist('n2', e(1, 1), e(2, 1)).at(1200).state('n2', 3, 'StateLeader', 1).state('n2', 3, 'StateLeader', 2).build();
    expect(diagnoseStall(t, 1000)).toContain(
      'n2 never committed an entry of its own term 3, and until a leader does, it may neither commit older entries nor serve reads: does a new leader append an empty entry?',
    );
  });

  it('names a leader slow to commit an entry of its own term, and not a prompt one', () => {
    const slow = new TraceBuilder().persist('n2', e(1, 1)).at(1200).state('n2', 3, 'StateLeader', 1).persist('n2', e(2, 3)).at(4000).state('n2', 3, 'StateLeader', 2).build();
    expect(diagnoseStall(slow, 1000)).toContain(
      'n2 committed its first entry of term 3 only at 4000ms, 2800ms after taking office, and until a leader does, it may neither commit older entries nor serve reads: does a new leader append an empty entry?',
    );
    const prompt = new TraceBuilder().persist('n2', e(1, 1), e(2, 3)).at(1200).state('n2', 3, 'StateLeader', 1).at(1300).state('n2', 3, 'StateLeader', 2).build();
    expect(diagnoseStall(prompt, 1000)).toEqual(['the last leader seen was n2 in term 3, from 1200ms']);
  });

  it('names a follower that keeps rejecting appends after the heal', () => {
    const b = new TraceBuilder().persist('n1', e(1, 2, '')).at(900).state('n1', 2, 'StateLeader', 1);
    for (let i = 0; i < 12; i++) b.at(1000 + i * 100).send({ type: 'MsgAppResp', from: 'n3', to: 'n1', term: 2, index: 7, reject: true, rejectHint: 3 });
    expect(diagnoseStall(b.build(), 1000)).toContain('n3 rejected 12 appends from n1 after 1000ms: after a rejection the leader must move next back until the logs agree');
  });
});

describe('busiestTraffic', () => {
  it('counts the recent Raft messages by type, direction and term, busiest first', () => {
    const b = new TraceBuilder();
    for (let i = 0; i < 3; i++) {
      b.send({ type: 'MsgApp', from: 'n1', to: 'n3', term: 2 }).send({ type: 'MsgHeartbeatResp', from: 'n3', to: 'n1', term: 4 });
    }
    b.send({ type: 'MsgApp', from: 'n1', to: 'n3', term: 2 });
    expect(busiestTraffic(b.build())).toBe('of the last 7 Raft messages, 4 were MsgApp n1 → n3 (term 2) and 3 were MsgHeartbeatResp n3 → n1 (term 4)');
    expect(busiestTraffic(b.build(), 2, 1)).toBe('of the last 2 Raft messages, 1 were MsgApp n1 → n3 (term 2)');
  });
});
