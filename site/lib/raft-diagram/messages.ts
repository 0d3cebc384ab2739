/**
 * What the diagram shows of one message on the wire: which family it belongs
 * to (a dot colour and shape) and a one-line description (a tooltip and the
 * text tests read). Everything on an etcd cluster's network is either a Raft
 * message (engine/raft/types.ts) or the client protocol (engine/etcd/kv-protocol.ts).
 */

/** MessageKind is the family of a message, as the diagram colours it. */
export type MessageKind =
  | 'vote'
  | 'vote-reply'
  | 'append'
  | 'append-reply'
  | 'heartbeat'
  | 'heartbeat-reply'
  | 'client'
  | 'client-reply'
  | 'other';

/** MessageInfo describes a message for display. */
export interface MessageInfo {
  kind: MessageKind;
  /** label is one line in etcd's vocabulary, e.g. "MsgApp term 2, entries 5–6, commit 4". */
  label: string;
  /** entries is how many log entries an append carries (0 for everything else). */
  entries: number;
  /** rejected is true for a refused vote or append. */
  rejected: boolean;
}

type Loose = { type?: unknown; [field: string]: unknown };

/**
 * describeMessage classifies a payload taken from a net.send event. It never
 * throws: anything it does not know is kind 'other', labelled by its type.
 */
export function describeMessage(msg: unknown): MessageInfo {
  const m: Loose = typeof msg === 'object' && msg !== null ? (msg as Loose) : {};
  const type = typeof m.type === 'string' ? m.type : 'unknown';
  const term = `term ${String(m.term)}`;
  const rejected = m.reject === true;
  const info = (kind: MessageKind, label: string, entries = 0): MessageInfo => ({ kind, label, entries, rejected });
  switch (type) {
    case 'MsgVote':
      return info('vote', `MsgVote ${term}, last entry ${String(m.index)} of term ${String(m.logTerm)}`);
    case 'MsgVoteResp':
      return info('vote-reply', `MsgVoteResp ${term}, ${rejected ? 'refused' : 'granted'}`);
    case 'MsgApp': {
      const entries = Array.isArray(m.entries) ? m.entries.length : 0;
      const first = Number(m.index) + 1;
      const span = entries === 0 ? 'no entries' : entries === 1 ? `entry ${first}` : `entries ${first}–${first + entries - 1}`;
      return info('append', `MsgApp ${term}, ${span}, commit ${String(m.commit)}`, entries);
    }
    case 'MsgAppResp':
      return info('append-reply', `MsgAppResp ${term}, ${rejected ? `rejected at ${String(m.index)}` : `has up to ${String(m.index)}`}`);
    case 'MsgHeartbeat':
      return info('heartbeat', `MsgHeartbeat ${term}, commit ${String(m.commit)}`);
    case 'MsgHeartbeatResp':
      return info('heartbeat-reply', `MsgHeartbeatResp ${term}`);
    case 'kv.put':
      return info('client', `put ${String(m.key)} = ${String(m.value)}`);
    case 'kv.get':
      return info('client', `get ${String(m.key)}`);
    case 'kv.ok':
      return info('client-reply', `ok, revision ${String(m.revision)}`);
    case 'kv.not-leader':
      return info('client-reply', m.leaderHint ? `not leader (try ${String(m.leaderHint)})` : 'not leader');
    default:
      return info('other', type);
  }
}
