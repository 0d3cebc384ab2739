/**
 * history-view: the lab page's "Your attempts" list as plain data, one row
 * per commit of the lab: graded attempts numbered from the first, and the
 * saves made before the editor's text was replaced.
 */
import { attemptsOf, type HistoryEntry } from './history';
import { labStatus, STATUS_LABEL, STATUS_MEANING, type LabStatus } from './status';

export interface HistoryRow {
  oid: string;
  kind: HistoryEntry['kind'];
  /** name is "Attempt 3" or "Saved". */
  name: string;
  when: string;
  /** score is "25/28" for an attempt, empty for a save. */
  score: string;
  seed: string;
  /** outcome is "passed" / "failed", or what a save was for. */
  outcome: string;
  /**
   * restoreLabel is the accessible name of the row's Restore button. It
   * does not say "seed": the page's seed field is found by that label.
   */
  restoreLabel: string;
}

/** historyRows turns a newest-first history into rows; formatTime renders a time for the reader. */
export function historyRows(history: readonly HistoryEntry[], formatTime: (ms: number) => string): HistoryRow[] {
  let number = history.filter((h) => h.kind === 'attempt').length;
  return history.map((h) => {
    const when = formatTime(h.timeMs);
    if (h.kind === 'attempt') {
      const score = `${h.earned}/${h.total}`;
      const name = `Attempt ${number--}`;
      return {
        oid: h.oid,
        kind: h.kind,
        name,
        when,
        score,
        seed: h.seed,
        outcome: h.passed ? 'passed' : 'failed',
        restoreLabel: `Restore the code of ${name.toLowerCase()} (${when}, ${score})`,
      };
    }
    return { oid: h.oid, kind: h.kind, name: 'Saved', when, score: '', seed: '', outcome: h.title, restoreLabel: `Restore the code ${h.title} at ${when}` };
  });
}

/** statusOf is the lab's status given its history (the latest graded attempt decides). */
export function statusOf(history: readonly HistoryEntry[]): LabStatus {
  return labStatus(attemptsOf(history)[0]);
}

/** statusLine says the lab's status and what it means, e.g. "Status: attempted. Graded at least once; …". */
export function statusLine(status: LabStatus): string {
  return `Status: ${STATUS_LABEL[status]}. ${STATUS_MEANING[status]}`;
}
