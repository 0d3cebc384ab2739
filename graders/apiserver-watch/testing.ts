/**
 * Test support for the apiserver-watch grader's own tests (Node only): the
 * module maps cli/grade.ts would build for the reference, a bug of the
 * corpus and the starter, and one-call grading runs (see
 * graders/core/testing/lab-harness.ts).
 */
import { labHarness, readRepoFile } from '../core/testing/lab-harness';
import { apiserverWatch } from './grader';

export { readRepoFile };
export const { referenceMap, mutantMap: bugMap, starterMap, grade, firstFailure } = labHarness(apiserverWatch);
