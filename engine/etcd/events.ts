import type { KernelEvent } from '../sim';
import type { Entry, HardState, StateType } from '../raft/types';

/**
 * EtcdEvent is what a simulated etcd cluster records in its trace, on top of
 * the kernel's network and host events. Checkers read these; nothing here
 * comes from the Raft node's word alone except raft.state, which is what its
 * status() reported.
 */
export type EtcdEvent =
  /** raft.persist: what a member wrote to its disk from a Ready, before sending that Ready's messages. */
  | { kind: 'raft.persist'; node: string; hardState?: HardState; entries: Entry[] }
  /** raft.apply: committed entries a member applied to its state machine, in order. */
  | { kind: 'raft.apply'; node: string; entries: Entry[] }
  /** raft.state: a member's status after an input, recorded when it changed. */
  | { kind: 'raft.state'; node: string; term: number; vote: string; role: StateType; lead: string; commit: number; lastIndex: number }
  /** raft.read: a ReadState a member's node produced. */
  | { kind: 'raft.read'; node: string; index: number; ctx: string }
  /** client.invoke: a client sent a new request (retries of it are not new invocations). */
  | { kind: 'client.invoke'; client: string; id: string; op: 'put' | 'get'; key: string; value?: string }
  /** client.ok: the client got its answer. */
  | { kind: 'client.ok'; client: string; id: string; op: 'put' | 'get'; key: string; value: string | null; revision: number }
  /** client.timeout: the client gave up; the request may or may not have taken effect. */
  | { kind: 'client.timeout'; client: string; id: string };

/** ClusterEvent is every event an etcd cluster's trace may hold. */
export type ClusterEvent = KernelEvent | EtcdEvent;
