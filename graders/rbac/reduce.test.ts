import { describe, expect, it } from 'vitest';
import { reducePolicy, type PolicySpec } from './reduce';

const spec: PolicySpec = {
  roles: [{ namespace: '', name: 'r', rules: [{ verbs: ['get'] }, { verbs: ['list'] }, { verbs: ['watch'] }] }],
  bindings: [
    { namespace: '', name: 'a', ref: { kind: 'ClusterRole', name: 'r' }, subjects: [{ kind: 'User', name: 'alice' }, { kind: 'User', name: 'bob' }] },
    { namespace: 'dev', name: 'b', ref: { kind: 'ClusterRole', name: 'r' }, subjects: [{ kind: 'User', name: 'carol' }] },
  ],
};

describe('reducePolicy', () => {
  it('drops every binding, subject and rule the failure does not need', () => {
    const needs = (p: PolicySpec) => p.bindings.some((b) => b.subjects.some((s) => s.name === 'bob')) && p.roles[0]!.rules.some((r) => r.verbs[0] === 'list');
    const small = reducePolicy(spec, needs);
    expect(small.bindings).toEqual([{ ...spec.bindings[0], subjects: [{ kind: 'User', name: 'bob' }] }]);
    expect(small.roles[0]!.rules).toEqual([{ verbs: ['list'] }]);
  });

  it('keeps the policy when nothing can go, and spends at most its tries', () => {
    let calls = 0;
    expect(reducePolicy(spec, () => (calls++, false))).toBe(spec);
    calls = 0;
    reducePolicy(spec, () => (calls++, true), 3);
    expect(calls).toBe(3);
  });
});
