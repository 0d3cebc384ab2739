/**
 * driver runs a Simulation in step with the wall clock, for the kubectl
 * front: virtual time t is real time since start. It is event-driven: it
 * sleeps until the next simulated event is due, and `submit(fn)` runs a
 * request in the simulation at once, so a request costs only the simulated
 * latency of what it does.
 */
import type { Simulation } from '../../../engine/sim';

export interface WallClock {
  /** now is real time in milliseconds (performance.now in the CLI). */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const REAL_CLOCK: WallClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** MAX_SLEEP_MS caps a sleep, so the virtual clock never lags far behind an idle wall clock. */
const MAX_SLEEP_MS = 1_000;

export class WallClockDriver {
  private readonly start: number;
  private timer: unknown;
  private running = false;
  private stopped = false;

  constructor(
    private readonly sim: Simulation,
    private readonly clock: WallClock = REAL_CLOCK,
    /** onError receives what a simulated event threw; the driver stops. */
    private readonly onError: (e: unknown) => void = (e) => {
      throw e;
    },
  ) {
    this.start = clock.now() - sim.now;
  }

  /** virtualNow is the virtual time the wall clock says it is. */
  virtualNow(): number {
    return Math.max(this.sim.now, this.clock.now() - this.start);
  }

  /** kick runs every event due by now and re-arms the sleep until the next one. */
  kick(): void {
    if (this.stopped || this.running) return;
    this.running = true;
    try {
      this.sim.runUntil(this.virtualNow());
    } catch (e) {
      this.stop();
      this.onError(e);
      return;
    } finally {
      this.running = false;
    }
    this.arm();
  }

  /**
   * submit runs fn in the simulation at the current wall-clock time (first
   * catching the virtual clock up, so what fn schedules is not in the past),
   * then everything due. It returns false, running nothing, once the driver
   * has stopped.
   */
  submit(fn: () => void): boolean {
    if (this.stopped) return false;
    this.kick();
    this.sim.after(0, fn);
    this.kick();
    return true;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    const next = this.sim.nextEventAt();
    const wait = next === undefined ? MAX_SLEEP_MS : Math.min(MAX_SLEEP_MS, Math.max(0, next - this.virtualNow()));
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, wait);
  }
}
