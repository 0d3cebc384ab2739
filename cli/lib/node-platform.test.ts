import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { withoutTimings } from '../../graders/core/report';
import { gradeInWorkers, GradingError } from '../../graders/core/session';
import { counterModules, COUNTER_SOURCES } from '../../graders/core/testing/counter-lab';
import { nodePlatform } from './node-platform';
import { ESCAPE_PATHS, type EscapeRecord } from './sandbox/escaped-lab';

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

describe('grading in sandbox processes', () => {
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
    expect(example.message).toMatch(/^timed out: your code ran for more than 0\.5 s without returning \(an infinite loop, or a callback that never ends\?\)/);
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

  it('keeps the realm closed: require of a Node module is refused, and reported even when lab code catches it', async () => {
    const report = await grade(COUNTER_SOURCES.escapes, { only: ['one-two-three'] });
    expect(report.scenarios[0]).toMatchObject({ passed: false, property: 'confined' });
    expect(report.scenarios[0].message).toMatch(/^confined: your code tried to use require\("fs"\) \(at labs\/counter\/counter\.ts:\d+:\d+\)/);
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

describe('the sandbox process, for code that got out of its realm', () => {
  afterAll(() => {
    for (const path of Object.values(ESCAPE_PATHS)) rmSync(path, { force: true });
  });

  it('reads and writes no file, starts no process or thread, signals no process, and has no environment', async () => {
    writeFileSync(ESCAPE_PATHS.secret, 'the class secret');
    rmSync(ESCAPE_PATHS.written, { force: true });
    process.env.KUBE_INTERNALS_TEST_SECRET = 'in the host environment only';
    try {
      const report = await gradeInWorkers(nodePlatform({ registry: new URL('./sandbox/escaped-lab.ts', import.meta.url).href }), {
        lab: 'escaped',
        request: { seed: '1' },
        modules: {},
        runTimeoutMs: 10_000,
      });
      const record = JSON.parse(report.scenarios[0].message) as EscapeRecord;
      expect(record).toEqual({
        readSecret: 'refused: ERR_ACCESS_DENIED',
        readHostEnv: 'refused: ERR_ACCESS_DENIED',
        writeFile: 'refused: ERR_ACCESS_DENIED',
        spawn: 'refused: ERR_ACCESS_DENIED',
        signalHost: 'refused: ERR_ACCESS_DENIED',
        newWorker: 'refused: ERR_ACCESS_DENIED',
        binding: 'refused: ERR_ACCESS_DENIED',
        env: [],
      });
      expect(existsSync(ESCAPE_PATHS.written)).toBe(false);
    } finally {
      delete process.env.KUBE_INTERNALS_TEST_SECRET;
    }
  });

  it('stops a sandbox whose memory outside the heap (typed arrays) passes its limit', async () => {
    const hog = 'exports.createCounter = function () { const keep = []; return { add(n) { for (;;) keep.push(new Uint8Array(32 << 20).fill(1)); }, value() { return 0; } }; };';
    const report = await gradeInWorkers(nodePlatform({ registry, maxRssMb: 300 }), {
      lab: 'counter',
      request: { seed: '4', only: ['one-two-three'] },
      modules: counterModules(hog),
      runTimeoutMs: 20_000,
    });
    expect(report.scenarios[0]).toMatchObject({ passed: false, property: 'memory-limit' });
    expect(report.scenarios[0].message).toMatch(/^your code ran out of memory \(out of memory: the sandbox process used \d+ MB, over its 300 MB limit\)/);
  });
});

/** sandboxes lists this process's sandbox children (Linux: read from /proc). */
function sandboxes(): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--allow-worker');
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('a sandbox process that dies', () => {
  it('costs only the scenario it was playing: killed from outside, it is replaced and grading goes on', async () => {
    let killed: number[] = [];
    const report = await gradeInWorkers(nodePlatform({ registry }), {
      lab: 'counter',
      request: { seed: '4' },
      modules: counterModules(COUNTER_SOURCES.loops),
      runTimeoutMs: 2_000,
      onEvent: (ev) => {
        // The example (1, 2, 3) loops forever: kill its sandbox as the OOM killer would.
        if (ev.type === 'start' && ev.id === 'one-two-three') {
          setTimeout(() => {
            killed = sandboxes();
            for (const pid of killed) process.kill(pid, 'SIGKILL');
          }, 500);
        }
      },
    });
    expect(killed).toHaveLength(1);
    expect(report.scenarios[0]).toMatchObject({ id: 'one-two-three', passed: false, property: 'crash' });
    expect(report.scenarios[0].message).toBe('the worker running your code died (the sandbox process exited (SIGKILL))');
    // Hidden scenarios without a 3 pass in the sandboxes that replaced it.
    expect(report.scenarios.slice(1).some((r) => r.passed)).toBe(true);
    // SIGKILL is delivered asynchronously: wait for the kernel to reap them, but no longer than a moment.
    await vi.waitFor(() => expect(sandboxes()).toEqual([]), { timeout: 5_000, interval: 50 });
  });
});
