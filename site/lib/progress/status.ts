/**
 * status: where a learner stands on a lab, derived from their graded
 * attempts. One rule, used by the sidebar, the home page and the lab page:
 *
 * - not-started: no graded attempt yet (edits alone do not count);
 * - attempted: at least one graded attempt, and the latest did not pass;
 * - passed: the latest graded attempt passed every scenario.
 *
 * "Latest" matters: a lab that passed once and then failed after more
 * edits is attempted, not passed, as the roster's regrade of the latest
 * code would say.
 */

export type LabStatus = 'not-started' | 'attempted' | 'passed';

/** GradedAttempt is what the rule needs of one graded attempt. */
export interface GradedAttempt {
  passed: boolean;
}

/** labStatus is the status given the lab's latest graded attempt, or undefined when there is none. */
export function labStatus(latest: GradedAttempt | undefined): LabStatus {
  if (!latest) return 'not-started';
  return latest.passed ? 'passed' : 'attempted';
}

/** STATUS_LABEL is each status as the UI writes it. */
export const STATUS_LABEL: Readonly<Record<LabStatus, string>> = Object.freeze({
  'not-started': 'not started',
  attempted: 'attempted',
  passed: 'passed',
});

/** STATUS_MEANING explains each status in one sentence, for legends and tooltips. */
export const STATUS_MEANING: Readonly<Record<LabStatus, string>> = Object.freeze({
  'not-started': 'No graded attempt yet: press Grade on the lab page (edits alone do not count).',
  attempted: 'Graded at least once; the latest graded attempt did not pass every scenario.',
  passed: 'The latest graded attempt passed every scenario.',
});

/** CourseTally counts labs by status. */
export type CourseTally = Record<LabStatus, number>;

/** tally counts the statuses of a course's labs. */
export function tally(statuses: Iterable<LabStatus>): CourseTally {
  const t: CourseTally = { 'not-started': 0, attempted: 0, passed: 0 };
  for (const s of statuses) t[s]++;
  return t;
}
