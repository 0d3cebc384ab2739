import { describe, expect, it } from 'vitest';
import { createRaftNode } from './node';
import {
  emptyPersistedState,
  None,
  type AppendMessage,
  type Entry,
  type HardState,
  type Message,
  type NodeId,
  type PersistedState,
  type RaftConfig,
  type RaftNode,
  type ReadState,
  type SoftState,
} from './types';

// Unit tests of one node, driven by hand-made messages. Whole-cluster
// scenarios live in cluster.test.ts.

const three = ['n1', 'n2', 'n3'];
const five = ['n1', 'n2', 'n3', 'n4', 'n5'];

/** fixedRng always draws `k` and records every bound it is asked for. */
function fixedRng(k = 0): { intn(n: number): number; calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    intn(n: number) {
      calls.push(n);
      return k;
    },
  };
}

interface NodeOptions {
  id?: NodeId;
  peers?: NodeId[];
  persisted?: PersistedState;
  config?: Partial<RaftConfig>;
}

/** newNode starts a node whose election timeout is exactly electionTick (10) ticks. */
function newNode(o: NodeOptions = {}): RaftNode {
  return createRaftNode(
    { id: o.id ?? 'n1', peers: o.peers ?? three, electionTick: 10, heartbeatTick: 1, rng: fixedRng(0), ...o.config },
    o.persisted ?? emptyPersistedState(),
  );
}

/** stored builds a PersistedState from entry terms. */
function stored(terms: number[], hs: Partial<HardState> = {}): PersistedState {
  return {
    hardState: { term: Math.max(0, ...terms), vote: None, commit: 0, ...hs },
    entries: terms.map((term, i) => ({ term, index: i + 1, data: `d${i + 1}` })),
  };
}

/** Drained is everything a node's Readies held, merged. */
interface Drained {
  softState?: SoftState;
  hardState?: HardState;
  entries: Entry[];
  committedEntries: Entry[];
  messages: Message[];
  readStates: ReadState[];
}

/** drain carries out (trivially) every Ready the node has and returns their contents. */
function drain(node: RaftNode): Drained {
  const out: Drained = { entries: [], committedEntries: [], messages: [], readStates: [] };
  for (let i = 0; node.hasReady(); i++) {
    if (i > 100) throw new Error('node never runs out of Readies');
    const rd = node.ready();
    if (rd.softState) out.softState = rd.softState;
    if (rd.hardState) out.hardState = rd.hardState;
    out.entries.push(...rd.entries);
    out.committedEntries.push(...rd.committedEntries);
    out.messages.push(...rd.messages);
    out.readStates.push(...rd.readStates);
    node.advance();
  }
  return out;
}

/** campaign ticks `node` until it starts an election and returns its drained Readies. */
function campaign(node: RaftNode): Drained {
  for (let i = 0; i < 100 && node.status().raftState === 'StateFollower'; i++) node.tick();
  return drain(node);
}

/** makeLeader starts n1, has it campaign, grants it votes until it leads, and drains it. */
function makeLeader(o: NodeOptions = {}): RaftNode {
  const node = newNode(o);
  const peers = o.peers ?? three;
  campaign(node);
  const { term } = node.status();
  for (const from of peers.slice(1)) {
    if (node.status().raftState === 'StateLeader') break;
    node.step({ type: 'MsgVoteResp', from, to: 'n1', term, reject: false });
  }
  expect(node.status().raftState).toBe('StateLeader');
  drain(node);
  return node;
}

const vote = (from: NodeId, to: NodeId, term: number, index = 0, logTerm = 0): Message => ({
  type: 'MsgVote',
  from,
  to,
  term,
  index,
  logTerm,
});

const app = (from: NodeId, to: NodeId, term: number, index: number, logTerm: number, entries: Entry[], commit = 0): AppendMessage => ({
  type: 'MsgApp',
  from,
  to,
  term,
  index,
  logTerm,
  entries,
  commit,
});

const entry = (index: number, term: number, data = `d${index}`): Entry => ({ index, term, data });

describe('election timeout', () => {
  it('campaigns after electionTick + rng.intn(electionTick) ticks', () => {
    const rng = fixedRng(3);
    const node = newNode({ config: { rng } });
    expect(rng.calls).toEqual([10]);
    for (let i = 0; i < 12; i++) node.tick();
    expect(node.status().raftState).toBe('StateFollower');
    node.tick();
    expect(node.status()).toMatchObject({ raftState: 'StateCandidate', term: 1 });
  });

  it('draws a fresh timeout at every role change', () => {
    const draws = [0, 5, 0];
    const calls: number[] = [];
    const node = newNode({ config: { rng: { intn: (n) => (calls.push(n), draws.shift() ?? 0) } } });
    for (let i = 0; i < 10; i++) node.tick();
    expect(node.status()).toMatchObject({ raftState: 'StateCandidate', term: 1 });
    // As a candidate the timeout is now 10 + 5.
    for (let i = 0; i < 14; i++) node.tick();
    expect(node.status().term).toBe(1);
    node.tick();
    expect(node.status().term).toBe(2);
    expect(calls).toEqual([10, 10, 10]);
  });

  it('never campaigns while a leader keeps sending heartbeats', () => {
    const node = newNode({ id: 'n2' });
    for (let i = 0; i < 100; i++) {
      node.tick();
      node.step({ type: 'MsgHeartbeat', from: 'n1', to: 'n2', term: 1, commit: 0, context: '' });
    }
    expect(node.status()).toMatchObject({ raftState: 'StateFollower', lead: 'n1', term: 1 });
  });

  it('lets a leader heartbeat every heartbeatTick ticks', () => {
    const node = makeLeader({ config: { heartbeatTick: 3, electionTick: 10 } });
    const beats: number[] = [];
    for (let t = 1; t <= 9; t++) {
      node.tick();
      if (drain(node).messages.some((m) => m.type === 'MsgHeartbeat')) beats.push(t);
    }
    expect(beats).toEqual([3, 6, 9]);
  });
});

describe('config', () => {
  it.each([
    ['an empty id', { id: '' }, /must not be empty/],
    ['peers without the node', { peers: ['n2', 'n3'] }, /must include the node/],
    ['duplicate peers', { peers: ['n1', 'n2', 'n2'] }, /duplicates/],
    ['electionTick not above heartbeatTick', { electionTick: 2, heartbeatTick: 2 }, /greater than heartbeatTick/],
    ['a zero heartbeatTick', { heartbeatTick: 0 }, /heartbeatTick must be/],
  ])('refuses %s', (_name, config, error) => {
    expect(() => newNode({ config: config as Partial<RaftConfig> })).toThrow(error);
  });
});

describe('elections', () => {
  it('lets a single-member cluster elect itself at once and commit its empty entry', () => {
    const node = newNode({ peers: ['n1'] });
    const rd = campaign(node);
    expect(rd.softState).toEqual({ lead: 'n1', raftState: 'StateLeader' });
    expect(rd.hardState).toEqual({ term: 1, vote: 'n1', commit: 1 });
    expect(rd.entries).toEqual([{ term: 1, index: 1, data: '' }]);
    expect(rd.committedEntries).toEqual([{ term: 1, index: 1, data: '' }]);
    expect(rd.messages).toEqual([]);
  });

  it('makes a candidate vote for itself (persisted) and ask every peer with its last index and term', () => {
    const node = newNode({ persisted: stored([1, 1, 2], { term: 2 }) });
    const rd = campaign(node);
    expect(rd.softState).toEqual({ lead: None, raftState: 'StateCandidate' });
    expect(rd.hardState).toEqual({ term: 3, vote: 'n1', commit: 0 });
    expect(rd.messages).toEqual([vote('n1', 'n2', 3, 3, 2), vote('n1', 'n3', 3, 3, 2)]);
  });

  it('wins at a quorum of votes, then appends an empty entry and replicates it', () => {
    const node = newNode({ peers: five });
    campaign(node);
    node.step({ type: 'MsgVoteResp', from: 'n2', to: 'n1', term: 1, reject: false });
    expect(node.status().raftState).toBe('StateCandidate');
    node.step({ type: 'MsgVoteResp', from: 'n3', to: 'n1', term: 1, reject: false });
    const rd = drain(node);
    expect(rd.softState).toEqual({ lead: 'n1', raftState: 'StateLeader' });
    expect(rd.entries).toEqual([{ term: 1, index: 1, data: '' }]);
    const apps = rd.messages.filter((m) => m.type === 'MsgApp');
    expect(apps.map((m) => m.to)).toEqual(['n2', 'n3', 'n4', 'n5']);
  });

  it('gives up at a quorum of rejections', () => {
    const node = newNode({ peers: five });
    campaign(node);
    for (const from of ['n2', 'n3']) node.step({ type: 'MsgVoteResp', from, to: 'n1', term: 1, reject: true });
    expect(node.status().raftState).toBe('StateCandidate');
    node.step({ type: 'MsgVoteResp', from: 'n4', to: 'n1', term: 1, reject: true });
    expect(node.status()).toMatchObject({ raftState: 'StateFollower', term: 1, vote: 'n1', lead: None });
  });

  it('counts a repeated vote once', () => {
    const node = newNode({ peers: five });
    campaign(node);
    for (let i = 0; i < 3; i++) node.step({ type: 'MsgVoteResp', from: 'n2', to: 'n1', term: 1, reject: false });
    expect(node.status().raftState).toBe('StateCandidate');
  });

  it('grants one vote per term, and repeats it to the same candidate', () => {
    const node = newNode({ id: 'n3' });
    node.step(vote('n1', 'n3', 1));
    node.step(vote('n2', 'n3', 1));
    node.step(vote('n1', 'n3', 1));
    const rd = drain(node);
    expect(rd.hardState).toEqual({ term: 1, vote: 'n1', commit: 0 });
    expect(rd.messages.map((m) => [m.to, m.type === 'MsgVoteResp' && m.reject])).toEqual([
      ['n1', false],
      ['n2', true],
      ['n1', false],
    ]);
  });

  it('votes again in a later term', () => {
    const node = newNode({ id: 'n3' });
    node.step(vote('n1', 'n3', 1));
    node.step(vote('n2', 'n3', 2));
    const rd = drain(node);
    expect(rd.hardState).toEqual({ term: 2, vote: 'n2', commit: 0 });
    expect(rd.messages.every((m) => m.type === 'MsgVoteResp' && !m.reject)).toBe(true);
  });

  // The voter's log ends at index 3, term 2.
  it.each([
    [2, 2, true, 'the same last term but a shorter log'],
    [9, 1, true, 'an older last term, however long its log'],
    [0, 0, true, 'an empty log'],
    [3, 2, false, 'the same last entry'],
    [4, 2, false, 'the same last term and a longer log'],
    [1, 3, false, 'a newer last term, however short its log'],
  ])('a candidate whose log ends at index %i, term %i is refused: %s (%s)', (index, logTerm, refused) => {
    const node = newNode({ id: 'n3', persisted: stored([1, 1, 2], { term: 2 }) });
    node.step(vote('n1', 'n3', 3, index, logTerm));
    const [resp] = drain(node).messages;
    expect(resp).toMatchObject({ type: 'MsgVoteResp', to: 'n1', term: 3, reject: refused });
    expect(node.status().vote).toBe(refused ? None : 'n1');
  });

  it('does not vote in a term whose leader it knows', () => {
    const node = newNode({ id: 'n3' });
    node.step({ type: 'MsgHeartbeat', from: 'n1', to: 'n3', term: 2, commit: 0, context: '' });
    node.step(vote('n2', 'n3', 2));
    const resp = drain(node).messages.find((m) => m.type === 'MsgVoteResp');
    expect(resp).toMatchObject({ to: 'n2', reject: true });
    expect(node.status().vote).toBe(None);
  });

  it('restarts its election timer when it grants a vote', () => {
    const node = newNode({ id: 'n3', persisted: stored([1]) });
    // Refusing a stale candidate moves n3 to term 2 (and restarts its timer).
    node.step(vote('n2', 'n3', 2, 0, 0));
    for (let i = 0; i < 9; i++) node.tick();
    // Granting a vote in the same term must restart the timer too.
    node.step(vote('n1', 'n3', 2, 1, 1));
    expect(node.status().vote).toBe('n1');
    for (let i = 0; i < 9; i++) node.tick();
    expect(node.status().raftState).toBe('StateFollower');
    node.tick();
    expect(node.status()).toMatchObject({ raftState: 'StateCandidate', term: 3 });
  });

  it('does not restart its election timer when it refuses a vote', () => {
    const node = newNode({ id: 'n3', persisted: stored([1]) });
    node.step(vote('n2', 'n3', 2, 0, 0));
    for (let i = 0; i < 9; i++) node.tick();
    node.step(vote('n1', 'n3', 2, 0, 0));
    node.tick();
    expect(node.status()).toMatchObject({ raftState: 'StateCandidate', term: 3 });
  });

  it('makes a candidate or leader reject votes for others in its own term', () => {
    const candidate = newNode();
    campaign(candidate);
    candidate.step(vote('n2', 'n1', 1));
    expect(drain(candidate).messages).toEqual([{ type: 'MsgVoteResp', from: 'n1', to: 'n2', term: 1, reject: true }]);
    const leader = makeLeader();
    leader.step(vote('n2', 'n1', 1));
    expect(drain(leader).messages).toEqual([{ type: 'MsgVoteResp', from: 'n1', to: 'n2', term: 1, reject: true }]);
    expect(leader.status().raftState).toBe('StateLeader');
  });

  it('makes a candidate follow whoever sends an append of its term', () => {
    const node = newNode();
    campaign(node);
    node.step(app('n2', 'n1', 1, 0, 0, [entry(1, 1, '')]));
    expect(node.status()).toMatchObject({ raftState: 'StateFollower', term: 1, lead: 'n2', vote: 'n1', lastIndex: 1 });
  });
});

describe('terms', () => {
  it('follows the sender of a higher-term append or heartbeat', () => {
    const node = makeLeader();
    node.step({ type: 'MsgHeartbeat', from: 'n2', to: 'n1', term: 5, commit: 0, context: '' });
    expect(node.status()).toMatchObject({ raftState: 'StateFollower', term: 5, lead: 'n2', vote: None });
    expect(drain(node).softState).toEqual({ lead: 'n2', raftState: 'StateFollower' });
  });

  it('follows no one after a higher-term vote request', () => {
    const node = makeLeader();
    node.step(vote('n2', 'n1', 5));
    expect(node.status()).toMatchObject({ raftState: 'StateFollower', term: 5, lead: None });
  });

  it('steps down on any higher-term response', () => {
    const node = makeLeader();
    node.step({ type: 'MsgAppResp', from: 'n2', to: 'n1', term: 4, index: 0, reject: true, rejectHint: 0 });
    expect(node.status()).toMatchObject({ raftState: 'StateFollower', term: 4, lead: None });
  });

  it('answers an older-term append or heartbeat with its term, so a deposed leader steps down', () => {
    const node = newNode({ id: 'n2' });
    node.step(vote('n3', 'n2', 5));
    drain(node);
    node.step(app('n1', 'n2', 2, 0, 0, [entry(1, 2)]));
    node.step({ type: 'MsgHeartbeat', from: 'n1', to: 'n2', term: 2, commit: 0, context: '' });
    const rd = drain(node);
    expect(rd.messages).toEqual([
      { type: 'MsgHeartbeatResp', from: 'n2', to: 'n1', term: 5, context: '' },
      { type: 'MsgHeartbeatResp', from: 'n2', to: 'n1', term: 5, context: '' },
    ]);
    expect(node.status()).toMatchObject({ term: 5, lastIndex: 0, lead: None });

    const deposed = makeLeader();
    deposed.step(rd.messages[0]!);
    expect(deposed.status()).toMatchObject({ raftState: 'StateFollower', term: 5 });
  });

  it('ignores older-term votes and responses', () => {
    const node = newNode({ id: 'n2' });
    node.step(vote('n3', 'n2', 5));
    drain(node);
    node.step(vote('n1', 'n2', 4, 9, 4));
    node.step({ type: 'MsgVoteResp', from: 'n1', to: 'n2', term: 4, reject: false });
    node.step({ type: 'MsgAppResp', from: 'n1', to: 'n2', term: 4, index: 1, reject: false, rejectHint: 0 });
    expect(node.hasReady()).toBe(false);
    expect(node.status()).toMatchObject({ term: 5, vote: 'n3' });
  });
});

describe('follower replication', () => {
  it('appends entries after a matching anchor, acks the last new index and commits min(commit, last new)', () => {
    const node = newNode({ id: 'n2', persisted: stored([1]) });
    node.step(app('n1', 'n2', 2, 1, 1, [entry(2, 2), entry(3, 2)], 9));
    const rd = drain(node);
    expect(rd.entries).toEqual([entry(2, 2), entry(3, 2)]);
    expect(rd.hardState).toEqual({ term: 2, vote: None, commit: 3 });
    expect(rd.committedEntries.map((e) => e.index)).toEqual([1, 2, 3]);
    expect(rd.messages).toEqual([{ type: 'MsgAppResp', from: 'n2', to: 'n1', term: 2, index: 3, reject: false, rejectHint: 0 }]);
  });

  it('rejects an append whose anchor it lacks, hinting at its last index', () => {
    const node = newNode({ id: 'n2', persisted: stored([1, 1]) });
    node.step(app('n1', 'n2', 2, 5, 2, [entry(6, 2)]));
    expect(drain(node).messages).toEqual([
      { type: 'MsgAppResp', from: 'n2', to: 'n1', term: 2, index: 5, reject: true, rejectHint: 2 },
    ]);
    expect(node.status().lastIndex).toBe(2);
  });

  it('hints past its entries whose terms are above the anchor term', () => {
    // Ours: 1 3 3 4 4 5 5 5 6; the leader's entry 8 has term 3.
    const node = newNode({ id: 'n2', persisted: stored([1, 3, 3, 4, 4, 5, 5, 5, 6]) });
    node.step(app('n1', 'n2', 7, 8, 3, []));
    expect(drain(node).messages[0]).toMatchObject({ reject: true, index: 8, rejectHint: 3 });
  });

  it('truncates a conflicting suffix and keeps the agreeing prefix', () => {
    const node = newNode({ id: 'n2', persisted: stored([1, 1, 2, 2, 2], { commit: 2 }) });
    drain(node);
    node.step(app('n1', 'n2', 3, 2, 1, [entry(3, 3, 'x'), entry(4, 3, 'y')], 2));
    const rd = drain(node);
    expect(rd.entries).toEqual([entry(3, 3, 'x'), entry(4, 3, 'y')]);
    expect(node.status().lastIndex).toBe(4);
    expect(rd.messages[0]).toMatchObject({ reject: false, index: 4 });
  });

  it('acks its commit index for an append anchored below it, and never rewrites a committed entry', () => {
    // Committed entries cannot conflict with a legitimate leader's, so an
    // append anchored below the commit index is a delayed duplicate. (The
    // log itself throws if asked to rewrite one: see log.test.ts.)
    const node = newNode({ id: 'n2', persisted: stored([1, 1, 1], { commit: 3 }) });
    drain(node);
    node.step(app('n1', 'n2', 2, 1, 1, [entry(2, 2)]));
    const rd = drain(node);
    expect(rd.messages[0]).toMatchObject({ type: 'MsgAppResp', index: 3, reject: false });
    expect(rd.entries).toEqual([]);
  });

  it('learns the commit index from heartbeats and echoes their context', () => {
    const node = newNode({ id: 'n2', persisted: stored([1, 1, 1]) });
    node.step({ type: 'MsgHeartbeat', from: 'n1', to: 'n2', term: 1, commit: 2, context: 'r1' });
    const rd = drain(node);
    expect(rd.hardState?.commit).toBe(2);
    expect(rd.messages).toEqual([{ type: 'MsgHeartbeatResp', from: 'n2', to: 'n1', term: 1, context: 'r1' }]);
  });
});

describe('leader replication', () => {
  it('appends a proposal in its term and sends it to every follower; others refuse proposals', () => {
    const leader = makeLeader();
    // Let both followers acknowledge the empty entry so they are replicating.
    for (const from of ['n2', 'n3']) leader.step({ type: 'MsgAppResp', from, to: 'n1', term: 1, index: 1, reject: false, rejectHint: 0 });
    drain(leader);
    expect(leader.propose('x')).toBe(true);
    const rd = drain(leader);
    expect(rd.entries).toEqual([{ term: 1, index: 2, data: 'x' }]);
    expect(rd.messages).toEqual(
      ['n2', 'n3'].map((to) => app('n1', to, 1, 1, 1, [{ term: 1, index: 2, data: 'x' }], 1)),
    );
    expect(newNode().propose('x')).toBe(false);
    const candidate = newNode();
    campaign(candidate);
    expect(candidate.propose('x')).toBe(false);
  });

  it('commits once a quorum (its own persisted log included) stores an entry', () => {
    const leader = makeLeader({ peers: five });
    leader.propose('x');
    drain(leader);
    leader.step({ type: 'MsgAppResp', from: 'n2', to: 'n1', term: 1, index: 2, reject: false, rejectHint: 0 });
    expect(leader.status().commit).toBe(0);
    leader.step({ type: 'MsgAppResp', from: 'n3', to: 'n1', term: 1, index: 2, reject: false, rejectHint: 0 });
    expect(leader.status().commit).toBe(2);
    const rd = drain(leader);
    expect(rd.committedEntries.map((e) => e.data)).toEqual(['', 'x']);
    // The new commit index goes out at once.
    expect(rd.messages.filter((m) => m.type === 'MsgApp').every((m) => m.type === 'MsgApp' && m.commit === 2)).toBe(true);
  });

  it('does not count its own entries before they are persisted', () => {
    const leader = makeLeader({ peers: five });
    leader.propose('x');
    leader.ready(); // entry 2 is handed out, not yet on disk
    for (const from of ['n2', 'n3']) leader.step({ type: 'MsgAppResp', from, to: 'n1', term: 1, index: 2, reject: false, rejectHint: 0 });
    // Only n2 and n3 hold entry 2; with the leader's persisted entry 1 that makes a quorum for 1.
    expect(leader.status().commit).toBe(1);
    leader.advance();
    expect(leader.status().commit).toBe(2);
  });

  it('commits only entries of its own term by counting replicas (Raft §5.4.2)', () => {
    // etcd's TestLeaderOnlyCommitsLogFromCurrentTerm: the log holds entries
    // of terms 1 and 2; the node leads term 3 and appends its empty entry 3.
    const leader = makeLeader({ persisted: stored([1, 2], { term: 2 }) });
    expect(leader.status()).toMatchObject({ term: 3, lastIndex: 3, commit: 0 });
    leader.step({ type: 'MsgAppResp', from: 'n2', to: 'n1', term: 3, index: 2, reject: false, rejectHint: 0 });
    expect(leader.status().commit).toBe(0);
    leader.step({ type: 'MsgAppResp', from: 'n2', to: 'n1', term: 3, index: 3, reject: false, rejectHint: 0 });
    expect(leader.status().commit).toBe(3);
  });

  it('walks back to the rejection hint and resends from there', () => {
    const leader = makeLeader({ persisted: stored([1, 1, 1, 1], { term: 1 }) });
    leader.step({ type: 'MsgAppResp', from: 'n2', to: 'n1', term: 2, index: 4, reject: true, rejectHint: 1 });
    const [resend] = drain(leader).messages;
    expect(resend).toEqual(
      app('n1', 'n2', 2, 1, 1, [entry(2, 1), entry(3, 1), entry(4, 1), { term: 2, index: 5, data: '' }], 0),
    );
  });

  it('ignores a stale rejection', () => {
    const leader = makeLeader({ persisted: stored([1, 1, 1, 1], { term: 1 }) });
    leader.step({ type: 'MsgAppResp', from: 'n2', to: 'n1', term: 2, index: 3, reject: true, rejectHint: 0 });
    expect(drain(leader).messages).toEqual([]);
  });

  it('sends one probe at a time to a follower it has not matched yet', () => {
    const leader = makeLeader();
    leader.propose('a');
    leader.propose('b');
    const toN2 = drain(leader).messages.filter((m) => m.to === 'n2');
    expect(toN2).toEqual([]);
    // A heartbeat response shows n2 is there: probe again, with everything.
    leader.step({ type: 'MsgHeartbeatResp', from: 'n2', to: 'n1', term: 1, context: '' });
    const [probe] = drain(leader).messages;
    expect(probe).toMatchObject({ type: 'MsgApp', to: 'n2', index: 0, logTerm: 0 });
    expect((probe as AppendMessage).entries.map((e) => e.data)).toEqual(['', 'a', 'b']);
  });

  it('sends heartbeats with the commit index capped at each follower\'s match', () => {
    const leader = makeLeader();
    leader.propose('x');
    drain(leader);
    leader.step({ type: 'MsgAppResp', from: 'n2', to: 'n1', term: 1, index: 2, reject: false, rejectHint: 0 });
    drain(leader);
    leader.tick();
    const beats = drain(leader).messages.filter((m) => m.type === 'MsgHeartbeat');
    expect(beats).toEqual([
      { type: 'MsgHeartbeat', from: 'n1', to: 'n2', term: 1, commit: 2, context: '' },
      { type: 'MsgHeartbeat', from: 'n1', to: 'n3', term: 1, commit: 0, context: '' },
    ]);
  });
});

describe('readIndex', () => {
  it('is refused by followers and candidates', () => {
    expect(newNode().readIndex('r')).toBe(false);
    const candidate = newNode();
    campaign(candidate);
    expect(candidate.readIndex('r')).toBe(false);
  });

  it('throws on an empty context', () => {
    expect(() => makeLeader().readIndex('')).toThrow(/non-empty ctx/);
  });

  it('waits for an entry of the leader\'s term to commit, then for a quorum of heartbeat acks', () => {
    const leader = makeLeader({ peers: five });
    expect(leader.readIndex('r1')).toBe(true);
    expect(drain(leader).messages).toEqual([]); // nothing to confirm yet: the commit index is unknown

    for (const from of ['n2', 'n3']) leader.step({ type: 'MsgAppResp', from, to: 'n1', term: 1, index: 1, reject: false, rejectHint: 0 });
    const rd = drain(leader);
    expect(rd.readStates).toEqual([]);
    const beats = rd.messages.filter((m) => m.type === 'MsgHeartbeat');
    expect(beats.map((m) => m.type === 'MsgHeartbeat' && m.context)).toEqual(['r1', 'r1', 'r1', 'r1']);

    leader.step({ type: 'MsgHeartbeatResp', from: 'n2', to: 'n1', term: 1, context: 'r1' });
    leader.step({ type: 'MsgHeartbeatResp', from: 'n2', to: 'n1', term: 1, context: 'r1' });
    expect(drain(leader).readStates).toEqual([]); // the leader and n2: two of five
    leader.step({ type: 'MsgHeartbeatResp', from: 'n4', to: 'n1', term: 1, context: 'r1' });
    expect(drain(leader).readStates).toEqual([{ index: 1, requestCtx: 'r1' }]);
    leader.step({ type: 'MsgHeartbeatResp', from: 'n5', to: 'n1', term: 1, context: 'r1' });
    expect(drain(leader).readStates).toEqual([]);
  });

  it('answers at once in a single-member cluster once its term has a commit', () => {
    const leader = newNode({ peers: ['n1'] });
    campaign(leader);
    expect(leader.readIndex('r1')).toBe(true);
    expect(drain(leader).readStates).toEqual([{ index: 1, requestCtx: 'r1' }]);
  });

  it('queues a read made before the first commit of a single-member leader', () => {
    const leader = newNode({ peers: ['n1'] });
    for (let i = 0; i < 10; i++) leader.tick();
    expect(leader.status().raftState).toBe('StateLeader');
    expect(leader.readIndex('r1')).toBe(true);
    const rd = drain(leader);
    expect(rd.readStates).toEqual([{ index: 1, requestCtx: 'r1' }]);
    expect(rd.committedEntries.map((e) => e.index)).toEqual([1]);
  });

  it('drops reads still waiting for a commit when the leader steps down, even if it leads again later', () => {
    const node = makeLeader();
    expect(node.readIndex('r1')).toBe(true); // waits: no entry of term 1 is committed
    node.step({ type: 'MsgHeartbeat', from: 'n3', to: 'n1', term: 2, commit: 0, context: '' });
    campaign(node);
    node.step({ type: 'MsgVoteResp', from: 'n2', to: 'n1', term: 3, reject: false });
    expect(node.status()).toMatchObject({ raftState: 'StateLeader', term: 3 });
    drain(node);
    node.step({ type: 'MsgAppResp', from: 'n2', to: 'n1', term: 3, index: 2, reject: false, rejectHint: 0 });
    const rd = drain(node);
    expect(node.status().commit).toBe(2);
    expect(rd.readStates).toEqual([]);
    expect(rd.messages.filter((m) => m.type === 'MsgHeartbeat')).toEqual([]);
  });

  it('drops reads waiting for acknowledgements when the leader steps down', () => {
    const leader = makeLeader();
    leader.step({ type: 'MsgAppResp', from: 'n2', to: 'n1', term: 1, index: 1, reject: false, rejectHint: 0 });
    leader.readIndex('r1');
    drain(leader);
    leader.step({ type: 'MsgHeartbeat', from: 'n3', to: 'n1', term: 2, commit: 1, context: '' });
    drain(leader);
    leader.step({ type: 'MsgHeartbeatResp', from: 'n2', to: 'n1', term: 2, context: 'r1' });
    expect(drain(leader).readStates).toEqual([]);

    // Leading again later, it must not confirm the old read: its index
    // predates whatever the term-2 leader committed.
    campaign(leader);
    leader.step({ type: 'MsgVoteResp', from: 'n2', to: 'n1', term: 3, reject: false });
    drain(leader);
    leader.step({ type: 'MsgAppResp', from: 'n2', to: 'n1', term: 3, index: 2, reject: false, rejectHint: 0 });
    leader.tick();
    const rd = drain(leader);
    expect(rd.messages.filter((m) => m.type === 'MsgHeartbeat' && m.context !== '')).toEqual([]);
    leader.step({ type: 'MsgHeartbeatResp', from: 'n2', to: 'n1', term: 3, context: 'r1' });
    expect(drain(leader).readStates).toEqual([]);
  });
});

describe('Ready contract', () => {
  it('has nothing to do when fresh and idle', () => {
    const node = newNode();
    expect(node.hasReady()).toBe(false);
    node.tick();
    expect(node.hasReady()).toBe(false);
  });

  it('throws when ready() is called twice without advance()', () => {
    const node = newNode();
    campaign(node);
    node.ready();
    expect(() => node.ready()).toThrow(/ready\(\) called again before advance\(\)/);
  });

  it('throws when advance() is called without a Ready', () => {
    expect(() => newNode().advance()).toThrow(/without an outstanding Ready/);
  });

  it('puts what happens while a Ready is outstanding into the next one', () => {
    const node = newNode({ id: 'n2' });
    node.step(app('n1', 'n2', 1, 0, 0, [entry(1, 1)]));
    const first = node.ready();
    expect(first.entries).toEqual([entry(1, 1)]);
    node.step(app('n1', 'n2', 1, 1, 1, [entry(2, 1)], 2));
    expect(node.hasReady()).toBe(true);
    node.advance();
    const second = node.ready();
    expect(second.entries).toEqual([entry(2, 1)]);
    expect(second.messages).toEqual([{ type: 'MsgAppResp', from: 'n2', to: 'n1', term: 1, index: 2, reject: false, rejectHint: 0 }]);
    expect(second.committedEntries).toEqual([entry(1, 1), entry(2, 1)]);
    node.advance();
    expect(node.hasReady()).toBe(false);
  });

  it('hands out the same entries only once', () => {
    const node = newNode({ id: 'n2' });
    node.step(app('n1', 'n2', 1, 0, 0, [entry(1, 1)], 1));
    const rd = drain(node);
    expect(rd.entries).toHaveLength(1);
    expect(rd.committedEntries).toHaveLength(1);
    node.step({ type: 'MsgHeartbeat', from: 'n1', to: 'n2', term: 1, commit: 1, context: '' });
    const again = drain(node);
    expect([again.entries, again.committedEntries, again.hardState]).toEqual([[], [], undefined]);
  });

  it('reports hard and soft state only when they change', () => {
    const node = newNode();
    const rd = campaign(node);
    expect(rd.softState).toBeDefined();
    expect(rd.hardState).toBeDefined();
    node.step({ type: 'MsgVoteResp', from: 'n2', to: 'n1', term: 1, reject: true });
    const next = drain(node);
    expect(next.softState).toBeUndefined();
    expect(next.hardState).toBeUndefined();
  });

  it('returns plain copies the node does not share', () => {
    const leader = makeLeader();
    leader.propose('x');
    leader.step({ type: 'MsgAppResp', from: 'n2', to: 'n1', term: 1, index: 2, reject: false, rejectHint: 0 });
    const rd = leader.ready();
    expect(JSON.parse(JSON.stringify(rd))).toEqual(rd);
    expect(rd.entries).toEqual([{ term: 1, index: 2, data: 'x' }]);
    expect(rd.committedEntries).toEqual([{ term: 1, index: 1, data: '' }]);
    rd.entries[0]!.data = 'changed';
    rd.committedEntries[0]!.term = 7;
    rd.hardState!.commit = 0;
    leader.advance();
    expect(leader.status().commit).toBe(2);
    // n3, which has nothing yet, is sent the log as it was proposed.
    leader.step({ type: 'MsgHeartbeatResp', from: 'n3', to: 'n1', term: 1, context: '' });
    const [resend] = drain(leader).messages.filter((m) => m.to === 'n3') as AppendMessage[];
    expect(resend).toMatchObject({ type: 'MsgApp', index: 0 });
    expect(resend!.entries).toEqual([
      { term: 1, index: 1, data: '' },
      { term: 1, index: 2, data: 'x' },
    ]);
  });
});

describe('restart', () => {
  it('rebuilds term, vote, commit and log, and hands committed entries out again', () => {
    const node = newNode({ id: 'n2', persisted: stored([1, 1, 2], { term: 3, vote: 'n3', commit: 2 }) });
    expect(node.status()).toEqual({
      id: 'n2',
      term: 3,
      vote: 'n3',
      lead: None,
      raftState: 'StateFollower',
      commit: 2,
      applied: 0,
      lastIndex: 3,
    });
    const rd = drain(node);
    expect(rd.hardState).toBeUndefined();
    expect(rd.softState).toBeUndefined();
    expect(rd.entries).toEqual([]);
    expect(rd.committedEntries.map((e) => e.index)).toEqual([1, 2]);
    expect(node.status().applied).toBe(2);
  });

  it('remembers its vote: no second vote in the same term', () => {
    const node = newNode({ id: 'n3' });
    node.step(vote('n1', 'n3', 1));
    const persisted: PersistedState = { hardState: drain(node).hardState!, entries: [] };
    expect(persisted.hardState).toEqual({ term: 1, vote: 'n1', commit: 0 });

    const restarted = newNode({ id: 'n3', persisted });
    restarted.step(vote('n2', 'n3', 1));
    restarted.step(vote('n1', 'n3', 1));
    expect(drain(restarted).messages.map((m) => m.type === 'MsgVoteResp' && m.reject)).toEqual([true, false]);
  });

  it.each([
    ['a vote for a non-member', stored([], { term: 1, vote: 'n9' }), /not a member/],
    ['a term below its last entry\'s', stored([1, 2], { term: 1 }), /below the term/],
  ])('refuses a store with %s', (_name, persisted, error) => {
    expect(() => newNode({ persisted })).toThrow(error);
  });
});

describe('misuse', () => {
  it.each([
    ['a message addressed to another node', { ...vote('n2', 'n3', 1) }, /addressed to "n3"/],
    ['a message from itself', { ...vote('n1', 'n1', 1) }, /not a peer/],
    ['a message from a non-member', { ...vote('n9', 'n1', 1) }, /not a peer/],
    ['an unknown message type', { type: 'MsgSnap', from: 'n2', to: 'n1', term: 1 }, /unknown message type "MsgSnap"/],
    ['a message without a term', { ...vote('n2', 'n1', 0) }, /term >= 1/],
    ['an append whose entries do not follow its anchor', app('n2', 'n1', 1, 0, 0, [entry(2, 1)]), /carries entry/],
    ['an append carrying entries from a later term', app('n2', 'n1', 1, 0, 0, [entry(1, 2)]), /carries entry/],
  ])('stepping %s throws', (_name, m, error) => {
    expect(() => newNode().step(m as Message)).toThrow(error);
  });
});
