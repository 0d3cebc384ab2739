import type { AnyLabGrader } from './core/lab';

/** labs lists every lab's grader, in course order. */
export const labs: readonly AnyLabGrader[] = [];
