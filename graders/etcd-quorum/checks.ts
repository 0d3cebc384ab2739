import { None, quorum, type Entry, type HardState } from '../../engine/raft/types';
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

/**
 * checkOneVotePerTerm: a member grants at most one vote per term, even across
 * a crash. Campaigning counts as voting for oneself. Every vote must also be
 * on the member's disk (its Ready's hardState) before the message that
 * announces it leaves: a vote that is not is forgotten by a restart, and a
 * second vote in the same term is then only a matter of timing.
 */
export function checkOneVotePerTerm(trace: QuorumTrace): CheckResult {
  const votes = new Map<string, { candidate: string; t: number }>();
  const starts = new Map<string, number[]>();
  const disk = new Map<string, HardState>();
  let result = ok;
  new LogReplay(trace).run({
    onStart(node, e) {
      starts.set(node, [...(starts.get(node) ?? []), e.t]);
    },
    onPersist(node, _entries, _previous, e) {
      if (e.kind === 'raft.persist' && e.hardState) disk.set(node, e.hardState);
    },
    onSend(m, e) {
      if (result !== ok) return;
      let candidate: string;
      if (m.type === 'MsgVote') candidate = m.from;
      else if (m.type === 'MsgVoteResp' && !m.reject) candidate = m.to;
      else return;
      const how = candidate === m.from ? `campaigned in term ${m.term} (voting for itself)` : `granted its vote in term ${m.term} to ${candidate}`;
      const stored = disk.get(m.from) ?? { term: 0, vote: None, commit: 0 };
      // A disk already past m.term cannot be made to vote in m.term again, so only an older or different record is a broken promise.
      if (stored.term < m.term || (stored.term === m.term && stored.vote !== candidate)) {
        result = violated(
          'one vote per term',
          `${m.from} ${how} at ${e.t}ms, but its disk then held term ${stored.term} and vote ${stored.vote === None ? 'none' : `for ${stored.vote}`}: ` +
            `the term and vote must be in a Ready's hardState, which the host persists before sending that Ready's messages, or a restart forgets the vote and ${m.from} can vote again in term ${m.term}`,
        );
        return;
      }
      const key = `${m.from}/${m.term}`;
      const prev = votes.get(key);
      if (!prev) votes.set(key, { candidate, t: e.t });
      else if (prev.candidate !== candidate) {
        const restart = (starts.get(m.from) ?? []).find((t) => t > prev.t && t <= e.t);
        const whom = (c: string) => (c === m.from ? 'itself' : c);
        result = violated(
          'one vote per term',
          `${m.from} voted twice in term ${m.term}: for ${whom(prev.candidate)} at ${prev.t}ms and for ${whom(candidate)} at ${e.t}ms` +
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
 * the same commit index. A failure says what the trace shows about why (see
 * diagnoseStall).
 */
export function checkProgressAfterHeal(trace: QuorumTrace, healedMs: number, settledMs: number, endMs: number): CheckResult {
  const pending = new Map<string, { label: string; t: number }>();
  const commit = new Map<string, number>();
  for (const e of trace.events) {
    if (e.kind === 'client.invoke' && e.t >= settledMs) pending.set(e.id, { label: `${e.client}'s ${e.op === 'put' ? `put of "${e.value}"` : `get of ${e.key}`}`, t: e.t });
    else if (e.kind === 'client.ok') pending.delete(e.id);
    else if (e.kind === 'raft.state') commit.set(e.node, e.commit);
  }
  const why = diagnoseStall(trace, healedMs).join('; ');
  if (pending.size > 0) {
    const first = [...pending.values()].slice(0, 3).map((p) => `${p.label} sent at ${p.t}ms`);
    return violated(
      'progress after heal',
      `the network healed and every member was running from ${healedMs}ms, but ${pending.size} request${pending.size > 1 ? 's' : ''} sent after ${settledMs}ms ${pending.size > 1 ? 'were' : 'was'} still unanswered at ${endMs}ms (${first.join('; ')}${pending.size > 3 ? '; …' : ''}); ${why}`,
    );
  }
  const commits = trace.members.map((m) => commit.get(m) ?? 0);
  if (new Set(commits).size > 1) {
    return violated(
      'progress after heal',
      `at ${endMs}ms, long after the heal, members still disagree on the commit index (${trace.members.map((m, i) => `${m}: ${commits[i]}`).join(', ')}); ${why}`,
    );
  }
  return ok;
}

/** STUCK_REJECTIONS is how many rejected appends from one follower after the heal count as a leader that cannot find the match point. */
const STUCK_REJECTIONS = 10;

/** SLOW_FIRST_COMMIT_MS is how long a healthy leader may take to commit the first entry of its term. */
const SLOW_FIRST_COMMIT_MS = 1_000;

/**
 * diagnoseStall explains, from the trace, why a cluster stopped making
 * progress after `sinceMs`: who led last, a leader that ignored a higher
 * term, a leader slow to commit an entry of its own term (which holds up its
 * reads), a follower whose appends keep being rejected. Always at least one
 * sentence.
 */
export function diagnoseStall(trace: QuorumTrace, sinceMs: number): string[] {
  const notes: string[] = [];
  const terms = new Map<number, number>();
  const state = new Map<string, { term: number; role: string; i: number }>();
  const higher = new Map<string, { term: number; from: string; t: number }>();
  const rejections = new Map<string, number>();
  /** reigns holds, per "node/term", when it took office and first committed an entry of that term. */
  const reigns = new Map<string, { node: string; term: number; elected: number; ownCommit?: number }>();
  let lastLeader: { node: string; term: number } | undefined;
  const replay = new LogReplay(trace);
  replay.run({
    onSend(m, e) {
      if (e.kind === 'net.send') terms.set(e.id, m.term);
      if (m.type === 'MsgAppResp' && m.reject && e.t >= sinceMs) rejections.set(`${m.from}>${m.to}`, (rejections.get(`${m.from}>${m.to}`) ?? 0) + 1);
    },
    onState(node, now, _before, e) {
      state.set(node, { term: now.term, role: now.role, i: e.i });
      if (now.role !== 'StateLeader') return;
      lastLeader = { node, term: now.term };
      const key = `${node}/${now.term}`;
      const reign = reigns.get(key) ?? { node, term: now.term, elected: e.t };
      reigns.set(key, reign);
      if (reign.ownCommit === undefined && replay.logs.get(node)![now.commit - 1]?.term === now.term) reign.ownCommit = e.t;
    },
  });
  for (const e of trace.events) {
    if (e.kind !== 'net.deliver') continue;
    const term = terms.get(e.id);
    const s = state.get(e.to);
    if (term === undefined || !s || e.i < s.i || s.role !== 'StateLeader' || term <= s.term || higher.has(e.to)) continue;
    higher.set(e.to, { term, from: e.from, t: e.t });
  }
  const reign = lastLeader && reigns.get(`${lastLeader.node}/${lastLeader.term}`)!;
  notes.push(reign ? `the last leader seen was ${reign.node} in term ${reign.term}, from ${reign.elected}ms` : 'no member ever became leader');
  for (const [node, h] of higher) {
    notes.push(
      `${node} still acted as leader of term ${state.get(node)!.term} after ${h.from}'s message of term ${h.term} reached it at ${h.t}ms: a member that sees a higher term must adopt it, and a leader step down`,
    );
  }
  if (reign && (reign.ownCommit === undefined || reign.ownCommit - reign.elected > SLOW_FIRST_COMMIT_MS)) {
    notes.push(
      `${reign.node} ${reign.ownCommit === undefined ? `never committed an entry of its own term ${reign.term}` : `committed its first entry of term ${reign.term} only at ${reign.ownCommit}ms, ${reign.ownCommit - reign.elected}ms after taking office`}, and until a leader does, it may neither commit older entries nor serve reads: does a new leader append an empty entry?`,
    );
  }
  const stuck = [...rejections].filter(([, n]) => n >= STUCK_REJECTIONS).sort((a, b) => b[1] - a[1]);
  for (const [pair, n] of stuck.slice(0, 2)) {
    const [from, to] = pair.split('>');
    notes.push(`${from} rejected ${n} appends from ${to} after ${sinceMs}ms: after a rejection the leader must move next back until the logs agree`);
  }
  return notes;
}

/**
 * busiestTraffic summarizes the last `window` Raft messages sent, by type,
 * sender, receiver and term, busiest first: what a message storm is made of.
 */
export function busiestTraffic(trace: QuorumTrace, window = 5_000, top = 2): string {
  const counts = new Map<string, number>();
  let seen = 0;
  for (let i = trace.events.length - 1; i >= 0 && seen < window; i--) {
    const e = trace.events[i];
    if (e.kind !== 'net.send') continue;
    const m = e.msg as { type?: unknown; from?: string; to?: string; term?: number };
    if (typeof m?.type !== 'string' || !m.type.startsWith('Msg')) continue;
    seen++;
    const key = `${m.type} ${m.from} → ${m.to} (term ${m.term})`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (seen === 0) return 'no Raft messages were sent';
  const busiest = [...counts].sort((a, b) => b[1] - a[1]).slice(0, top);
  return `of the last ${seen} Raft messages, ${busiest.map(([k, n]) => `${n} were ${k}`).join(' and ')}`;
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
