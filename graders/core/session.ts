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
  /** workers is how many workers grade in parallel, each a share of the scenarios (default 1). */
  workers?: number;
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
 * gradeInWorkers grades a lab in workers under a watchdog. Every run of lab
 * code must finish within runTimeoutMs; if it does not, or a worker dies,
 * the scenario being played fails with an explanation, the worker is
 * terminated, and a fresh one resumes with the rest of its share. The page or
 * process stays responsive throughout. Results are reported in scenario
 * order whatever the number of workers, so the report does not depend on it.
 */
export function gradeInWorkers(platform: SessionPlatform, options: SessionOptions): Promise<Report> {
  const started = platform.now();
  const { lab, request } = options;
  const count = Math.max(1, Math.floor(options.workers ?? 1));
  const results = new Map<string, ScenarioResult>();
  const plans: ScenarioRef[][] = [];
  let ordered: ScenarioRef[] | undefined;
  let emitted = 0;
  let total: number | undefined;
  let finishedLanes = 0;
  let settled = false;
  // Results are passed on in scenario order, whichever lane finishes first,
  // so every host shows the same progress for the same run.
  const flush = () => {
    if (!ordered) return;
    while (emitted < ordered.length && results.has(ordered[emitted].id)) {
      const result = results.get(ordered[emitted].id)!;
      emitted++;
      options.onEvent?.({ type: 'result', result, position: emitted, total: ordered.length });
    }
  };

  return new Promise<Report>((resolve, reject) => {
    const lanes: Lane[] = [];
    const host: LaneHost = {
      platform,
      options,
      emit: (event) => {
        if (event.type === 'start') options.onEvent?.(event);
      },
      planned(laneTotal, plan) {
        total ??= laneTotal;
        plans.push(plan);
        if (plans.length === lanes.length) {
          ordered = plans.flat().sort((a, b) => a.order - b.order);
          flush();
        }
      },
      position: () => emitted,
      total: () => total ?? results.size,
      record(ref, result) {
        results.set(ref.id, result);
        flush();
      },
      done() {
        if (settled || ++finishedLanes < lanes.length) return;
        settled = true;
        flush();
        const report = (ordered ?? []).filter((r) => results.has(r.id)).map((r) => results.get(r.id)!);
        resolve(buildReport(lab, request.seed, report, Math.round(platform.now() - started)));
      },
      fail(message) {
        if (settled) return;
        settled = true;
        for (const lane of lanes) lane.stop();
        reject(new GradingError(message));
      },
    };
    for (let i = 0; i < count; i++) lanes.push(new Lane(host, count > 1 ? { index: i, count } : undefined));
    for (const lane of lanes) lane.start();
  });
}

/** LaneHost is what a Lane reports to: the session that owns it. */
interface LaneHost {
  platform: SessionPlatform;
  options: SessionOptions;
  emit(event: GradeEvent): void;
  planned(total: number, plan: ScenarioRef[]): void;
  position(): number;
  total(): number;
  record(ref: ScenarioRef, result: ScenarioResult): void;
  done(): void;
  fail(message: string): void;
}

/**
 * Lane grades one shard of the scenarios in one worker at a time, replacing
 * the worker when lab code hangs or kills it.
 */
class Lane {
  private plan: ScenarioRef[] | undefined;
  private readonly graded = new Set<string>();
  private current: ScenarioRef | undefined;
  private generation = 0;
  private worker: WorkerHandle | undefined;
  private timer: unknown;

  constructor(
    private readonly host: LaneHost,
    private readonly shard: { index: number; count: number } | undefined,
  ) {}

  start(): void {
    const gen = this.generation;
    const { platform, options } = this.host;
    this.worker = platform.spawn({
      onMessage: (m) => this.onMessage(gen, m),
      onExit: (reason) => this.onExit(gen, reason),
    });
    this.arm(options.startTimeoutMs ?? 30_000, 'start');
    const request = options.request;
    this.worker.send({
      type: 'grade',
      lab: options.lab,
      request: { ...request, shard: this.shard, skip: [...(request.skip ?? []), ...this.graded] },
      modules: options.modules,
    });
  }

  stop(): void {
    this.disarm();
    this.worker?.terminate();
    this.worker = undefined;
    this.generation++;
  }

  private arm(ms: number, why: 'start' | 'run'): void {
    this.disarm();
    this.timer = this.host.platform.setTimeout(() => this.onStuck(why, ms), ms);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.host.platform.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private record(ref: ScenarioRef, result: ScenarioResult): void {
    this.graded.add(ref.id);
    this.current = undefined;
    this.host.record(ref, result);
    this.host.emit({ type: 'result', result, position: this.host.position(), total: this.host.total() });
  }

  /** lose fails the scenario being played for a reason outside lab code's control flow; false if none was. */
  private lose(property: string, message: string): boolean {
    const ref = this.current;
    if (!ref) return false;
    const { lab, request } = this.host.options;
    this.record(ref, {
      id: ref.id,
      title: ref.title,
      visible: ref.visible,
      passed: false,
      property,
      message,
      replay: replayCommand(lab, request.seed, ref.id, request.replayArgs),
    });
    return true;
  }

  private resume(): void {
    if (this.plan && this.graded.size >= this.plan.length) this.host.done();
    else this.start();
  }

  private onStuck(why: 'start' | 'run', ms: number): void {
    this.stop();
    const seconds = `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
    if (why === 'run' && this.lose('time-limit', `timed out: your code ran for more than ${seconds} without returning (an infinite loop, or a callback that never ends?); the scenario was stopped`)) {
      this.resume();
    } else {
      this.host.fail(`the grading worker did not start within ${seconds}`);
    }
  }

  private onExit(gen: number, reason: string): void {
    if (gen !== this.generation) return;
    this.stop();
    const memory = /memory/i.test(reason);
    const lost = this.lose(
      memory ? 'memory-limit' : 'crash',
      memory ? `your code ran out of memory (${reason}); the scenario was stopped` : `the worker running your code died (${reason})`,
    );
    if (lost) this.resume();
    else this.host.fail(`the grading worker stopped unexpectedly: ${reason}`);
  }

  private onMessage(gen: number, m: WorkerMessage): void {
    if (gen !== this.generation) return;
    const runTimeoutMs = this.host.options.runTimeoutMs;
    switch (m.type) {
      case 'plan':
        if (!this.plan) {
          this.plan = m.scenarios;
          this.host.planned(m.total, m.scenarios);
        }
        this.arm(runTimeoutMs, 'run');
        return;
      case 'heartbeat':
        this.arm(runTimeoutMs, 'run');
        return;
      case 'event': {
        const ev = m.event;
        if (ev.type === 'start') {
          this.current = this.plan?.find((s) => s.id === ev.id);
          this.host.emit({ ...ev, position: this.host.position() + 1, total: this.host.total() });
        } else if (this.current) {
          this.record(this.current, ev.result);
        }
        return;
      }
      case 'done':
        this.stop();
        this.host.done();
        return;
      case 'fatal':
        this.host.fail(m.message);
        return;
    }
  }
}
