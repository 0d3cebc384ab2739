import { quorum, type Entry } from '../../engine/raft/types';
import { checkLinearizable } from '../core/checkers/linearizability';
import type { CheckResult } from '../core/lab';
import { clientHistory, entryLabel, list, LogReplay, type QuorumTrace } from './history';

/**
 * The etcd-quorum checkers: each is a pure function from a run's trace to a
 * verdict, named after the Raft property it checks (Raft paper, Figure 3),
 * with an explanation in terms of members, terms, entries and milliseconds.
 */

const ok: CheckResult = { valid: true };
const violated = (property: string, message: string): CheckResult => ({ valid: false, property, message: `${property}: ${message}` });

/** checkOneVotePerTerm: a member grants at most one vote per term, even across a crash. */
export function checkOneVotePerTerm(trace: QuorumTrace): CheckResult {
  const votes = new Map<string, { candidate: string; t: number }>();
  const starts = new Map<string, number[]>();
  let result = ok;
  new LogReplay(trace).run({
    onStart(node, e) {
      starts.set(node, [...(starts.get(node) ?? []), e.t]);
    },
    onSend(m, e) {
      if (result !== ok || m.type !== 'MsgVoteResp' || m.reject) return;
      const key = `${m.from}/${m.term}`;
      const prev = votes.get(key);
      if (!prev) votes.set(key, { candidate: m.to, t: e.t });
      else if (prev.candidate !== m.to) {
        const restart = (starts.get(m.from) ?? []).find((t) => t > prev.t && t <= e.t);
        result = violated(
          'one vote per term',
          `${m.from} voted twice in term ${m.term}: for ${prev.candidate} at ${prev.t}ms and for ${m.to} at ${e.t}ms` +
            (restart !== undefined ? ` (${m.from} restarted at ${restart}ms in between: was its vote on disk before it answered?)` : ''),
        );
      }
    },
  });
  return result;
}

/** checkElectionSafety: at most one leader per term, by its own word or by its sending appends and heartbeats. */
export function checkElectionSafety(trace: QuorumTrace): CheckResult {
  const leaders = new Map<number, { node: string; t: number }>();
  let result = ok;
  const claim = (node: string, term: number, t: number, how: string) => {
    if (result !== ok) return;
    const prev = leaders.get(term);
    if (!prev) leaders.set(term, { node, t });
    else if (prev.node !== node) {
      result = violated('election safety', `${prev.node} and ${node} both led term ${term} (${prev.node} from ${prev.t}ms, ${node} ${how} at ${t}ms)`);
    }
  };
  new LogReplay(trace).run({
    onState(node, now, _before, e) {
      if (now.role === 'StateLeader') claim(node, now.term, e.t, 'reported being leader');
    },
    onSend(m, e) {
      if (m.type === 'MsgApp' || m.type === 'MsgHeartbeat') claim(m.from, m.term, e.t, `sent ${m.type}`);
    },
  });
  return result;
}

/**
 * checkLogMatching: two stored entries with the same index and term are the
 * same entry and follow the same history (checked one step back, which by
 * induction covers the whole prefix).
 */
export function checkLogMatching(trace: QuorumTrace): CheckResult {
  const seen = new Map<string, { node: string; data: string; prevTerm: number }>();
  let result = ok;
  const replay = new LogReplay(trace);
  replay.run({
    onPersist(node, entries) {
      if (result !== ok) return;
      const log = replay.logs.get(node)!;
      for (const e of entries) {
        const prevTerm = log[e.index - 2]?.term ?? 0;
        const key = `${e.index}/${e.term}`;
        const first = seen.get(key);
        if (!first) {
          seen.set(key, { node, data: e.data, prevTerm });
        } else if (first.data !== e.data) {
          result = violated('log matching', `${first.node} and ${node} both stored an entry at index ${e.index} in term ${e.term}, but they differ: ${JSON.stringify(first.data)} on ${first.node}, ${JSON.stringify(e.data)} on ${node}`);
          return;
        } else if (first.prevTerm !== prevTerm) {
          result = violated(
            'log matching',
            `${first.node} and ${node} both stored entry ${e.index} of term ${e.term}, but the entries before it differ (term ${first.prevTerm} on ${first.node}, term ${prevTerm} on ${node}): an append must be refused unless the entry before it matches`,
          );
          return;
        }
      }
    },
  });
  return result;
}

/** checkLeaderAppendOnly: a leader never overwrites or deletes entries of its own log. */
export function checkLeaderAppendOnly(trace: QuorumTrace): CheckResult {
  let result = ok;
  const replay = new LogReplay(trace);
  replay.run({
    onPersist(node, entries, previous, e) {
      if (result !== ok || entries.length === 0) return;
      const role = replay.roles.get(node);
      if (role?.role !== 'StateLeader' || role.term !== entries[entries.length - 1].term) return;
      const first = entries[0].index;
      if (first <= previous.length) {
        result = violated('leader append-only', `${node}, leader of term ${role.term}, rewrote its own log from index ${first} at ${e.t}ms (it held ${previous.length} entries): a leader only appends`);
      }
    },
  });
  return result;
}

/**
 * checkCommitCurrentTerm: a leader moves its commit index only onto an entry
 * of its own term (Raft §5.4.2); older entries become committed with it.
 */
export function checkCommitCurrentTerm(trace: QuorumTrace): CheckResult {
  let result = ok;
  const replay = new LogReplay(trace);
  replay.run({
    onState(node, now, before, e) {
      if (result !== ok || now.role !== 'StateLeader' || !before || before.term !== now.term || now.commit <= before.commit) return;
      const entry = replay.logs.get(node)![now.commit - 1];
      if (!entry) {
        result = violated('commit only current-term entries', `${node}, leader of term ${now.term}, set its commit index to ${now.commit} at ${e.t}ms, beyond the end of its stored log`);
      } else if (entry.term !== now.term) {
        result = violated(
          'commit only current-term entries',
          `${node}, leader of term ${now.term}, advanced its commit index to ${now.commit} at ${e.t}ms, but ${entryLabel(entry)} is from an earlier term: a leader may commit an old entry only by committing one of its own term after it (Raft §5.4.2, Figure 8)`,
        );
      }
    },
  });
  return result;
}

/** checkQuorumCommit: an entry is applied only once a majority of members store it. */
export function checkQuorumCommit(trace: QuorumTrace): CheckResult {
  const need = quorum(trace.members.length);
  let result = ok;
  const replay = new LogReplay(trace);
  replay.run({
    onApply(node, entry, e) {
      if (result !== ok) return;
      const holders = replay.holders(entry.index, entry.term);
      if (holders.length < need) {
        result = violated(
          'no commit in a minority',
          `${node} applied ${entryLabel(entry)} at ${e.t}ms when only ${holders.length} of ${trace.members.length} members stored it${holders.length ? ` (${list(holders)})` : ''}: an entry is committed only once a majority (${need} of ${trace.members.length}) stores it`,
        );
      }
    },
  });
  return result;
}

/**
 * checkStateMachineSafety: every member applies the same entry at each index,
 * in order without gaps, and only entries its own disk holds.
 */
export function checkStateMachineSafety(trace: QuorumTrace): CheckResult {
  const applied = new Map<number, { node: string; entry: Entry; t: number }>();
  const next = new Map<string, number>();
  let result = ok;
  const replay = new LogReplay(trace);
  replay.run({
    onStart(node) {
      next.set(node, 1);
    },
    onApply(node, entry, e) {
      if (result !== ok) return;
      const expected = next.get(node) ?? 1;
      if (entry.index !== expected) {
        result = violated('state machine safety', `${node} applied entry ${entry.index} at ${e.t}ms when the next entry to apply was ${expected}: entries are applied in order, each exactly once`);
        return;
      }
      next.set(node, expected + 1);
      const stored = replay.logs.get(node)![entry.index - 1];
      if (!stored || stored.term !== entry.term || stored.data !== entry.data) {
        result = violated(
          'state machine safety',
          `${node} applied ${entryLabel(entry)} at ${e.t}ms, but its disk holds ${stored ? entryLabel(stored) : 'no entry'} at that index: its log in memory no longer matches what it stored (are conflicting entries truncated?)`,
        );
        return;
      }
      const first = applied.get(entry.index);
      if (!first) applied.set(entry.index, { node, entry, t: e.t });
      else if (first.entry.term !== entry.term || first.entry.data !== entry.data) {
        result = violated('state machine safety', `${first.node} applied ${entryLabel(first.entry)} at ${first.t}ms, but ${node} applied ${entryLabel(entry)} at ${e.t}ms: two members applied different commands at the same index`);
      }
    },
  });
  return result;
}

/**
 * checkLeaderCompleteness: an entry committed in term T is in the log of
 * every leader of a later term, from the moment it becomes leader.
 */
export function checkLeaderCompleteness(trace: QuorumTrace): CheckResult {
  const committed = new Map<string, { entry: Entry; term: number }>();
  const elected: { node: string; term: number; log: Entry[]; t: number }[] = [];
  const replay = new LogReplay(trace);
  replay.run({
    onState(node, now, before, e) {
      if (now.role !== 'StateLeader') return;
      const log = replay.logs.get(node)!;
      if (!before || before.role !== 'StateLeader' || before.term !== now.term) elected.push({ node, term: now.term, log, t: e.t });
      // Everything up to a leader's commit index counts as committed in its term (the earliest such term is kept).
      for (let i = 0; i < Math.min(now.commit, log.length); i++) {
        const key = `${log[i].index}/${log[i].term}`;
        const prev = committed.get(key);
        if (!prev || prev.term > now.term) committed.set(key, { entry: log[i], term: now.term });
      }
    },
  });
  for (const leader of elected) {
    for (const { entry, term } of committed.values()) {
      if (term >= leader.term) continue;
      if (leader.log[entry.index - 1]?.term !== entry.term) {
        return violated(
          'leader completeness',
          `${leader.node} became leader of term ${leader.term} at ${leader.t}ms without ${entryLabel(entry)}, which had been committed in term ${term}: a candidate whose log is missing a committed entry must not win (check the up-to-date rule when granting votes)`,
        );
      }
    }
  }
  return ok;
}

/** checkLinearizability: the clients' history of puts and gets has a valid sequential order. */
export function checkLinearizability(trace: QuorumTrace): CheckResult {
  const r = checkLinearizable(clientHistory(trace));
  if (r.valid === true) return ok;
  if (r.valid === 'unknown') return { valid: 'unknown', property: 'linearizability', message: `linearizability: ${r.explanation}` };
  return violated('linearizability', `${r.explanation}. Stale or lost answers usually mean a read served without confirming leadership, or a write acknowledged before it was committed`);
}

/**
 * checkProgressAfterHeal: once the network is healed and every member is back,
 * requests sent from `settledMs` on are answered, and every member ends with
 * the same commit index.
 */
export function checkProgressAfterHeal(trace: QuorumTrace, healedMs: number, settledMs: number, endMs: number): CheckResult {
  const pending = new Map<string, { label: string; t: number }>();
  const commit = new Map<string, number>();
  let lastLeader: { node: string; term: number } | undefined;
  for (const e of trace.events) {
    if (e.kind === 'client.invoke' && e.t >= settledMs) pending.set(e.id, { label: `${e.client}'s ${e.op === 'put' ? `put of "${e.value}"` : `get of ${e.key}`}`, t: e.t });
    else if (e.kind === 'client.ok') pending.delete(e.id);
    else if (e.kind === 'raft.state') {
      commit.set(e.node, e.commit);
      if (e.role === 'StateLeader' && e.t >= healedMs) lastLeader = { node: e.node, term: e.term };
    }
  }
  const leaderNote = lastLeader ? `the last leader seen was ${lastLeader.node} in term ${lastLeader.term}` : 'no member became leader after the heal';
  if (pending.size > 0) {
    const first = [...pending.values()].slice(0, 3).map((p) => `${p.label} sent at ${p.t}ms`);
    return violated(
      'progress after heal',
      `the network healed and every member was running from ${healedMs}ms, but ${pending.size} request${pending.size > 1 ? 's' : ''} sent after ${settledMs}ms ${pending.size > 1 ? 'were' : 'was'} still unanswered at ${endMs}ms (${first.join('; ')}${pending.size > 3 ? '; …' : ''}); ${leaderNote}`,
    );
  }
  const commits = trace.members.map((m) => commit.get(m) ?? 0);
  if (new Set(commits).size > 1) {
    return violated(
      'progress after heal',
      `at ${endMs}ms, long after the heal, members still disagree on the commit index (${trace.members.map((m, i) => `${m}: ${commits[i]}`).join(', ')}); ${leaderNote}`,
    );
  }
  return ok;
}

/** SAFETY_CHECKS run on every trace, in the order causes usually come before their effects. */
export const SAFETY_CHECKS: readonly ((trace: QuorumTrace) => CheckResult)[] = [
  checkOneVotePerTerm,
  checkElectionSafety,
  checkLeaderAppendOnly,
  checkLogMatching,
  checkCommitCurrentTerm,
  checkQuorumCommit,
  checkStateMachineSafety,
  checkLeaderCompleteness,
  checkLinearizability,
];
