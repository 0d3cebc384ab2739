import type { ResourceQuota } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { checkChangedInValidation, checkDefaults, checkNamespaces, checkNeverExceeded, checkBounds, checkTexts, checkUsageAccurate, expectedFor, violations } from './checks';
import { objectOf, type Answer, type Outcome } from './inside.driver';
import type { AdmissionScenario, Request } from './scenario';

const pod = (name: string, containers: Request['containers'] = [{ name: 'app', requests: { cpu: '100m' }, limits: { cpu: '100m' } }], namespace = 'team'): Request => ({ resource: 'pods', namespace, name, containers });

function scenario(waves: Request[][], extra: Partial<AdmissionScenario> = {}): AdmissionScenario {
  return { namespaces: [{ name: 'team', terminating: false }], limitRanges: [], quotas: [], waves, ...extra };
}

/** outcome builds an outcome: created requests are stored (with the given stored objects overriding). */
function outcome(s: AdmissionScenario, answers: Partial<Answer>[], extra: Partial<Outcome> = {}): Outcome {
  const reqs = s.waves.flat();
  const full = reqs.map((r, i) => ({ wave: 0, resource: r.resource, namespace: r.namespace, name: r.name, code: 201, reason: '', message: '', ...answers[i] }));
  const stored = reqs
    .filter((_r, i) => full[i].code === 201)
    .map((r) => {
      const object = objectOf(r);
      object.metadata = { ...object.metadata, namespace: r.namespace };
      return { resource: r.resource, namespace: r.namespace, name: r.name, object };
    });
  return { answers: full, stored, quotas: [], conflicts: 0, steps: 1, ...extra };
}

const quota = (used: Record<string, string>, hard: Record<string, string> = { pods: '2' }): ResourceQuota => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'objects', namespace: 'team' }, spec: { hard }, status: { hard, used } });

describe('admission checks', () => {
  it('namespace-missing: a create in a namespace that does not exist must be a 404', () => {
    const s = scenario([[pod('web', undefined, 'ghost')]]);
    const r = checkNamespaces(s, outcome(s, [{ code: 201 }]), 'missing');
    expect(r).toMatchObject({ valid: false, property: 'namespace-missing' });
    expect(r.valid === false && r.message).toContain('namespaces "ghost" not found');
    expect(checkNamespaces(s, outcome(s, [{ code: 404, message: 'namespaces "ghost" not found' }]), 'missing').valid).toBe(true);
  });

  it('namespace-terminating: every resource is refused in a Terminating namespace', () => {
    const s = scenario([[{ resource: 'configmaps', namespace: 'closing', name: 'cm' }]], { namespaces: [{ name: 'closing', terminating: true }] });
    expect(expectedFor(s, s.waves[0][0])).toMatchObject({ code: 403, message: 'configmaps "cm" is forbidden: unable to create new content in namespace closing because it is being terminated' });
    expect(checkNamespaces(s, outcome(s, [{ code: 201 }]), 'terminating')).toMatchObject({ valid: false, property: 'namespace-terminating' });
  });

  it('mutating-before-validating: an object changed during validation is named with its plugin', () => {
    const s = scenario([[pod('web')]]);
    const r = checkChangedInValidation(s, outcome(s, [{ code: 201, changedInValidation: 'LimitRanger' }]));
    expect(r).toMatchObject({ valid: false, property: 'mutating-before-validating' });
    expect(r.valid === false && r.message).toContain('LimitRanger changed the object during validating admission');
  });

  it('limit-defaults: a stored pod without the defaults fails; values are compared by quantity', () => {
    const s = scenario([[pod('web', [{ name: 'app' }])]], { limitRanges: [{ namespace: 'team', name: 'limits', limits: [{ type: 'Container', default: { cpu: '1' }, defaultRequest: { cpu: '100m' } }] }] });
    const o = outcome(s, [{ code: 201 }]);
    expect(checkDefaults(s, o)).toMatchObject({ valid: false, property: 'limit-defaults' });
    (o.stored[0].object.spec as { containers: { resources: unknown }[] }).containers[0].resources = { limits: { cpu: '1000m' }, requests: { cpu: '0.1' } };
    expect(checkDefaults(s, o).valid).toBe(true);
  });

  it('limit-bounds: an admitted pod over max fails, and so does a refusal that names other bounds', () => {
    const s = scenario([[pod('big', [{ name: 'app', requests: { cpu: '1' }, limits: { cpu: '2' } }])]], { limitRanges: [{ namespace: 'team', name: 'limits', limits: [{ type: 'Container', max: { cpu: '500m' } }] }] });
    expect(checkBounds(s, outcome(s, [{ code: 201 }]))).toMatchObject({ valid: false, property: 'limit-bounds' });
    const onlyRequest = 'pods "big" is forbidden: maximum cpu usage per Container is 500m, but request is 1';
    expect(checkBounds(s, outcome(s, [{ code: 403, message: onlyRequest }]))).toMatchObject({ valid: false, property: 'limit-bounds' });
    const rightBoundsWrongText = 'pods "big" is forbidden: maximum cpu usage per Container is 500m, but limit is 2000m';
    expect(checkBounds(s, outcome(s, [{ code: 403, message: rightBoundsWrongText }])).valid).toBe(true);
    expect(checkTexts(s, outcome(s, [{ code: 403, message: rightBoundsWrongText }]))).toMatchObject({ valid: false, property: 'error-texts' });
  });

  it('violations splits an aggregate at each violation', () => {
    expect(violations('pods "w" is forbidden: [minimum cpu usage per Pod is 1.  No request is specified, cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000]')).toEqual([
      'minimum cpu usage per Pod is 1.  No request is specified',
      'cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000',
    ]);
  });

  it('quota-never-exceeded: more stored than hard fails, naming what is stored', () => {
    const s = scenario([[pod('a'), pod('b'), pod('c')]], { quotas: [{ namespace: 'team', name: 'objects', hard: { pods: '2' } }] });
    const r = checkNeverExceeded(s, outcome(s, [{}, {}, {}]));
    expect(r).toMatchObject({ valid: false, property: 'quota-never-exceeded' });
    expect(r.valid === false && r.message).toContain('the pods stored (a, b, c) use pods=3');
  });

  it('quota-usage-accurate: status.used must match what is stored, and no refusal while there was room', () => {
    const s = scenario([[pod('a'), pod('b')]], { quotas: [{ namespace: 'team', name: 'objects', hard: { pods: '2' } }] });
    const exceeded = 'pods "b" is forbidden: exceeded quota: objects, requested: pods=1, used: pods=2, limited: pods=2';
    expect(checkUsageAccurate(s, outcome(s, [{}, {}], { quotas: [quota({ pods: '1' })] }))).toMatchObject({ valid: false, property: 'quota-usage-accurate' });
    expect(checkUsageAccurate(s, outcome(s, [{}, {}], { quotas: [quota({ pods: '2' })] })).valid).toBe(true);
    const refused = checkUsageAccurate(s, outcome(s, [{}, { code: 403, message: exceeded }], { quotas: [quota({ pods: '1' })] }));
    expect(refused).toMatchObject({ valid: false, property: 'quota-usage-accurate' });
    expect(refused.valid === false && refused.message).toContain('the quota had room for it');
    const conflict = checkUsageAccurate(s, outcome(s, [{}, { code: 409, reason: 'Conflict', message: 'Operation cannot be fulfilled on resourcequotas "objects": the object has been modified; please apply your changes to the latest version and try again' }], { quotas: [quota({ pods: '1' })] }));
    expect(conflict).toMatchObject({ valid: false, property: 'quota-usage-accurate' });
  });

  it('error-texts: an exceeded-quota refusal shows the usage before the request', () => {
    const s = scenario([[pod('a'), pod('b'), pod('c')]], { quotas: [{ namespace: 'team', name: 'objects', hard: { pods: '2' } }] });
    const good = 'pods "c" is forbidden: exceeded quota: objects, requested: pods=1, used: pods=2, limited: pods=2';
    const after = 'pods "c" is forbidden: exceeded quota: objects, requested: pods=1, used: pods=3, limited: pods=2';
    expect(checkTexts(s, outcome(s, [{}, {}, { code: 403, message: good }])).valid).toBe(true);
    expect(checkTexts(s, outcome(s, [{}, {}, { code: 403, message: after }]))).toMatchObject({ valid: false, property: 'error-texts' });
  });
});
