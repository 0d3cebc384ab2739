/**
 * Narration: the sentences the diagram's event log shows. Each function
 * turns one kind of change into words, or into nothing when the change is
 * not worth a line (most raft.state events are a commit index creeping up on
 * a follower, already told by the "committed" line).
 */
import { decodeCommand } from '../../../engine/etcd/kv-protocol';
import type { Entry } from '../../../engine/raft/types';
import type { DiagramView, Role } from './view';

/** StatusChange is the part of a member's status that narration compares. */
export interface StatusChange {
  role: Role;
  term: number;
}

/**
 * roleChange describes `id` going from `prev` to `next`: starting an
 * election, winning one, or a leader stepping down. Other changes (a
 * follower adopting a newer term, learning the leader) return undefined.
 */
export function roleChange(id: string, prev: StatusChange, next: StatusChange): string | undefined {
  if (next.role === 'candidate' && (prev.role !== 'candidate' || next.term > prev.term)) {
    return `${id} timed out and started an election for term ${next.term}`;
  }
  if (next.role === 'leader' && (prev.role !== 'leader' || next.term !== prev.term)) {
    return `${id} became leader of term ${next.term}`;
  }
  if (prev.role === 'leader' && next.role === 'follower') {
    return next.term > prev.term ? `${id} stepped down: it saw the newer term ${next.term}` : `${id} stepped down in term ${next.term}`;
  }
  return undefined;
}

/** entryLabel says what a log entry holds: "put x = v1", or "empty" for a new leader's empty entry. */
export function entryLabel(e: Pick<Entry, 'data'>): string {
  try {
    const cmd = decodeCommand(e.data);
    return cmd ? `put ${cmd.key} = ${cmd.value}` : 'empty';
  } catch {
    return 'unknown command';
  }
}

/**
 * committed describes the cluster's commit index moving from `from` to `to`
 * (from < to), naming the entries from `log` (a log that holds them).
 */
export function committed(from: number, to: number, log: readonly Entry[]): string {
  const describe = (i: number) => {
    const e = log[i - 1];
    if (!e) return '';
    const label = entryLabel(e);
    return label === 'empty' ? ` (the empty entry of term ${e.term})` : ` (${label})`;
  };
  if (to === from + 1) return `entry ${to} committed${describe(to)}`;
  return `entries ${from + 1}–${to} committed`;
}

/** crashedLine and restartedLine describe host faults. */
export function crashedLine(id: string): string {
  return `${id} crashed`;
}

export function restartedLine(id: string, entriesOnDisk: number, term: number): string {
  const log = entriesOnDisk === 1 ? '1 entry' : `${entriesOnDisk} entries`;
  return `${id} restarted from its disk: term ${term}, ${log}`;
}

/** partitionLine describes a split into groups, e.g. "network split: n1 n2 | n3 n4 n5". */
export function partitionLine(groups: readonly (readonly string[])[]): string {
  return `network split: ${groups.map((g) => g.join(' ')).join(' | ')}`;
}

export const HEALED_LINE = 'network healed';

/** summaryLine is the one-line state of the cluster shown under the picture. */
export function summaryLine(view: Pick<DiagramView, 'members' | 'leader' | 'commit'>): string {
  const leader = view.members.find((m) => m.id === view.leader);
  const commit = `Highest commit index: ${view.commit}.`;
  return leader ? `Leader: ${leader.id}, term ${leader.term}. ${commit}` : `No leader. ${commit}`;
}
