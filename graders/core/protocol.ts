import type { GradeEvent, GradeRequest } from './runner';
import type { ModuleMap } from './realm/realm';
import type { ScenarioRef } from './scenarios';

/**
 * The grading worker protocol. A host (the CLI in Node, a lab page in the
 * browser) starts a worker, sends one GradeMessage, and listens for
 * WorkerMessages. Lab code runs only in the worker, so the host can always
 * stop it: terminate() ends an infinite loop.
 */
export interface GradeMessage {
  type: 'grade';
  lab: string;
  request: GradeRequest;
  /** modules are the realm's modules: the engine's, the lab's inside modules, and the learner's files. */
  modules: ModuleMap;
}

export type WorkerMessage =
  /** plan lists the scenarios this worker will play, in order; total counts the whole request's (all shards). */
  | { type: 'plan'; scenarios: ScenarioRef[]; total: number }
  /** heartbeat is sent before every run of lab code. */
  | { type: 'heartbeat' }
  | { type: 'event'; event: GradeEvent }
  | { type: 'done' }
  /** fatal means the request itself was wrong (unknown lab or scenario): nothing was graded. */
  | { type: 'fatal'; message: string };
