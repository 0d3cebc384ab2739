import type { LabInfo } from '../../../graders/core/lab';
import { learnerModules } from '../../../graders/core/modules';
import type { ModuleMap } from '../../../graders/core/realm/realm';
import type { Report } from '../../../graders/core/report';
import type { GradeEvent } from '../../../graders/core/runner';
import { gradeInWorkers, type SessionPlatform } from '../../../graders/core/session';

/** RUN_TIMEOUT_MS bounds one run of lab code in the browser, as the CLI's default --timeout does. */
export const RUN_TIMEOUT_MS = 5_000;

/** workerCount is how many grading workers a page starts: two at most, one per core. */
export function workerCount(hardwareConcurrency: number | undefined): number {
  return Math.max(1, Math.min(2, Math.floor(hardwareConcurrency ?? 1) || 1));
}

/**
 * gradingModules is the realm's module map for the learner's compiled files,
 * built as cli/grade.ts builds it: the engine as learner code sees it (the
 * lab's solution modules refuse to load) plus the learner's files at their
 * lab paths.
 */
export function gradingModules(engine: ModuleMap, info: LabInfo, learner: ModuleMap): ModuleMap {
  return { ...learnerModules(engine, info), ...learner };
}

export interface BrowserGradeOptions {
  info: LabInfo;
  /** engine is the CLI's engine module map (virtual:lab-engine/modules). */
  engine: ModuleMap;
  /** learner is the learner's files compiled to CommonJS, by lab path. */
  learner: ModuleMap;
  seed: string;
  /** only restricts grading to these scenario ids (empty: all). */
  only: readonly string[];
  platform: SessionPlatform;
  hardwareConcurrency: number | undefined;
  runTimeoutMs?: number;
  onEvent?: (event: GradeEvent) => void;
}

/**
 * gradeInBrowser grades the learner's compiled files with the session the
 * CLI uses (graders/core/session.ts gradeInWorkers). Replay commands carry no
 * --file: they replay the learner's own labs/<lab>/<file> in a clone.
 */
export function gradeInBrowser(o: BrowserGradeOptions): Promise<Report> {
  return gradeInWorkers(o.platform, {
    lab: o.info.id,
    request: { seed: o.seed, only: [...o.only], replayArgs: [] },
    modules: gradingModules(o.engine, o.info, o.learner),
    runTimeoutMs: o.runTimeoutMs ?? RUN_TIMEOUT_MS,
    workers: workerCount(o.hardwareConcurrency),
    onEvent: o.onEvent,
  });
}
