import { describe, expect, it } from 'vitest';
import { withoutTimings } from '../../graders/core/report';
import { gradeInWorkers, GradingError } from '../../graders/core/session';
import { counterModules, COUNTER_SOURCES } from '../../graders/core/testing/counter-lab';
import { nodePlatform } from './node-platform';

const registry = new URL('../../graders/core/testing/registry.ts', import.meta.url).href;

function grade(source: string, extra: { only?: string[]; runTimeoutMs?: number; maxOldGenerationSizeMb?: number; workers?: number } = {}) {
  return gradeInWorkers(nodePlatform({ registry, maxOldGenerationSizeMb: extra.maxOldGenerationSizeMb }), {
    lab: 'counter',
    request: { seed: '4', only: extra.only },
    modules: counterModules(source),
    runTimeoutMs: extra.runTimeoutMs ?? 2_000,
    workers: extra.workers,
  });
}

describe('grading in Node worker threads', () => {
  it('grades a correct solution and reports timings', async () => {
    const report = await grade(COUNTER_SOURCES.correct);
    expect(report).toMatchObject({ schema: 1, lab: 'counter', seed: '4', passed: true, score: { earned: 5, total: 5 } });
    expect(report.durationMs).toBeGreaterThan(0);
  });

  it('stops an infinite loop as a failed scenario and carries on with the rest', async () => {
    const report = await grade(COUNTER_SOURCES.loops, { runTimeoutMs: 500 });
    expect(report.scenarios).toHaveLength(5);
    const example = report.scenarios[0];
    expect(example).toMatchObject({ id: 'one-two-three', passed: false, property: 'time-limit' });
    expect(example.message).toMatch(/^timed out: your code ran for more than 0\.5 s without returning \(an infinite loop\?\)/);
    // Hidden scenarios without a 3 still pass after the worker was replaced.
    expect(report.scenarios.slice(1).some((s) => s.passed)).toBe(true);
  });

  it('fails every scenario of code that always loops, without hanging', async () => {
    const report = await grade(COUNTER_SOURCES.loopsAlways, { runTimeoutMs: 300, only: ['one-two-three', 'random-adds-1'] });
    expect(report.scenarios.map((s) => s.property)).toEqual(['time-limit', 'time-limit']);
  });

  it('fails code that exhausts its memory limit', async () => {
    const report = await grade(COUNTER_SOURCES.hogsMemory, { only: ['one-two-three'], runTimeoutMs: 20_000, maxOldGenerationSizeMb: 64 });
    expect(report.scenarios[0]).toMatchObject({ passed: false, property: 'memory-limit' });
    expect(report.scenarios[0].message).toMatch(/ran out of memory \(out of memory: the limit is 64 MB\)/);
  });

  it('keeps the sandbox closed: no process, no require', async () => {
    const report = await grade(COUNTER_SOURCES.escapes, { only: ['one-two-three'] });
    expect(report.scenarios[0].message).toBe('sum: expected 6, got "blocked:undefined"');
  });

  it('gives the same report with two workers as with one, in scenario order', async () => {
    const one = await grade(COUNTER_SOURCES.ignoresNegatives);
    const two = await grade(COUNTER_SOURCES.ignoresNegatives, { workers: 2 });
    expect(withoutTimings(two)).toEqual(withoutTimings(one));
    expect(two.scenarios.map((s) => s.id)).toEqual(['one-two-three', 'random-adds-1', 'random-adds-2', 'random-adds-3', 'random-adds-4']);
  });

  it('replaces a hung worker without disturbing the other', async () => {
    const report = await grade(COUNTER_SOURCES.loops, { runTimeoutMs: 500, workers: 2 });
    expect(report.scenarios).toHaveLength(5);
    expect(report.scenarios[0].property).toBe('time-limit');
  });

  it('refuses an unknown scenario with a GradingError', async () => {
    await expect(grade(COUNTER_SOURCES.correct, { only: ['nope'] })).rejects.toThrow(GradingError);
  });
});
