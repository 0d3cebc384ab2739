import type { GradeMessage, WorkerMessage } from './protocol';
import type { ModuleMap } from './realm/realm';
import { buildReport, replayCommand, type Report, type ScenarioResult } from './report';
import type { GradeEvent, GradeRequest } from './runner';
import type { ScenarioRef } from './scenarios';

/** WorkerHandle is a started grading worker, seen from the host. */
export interface WorkerHandle {
  send(message: GradeMessage): void;
  terminate(): void;
}

/** WorkerCallbacks receive a worker's messages, and its death (crash, out of memory). */
export interface WorkerCallbacks {
  onMessage(message: WorkerMessage): void;
  onExit(reason: string): void;
}

/**
 * SessionPlatform is what a host provides: how to start a worker, real timers
 * for the watchdog, and a clock for durationMs. Graders never read real time
 * themselves; the host injects it here.
 */
export interface SessionPlatform {
  spawn(callbacks: WorkerCallbacks): WorkerHandle;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface SessionOptions {
  lab: string;
  request: GradeRequest;
  modules: ModuleMap;
  /** runTimeoutMs is how long one run of lab code may take before it is stopped. */
  runTimeoutMs: number;
  /** startTimeoutMs is how long a worker may take to start (default: 30 s). */
  startTimeoutMs?: number;
  onEvent?: (event: GradeEvent) => void;
}

/** GradingError means nothing could be graded (unknown lab or scenario, a worker that never started). */
export class GradingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GradingError';
  }
}

/**
 * gradeInWorkers grades a lab in a worker under a watchdog. Every run of lab
 * code must finish within runTimeoutMs; if it does not, or the worker dies,
 * the scenario being played fails with an explanation, the worker is
 * terminated, and a fresh one resumes with the remaining scenarios. The page
 * or process stays responsive throughout.
 */
export function gradeInWorkers(platform: SessionPlatform, options: SessionOptions): Promise<Report> {
  const started = platform.now();
  const { lab, request, runTimeoutMs } = options;
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const results: ScenarioResult[] = [];
  let plan: ScenarioRef[] | undefined;
  let current: ScenarioRef | undefined;
  let generation = 0;
  let worker: WorkerHandle | undefined;
  let timer: unknown;

  return new Promise<Report>((resolve, reject) => {
    const disarm = () => {
      if (timer !== undefined) platform.clearTimeout(timer);
      timer = undefined;
    };
    const arm = (ms: number, why: 'start' | 'run') => {
      disarm();
      timer = platform.setTimeout(() => onStuck(why, ms), ms);
    };
    const emit = (event: GradeEvent) => options.onEvent?.(event);
    const stop = () => {
      disarm();
      worker?.terminate();
      worker = undefined;
      generation++;
    };
    const finish = () => {
      stop();
      resolve(buildReport(lab, request.seed, results, Math.round(platform.now() - started)));
    };
    const fail = (message: string) => {
      stop();
      reject(new GradingError(message));
    };
    const record = (result: ScenarioResult) => {
      results.push(result);
      current = undefined;
      emit({ type: 'result', result, position: results.length, total: plan?.length ?? results.length });
    };
    const lose = (property: string, message: string) => {
      if (!current) return false;
      const ref = current;
      record({
        id: ref.id,
        title: ref.title,
        visible: ref.visible,
        passed: false,
        property,
        message,
        replay: replayCommand(lab, request.seed, ref.id, request.replayArgs),
      });
      return true;
    };
    const resume = () => {
      if (plan && results.length >= plan.length) finish();
      else start();
    };
    const onStuck = (why: 'start' | 'run', ms: number) => {
      stop();
      const seconds = `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
      if (why === 'run' && lose('time-limit', `timed out: your code ran for more than ${seconds} without returning (an infinite loop?); the scenario was stopped`)) {
        resume();
      } else {
        fail(`the grading worker did not start within ${seconds}`);
      }
    };
    const onExit = (gen: number, reason: string) => {
      if (gen !== generation) return;
      stop();
      const memory = /memory/i.test(reason);
      const lost = lose(
        memory ? 'memory-limit' : 'crash',
        memory ? `your code ran out of memory (${reason}); the scenario was stopped` : `the worker running your code died (${reason})`,
      );
      if (lost) resume();
      else fail(`the grading worker stopped unexpectedly: ${reason}`);
    };
    const onMessage = (gen: number, m: WorkerMessage) => {
      if (gen !== generation) return;
      switch (m.type) {
        case 'plan':
          plan ??= m.scenarios;
          arm(runTimeoutMs, 'run');
          return;
        case 'heartbeat':
          arm(runTimeoutMs, 'run');
          return;
        case 'event': {
          const ev = m.event;
          if (ev.type === 'start') {
            current = plan?.find((s) => s.id === ev.id);
            emit({ ...ev, position: results.length + 1, total: plan?.length ?? ev.total });
          } else {
            record(ev.result);
          }
          return;
        }
        case 'done':
          finish();
          return;
        case 'fatal':
          fail(m.message);
          return;
      }
    };
    function start() {
      const gen = generation;
      worker = platform.spawn({
        onMessage: (m) => onMessage(gen, m),
        onExit: (reason) => onExit(gen, reason),
      });
      arm(startTimeoutMs, 'start');
      worker.send({
        type: 'grade',
        lab,
        request: { ...request, skip: [...(request.skip ?? []), ...results.map((r) => r.id)] },
        modules: options.modules,
      });
    }
    start();
  });
}
