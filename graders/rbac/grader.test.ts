import { describe, expect, it } from 'vitest';
import { compileLabSources } from '../../cli/lib/compile';
import { engineModules } from '../../cli/lib/modules';
import { authorize } from '../../engine/apiserver/auth/rbac/authorize';
import { learnerModules } from '../core/modules';
import { localRealm } from '../core/realm/local';
import { generationSeed, listScenarios, sampleHidden } from '../core/scenarios';
import { PROPERTIES } from './checks';
import { rbac } from './grader';
import { attributesOf, policyOf, reviewOf } from './scenario';
import { grade, readRepoFile, referenceMap, starterMap } from './testing';

const SEEDS = Array.from({ length: 50 }, (_, i) => String(i + 1));
const properties = new Set<string>(Object.values(PROPERTIES));

describe('the rbac grader', () => {
  it('passes the reference on 50 seeds', { timeout: 240_000 }, () => {
    const modules = referenceMap();
    for (const seed of SEEDS) {
      const failed = grade(modules, { seed, maxShrinkRuns: 0 }).filter((r) => !r.passed);
      expect(failed.map((r) => `seed ${seed} ${r.id}: ${r.message}`)).toEqual([]);
    }
  });

  it('fails the starter on every scenario, at the TODO it threw, on the learner’s line, with the request asked', { timeout: 60_000 }, () => {
    const results = grade(starterMap(), { seed: '1', maxShrinkRuns: 0 });
    expect(results.some((r) => r.passed)).toBe(false);
    const lines = readRepoFile('labs/rbac/rbac.ts').split('\n');
    const line = lines.findIndex((l) => l.includes('throw new Error(`authorize is not implemented yet')) + 1;
    const column = lines[line - 1]!.indexOf('new Error') + 1;
    for (const r of results.filter((x) => x.visible)) {
      expect(r.property).toBe('no-exceptions');
      expect(r.message).toMatch(/^your code threw Error: authorize is not implemented yet .*\(deciding: can \S+ \w+ .*\?\)/);
      expect(r.message).toContain(`(at labs/rbac/rbac.ts:${line}:${column})`);
    }
  });

  it('gives the same results and reproductions for the same seed', { timeout: 60_000 }, () => {
    const starter = starterMap();
    expect(grade(starter, { seed: '7' })).toEqual(grade(starter, { seed: '7' }));
    const reference = referenceMap();
    expect(grade(reference, { seed: '8' })).toEqual(grade(reference, { seed: '8' }));
  });

  it('asks, in every family, requests the reference allows and requests it does not', () => {
    for (const f of rbac.families) {
      let allowed = 0;
      let refused = 0;
      for (let i = 1; i <= 10; i++) {
        const s = sampleHidden(f.arbitrary, generationSeed(String(i), `${f.name}-1`));
        const policy = policyOf(s);
        for (const r of s.requests) (authorize(policy, attributesOf(r, s)).decision === 'Allow' ? allowed++ : refused++);
      }
      expect(allowed, f.name).toBeGreaterThan(10);
      expect(refused, f.name).toBeGreaterThan(10);
    }
  });

  it('generates each family with what it is about', () => {
    const has: Record<string, (s: ReturnType<typeof sampleHidden<import('./scenario').RbacScenario>>) => boolean> = {
      'service-accounts': (s) => s.bindings.some((b) => b.subjects.some((x) => x.kind === 'ServiceAccount')),
      wildcards: (s) => s.roles.some((r) => r.rules.some((x) => [...x.verbs, ...(x.apiGroups ?? []), ...(x.resources ?? [])].includes('*'))),
      'resource-names': (s) => s.roles.some((r) => r.rules.some((x) => (x.resourceNames ?? []).length > 0)),
      subresources: (s) => s.roles.some((r) => r.rules.some((x) => (x.resources ?? []).some((y) => y.includes('/')))),
      'non-resource-urls': (s) => s.roles.some((r) => r.rules.some((x) => (x.nonResourceURLs ?? []).length > 0)),
      'missing-roles': (s) => s.bindings.some((b) => b.ref.name === 'gone'),
      'rules-for': (s) => s.reviews.length > 0,
    };
    for (const f of rbac.families) {
      const want = has[f.name];
      if (!want) continue;
      const hits = Array.from({ length: 20 }, (_, i) => want(sampleHidden(f.arbitrary, generationSeed(String(i + 1), `${f.name}-1`)))).filter(Boolean).length;
      expect(hits, f.name).toBeGreaterThanOrEqual(12);
    }
  });

  it('resolves every aimed request and review of a scenario to a question about its users', () => {
    const s = sampleHidden(rbac.families.find((f) => f.name === 'mixed')!.arbitrary, generationSeed('3', 'mixed-1'));
    for (const r of s.requests) expect(attributesOf(r, s).user.username).toMatch(/^(alice|bob|carol|dave|system:serviceaccount:\w+:\w+)$/);
    for (const r of s.reviews) expect(['dev', 'prod', 'ops']).toContain(reviewOf(r, s).namespace);
  });

  it('lists examples first, then the hidden families, with unique ids', () => {
    const ids = listScenarios(rbac).map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, rbac.examples.length)).toEqual(rbac.examples.map((e) => e.id));
    expect(rbac.examples.length).toBeGreaterThanOrEqual(3);
  });

  it('names only its own properties (and the runner’s) when the starter fails', { timeout: 60_000 }, () => {
    for (const r of grade(starterMap(), { seed: '2', maxShrinkRuns: 0 })) {
      expect(properties.has(r.property!) || r.property === 'no-exceptions').toBe(true);
    }
  });
});

describe('the lab boundary', () => {
  const lab = rbac.info;
  const learner = (text: string) => {
    const path = 'labs/rbac/rbac.ts';
    return { ...learnerModules(engineModules(), lab), ...compileLabSources([{ path, displayPath: path, text }]) };
  };

  it('refuses lab code that re-exports the reference', () => {
    const [first] = grade(learner("export { authorize, rulesFor } from '../../engine/apiserver/auth/rbac/authorize';\n"), { seed: '1', only: ['view-in-dev'] });
    expect(first!.passed).toBe(false);
    expect(first!.message).toContain('engine/apiserver/auth/rbac/authorize.ts is part of the reference solution of rbac');
  });

  it('refuses lab code that takes the engine entry, which wires in the reference', () => {
    const [first] = grade(learner("export { authorize, rulesFor } from '../../engine/apiserver/auth/rbac';\n"), { seed: '1', only: ['view-in-dev'] });
    expect(first!.message).toContain('is part of the reference solution of rbac');
  });

  it('lets lab code use the types, the builders and the bootstrap policy', () => {
    const text = [
      "import type { Attributes, AuthorizerResult, UserInfo } from '../../engine/apiserver/auth/types';",
      "import type { Policy, SubjectRulesReviewStatus } from '../../engine/apiserver/auth/rbac/types';",
      "import { bootstrapClusterRoles } from '../../engine/apiserver/auth/rbac/bootstrap';",
      'export function authorize(policy: Policy, a: Attributes): AuthorizerResult {',
      "  return { decision: 'NoOpinion', reason: String(bootstrapClusterRoles().length + policy.roles.length + a.verb.length) };",
      '}',
      'export function rulesFor(_p: Policy, _u: UserInfo, _ns: string): SubjectRulesReviewStatus {',
      '  return { resourceRules: [], nonResourceRules: [], incomplete: false };',
      '}',
    ].join('\n');
    const [first] = grade(learner(text), { seed: '1', only: ['view-in-dev'] });
    expect(first!.passed).toBe(false);
    expect(first!.property).not.toBe('no-exceptions');
  });

  it('loads the inside module without any solution module', () => {
    const realm = localRealm().binaryData(false).load(starterMap());
    const driver = realm.create('graders/rbac/inside.ts', 'start', policyOf({ roles: [], bindings: [] }));
    expect(() => driver.call('rulesFor', { username: 'alice', groups: [] }, 'dev')).toThrow(/rulesFor is not implemented yet/);
  });
});
