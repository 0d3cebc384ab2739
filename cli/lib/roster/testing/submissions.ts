/**
 * Learner submissions for the roster's tests and benchmark: a lab's starter,
 * its reference solution as the one learner file, and plausible wrong
 * solutions (the lab's bug corpus applied to that file), plus the
 * labs/<lab>/report.json a learner would commit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabInfo } from '../../../../graders/core/lab';
import { labFilePath } from '../../../../graders/core/modules';
import { mutationPatches, type Mutation } from '../../../../graders/core/mutations';
import { buildRecord, recordPath, serializeRecord } from '../../../../graders/core/record';
import { REPORT_SCHEMA, type Report } from '../../../../graders/core/report';
import { BUGS as BACKUP_RESTORE_BUGS } from '../../../../graders/etcd-backup-restore/bugs';
import { BUGS as QUORUM_BUGS } from '../../../../graders/etcd-quorum/bugs';
import { singleFileSolution } from '../../../../tests/fixtures/solution';
import { REPO_ROOT } from '../../repo';

const CORPORA: Record<string, readonly Mutation[]> = { 'etcd-quorum': QUORUM_BUGS, 'etcd-backup-restore': BACKUP_RESTORE_BUGS };

/** mainFile is the repository path of a lab's (first) learner file. */
export function mainFile(info: LabInfo): string {
  return labFilePath(info, info.files[0]);
}

/** starterText is the lab's starter file as shipped. */
export function starterText(info: LabInfo): string {
  return readFileSync(join(REPO_ROOT, mainFile(info)), 'utf8');
}

const solutions = new Map<string, string>();

/** solutionText is the lab's reference solution as one learner file (cached). */
export function solutionText(info: LabInfo): string {
  let s = solutions.get(info.id);
  if (s === undefined) {
    s = singleFileSolution(info);
    solutions.set(info.id, s);
  }
  return s;
}

/**
 * buggyTexts are wrong solutions of a lab: each bug of its corpus whose
 * patches apply to the one-file solution (each `find` once), applied.
 */
export function buggyTexts(info: LabInfo): { id: string; text: string }[] {
  const solution = solutionText(info);
  const out: { id: string; text: string }[] = [];
  for (const bug of CORPORA[info.id] ?? []) {
    let text = solution;
    let ok = true;
    for (const p of mutationPatches(bug)) {
      if (text.split(p.find).length !== 2) {
        ok = false;
        break;
      }
      text = text.replace(p.find, () => p.replace);
    }
    if (ok) out.push({ id: bug.id, text });
  }
  return out;
}

/**
 * recordText is a labs/<lab>/report.json claiming `claim` for `files`
 * (repository path → text): what a learner commits after grading, honest
 * or not.
 */
export function recordText(info: LabInfo, files: Record<string, string>, claim: { passed: boolean; earned: number; total: number; seed?: string }): string {
  const report: Report = {
    schema: REPORT_SCHEMA,
    lab: info.id,
    seed: claim.seed ?? '1234',
    passed: claim.passed,
    score: { earned: claim.earned, total: claim.total },
    scenarios: [],
    durationMs: 1000,
  };
  return serializeRecord(buildRecord(report, files));
}

export { recordPath };
