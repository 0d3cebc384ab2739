/**
 * history: a lab's attempts and saves, read from the repository's log. Pure
 * functions of the log, so the lab page's history, the home page and the
 * tests agree on what the commits say.
 */
import { parseCommitMessage, type AttemptMeta, type SaveMeta } from './message';
import { labStatus, type LabStatus } from './status';

/** LogEntry is one commit as the history needs it (isomorphic-git's ReadCommitResult, narrowed). */
export interface LogEntry {
  oid: string;
  message: string;
  /** timestampS is the committer's time in seconds since the epoch, as git stores it. */
  timestampS: number;
}

/** HistoryEntry is one of the site's commits for a lab. */
export type HistoryEntry = (AttemptMeta | SaveMeta) & { oid: string; timeMs: number };
export type AttemptEntry = AttemptMeta & { oid: string; timeMs: number };

/**
 * labHistory lists the site's commits for `lab`, in the log's order
 * (git log's: newest first). Commits it cannot read (made elsewhere, or
 * for another lab) are left out.
 */
export function labHistory(log: readonly LogEntry[], lab: string): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const c of log) {
    const meta = parseCommitMessage(c.message);
    if (meta?.lab === lab) out.push({ ...meta, oid: c.oid, timeMs: c.timestampS * 1000 });
  }
  return out;
}

/** attemptsOf keeps the graded attempts of a history, in its order. */
export function attemptsOf(history: readonly HistoryEntry[]): AttemptEntry[] {
  return history.filter((h): h is AttemptEntry => h.kind === 'attempt');
}

/** LabProgress is one lab's line of the course's progress. */
export interface LabProgress {
  lab: string;
  status: LabStatus;
  /** attempts is how many graded attempts the repository holds. */
  attempts: number;
  /** latest is the newest graded attempt, if any. */
  latest?: AttemptEntry;
  /** lastActivityMs is the time of the newest commit for the lab (attempt or save). */
  lastActivityMs?: number;
}

/** courseProgress summarises each lab of `labs` from a newest-first log. */
export function courseProgress(log: readonly LogEntry[], labs: readonly string[]): LabProgress[] {
  return labs.map((lab) => {
    const history = labHistory(log, lab);
    const attempts = attemptsOf(history);
    const latest = attempts[0];
    return {
      lab,
      status: labStatus(latest),
      attempts: attempts.length,
      ...(latest ? { latest } : {}),
      ...(history.length ? { lastActivityMs: Math.max(...history.map((h) => h.timeMs)) } : {}),
    };
  });
}
