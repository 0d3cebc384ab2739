/**
 * Course-shaped learner repositories for the roster's tests and benchmark: a
 * first commit holding what a clone of the course holds for the labs (each
 * lab's starter files and statement), then the learner's own commits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabInfo } from '../../../../graders/core/lab';
import { labFilePath } from '../../../../graders/core/modules';
import { labs } from '../../../../graders/registry';
import { REPO_ROOT } from '../../repo';
import { makeRepo, type CommitSpec, type FileSpec } from './repos';
import { mainFile, recordPath, recordText } from './submissions';

/** T0 is the course commit's time (2026-01-01T00:00:00Z); learners' commits come after it. */
export const T0 = 1_767_225_600;

/** courseFiles is what the course's first commit holds: each lab's starter files and statement, and a README. */
export function courseFiles(): Record<string, string> {
  const files: Record<string, string> = { 'README.md': '# kube-internals\n' };
  for (const { info } of labs) {
    for (const f of info.files) files[labFilePath(info, f)] = readFileSync(join(REPO_ROOT, labFilePath(info, f)), 'utf8');
    files[`labs/${info.id}/README.md`] = readFileSync(join(REPO_ROOT, 'labs', info.id, 'README.md'), 'utf8');
  }
  return files;
}

/** courseRepo makes a learner's repository at `dir`: the course's commit, then `commits`. */
export function courseRepo(dir: string, commits: readonly CommitSpec[], branch = 'main'): string {
  return makeRepo(dir, [{ message: 'the course', time: T0, files: courseFiles() }, ...commits], branch);
}

/** Claim is what a committed report.json says: passed, and the score. */
export interface Claim {
  passed: boolean;
  earned: number;
  total: number;
}

/**
 * graded is a commit's files for a graded attempt: the lab's main file, and
 * (when `claim` is given) the report.json `npm run grade` would write for it.
 * `recordFor` makes the record's digests those of other text (a learner who
 * edited after grading).
 */
export function graded(info: LabInfo, text: string, claim?: Claim, recordFor = text): Record<string, FileSpec> {
  const files: Record<string, FileSpec> = { [mainFile(info)]: text };
  if (claim) files[recordPath(info.id)] = recordText(info, { [mainFile(info)]: recordFor }, claim);
  return files;
}
