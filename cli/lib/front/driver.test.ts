import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../engine/sim';
import { WallClockDriver, type WallClock } from './driver';

/** fakeWall is a wall clock the test moves by hand; timers fire when it passes them. */
function fakeWall() {
  let t = 1000;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let id = 0;
  const clock: WallClock = {
    now: () => t,
    setTimeout: (fn, ms) => (timers.push({ at: t + ms, fn, id: ++id }), id),
    clearTimeout: (h) => void (timers = timers.filter((x) => x.id !== h)),
  };
  const advance = (ms: number) => {
    const end = t + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > end) break;
      timers.shift();
      t = next.at;
      next.fn();
    }
    t = end;
  };
  return { clock, advance, pending: () => timers.length };
}

describe('WallClockDriver', () => {
  it('runs simulated events when the wall clock reaches them', () => {
    const sim = new Simulation({ seed: 1 });
    const wall = fakeWall();
    const ran: number[] = [];
    sim.after(50, () => ran.push(sim.now));
    sim.after(120, () => ran.push(sim.now));
    const driver = new WallClockDriver(sim, wall.clock);
    driver.kick();
    expect(ran).toEqual([]);
    wall.advance(60);
    expect(ran).toEqual([50]);
    wall.advance(100);
    expect(ran).toEqual([50, 120]);
    expect(sim.now).toBe(120);
    driver.stop();
    expect(wall.pending()).toBe(0);
  });

  it('runs what a request scheduled at once when kicked', () => {
    const sim = new Simulation({ seed: 1 });
    const wall = fakeWall();
    const driver = new WallClockDriver(sim, wall.clock);
    driver.kick();
    wall.advance(30);
    let answered = -1;
    driver.submit(() => (answered = sim.now));
    expect(answered).toBe(30);
  });

  it('stops and reports when an event throws', () => {
    const sim = new Simulation({ seed: 1 });
    const wall = fakeWall();
    const errors: unknown[] = [];
    sim.after(5, () => {
      throw new Error('boom');
    });
    const driver = new WallClockDriver(sim, wall.clock, (e) => errors.push(e));
    driver.kick();
    wall.advance(10);
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
    expect(wall.pending()).toBe(0);
  });

  it('runs nothing submitted after it stopped, and says so', () => {
    const sim = new Simulation({ seed: 1 });
    const driver = new WallClockDriver(sim, fakeWall().clock);
    driver.stop();
    let ran = false;
    expect(driver.submit(() => (ran = true))).toBe(false);
    expect(ran).toBe(false);
  });
});
