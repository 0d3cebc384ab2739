import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyLabGrader } from '../../../graders/core/lab';
import { learnerModules } from '../../../graders/core/modules';
import type { ModuleMap } from '../../../graders/core/realm/realm';
import { fileDigest } from '../../../graders/core/record';
import { listScenarios } from '../../../graders/core/scenarios';
import { gradeInWorkers, type SessionPlatform } from '../../../graders/core/session';
import type { LabSource } from '../lab-source';
import { engineModules } from '../modules';
import { nodePlatform } from '../node-platform';
import type { ClassLearner } from './class-list';
import type { FetchedLearner } from './fetch';
import type { LabSnapshot } from './git-read';
import { labEntry, unreadEntry, type Regrade } from './lab-entry';
import { TaskError, TaskPool } from './pool';
import type { ProgressSink } from './progress';
import type { LabEntry, LearnerEntry, RosterSettings } from './schema';
import { deriveSeed } from './seed';

type Compiled = { modules: ModuleMap } | { compileError: string };

/** FETCH_TIMEOUT_MS bounds reading one repository (clone included). */
export const FETCH_TIMEOUT_MS = 10 * 60_000;
/** COMPILE_TIMEOUT_MS bounds type-checking one lab's files. */
export const COMPILE_TIMEOUT_MS = 60_000;
/** REQUEST_TIMEOUT_MS bounds one HTTP request to a git server. */
export const REQUEST_TIMEOUT_MS = 120_000;

/** RosterJob is what gradeLearners grades, and how. */
export interface RosterJob {
  /** learners to grade, in output order (a shard's slice of the class). */
  learners: readonly ClassLearner[];
  labs: readonly AnyLabGrader[];
  /** secret derives the seeds; it stays on this thread (workers get seeds only). */
  secret: string;
  /** classDir is class.json's folder: relative local repository paths are relative to it. */
  classDir: string;
  token?: string;
  /** workers is how many (learner, lab) gradings run at once. */
  workers: number;
  settings: RosterSettings;
  maxRepoBytes: number;
  progress?: ProgressSink;
  /** platform runs grading workers (default: nodePlatform(), worker threads). */
  platform?: SessionPlatform;
}

/**
 * gradeLearners reads every learner's repository and regrades every lab.
 * Repositories are read in helper workers a few learners ahead of grading;
 * up to `workers` gradings run at once, each type-checked in a helper and
 * graded in its own confined grading worker with the seed derived for that
 * learner and lab. Nothing a learner's repository or code does stops the
 * others: every failure ends as that learner's or that lab's status.
 */
export async function gradeLearners(job: RosterJob): Promise<LearnerEntry[]> {
  const { learners, labs, settings } = job;
  const platform = job.platform ?? nodePlatform();
  const infos = labs.map((g) => g.info);
  const engine = engineModules();
  const modulesOf = new Map<string, ModuleMap>(labs.map((g) => [g.info.id, learnerModules(engine, g.info)]));
  const totals = new Map(labs.map((g) => [g.info.id, listScenarios(g).length]));
  const workers = Math.max(1, job.workers);
  const fetchPool = new TaskPool(Math.min(2, Math.max(1, learners.length)));
  const compilePool = new TaskPool(workers);
  const scratchRoot = mkdtempSync(join(tmpdir(), 'kube-internals-roster-'));
  const out: LearnerEntry[] = learners.map((l) => ({ id: l.id, repo: l.repo, branch: null, commit: null, labs: [] }));
  const entries: LabEntry[][] = learners.map(() => []);

  const fetches = new Map<number, Promise<FetchedLearner>>();
  const startFetch = (i: number) => {
    if (fetches.has(i) || i >= learners.length) return;
    const scratch = join(scratchRoot, String(i));
    mkdirSync(scratch);
    const options = { classDir: job.classDir, scratch, token: job.token, maxRepoBytes: job.maxRepoBytes, requestTimeoutMs: REQUEST_TIMEOUT_MS };
    const fetched = fetchPool
      .run('fetch', { learner: learners[i], labs: infos, options }, FETCH_TIMEOUT_MS)
      .catch((e: Error): FetchedLearner => ({ ok: false, status: 'error', reason: `reading the repository failed: ${e.message}`, branch: null, commit: null }))
      .finally(() => rmSync(scratch, { recursive: true, force: true }));
    fetches.set(i, fetched);
  };
  const lookahead = workers + 2;

  type Job = { i: number; j: number; snapshot: LabSnapshot };
  async function* jobs(): AsyncGenerator<Job> {
    for (let i = 0; i < learners.length; i++) {
      for (let k = i; k <= i + lookahead; k++) startFetch(k);
      const fetched = await fetches.get(i)!;
      fetches.delete(i);
      out[i].branch = fetched.branch;
      out[i].commit = fetched.commit;
      if (!fetched.ok) {
        out[i].error = fetched.reason;
        entries[i] = infos.map((info) => unreadEntry(info, fetched.status, fetched.reason));
        job.progress?.learnerFailed(learners[i].id, fetched.reason, infos.length);
        continue;
      }
      for (let j = 0; j < infos.length; j++) yield { i, j, snapshot: fetched.labs[infos[j].id] };
    }
  }

  // Compiling is a pure function of the files: learners who share a file
  // (an untouched starter, a solution passed around) share its compilation.
  const compiled = new Map<string, Promise<Compiled>>();
  const compile = (sources: LabSource[]): Promise<Compiled> => {
    const key = sources.map((s) => `${s.path}\0${fileDigest(s.text)}`).join('\0');
    let result = compiled.get(key);
    if (!result) {
      result = compilePool.run('compile', { sources }, COMPILE_TIMEOUT_MS).catch((e: Error): Compiled => {
        const timedOut = e instanceof TaskError && /timed out/.test(e.message);
        return { compileError: timedOut ? `type-checking did not finish within ${COMPILE_TIMEOUT_MS / 1000} s` : `type-checking failed: ${e.message}` };
      });
      compiled.set(key, result);
    }
    return result;
  };

  const grade = async ({ i, j, snapshot }: Job): Promise<LabEntry> => {
    const info = infos[j];
    const learner = learners[i].id;
    const seed = deriveSeed(job.secret, learner, info.id);
    let regrade: Regrade | undefined;
    if (snapshot.files.status === 'ok') {
      const sources = snapshot.files.sources.map((s) => ({ path: s.path, displayPath: s.path, text: s.text }));
      const compiled = await compile(sources);
      if ('compileError' in compiled) {
        regrade = { kind: 'compile-error', message: compiled.compileError };
      } else {
        try {
          const report = await gradeInWorkers(platform, {
            lab: info.id,
            request: { seed, maxShrinkRuns: settings.maxShrinkRuns },
            modules: { ...modulesOf.get(info.id)!, ...compiled.modules },
            runTimeoutMs: settings.runTimeoutMs,
            workers: 1,
          });
          regrade = { kind: 'report', report };
        } catch (e) {
          regrade = { kind: 'error', reason: `grading failed: ${(e as Error).message}` };
        }
      }
    }
    return labEntry(info, totals.get(info.id)!, snapshot, seed, regrade);
  };

  const queue = jobs();
  const lane = async () => {
    for (;;) {
      const next = await queue.next();
      if (next.done) return;
      const { i, j } = next.value;
      const started = performance.now();
      job.progress?.started(learners[i].id, infos[j].id);
      let entry: LabEntry;
      try {
        entry = await grade(next.value);
      } catch (e) {
        entry = unreadEntry(infos[j], 'error', `internal error: ${(e as Error).message}`);
      }
      entries[i][j] = entry;
      job.progress?.finished(learners[i].id, infos[j].id, entry, performance.now() - started);
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, lane));
  } finally {
    await Promise.all([fetchPool.close(), compilePool.close()]);
    rmSync(scratchRoot, { recursive: true, force: true });
  }
  return out.map(({ labs: _none, ...l }, i) => ({ ...l, labs: entries[i] }));
}
