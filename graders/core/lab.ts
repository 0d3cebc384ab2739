import type * as fc from 'fast-check';
import type { Realm } from './realm/realm';

/**
 * LabInfo is what the site and the CLI need to know about a lab without
 * running it.
 */
export interface LabInfo {
  /** id is the lab's name on the command line and in URLs, e.g. "etcd-quorum". */
  id: string;
  title: string;
  /** summary is one sentence: what the learner builds. */
  summary: string;
  /** lesson is the site path of the lesson the lab belongs to, e.g. "/etcd/raft/". */
  lesson: string;
  /** files are the learner's files, relative to labs/<id>/; the first is the one graded by --file. */
  files: string[];
  /**
   * reference maps each learner file to the engine module that solves it: the
   * engine's own component, graded by --reference.
   */
  reference: Record<string, string>;
  /**
   * solution lists the engine modules that are this lab's answer. Learner
   * code cannot import them (re-exporting the reference is not a solution);
   * the reference, of course, can.
   */
  solution: string[];
}

/**
 * Verdict is the outcome of one scenario. A failed verdict names the violated
 * property and explains it in the learner's terms.
 */
export type Verdict = { passed: true; message: string } | { passed: false; property: string; message: string };

/**
 * CheckResult is what a checker returns: a pure function of a trace or
 * history. 'unknown' means the checker could not decide (for example, a
 * linearizability search that hit its bound), which grades as a pass with a
 * note, never as a false failure.
 */
export type CheckResult =
  | { valid: true }
  | { valid: false; property: string; message: string }
  | { valid: 'unknown'; property: string; message: string };

/** Example is a visible, named scenario the learner can read and replay. */
export interface Example<S> {
  /** id is short and stable, e.g. "three-node-election". */
  id: string;
  title: string;
  data: S;
}

/**
 * ScenarioFamily generates hidden scenarios of one kind. Families let a
 * grader guarantee that each kind of fault it must catch is exercised in
 * every grading run, rather than hoping one generator covers them all.
 */
export interface ScenarioFamily<S> {
  /** name is kebab-case; hidden scenario ids are "<name>-<n>". */
  name: string;
  title: string;
  /** count is how many scenarios of this family a grading run plays. */
  count: number;
  arbitrary: fc.Arbitrary<S>;
}

/** RunContext is what a grader's run() gets for one scenario run. */
export interface RunContext {
  /** seed is this run's simulation seed, derived from the grading seed and the scenario id. */
  seed: string;
  /** realm is a fresh realm holding the learner's (or the reference's) modules. */
  realm: Realm;
}

/**
 * LabGrader is a lab's grader: its examples, its hidden scenario families, and
 * how to run and describe one scenario. run() must be deterministic: the same
 * data, seed and lab code always give the same verdict.
 */
export interface LabGrader<S> {
  info: LabInfo;
  /** binaryData is true when the lab's component takes or returns Uint8Array values (default false). */
  binaryData?: boolean;
  examples: Example<S>[];
  families: ScenarioFamily<S>[];
  run(data: S, ctx: RunContext): Verdict;
  /** describe renders a scenario as the learner's minimal reproduction. */
  describe(data: S): string;
}

/** AnyLabGrader erases the scenario type, for registries. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyLabGrader = LabGrader<any>;
