/**
 * The client protocol of the simulated etcd: what clients send members and
 * what members answer. Writes go through the Raft log as KvCommands; reads
 * are served after a ReadIndex round, so both are linearizable.
 */
import type { V3Command } from './v3/protocol';

/** KvRequest is a client's request to a member. `id` is "<client>/<seq>". */
export type KvRequest =
  | { type: 'kv.put'; id: string; client: string; seq: number; key: string; value: string }
  | { type: 'kv.get'; id: string; client: string; seq: number; key: string };

/**
 * KvResponse answers a KvRequest. A member that does not lead answers
 * "not-leader" with its best guess of who does (etcd's ErrNotLeader /
 * "etcdserver: not leader"), so the client can retry there.
 */
export type KvResponse =
  | { type: 'kv.ok'; id: string; revision: number; value?: string | null }
  | { type: 'kv.not-leader'; id: string; leaderHint: string };

/**
 * KvCommand is what a write puts in the log. Carrying the client and its
 * sequence number lets every member's state machine apply a retried request
 * once: a client that timed out may resend a write the old leader had
 * already replicated. etcd itself does not deduplicate: clientv3 resends a
 * write only when it never reached a server (no connection was available),
 * and a write that timed out may or may not have been applied.
 */
export interface KvCommand {
  id: string;
  client: string;
  seq: number;
  op: 'put';
  key: string;
  value: string;
}

/** encodeCommand serializes a command as log entry data. */
export function encodeCommand(cmd: KvCommand): string {
  return JSON.stringify(cmd);
}

/** decodeCommand parses log entry data; the empty entry a new leader appends decodes to undefined. */
export function decodeCommand(data: string): KvCommand | undefined {
  if (data === '') return undefined;
  const cmd = JSON.parse(data) as KvCommand;
  if (cmd.op !== 'put' || typeof cmd.key !== 'string') throw new Error(`not a KvCommand: ${data.slice(0, 80)}`);
  return cmd;
}

/**
 * decodeLogCommand parses log entry data of either protocol: a KvCommand, a
 * v3 client's V3Command, or undefined for the empty entry a new leader
 * appends. It throws on anything else.
 */
export function decodeLogCommand(data: string): KvCommand | V3Command | undefined {
  if (data === '') return undefined;
  const cmd = JSON.parse(data) as KvCommand | V3Command;
  if (cmd.op === 'v3' && typeof cmd.session === 'string' && typeof cmd.write === 'object' && cmd.write !== null) return cmd;
  if (cmd.op !== 'put' || typeof cmd.key !== 'string') throw new Error(`not a command: ${data.slice(0, 80)}`);
  return cmd;
}

/** isKvMessage tells the client protocol apart from Raft's messages on the shared network. */
export function isKvMessage(m: { type: string }): m is KvRequest | KvResponse {
  return m.type.startsWith('kv.');
}
