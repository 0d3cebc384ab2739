import { createRaftNode } from './node';
import {
  emptyPersistedState,
  type Entry,
  type Message,
  type NodeId,
  type PersistedState,
  type RaftNode,
  type RaftNodeFactory,
  type RandomSource,
  type ReadState,
  type Ready,
  type StateType,
} from './types';

/**
 * seededRandom returns a small deterministic RandomSource (mulberry32): the
 * same seed always yields the same sequence. It is for tests and examples,
 * not for anything that needs good randomness.
 */
export function seededRandom(seed: number): RandomSource & { float(): number } {
  let state = seed >>> 0;
  const float = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    float,
    intn(n: number): number {
      if (!Number.isInteger(n) || n <= 0) throw new Error(`intn: n must be a positive integer, got ${n}`);
      return Math.floor(float() * n);
    },
  };
}

/** RaftNetworkOptions configures a RaftNetwork; every field has a default. */
export interface RaftNetworkOptions {
  /** seed seeds every node's RandomSource (default 1). */
  seed?: number;
  /** electionTick is each node's base election timeout (default 10). */
  electionTick?: number;
  /** heartbeatTick is each leader's heartbeat interval (default 1). */
  heartbeatTick?: number;
  /** factory builds the nodes (default createRaftNode): a lab passes a learner's here. */
  factory?: RaftNodeFactory;
  /** maxDeliveries bounds one stabilize() call, so a message storm fails instead of hanging (default 100000). */
  maxDeliveries?: number;
}

/**
 * RaftNetwork wires Raft nodes together in one deterministic, synchronous
 * world for tests: nothing happens unless the test ticks a node, hands it a
 * proposal or delivers a message, and every run with the same seed and the
 * same calls is the same run.
 *
 * After every input it carries out the node's Readies exactly as types.ts
 * orders: persist the hard state and entries (an append at index i first
 * drops the stored entries from i on), only then put the messages on the
 * wire, apply the committed entries, collect the read states, advance().
 *
 * Messages wait in `inFlight` in send order until delivered. Delivery drops
 * a message whose link is cut or whose recipient is down, and passes it
 * through `intercept`, which may drop or rewrite it.
 *
 * It also checks two Raft safety properties as it goes and throws at the
 * first violation: election safety (at most one leader per term) and state
 * machine safety (no two members ever apply different entries at one index).
 */
export class RaftNetwork {
  readonly ids: readonly NodeId[];
  /** storage is each member's stable storage: exactly what its Readies asked it to persist. */
  readonly storage = new Map<NodeId, PersistedState>();
  /** applied is each member's state machine: the entries it applied since it last started. */
  readonly applied = new Map<NodeId, Entry[]>();
  /** readStates collects the ReadStates each member produced, in order. */
  readonly readStates = new Map<NodeId, ReadState[]>();
  /** inFlight holds messages sent but not yet delivered or dropped, oldest first. */
  readonly inFlight: Message[] = [];
  /** leaders maps each term to the member that led it. */
  readonly leaders = new Map<number, NodeId>();
  /** appliedAt maps each index to the entry the first member to apply it applied. */
  readonly appliedAt = new Map<number, Entry>();
  /** intercept, when set, sees each message about to be delivered and returns it, a rewritten copy, or undefined to drop it. */
  intercept?: (m: Message) => Message | undefined;

  private readonly nodes = new Map<NodeId, RaftNode>();
  private readonly rngs = new Map<NodeId, RandomSource>();
  private readonly cut = new Set<string>();
  private readonly electionTick: number;
  private readonly heartbeatTick: number;
  private readonly factory: RaftNodeFactory;
  private readonly maxDeliveries: number;

  /** constructor starts `ids` (or n1..nN for a number) as fresh members. */
  constructor(members: number | readonly NodeId[], options: RaftNetworkOptions = {}) {
    this.ids = typeof members === 'number' ? Array.from({ length: members }, (_, i) => `n${i + 1}`) : [...members];
    this.electionTick = options.electionTick ?? 10;
    this.heartbeatTick = options.heartbeatTick ?? 1;
    this.factory = options.factory ?? createRaftNode;
    this.maxDeliveries = options.maxDeliveries ?? 100_000;
    const seed = options.seed ?? 1;
    this.ids.forEach((id, i) => {
      // Each member gets its own stream, so one member's draws never shift another's.
      this.rngs.set(id, seededRandom(seed * 1_000_003 + i * 7_919));
      this.storage.set(id, emptyPersistedState());
      this.start(id);
    });
  }

  /** node returns a running member; asking for a crashed one throws. */
  node(id: NodeId): RaftNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`${id} is not running`);
    return n;
  }

  isUp(id: NodeId): boolean {
    return this.nodes.has(id);
  }

  /** leader returns the running member that leads the highest term, if any. */
  leader(): NodeId | undefined {
    let best: { id: NodeId; term: number } | undefined;
    for (const [id, n] of this.nodes) {
      const s = n.status();
      if (s.raftState === 'StateLeader' && (!best || s.term > best.term)) best = { id, term: s.term };
    }
    return best?.id;
  }

  /** tick ticks member `id` `n` times, carrying out its Readies after each tick. */
  tick(id: NodeId, n = 1): void {
    for (let i = 0; i < n; i++) {
      this.node(id).tick();
      this.processReadies(id);
    }
  }

  /** tickAll ticks every running member once, in id order, then delivers until the network is quiet. */
  tickAll(): void {
    for (const id of this.ids) if (this.isUp(id)) this.tick(id);
    this.stabilize();
  }

  /**
   * campaign ticks `id` alone until it starts a new election (a member has
   * no other way to start one), then delivers until quiet, and returns the
   * member's role afterwards. It throws if no election starts within
   * 2*electionTick ticks, as happens to a leader.
   */
  campaign(id: NodeId): StateType {
    const before = this.node(id).status().term;
    for (let i = 0; i < 2 * this.electionTick && this.node(id).status().term === before; i++) this.tick(id);
    if (this.node(id).status().term === before) throw new Error(`${id} did not start an election`);
    this.stabilize();
    return this.node(id).status().raftState;
  }

  /** electLeader ticks everyone until some member leads (at most `maxTicks` rounds) and returns it. */
  electLeader(maxTicks = 1000): NodeId {
    for (let i = 0; i < maxTicks; i++) {
      this.tickAll();
      const lead = this.leader();
      if (lead !== undefined) return lead;
    }
    throw new Error(`no leader after ${maxTicks} ticks`);
  }

  /** propose hands `data` to member `id` and carries out its Readies; returns what propose returned. */
  propose(id: NodeId, data: string): boolean {
    const ok = this.node(id).propose(data);
    this.processReadies(id);
    return ok;
  }

  /** readIndex asks member `id` for a read and carries out its Readies; returns what readIndex returned. */
  readIndex(id: NodeId, ctx: string): boolean {
    const ok = this.node(id).readIndex(ctx);
    this.processReadies(id);
    return ok;
  }

  /**
   * deliverNext takes the oldest message off the wire and delivers it (or
   * drops it, see the class comment), then carries out the recipient's
   * Readies. Returns the message delivered, or undefined if it was dropped
   * or nothing was in flight.
   */
  deliverNext(): Message | undefined {
    const sent = this.inFlight.shift();
    return sent && this.deliverOne(sent);
  }

  /**
   * deliver delivers (or drops) the messages now in flight that match
   * `which`, oldest first, and leaves the others on the wire. Messages the
   * deliveries cause are queued behind them, not delivered. Returns how
   * many were handed to a node.
   */
  deliver(which: (m: Message) => boolean): number {
    const now = this.inFlight.splice(0);
    const keep: Message[] = [];
    let n = 0;
    for (const m of now) {
      if (!which(m)) keep.push(m);
      else if (this.deliverOne(m)) n++;
    }
    this.inFlight.unshift(...keep);
    return n;
  }

  /** drop removes every message in flight matching `which` (all of them by default). */
  drop(which: (m: Message) => boolean = () => true): number {
    const before = this.inFlight.length;
    const keep = this.inFlight.filter((m) => !which(m));
    this.inFlight.length = 0;
    this.inFlight.push(...keep);
    return before - keep.length;
  }

  /** stabilize delivers messages until none is in flight, including the ones deliveries cause. */
  stabilize(): void {
    for (let i = 0; this.inFlight.length > 0; i++) {
      if (i >= this.maxDeliveries) throw new Error(`network did not quiesce within ${this.maxDeliveries} deliveries`);
      this.deliverNext();
    }
  }

  /** isolate cuts every link to and from `id`. */
  isolate(id: NodeId): void {
    for (const other of this.ids) {
      if (other === id) continue;
      this.cut.add(link(id, other));
      this.cut.add(link(other, id));
    }
  }

  /** partition cuts every link between members of different groups; members in no group are cut off from all. */
  partition(...groups: NodeId[][]): void {
    const groupOf = new Map<NodeId, number>();
    groups.forEach((g, i) => g.forEach((id) => groupOf.set(id, i)));
    for (const a of this.ids) {
      for (const b of this.ids) {
        if (a !== b && (groupOf.get(a) === undefined || groupOf.get(a) !== groupOf.get(b))) this.cut.add(link(a, b));
      }
    }
  }

  /** heal restores every link (crashed members stay down). */
  heal(): void {
    this.cut.clear();
  }

  /** crash stops member `id`: it loses everything but its storage. Messages to it are dropped until it restarts. */
  crash(id: NodeId): void {
    this.node(id);
    this.nodes.delete(id);
  }

  /** restart starts member `id` again from its storage, with an empty state machine. */
  restart(id: NodeId): void {
    if (this.isUp(id)) throw new Error(`${id} is already running`);
    this.start(id);
  }

  private deliverOne(sent: Message): Message | undefined {
    if (!this.isUp(sent.to) || this.cut.has(link(sent.from, sent.to))) return undefined;
    const m = this.intercept ? this.intercept(sent) : sent;
    if (!m) return undefined;
    this.node(m.to).step(m);
    this.processReadies(m.to);
    return m;
  }

  private start(id: NodeId): void {
    const stored = this.storage.get(id)!;
    const persisted: PersistedState = {
      hardState: { ...stored.hardState },
      entries: stored.entries.map((e) => ({ ...e })),
    };
    const node = this.factory(
      { id, peers: [...this.ids], electionTick: this.electionTick, heartbeatTick: this.heartbeatTick, rng: this.rngs.get(id)! },
      persisted,
    );
    this.nodes.set(id, node);
    this.applied.set(id, []);
    if (!this.readStates.has(id)) this.readStates.set(id, []);
    this.processReadies(id);
  }

  /** processReadies carries out member `id`'s Readies, in the order types.ts prescribes, until it has none. */
  private processReadies(id: NodeId): void {
    const node = this.node(id);
    for (let i = 0; node.hasReady(); i++) {
      if (i >= 1000) throw new Error(`${id} still has a Ready after 1000 rounds`);
      const rd = node.ready();
      this.persist(id, rd);
      this.inFlight.push(...rd.messages);
      this.apply(id, rd.committedEntries);
      this.readStates.get(id)!.push(...rd.readStates);
      if (rd.softState?.raftState === 'StateLeader') this.recordLeader(id, node.status().term);
      node.advance();
    }
  }

  private persist(id: NodeId, rd: Ready): void {
    const stored = this.storage.get(id)!;
    if (rd.hardState) stored.hardState = { ...rd.hardState };
    if (rd.entries.length > 0) {
      const first = rd.entries[0]!.index;
      if (first < 1 || first > stored.entries.length + 1) {
        throw new Error(`${id} asked to persist entries from ${first}, leaving a gap after ${stored.entries.length}`);
      }
      stored.entries.length = first - 1;
      stored.entries.push(...rd.entries.map((e) => ({ ...e })));
    }
    if (stored.hardState.commit > stored.entries.length) {
      throw new Error(`${id} persisted commit ${stored.hardState.commit} beyond its last stored entry ${stored.entries.length}`);
    }
  }

  private apply(id: NodeId, entries: readonly Entry[]): void {
    const sm = this.applied.get(id)!;
    for (const e of entries) {
      if (e.index !== sm.length + 1) throw new Error(`${id} applied entry ${e.index} after ${sm.length}`);
      const first = this.appliedAt.get(e.index);
      if (first && (first.term !== e.term || first.data !== e.data)) {
        throw new Error(
          `state machine safety violated: ${id} applied (term ${e.term}, ${JSON.stringify(e.data)}) at index ${e.index}, ` +
            `where (term ${first.term}, ${JSON.stringify(first.data)}) was applied before`,
        );
      }
      if (!first) this.appliedAt.set(e.index, { ...e });
      sm.push({ ...e });
    }
  }

  private recordLeader(id: NodeId, term: number): void {
    const other = this.leaders.get(term);
    if (other !== undefined && other !== id) {
      throw new Error(`election safety violated: ${other} and ${id} both led term ${term}`);
    }
    this.leaders.set(term, id);
  }
}

function link(from: NodeId, to: NodeId): string {
  return `${from}->${to}`;
}
