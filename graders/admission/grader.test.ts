import { describe, expect, it } from 'vitest';
import { generationSeed, sampleHidden } from '../core/scenarios';
import { localRealm } from '../core/realm/local';
import { admission } from './grader';
import { PROPERTIES } from './checks';
import { runScenario } from './inside.driver';
import type { AdmissionScenario } from './scenario';
import * as reference from '../../engine/apiserver/admission/plugins';
import { grade, referenceMap, starterMap } from './testing';

const SEEDS = Array.from({ length: 50 }, (_, i) => String(i + 1));
const properties = new Set<string>(Object.values(PROPERTIES));

describe('the admission grader', () => {
  it('passes the reference on 50 seeds', { timeout: 600_000 }, () => {
    const modules = referenceMap();
    for (const seed of SEEDS) {
      const failed = grade(modules, { seed, maxShrinkRuns: 0 }).filter((r) => !r.passed);
      expect(failed.map((r) => `seed ${seed} ${r.id}: ${r.message}`)).toEqual([]);
    }
  });

  it('fails the starter on every scenario, naming a property and the TODO it threw', { timeout: 120_000 }, () => {
    const results = grade(starterMap(), { seed: '1', maxShrinkRuns: 0 });
    expect(results.filter((r) => r.passed).map((r) => r.id)).toEqual([]);
    for (const r of results) {
      expect(properties.has(r.property!), `${r.id}: ${r.property}`).toBe(true);
      expect(r.message).toMatch(/is not implemented yet/);
    }
  });

  it('gives the same results and reproductions for the same seed', { timeout: 120_000 }, () => {
    const reference = referenceMap();
    expect(grade(reference, { seed: '8', maxShrinkRuns: 0 })).toEqual(grade(reference, { seed: '8', maxShrinkRuns: 0 }));
    const starter = starterMap();
    const only = ['quota-races-1', 'limit-bounds-1'];
    expect(grade(starter, { seed: '7', only })).toEqual(grade(starter, { seed: '7', only }));
  });

  it('makes creates race: quota writes lose to each other in the quota families', () => {
    let conflicts = 0;
    let refusedForQuota = 0;
    for (const family of admission.families.filter((f) => f.name.startsWith('quota'))) {
      for (let i = 1; i <= 10; i++) {
        const s = sampleHidden(family.arbitrary, generationSeed(String(i), `${family.name}-1`));
        const o = runScenario(s, reference, String(i));
        conflicts += o.conflicts;
        refusedForQuota += o.answers.filter((a) => a.message.includes('exceeded quota')).length;
      }
    }
    expect(conflicts).toBeGreaterThan(10);
    expect(refusedForQuota).toBeGreaterThan(10);
  });

  it('generates every hidden family with what it is about', () => {
    const about: Record<string, (s: AdmissionScenario) => boolean> = {
      'limit-defaults': (s) => s.limitRanges.some((l) => l.limits.some((i) => i.default || i.defaultRequest)),
      'limit-bounds': (s) => s.limitRanges.some((l) => l.limits.some((i) => i.min || i.max || i.maxLimitRequestRatio)),
      'quota-races': (s) => s.quotas.length > 0 && s.waves.some((w) => w.length > 1),
      'quota-compute': (s) => s.quotas.some((q) => Object.keys(q.hard).some((k) => k.includes('.'))),
      namespaces: (s) => s.waves.flat().some((r) => r.namespace !== 'team'),
    };
    for (const f of admission.families) {
      const want = about[f.name];
      if (!want) continue;
      const hits = Array.from({ length: 20 }, (_, i) => sampleHidden(f.arbitrary, generationSeed(String(i + 1), `${f.name}-1`))).filter(want).length;
      expect(hits, f.name).toBeGreaterThanOrEqual(15);
    }
  });

  it('admits exactly the quota in the visible race, whatever the interleaving', () => {
    const race = admission.examples.find((e) => e.id === 'quota-race')!.data;
    for (const seed of ['1', '2', '3', '4', '5']) {
      const o = runScenario(race, reference, seed);
      expect(o.answers.filter((a) => a.resource === 'pods' && a.code === 201)).toHaveLength(3);
      expect(o.quotas[0].status?.used).toEqual({ configmaps: '1', pods: '3' });
    }
  });

  it('runs in a realm as well as outside it', () => {
    const realm = localRealm().load(referenceMap());
    const data = admission.examples[0].data;
    expect(realm.create('graders/admission/inside.ts', 'start').call('play', data, '1')).toEqual(JSON.parse(JSON.stringify(runScenario(data, reference, '1'))));
  });
});
