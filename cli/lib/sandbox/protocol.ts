import type { ResourceLimits } from 'node:worker_threads';
import type { GradeMessage, WorkerMessage } from '../../../graders/core/protocol';

/**
 * The sandbox process protocol, over its IPC channel (JSON). The host sends
 * one Boot; the sandbox answers with the grading worker's messages, then
 * Died if the worker stops before the host has stopped it.
 */
export interface Boot {
  type: 'boot';
  /** worker is the grading worker's code: a CommonJS bundle, run with eval (the sandbox reads no files). */
  worker: string;
  limits: ResourceLimits;
  /** maxRssMb bounds the whole process: typed arrays live outside the worker's heap limit. */
  maxRssMb: number;
  grade: GradeMessage;
}

/** Died says the grading worker stopped by itself: a crash, a memory limit, or its end. */
export interface Died {
  type: 'died';
  reason: string;
}

export type SandboxMessage = WorkerMessage | Died;
