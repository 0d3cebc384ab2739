import { ContractViolation } from '../sim/contract';
import type { HostContext, Process } from '../sim/hosts';
import { emptyPersistedState, type Entry, type Message, type PersistedState, type Ready, type Status } from '../raft/types';
import type { EtcdEvent } from './events';
import { decodeLogCommand, encodeCommand, isKvMessage, type KvRequest, type KvResponse } from './kv-protocol';
import type { MvccStore } from './mvcc/store';
import type { RaftDriver, RaftDriverFactory, RaftInput } from './raft-driver';
import { isV3ClientMessage, isV3Message, type V3Message } from './v3/protocol';
import { V3Server } from './v3/server';

/** NetMessage is anything on an etcd cluster's network: Raft traffic or a client protocol (kv.* or v3.*). */
export type NetMessage = Message | KvRequest | KvResponse | V3Message;

/**
 * MemberStore is the state machine a member applies committed writes to and
 * serves reads from (the MVCC store, in the engine).
 */
export interface MemberStore {
  /** put writes a key and returns the store's revision after the write. */
  put(key: string, value: string): number;
  /** get reads a key at the current revision. */
  get(key: string): { value: string | null; revision: number };
  /** revision is the store's current revision. */
  readonly revision: number;
  /** applied records that the entry at (index, term) has been applied (etcd's consistent index). */
  applied?(index: number, term: number): void;
  /** mvcc is the MVCC store itself, which the v3 API (ranges, txns, watches) is served from; without it v3 calls fail. */
  readonly mvcc?: MvccStore;
}

/** MemberConfig configures one etcd member. */
export interface MemberConfig {
  peers: string[];
  /** tickMs is the wall time of one Raft tick (etcd's --heartbeat-interval, 100 ms by default). */
  tickMs: number;
  /** electionTick is the election timeout in ticks (etcd: --election-timeout / --heartbeat-interval = 10). */
  electionTick: number;
  heartbeatTick: number;
  raft: RaftDriverFactory;
  newStore: () => MemberStore;
  record: (event: EtcdEvent) => void;
}

/** RAFT_KEY is where a member keeps its Raft hard state and log on disk. */
export const RAFT_KEY = 'raft';

interface PendingRead {
  /** index is the read index, once the ReadIndex round has produced it. */
  index?: number;
  /** serve answers the read once the read index is applied. */
  serve: () => void;
}

/**
 * EtcdMember is one etcd server on a simulated host: a Raft node (driven
 * through a RaftDriver, so it may be a learner's), its disk, and an MVCC
 * state machine. It carries out each Ready in the order Raft requires —
 * persist, then send, then apply — and answers clients: writes once their
 * entry is applied here, reads once a ReadIndex round confirms leadership
 * and the read index is applied. The v3 API (V3Server) rides on the same
 * Raft log and read path.
 *
 * After a crash only the disk survives; the state machine is rebuilt by
 * re-applying the committed log, which the node hands out again.
 */
export class EtcdMember implements Process<NetMessage> {
  readonly id: string;
  readonly store: MemberStore;
  private readonly driver: RaftDriver;
  private persisted: PersistedState;
  private lastStatus: Status | undefined;
  private applied = 0;
  /** lastSeq and lastRevision deduplicate retried writes: they are part of the replicated state. */
  private readonly lastSeq = new Map<string, number>();
  private readonly lastRevision = new Map<string, number>();
  private readonly pendingWrites = new Map<string, string>();
  private readonly pendingReads = new Map<string, PendingRead>();
  private readCounter = 0;
  private readonly v3: V3Server;

  constructor(
    private readonly ctx: HostContext<NetMessage>,
    private readonly config: MemberConfig,
  ) {
    this.id = ctx.id;
    this.store = config.newStore();
    this.persisted = ctx.disk.get<PersistedState>(RAFT_KEY) ?? emptyPersistedState();
    this.driver = config.raft(
      { id: ctx.id, peers: config.peers, electionTick: config.electionTick, heartbeatTick: config.heartbeatTick, seed: ctx.rng.uint32() },
      this.persisted,
    );
    this.v3 = new V3Server(
      {
        id: ctx.id,
        get now() {
          return ctx.now;
        },
        quorum: Math.floor(config.peers.length / 2) + 1,
        electionTimeoutMs: config.tickMs * config.electionTick,
        send: (to, msg) => ctx.send(to, msg),
        after: (ms, fn) => ctx.after(ms, fn),
        propose: (data) => this.input({ kind: 'propose', data }),
        read: (id, serve) => this.read(id, serve),
        status: () => this.lastStatus,
      },
      this.store.mvcc,
    );
    // A random phase keeps members' ticks from landing on the same instants.
    ctx.after(ctx.rng.intn(config.tickMs), () => this.tick());
  }

  /** status is the node's status after its last input (undefined before the first). */
  get status(): Status | undefined {
    return this.lastStatus;
  }

  /** watchCount is the number of v3 watch streams this member serves. */
  get watchCount(): number {
    return this.v3.watches?.count ?? 0;
  }

  /** log is this member's log as stored on its disk. */
  get log(): readonly Entry[] {
    return this.persisted.entries;
  }

  receive(from: string, msg: NetMessage): void {
    if (isKvMessage(msg)) {
      if (msg.type === 'kv.put' || msg.type === 'kv.get') this.serve(from, msg);
      return;
    }
    if (isV3Message(msg)) {
      if (isV3ClientMessage(msg)) this.v3.receive(from, msg);
      return;
    }
    if (msg.to !== this.id) return;
    this.v3.heard(from);
    this.input({ kind: 'step', message: msg });
  }

  private tick(): void {
    this.input({ kind: 'tick' });
    this.ctx.after(this.config.tickMs, () => this.tick());
  }

  private serve(from: string, req: KvRequest): void {
    if (req.type === 'kv.put') {
      const cmd = { id: req.id, client: req.client, seq: req.seq, op: 'put' as const, key: req.key, value: req.value };
      if (this.input({ kind: 'propose', data: encodeCommand(cmd) })) this.pendingWrites.set(req.id, from);
      else this.notLeader(from, req.id);
      return;
    }
    const serve = () => {
      const { value, revision } = this.store.get(req.key);
      this.ctx.send(from, { type: 'kv.ok', id: req.id, revision, value });
    };
    if (!this.read(req.id, serve)) this.notLeader(from, req.id);
  }

  /** read starts a ReadIndex round for request `id`; serve runs once the read index is applied. It returns false when this member does not lead. */
  private read(id: string, serve: () => void): boolean {
    const ctx = `${id}@${this.id}#${++this.readCounter}`;
    this.pendingReads.set(ctx, { serve });
    if (this.input({ kind: 'readIndex', ctx })) return true;
    this.pendingReads.delete(ctx);
    return false;
  }

  private notLeader(to: string, id: string): void {
    this.ctx.send(to, { type: 'kv.not-leader', id, leaderHint: this.lastStatus?.lead ?? '' });
  }

  /** input gives the node one input and carries out everything it produced; it returns whether the input was accepted. */
  private input(input: RaftInput): boolean {
    const out = this.driver.input(input);
    for (const rd of out.readies) this.carryOut(rd);
    if (out.status) this.noteStatus(out.status);
    return out.accepted;
  }

  private carryOut(rd: Ready): void {
    this.persist(rd);
    for (const m of rd.messages ?? []) this.send(m);
    for (const e of rd.committedEntries ?? []) this.apply(e);
    for (const rs of rd.readStates ?? []) {
      this.config.record({ kind: 'raft.read', node: this.id, index: rs.index, ctx: rs.requestCtx });
      const read = this.pendingReads.get(rs.requestCtx);
      if (read) read.index = rs.index;
    }
    this.serveReads();
  }

  private persist(rd: Ready): void {
    const entries = rd.entries ?? [];
    if (!rd.hardState && entries.length === 0) return;
    let log = this.persisted.entries;
    if (entries.length > 0) {
      const first = entries[0].index;
      if (!Number.isInteger(first) || first < 1 || first > log.length + 1) {
        throw new ContractViolation(
          `${this.id}'s Ready had entries starting at index ${first}, but its stored log ends at index ${log.length}: entries must overwrite or extend the stored log`,
        );
      }
      entries.forEach((e, i) => {
        if (e.index !== first + i) throw new ContractViolation(`${this.id}'s Ready had non-contiguous entries (index ${e.index} after ${first + i - 1})`);
      });
      // Appending at index i drops whatever was stored at i and after (etcd's MemoryStorage.Append).
      log = [...log.slice(0, first - 1), ...entries.map((e) => ({ term: e.term, index: e.index, data: e.data }))];
    }
    const hardState = rd.hardState ? { ...rd.hardState } : this.persisted.hardState;
    this.persisted = { hardState, entries: log };
    this.ctx.disk.put(RAFT_KEY, this.persisted);
    this.config.record({ kind: 'raft.persist', node: this.id, hardState: rd.hardState ? { ...rd.hardState } : undefined, entries: entries.map((e) => ({ ...e })) });
  }

  private send(m: Message): void {
    if (m.from !== this.id) throw new ContractViolation(`${this.id} sent a ${m.type} that claims to come from "${m.from}"`);
    if (!this.config.peers.includes(m.to) || m.to === this.id) {
      throw new ContractViolation(`${this.id} sent a ${m.type} to "${m.to}", which is not one of its peers`);
    }
    this.ctx.send(m.to, m);
  }

  private apply(e: Entry): void {
    this.config.record({ kind: 'raft.apply', node: this.id, entries: [{ ...e }] });
    this.applied = Math.max(this.applied, e.index);
    let cmd;
    try {
      cmd = decodeLogCommand(e.data);
    } catch {
      throw new ContractViolation(`${this.id} applied entry ${e.index} whose data is not a command any client proposed: ${JSON.stringify(e.data).slice(0, 60)}`);
    }
    this.store.applied?.(e.index, e.term);
    if (!cmd) return;
    if (cmd.op === 'v3') {
      this.v3.apply(cmd);
      return;
    }
    if ((this.lastSeq.get(cmd.client) ?? 0) < cmd.seq) {
      this.lastSeq.set(cmd.client, cmd.seq);
      this.lastRevision.set(cmd.client, this.store.put(cmd.key, cmd.value));
      this.v3.storeChanged();
    }
    const client = this.pendingWrites.get(cmd.id);
    if (client !== undefined) {
      this.pendingWrites.delete(cmd.id);
      this.ctx.send(client, { type: 'kv.ok', id: cmd.id, revision: this.lastRevision.get(cmd.client) ?? this.store.revision });
    }
  }

  private serveReads(): void {
    for (const [ctx, read] of this.pendingReads) {
      if (read.index === undefined || read.index > this.applied) continue;
      this.pendingReads.delete(ctx);
      read.serve();
    }
  }

  private noteStatus(s: Status): void {
    const p = this.lastStatus;
    this.lastStatus = s;
    if (p && p.term === s.term && p.vote === s.vote && p.raftState === s.raftState && p.lead === s.lead && p.commit === s.commit && p.lastIndex === s.lastIndex) return;
    this.config.record({ kind: 'raft.state', node: this.id, term: s.term, vote: s.vote, role: s.raftState, lead: s.lead, commit: s.commit, lastIndex: s.lastIndex });
  }
}
