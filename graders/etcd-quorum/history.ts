import type { Stamped } from '../../engine/sim/trace';
import type { ClusterEvent } from '../../engine/etcd/events';
import type { Entry, Message, StateType } from '../../engine/raft/types';
import type { KvOp } from '../core/checkers/linearizability';

/** QuorumTrace is what the etcd-quorum checkers read: the members and the run's events. */
export interface QuorumTrace {
  members: readonly string[];
  events: readonly Stamped<ClusterEvent>[];
}

/** RoleView is a member's role as it last reported it, in one incarnation. */
export interface RoleView {
  term: number;
  role: StateType;
  commit: number;
}

/** ReplayHooks observe a trace while LogReplay keeps every member's stored log and reported role current. */
export interface ReplayHooks {
  /** onPersist runs after `node` stored `entries` (its log already updated). */
  onPersist?(node: string, entries: readonly Entry[], previousLog: readonly Entry[], e: Stamped<ClusterEvent>): void;
  /** onApply runs when `node` applies `entry`. */
  onApply?(node: string, entry: Entry, e: Stamped<ClusterEvent>): void;
  /** onState runs after `node` reported a new status; `before` is its previous one this incarnation. */
  onState?(node: string, now: RoleView, before: RoleView | undefined, e: Stamped<ClusterEvent>): void;
  /** onSend runs for every Raft message put on the wire. */
  onSend?(msg: Message, e: Stamped<ClusterEvent>): void;
  /** onStart runs when a member (re)starts. */
  onStart?(node: string, e: Stamped<ClusterEvent>): void;
}

/**
 * LogReplay walks a trace in order and maintains what each member has on
 * disk and what role it last reported. Checkers are written as hooks over
 * it, so each stays a small pure function of the trace.
 */
export class LogReplay {
  readonly logs = new Map<string, Entry[]>();
  readonly roles = new Map<string, RoleView | undefined>();

  constructor(readonly trace: QuorumTrace) {
    for (const m of trace.members) this.logs.set(m, []);
  }

  run(hooks: ReplayHooks): void {
    for (const e of this.trace.events) {
      switch (e.kind) {
        case 'raft.persist': {
          const before = this.logs.get(e.node) ?? [];
          let log = before;
          if (e.entries.length > 0) log = [...before.slice(0, e.entries[0].index - 1), ...e.entries];
          this.logs.set(e.node, log);
          hooks.onPersist?.(e.node, e.entries, before, e);
          break;
        }
        case 'raft.apply':
          for (const entry of e.entries) hooks.onApply?.(e.node, entry, e);
          break;
        case 'raft.state': {
          const before = this.roles.get(e.node);
          const now = { term: e.term, role: e.role, commit: e.commit };
          this.roles.set(e.node, now);
          hooks.onState?.(e.node, now, before, e);
          break;
        }
        case 'net.send': {
          const msg = e.msg as Message;
          if (msg && typeof msg === 'object' && typeof msg.type === 'string' && msg.type.startsWith('Msg')) hooks.onSend?.(msg, e);
          break;
        }
        case 'host.start':
          if (this.logs.has(e.host)) {
            this.roles.set(e.host, undefined);
            hooks.onStart?.(e.host, e);
          }
          break;
        case 'host.crash':
          if (this.logs.has(e.host)) this.roles.set(e.host, undefined);
          break;
      }
    }
  }

  /** holders lists the members whose stored log has `entry` (same index and term). */
  holders(index: number, term: number): string[] {
    return this.trace.members.filter((m) => this.logs.get(m)![index - 1]?.term === term);
  }
}

/** clientHistory turns client events into the operations a linearizability checker reads. */
export function clientHistory(trace: QuorumTrace): KvOp[] {
  const open = new Map<string, KvOp>();
  const ops: KvOp[] = [];
  for (const e of trace.events) {
    if (e.kind === 'client.invoke') {
      const op: KvOp = { client: e.client, key: e.key, kind: e.op, value: e.op === 'put' ? (e.value ?? null) : null, invoke: e.i, invokeMs: e.t };
      open.set(e.id, op);
      ops.push(op);
    } else if (e.kind === 'client.ok') {
      const op = open.get(e.id);
      if (!op) continue;
      op.complete = e.i;
      op.completeMs = e.t;
      if (op.kind === 'get') op.value = e.value;
      open.delete(e.id);
    } else if (e.kind === 'client.timeout') {
      open.delete(e.id);
    }
  }
  return ops;
}

/** entryLabel renders an entry for a learner: `entry 7 (term 3, put x="c1-4")`. */
export function entryLabel(entry: Entry): string {
  return `entry ${entry.index} (term ${entry.term}${entry.data === '' ? ', empty' : `, ${commandLabel(entry.data)}`})`;
}

function commandLabel(data: string): string {
  try {
    const c = JSON.parse(data) as { key?: string; value?: string };
    if (typeof c.key === 'string') return `put ${c.key}="${c.value}"`;
  } catch {
    // not a client command; show it raw
  }
  return JSON.stringify(data.length > 40 ? data.slice(0, 40) + '…' : data);
}

/** list joins names for a sentence: "n1", "n1 and n2", "n1, n2 and n3". */
export function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
