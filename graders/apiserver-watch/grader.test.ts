import { describe, expect, it } from 'vitest';
import { compileLabSources } from '../../cli/lib/compile';
import { engineModules } from '../../cli/lib/modules';
import { learnerModules } from '../core/modules';
import { generationSeed, listScenarios, sampleHidden } from '../core/scenarios';
import { PROPERTIES } from './checks';
import { apiserverWatch, judge } from './grader';
import { grade, readRepoFile, referenceMap, starterMap } from './testing';

const SEEDS = Array.from({ length: 50 }, (_, i) => String(i + 1));
const properties = new Set<string>(Object.values(PROPERTIES));

describe('the apiserver-watch grader', () => {
  it('passes the reference on 50 seeds', { timeout: 400_000 }, () => {
    const modules = referenceMap();
    for (const seed of SEEDS) {
      const failed = grade(modules, { seed, maxShrinkRuns: 0 }).filter((r) => !r.passed);
      expect(failed.map((r) => `seed ${seed} ${r.id}: ${r.message}`)).toEqual([]);
    }
  });

  it('fails the starter on every scenario, at the learner’s own line', { timeout: 120_000 }, () => {
    const results = grade(starterMap(), { seed: '1', maxShrinkRuns: 0 });
    expect(results.some((r) => r.passed)).toBe(false);
    const lines = readRepoFile('labs/apiserver-watch/store.ts').split('\n');
    const line = lines.findIndex((l) => l.includes('throw new Error(`watch(')) + 1;
    for (const r of results.filter((x) => x.visible)) {
      expect(r.property).toBe('no-exceptions');
      expect(r.message).toMatch(/^your code threw Error: watch\(\/registry\/configmaps\/default\/, \d+\) is not implemented yet/);
      expect(r.message).toContain(`(at labs/apiserver-watch/store.ts:${line}:`);
    }
  });

  it('gives the same results and reproductions for the same seed', { timeout: 120_000 }, () => {
    const starter = starterMap();
    expect(grade(starter, { seed: '7', only: ['racing-increments', 'mixed-1'] })).toEqual(grade(starter, { seed: '7', only: ['racing-increments', 'mixed-1'] }));
    const reference = referenceMap();
    expect(grade(reference, { seed: '8' })).toEqual(grade(reference, { seed: '8' }));
  });

  it('generates every hidden family with the steps it is about', () => {
    const wants: Record<string, (steps: string[]) => boolean> = {
      'concurrent-updates': (s) => s.filter((x) => x === 'increment').length >= 2 && s.includes('stale'),
      'watch-resume': (s) => s.includes('watch') && s.includes('progress') && s.includes('reconnect'),
      compaction: (s) => s.includes('disconnect') && s.includes('compact') && s.includes('reconnect'),
      replicated: (s) => s.includes('watch'),
    };
    for (const f of apiserverWatch.families) {
      const want = wants[f.name];
      if (!want) continue;
      for (let i = 1; i <= 20; i++) {
        const s = sampleHidden(f.arbitrary, generationSeed(String(i), `${f.name}-1`));
        expect(want(s.steps.map((x) => x.do)), `${f.name} seed ${i}`).toBe(true);
        if (f.name === 'replicated') expect(s.etcd === 'cluster' && s.faults.length > 0).toBe(true);
      }
    }
  });

  it('judges a run cut short as bounded when no check names a mistake first', () => {
    const h = { changes: [], updates: [], sessions: [], compactions: [], finalRevision: 1, historyComplete: true, endAt: 5, aborted: 'the simulation ran 50000 steps' };
    expect(judge(h)).toMatchObject({ passed: false, property: 'bounded' });
    expect(judge({ ...h, aborted: undefined })).toMatchObject({ passed: true });
  });

  it('lists examples first, then the hidden families, with unique ids', () => {
    const ids = listScenarios(apiserverWatch).map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, apiserverWatch.examples.length)).toEqual(apiserverWatch.examples.map((e) => e.id));
    expect(apiserverWatch.examples.length).toBeGreaterThanOrEqual(3);
  });

  it('names only its own properties (and the runner’s) when a solution fails', { timeout: 60_000 }, () => {
    for (const r of grade(starterMap(), { seed: '2', maxShrinkRuns: 0, only: ['racing-increments', 'concurrent-updates-1'] })) {
      expect(properties.has(r.property!) || r.property === 'no-exceptions').toBe(true);
    }
  });
});

describe('the lab boundary', () => {
  const lab = apiserverWatch.info;
  const learner = (text: string) => {
    const path = 'labs/apiserver-watch/store.ts';
    return { ...learnerModules(engineModules(), lab), ...compileLabSources([{ path, displayPath: path, text }]) };
  };

  it('refuses lab code that re-exports the reference', () => {
    const [first] = grade(learner("export { newStore } from '../../engine/apiserver/storage/versioned/store';\n"), { seed: '1', only: ['racing-increments'] });
    expect(first!.passed).toBe(false);
    expect(first!.message).toContain('engine/apiserver/storage/versioned/store.ts is part of the reference solution of apiserver-watch');
  });

  it('refuses lab code that borrows the API server’s own storage', () => {
    const text = "import { Etcd3Store } from '../../engine/apiserver/storage/etcd3/store';\nexport const newStore = () => Etcd3Store as never;\n";
    const [first] = grade(learner(text), { seed: '1', only: ['racing-increments'] });
    expect(first!.message).toContain('engine/apiserver/storage/etcd3/store.ts is part of the reference solution of apiserver-watch');
  });
});
