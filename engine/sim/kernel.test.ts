import { describe, expect, it } from 'vitest';
import { Simulation, SimulationLimitError } from './kernel';

describe('Simulation', () => {
  it('advances virtual time only by running events', () => {
    const sim = new Simulation({ seed: 1 });
    const seen: number[] = [];
    sim.after(30, () => seen.push(sim.now));
    sim.after(10, () => seen.push(sim.now));
    sim.runUntil(20);
    expect(seen).toEqual([10]);
    expect(sim.now).toBe(20);
    sim.runFor(100);
    expect(seen).toEqual([10, 30]);
    expect(sim.now).toBe(120);
  });

  it('does not run cancelled timers', () => {
    const sim = new Simulation({ seed: 1 });
    let ran = false;
    const t = sim.after(5, () => (ran = true));
    t.cancel();
    sim.runFor(10);
    expect(ran).toBe(false);
    expect(t.cancelled).toBe(true);
  });

  it('stops a runaway timer loop at its step limit with a clear error', () => {
    const sim = new Simulation({ seed: 1, limits: { maxSteps: 100 } });
    const loop = () => void sim.after(0, loop);
    loop();
    expect(() => sim.runFor(1)).toThrow(SimulationLimitError);
    expect(() => sim.runFor(1)).toThrow(/limit of 100 events/);
  });

  it('refuses to schedule beyond its time limit', () => {
    const sim = new Simulation({ seed: 1, limits: { maxTimeMs: 1000 } });
    expect(() => sim.after(2000, () => {})).toThrow(/beyond its limit of 1000ms/);
  });

  it('refuses times in the past', () => {
    const sim = new Simulation({ seed: 1 });
    sim.runUntil(50);
    expect(() => sim.at(10, () => {})).toThrow(/in the past/);
  });

  it('runUntilTrue stops as soon as the condition holds', () => {
    const sim = new Simulation({ seed: 1 });
    let n = 0;
    for (let i = 1; i <= 10; i++) sim.after(i * 10, () => n++);
    expect(sim.runUntilTrue(() => n === 3, 1000)).toBe(true);
    expect(sim.now).toBe(30);
    expect(sim.runUntilTrue(() => n === 99, 500)).toBe(false);
    expect(sim.now).toBe(500);
  });
});

describe('a bounded trace', () => {
  it('keeps the latest events and numbers every event ever recorded', () => {
    const sim = new Simulation<{ kind: 'tick'; n: number }>({ seed: 1, traceKeep: 10 });
    for (let n = 0; n < 95; n++) sim.after(n, () => sim.record({ kind: 'tick', n }));
    sim.runFor(100);
    expect(sim.trace.length).toBe(95);
    const kept = sim.trace.events;
    expect(kept.length).toBeGreaterThanOrEqual(10);
    expect(kept.length).toBeLessThan(20);
    expect(kept.at(-1)).toMatchObject({ n: 94, i: 94 });
    expect(kept.map((e) => e.n)).toEqual(kept.map((_, j) => 95 - kept.length + j));
  });
});
