/**
 * The Raft node's contract, modelled on etcd-io/raft.
 *
 * A RaftNode is a sans-I/O state machine: it never sends, persists or reads a
 * clock by itself. Its host feeds it inputs (tick, step, propose, readIndex),
 * then collects its outputs as a Ready, carries them out in the order written
 * on the Ready's fields, and calls advance(). That contract is what lets the
 * engine run the same node in a lesson diagram, a unit test or a grader, and
 * what lets a lab swap the engine's node for a learner's.
 */

/** NodeId names a member, e.g. "n1". The empty string means "none" (etcd's raft.None). */
export type NodeId = string;

/** None is the NodeId meaning "no node": no vote cast, no leader known. */
export const None: NodeId = '';

/** StateType is a node's role, spelled as etcd's raft.StateType prints it. */
export type StateType = 'StateFollower' | 'StateCandidate' | 'StateLeader';

/**
 * Entry is one log entry. Entries at the same index and term are the same
 * entry on every member (the log matching property).
 */
export interface Entry {
  /** term is the leader's term when the entry was created. */
  term: number;
  /** index is the entry's position in the log, starting at 1. */
  index: number;
  /**
   * data is the command for the state machine. An empty string is the empty
   * entry a new leader appends to commit an entry of its own term at once.
   */
  data: string;
}

/**
 * HardState is what a node must have on stable storage before it answers
 * anyone: forgetting the term or the vote after a crash lets a member vote
 * twice in one term.
 */
export interface HardState {
  term: number;
  /** vote is the candidate this node voted for in `term`, or None. */
  vote: NodeId;
  /** commit is the highest log index known to be committed. */
  commit: number;
}

/** SoftState is volatile and need not be persisted: who leads, and this node's role. */
export interface SoftState {
  lead: NodeId;
  raftState: StateType;
}

/**
 * ReadState answers a readIndex request: once the host has applied every entry
 * up to `index`, it may serve the read identified by `requestCtx` from its
 * state machine and the answer is linearizable.
 */
export interface ReadState {
  index: number;
  requestCtx: string;
}

/**
 * Message is what members exchange. The field names are etcd's (raftpb.Message);
 * the comments give the Raft paper's names.
 */
export type Message =
  | VoteMessage
  | VoteResponse
  | AppendMessage
  | AppendResponse
  | HeartbeatMessage
  | HeartbeatResponse;

/** MessageType is the `type` tag of a Message. */
export type MessageType = Message['type'];

interface MessageBase {
  from: NodeId;
  to: NodeId;
  /** term is the sender's current term. */
  term: number;
}

/** VoteMessage (RequestVote) asks `to` to vote for `from` in `term`. */
export interface VoteMessage extends MessageBase {
  type: 'MsgVote';
  /** index is the candidate's last log index (lastLogIndex). */
  index: number;
  /** logTerm is the term of the candidate's last entry (lastLogTerm). */
  logTerm: number;
}

/** VoteResponse grants (reject: false) or refuses a vote in `term`. */
export interface VoteResponse extends MessageBase {
  type: 'MsgVoteResp';
  reject: boolean;
}

/**
 * AppendMessage (AppendEntries) carries entries that follow the entry at
 * (`index`, `logTerm`), and the leader's commit index.
 */
export interface AppendMessage extends MessageBase {
  type: 'MsgApp';
  /** index is the index of the entry just before `entries` (prevLogIndex). */
  index: number;
  /** logTerm is the term of the entry at `index` (prevLogTerm). */
  logTerm: number;
  entries: Entry[];
  /** commit is the leader's commit index (leaderCommit). */
  commit: number;
}

/**
 * AppendResponse acknowledges an AppendMessage. Accepted: `index` is the last
 * index the follower now holds in agreement with the leader. Rejected: `index`
 * is the rejected AppendMessage's `index`, and `rejectHint` the follower's last
 * index, so the leader can jump back instead of probing one entry at a time.
 */
export interface AppendResponse extends MessageBase {
  type: 'MsgAppResp';
  index: number;
  reject: boolean;
  rejectHint: number;
}

/**
 * HeartbeatMessage asserts leadership. `commit` is min(leader's commit, the
 * follower's match index): a follower must never commit past what it holds.
 * `context` carries a readIndex request being confirmed, or "".
 */
export interface HeartbeatMessage extends MessageBase {
  type: 'MsgHeartbeat';
  commit: number;
  context: string;
}

/** HeartbeatResponse answers a HeartbeatMessage and echoes its `context`. */
export interface HeartbeatResponse extends MessageBase {
  type: 'MsgHeartbeatResp';
  context: string;
}

/**
 * Ready is a batch of work the host must carry out, in this order:
 *
 *  1. persist `hardState` (when present) and append `entries` to stable
 *     storage — appending at index i first drops any stored entries at i and
 *     after;
 *  2. only then send `messages` (a vote or an acknowledgement must never
 *     leave before what it promises is on disk);
 *  3. apply `committedEntries` to the state machine, in order;
 *  4. serve the reads in `readStates` once their index is applied;
 *  5. call advance().
 *
 * Every field is plain data: the host may copy or serialize it.
 */
export interface Ready {
  /** softState is present when the leader or this node's role changed. */
  softState?: SoftState;
  /** hardState is present when term, vote or commit changed since the last Ready. */
  hardState?: HardState;
  /** entries are new or rewritten log entries, not yet on stable storage. */
  entries: Entry[];
  /** committedEntries are committed entries not yet applied, in index order. */
  committedEntries: Entry[];
  messages: Message[];
  readStates: ReadState[];
}

/** Status is a read-only view of a node, for tools, diagrams and clients. */
export interface Status {
  id: NodeId;
  term: number;
  vote: NodeId;
  lead: NodeId;
  raftState: StateType;
  commit: number;
  applied: number;
  lastIndex: number;
}

/** RandomSource is the seeded randomness a node may use (never Math.random). */
export interface RandomSource {
  /** intn returns an integer in [0, n). */
  intn(n: number): number;
}

/** RaftConfig configures one node. */
export interface RaftConfig {
  id: NodeId;
  /** peers lists every member's id, this node's included. */
  peers: NodeId[];
  /**
   * electionTick is the base election timeout in ticks. A follower that hears
   * from no leader for a randomized timeout in [electionTick, 2*electionTick)
   * ticks starts an election (etcd's randomizedElectionTimeout).
   */
  electionTick: number;
  /** heartbeatTick is how many ticks pass between a leader's heartbeats. */
  heartbeatTick: number;
  /** rng is the node's seeded random source. */
  rng: RandomSource;
}

/** PersistedState is what survives a crash: the hard state and the stored log. */
export interface PersistedState {
  hardState: HardState;
  /** entries is the stored log, contiguous from index 1. */
  entries: Entry[];
}

/**
 * RaftNode is the interface the etcd-quorum lab implements.
 *
 * Inputs: tick() advances the logical clock by one tick; step() delivers a
 * message from a peer (the host has already dropped messages not addressed to
 * this node); propose() and readIndex() come from the local application.
 * Outputs: ready() / advance(), as documented on Ready.
 */
export interface RaftNode {
  tick(): void;
  step(m: Message): void;
  /**
   * propose appends `data` to the log if this node is the leader and returns
   * true; a follower or candidate returns false (etcd's ErrProposalDropped) and
   * the client must find the leader.
   */
  propose(data: string): boolean;
  /**
   * readIndex asks for a linearizable read. A leader answers with a ReadState
   * in a later Ready once a quorum has confirmed it still leads (and it has
   * committed an entry in its own term); anyone else returns false.
   */
  readIndex(ctx: string): boolean;
  hasReady(): boolean;
  /** ready returns the pending work. Calling it again before advance() is misuse and throws. */
  ready(): Ready;
  /** advance acknowledges that the last Ready has been carried out. */
  advance(): void;
  status(): Status;
}

/** RaftNodeFactory starts a node, fresh (empty PersistedState) or after a crash. */
export type RaftNodeFactory = (config: RaftConfig, persisted: PersistedState) => RaftNode;

/** emptyPersistedState is the stable storage of a member that has never run. */
export function emptyPersistedState(): PersistedState {
  return { hardState: { term: 0, vote: None, commit: 0 }, entries: [] };
}

/** quorum is the number of members that make a majority of n: floor(n/2)+1. */
export function quorum(n: number): number {
  return Math.floor(n / 2) + 1;
}
