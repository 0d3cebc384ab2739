import { EventQueue } from './queue';
import { Rng } from './rng';
import { Trace, type TraceEvent } from './trace';

/**
 * SimulationLimits bound every run, so a runaway component (a message storm,
 * a timer that re-arms itself at the same instant) ends in a clear error
 * instead of a hang.
 */
export interface SimulationLimits {
  /** maxSteps is the most events one simulation may execute. */
  maxSteps: number;
  /** maxTimeMs is the latest virtual time an event may be scheduled for. */
  maxTimeMs: number;
}

export const DEFAULT_LIMITS: SimulationLimits = { maxSteps: 2_000_000, maxTimeMs: 24 * 3600 * 1000 };

/** SimulationLimitError reports that a run hit one of its SimulationLimits. */
export class SimulationLimitError extends Error {
  constructor(
    message: string,
    readonly limit: keyof SimulationLimits,
    readonly atMs: number,
  ) {
    super(message);
    this.name = 'SimulationLimitError';
  }
}

/** Timer is a handle on a scheduled callback. */
export interface Timer {
  readonly at: number;
  cancel(): void;
  readonly cancelled: boolean;
}

interface Scheduled {
  fn: () => void;
  cancelled: boolean;
}

/**
 * Simulation is the kernel: a virtual clock in milliseconds, a seeded Rng, an
 * event queue and a trace. Time advances only by running events; nothing
 * reads a real clock. Events due at the same time run in the order they were
 * scheduled.
 */
export class Simulation<E extends TraceEvent = TraceEvent> {
  readonly rng: Rng;
  readonly trace: Trace<E>;
  readonly limits: SimulationLimits;
  private readonly queue = new EventQueue<Scheduled>();
  private clock = 0;
  private executed = 0;

  /** `traceKeep` bounds the trace to about the latest events (see Trace); by default it keeps all. */
  constructor(options: { seed: number | string; limits?: Partial<SimulationLimits>; traceKeep?: number }) {
    this.rng = new Rng(options.seed);
    this.trace = new Trace<E>(options.traceKeep);
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
  }

  /** now is the current virtual time in milliseconds. */
  get now(): number {
    return this.clock;
  }

  /** steps is how many events have run. */
  get steps(): number {
    return this.executed;
  }

  /** record appends an event to the trace at the current time. */
  record(event: E): void {
    this.trace.record(this.clock, event);
  }

  /** at schedules `fn` at absolute virtual time `timeMs` (not before now). */
  at(timeMs: number, fn: () => void): Timer {
    if (!Number.isFinite(timeMs)) throw new RangeError(`Simulation.at: time must be finite, got ${timeMs}`);
    if (timeMs < this.clock) throw new RangeError(`Simulation.at: ${timeMs}ms is in the past (now ${this.clock}ms)`);
    if (timeMs > this.limits.maxTimeMs) {
      throw new SimulationLimitError(
        `the simulation tried to schedule an event at ${timeMs}ms, beyond its limit of ${this.limits.maxTimeMs}ms`,
        'maxTimeMs',
        this.clock,
      );
    }
    const item: Scheduled = { fn, cancelled: false };
    this.queue.push(timeMs, item);
    return {
      at: timeMs,
      cancel: () => {
        item.cancelled = true;
      },
      get cancelled() {
        return item.cancelled;
      },
    };
  }

  /** after schedules `fn` `delayMs` from now. */
  after(delayMs: number, fn: () => void): Timer {
    if (delayMs < 0) throw new RangeError(`Simulation.after: negative delay ${delayMs}ms`);
    return this.at(this.clock + delayMs, fn);
  }

  /** nextEventAt is the time of the next pending event, or undefined when idle. */
  nextEventAt(): number | undefined {
    this.dropCancelled();
    return this.queue.peek()?.at;
  }

  /** step runs the next event; it returns false when none is pending. */
  step(): boolean {
    this.dropCancelled();
    const next = this.queue.peek();
    if (!next) return false;
    if (this.executed >= this.limits.maxSteps) {
      // The event stays queued: a run that hit its limit keeps failing the same way.
      throw new SimulationLimitError(
        `the simulation exceeded its limit of ${this.limits.maxSteps} events at ${next.at}ms (a message storm or a timer loop?)`,
        'maxSteps',
        next.at,
      );
    }
    const ev = this.queue.pop()!;
    this.executed++;
    this.clock = ev.at;
    ev.value.fn();
    return true;
  }

  /** runUntil runs every event due at or before `timeMs`, then sets the clock to `timeMs`. */
  runUntil(timeMs: number): void {
    if (timeMs < this.clock) throw new RangeError(`Simulation.runUntil: ${timeMs}ms is in the past (now ${this.clock}ms)`);
    for (;;) {
      const next = this.nextEventAt();
      if (next === undefined || next > timeMs) break;
      this.step();
    }
    this.clock = timeMs;
  }

  /** runFor advances the clock by `ms`, running every event due meanwhile. */
  runFor(ms: number): void {
    this.runUntil(this.clock + ms);
  }

  /**
   * runUntilTrue runs events until `done()` holds (checked after each event)
   * or the clock would pass `deadlineMs`; it returns whether `done()` held.
   */
  runUntilTrue(done: () => boolean, deadlineMs: number): boolean {
    if (done()) return true;
    for (;;) {
      const next = this.nextEventAt();
      if (next === undefined || next > deadlineMs) {
        this.clock = Math.max(this.clock, deadlineMs);
        return done();
      }
      this.step();
      if (done()) return true;
    }
  }

  private dropCancelled(): void {
    while (this.queue.peek()?.value.cancelled) this.queue.pop();
  }
}
