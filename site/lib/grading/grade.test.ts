import { describe, expect, it } from 'vitest';
import type { GradeMessage, WorkerMessage } from '../../../graders/core/protocol';
import { localRealm } from '../../../graders/core/realm/local';
import { withoutTimings } from '../../../graders/core/report';
import { gradeLab, selectScenarios } from '../../../graders/core/runner';
import { counterLab, COUNTER_SOURCES } from '../../../graders/core/testing/counter-lab';
import { labs as counterLabs } from '../../../graders/core/testing/registry';
import { serveGrade } from '../../../graders/core/worker';
import { buildReport } from '../../../graders/core/report';
import { gradeInBrowser, gradingModules, workerCount } from './grade';
import { browserPlatform, type WorkerLike } from './platform';

const PATH = 'labs/counter/counter.ts';
const clock = { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout), now: () => performance.now() };

/** InProcessWorker runs a grading worker's body (serveGrade) in this thread, asynchronously, as a Web Worker would. */
class InProcessWorker implements WorkerLike {
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  onmessageerror: WorkerLike['onmessageerror'] = null;
  terminated = false;
  postMessage(message: GradeMessage): void {
    const data = structuredClone(message);
    setTimeout(() => serveGrade(data, counterLabs, localRealm, (m) => this.deliver(m)), 0);
  }
  terminate(): void {
    this.terminated = true;
  }
  private deliver(m: WorkerMessage): void {
    if (!this.terminated) this.onmessage?.(new MessageEvent('message', { data: structuredClone(m) }));
  }
}

function grade(source: string, workers: number, createWorker: () => WorkerLike = () => new InProcessWorker()) {
  return gradeInBrowser({
    info: counterLab.info,
    engine: {},
    learner: { [PATH]: source },
    seed: '11',
    only: [],
    platform: browserPlatform(createWorker, clock),
    hardwareConcurrency: workers,
  });
}

describe('gradeInBrowser', () => {
  it('gives the report the runner gives, whatever the number of workers', async () => {
    for (const source of [COUNTER_SOURCES.correct, COUNTER_SOURCES.ignoresNegatives]) {
      const direct: Parameters<typeof buildReport>[2] = [];
      gradeLab(counterLab, { seed: '11', only: [], replayArgs: [] }, { modules: { [PATH]: source }, makeRealm: localRealm }, (ev) => {
        if (ev.type === 'result') direct.push(ev.result);
      });
      const want = withoutTimings(buildReport('counter', '11', direct, 0));
      expect(withoutTimings(await grade(source, 1))).toEqual(want);
      expect(withoutTimings(await grade(source, 8))).toEqual(want);
    }
  });

  it('fails the scenario being played when its worker dies, and goes on in a fresh worker', async () => {
    let spawned = 0;
    const report = await grade(COUNTER_SOURCES.correct, 1, () => {
      spawned++;
      const w = new InProcessWorker();
      if (spawned > 1) return w;
      // The first worker announces its plan, starts the first scenario, then crashes.
      w.postMessage = () => {
        setTimeout(() => {
          const plan = selectScenarios(counterLab, {});
          const post = (data: WorkerMessage) => w.onmessage?.(new MessageEvent('message', { data }));
          post({ type: 'plan', scenarios: plan, total: plan.length });
          post({ type: 'event', event: { type: 'start', id: plan[0].id, title: plan[0].title, visible: plan[0].visible, position: 1, total: plan.length } });
          w.onerror?.({ message: 'RangeError: boom', preventDefault() {} } as ErrorEvent);
        }, 0);
      };
      return w;
    });
    expect(spawned).toBe(2);
    expect(report.score).toEqual({ earned: 4, total: 5 });
    expect(report.scenarios[0]).toMatchObject({ id: 'one-two-three', passed: false, property: 'crash' });
    expect(report.scenarios[0].message).toContain('uncaught RangeError: boom');
  });
});

describe('gradingModules', () => {
  it('mounts the learner files over the engine, with the solution modules refusing to load', () => {
    const info = { ...counterLab.info, solution: ['engine/answer.ts'] };
    const modules = gradingModules({ 'engine/answer.ts': 'exports.x = 1;', 'engine/other.ts': 'exports.y = 2;' }, info, { [PATH]: 'exports.z = 3;' });
    expect(modules['engine/other.ts']).toBe('exports.y = 2;');
    expect(modules[PATH]).toBe('exports.z = 3;');
    expect(modules['engine/answer.ts']).toMatch(/^throw new Error\(.*reference solution of counter/);
  });
});

describe('workerCount', () => {
  it('uses two workers at most, and at least one', () => {
    expect([undefined, 0, 1, 2, 16].map(workerCount)).toEqual([1, 1, 1, 2, 2]);
  });
});
