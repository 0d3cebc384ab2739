import type { LimitRange } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { limitRanger, LIMIT_RANGER_ANNOTATION } from './limit_ranger';
import { answerOf, podWith, requestFor } from './testing';

function lr(name: string, limits: NonNullable<LimitRange['spec']>['limits']): LimitRange {
  return { apiVersion: 'v1', kind: 'LimitRange', metadata: { name, namespace: 'default' }, spec: { limits } };
}

function pluginWith(...lrs: LimitRange[]) {
  return limitRanger({ listLimitRanges: (_ns, done) => done(null, lrs) });
}

/** admitThenValidate runs the plugin as the chain does: admit, then validate. */
function run(plugin: ReturnType<typeof pluginWith>, a: ReturnType<typeof requestFor>) {
  const admitted = answerOf((d) => plugin.admit(a, d));
  if (admitted) return admitted;
  return answerOf((d) => plugin.validate(a, d));
}

const containerDefaults = lr('defaults', [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }]);

describe('LimitRanger defaults', () => {
  it('fills in missing limits and requests and records what it set', () => {
    const pod = podWith('web', [{ name: 'app' }]);
    const a = requestFor('CREATE', 'pods', 'default', pod);
    expect(run(pluginWith(containerDefaults), a)).toBeNull();
    const c = (pod.spec as { containers: { resources: unknown }[] }).containers[0];
    expect(c.resources).toEqual({ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } });
    expect(pod.metadata!.annotations![LIMIT_RANGER_ANNOTATION]).toBe(
      'LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app',
    );
  });

  it('keeps what the container set and fills only the rest', () => {
    const pod = podWith('web', [{ name: 'app', requests: { cpu: '50m' }, limits: { cpu: '2' } }]);
    run(pluginWith(containerDefaults), requestFor('CREATE', 'pods', 'default', pod));
    const c = (pod.spec as { containers: { resources: unknown }[] }).containers[0];
    expect(c.resources).toEqual({ limits: { cpu: '2', memory: '256Mi' }, requests: { cpu: '50m', memory: '128Mi' } });
  });

  it('defaults a missing default to max and a missing defaultRequest to the default, as the LimitRange defaulting does', () => {
    const pod = podWith('web', [{ name: 'app' }]);
    run(pluginWith(lr('max', [{ type: 'Container', max: { cpu: '1' } }])), requestFor('CREATE', 'pods', 'default', pod));
    expect((pod.spec as { containers: { resources: unknown }[] }).containers[0].resources).toEqual({ limits: { cpu: '1' }, requests: { cpu: '1' } });
  });

  it('applies defaults to init containers too', () => {
    const pod = podWith('web', [{ name: 'app', requests: { cpu: '1' }, limits: { cpu: '1', memory: '1Gi' } }], [{ name: 'setup' }]);
    run(pluginWith(containerDefaults), requestFor('CREATE', 'pods', 'default', pod));
    expect(pod.metadata!.annotations![LIMIT_RANGER_ANNOTATION]).toBe(
      'LimitRanger plugin set: memory request for container app; cpu, memory request for init container setup; cpu, memory limit for init container setup',
    );
  });

  it('leaves pod updates, subresources and other resources alone', () => {
    const plugin = pluginWith(containerDefaults);
    const pod = podWith('web', [{ name: 'app' }]);
    expect(run(plugin, requestFor('UPDATE', 'pods', 'default', pod))).toBeNull();
    expect(run(plugin, requestFor('CREATE', 'pods', 'default', pod, { subresource: 'status' }))).toBeNull();
    expect(pod.metadata!.annotations).toBeUndefined();
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    expect(run(plugin, requestFor('CREATE', 'configmaps', 'default', cm))).toBeNull();
  });
});

describe('LimitRanger bounds', () => {
  it('refuses a container limit above max with upstream text', () => {
    const pod = podWith('web', [{ name: 'app', requests: { cpu: '100m' }, limits: { cpu: '1' } }]);
    const err = run(pluginWith(lr('max', [{ type: 'Container', max: { cpu: '500m' } }])), requestFor('CREATE', 'pods', 'default', pod));
    expect(err?.code).toBe(403);
    expect(err?.message).toBe('pods "web" is forbidden: maximum cpu usage per Container is 500m, but limit is 1');
  });

  it('compares quantities by value, not as strings', () => {
    const plugin = pluginWith(lr('b', [{ type: 'Container', min: { memory: '64Mi' }, max: { cpu: '2', memory: '1Gi' } }]));
    const ok = podWith('web', [{ name: 'app', requests: { cpu: '900m', memory: '128Mi' }, limits: { cpu: '1500m', memory: '512Mi' } }]);
    expect(run(plugin, requestFor('CREATE', 'pods', 'default', ok))).toBeNull();
    const low = podWith('low', [{ name: 'app', requests: { cpu: '100m', memory: '100000' }, limits: { cpu: '1', memory: '1Gi' } }]);
    expect(run(plugin, requestFor('CREATE', 'pods', 'default', low))?.message).toBe(
      'pods "low" is forbidden: minimum memory usage per Container is 64Mi, but request is 100k',
    );
  });

  it('reports every violation, aggregated', () => {
    const pod = podWith('web', [{ name: 'app', requests: { cpu: '250m' }, limits: { cpu: '1' } }]);
    const plugin = pluginWith(lr('b', [{ type: 'Container', max: { cpu: '500m' }, maxLimitRequestRatio: { cpu: '2' } }]));
    expect(run(plugin, requestFor('CREATE', 'pods', 'default', pod))?.message).toBe(
      'pods "web" is forbidden: [maximum cpu usage per Container is 500m, but limit is 1, cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000]',
    );
  });

  it('enforces maxLimitRequestRatio, fractional ratios included', () => {
    const plugin = pluginWith(lr('r', [{ type: 'Container', maxLimitRequestRatio: { memory: '1500m' } }]));
    const ok = podWith('ok', [{ name: 'app', requests: { memory: '100Mi' }, limits: { memory: '150Mi' } }]);
    expect(run(plugin, requestFor('CREATE', 'pods', 'default', ok))).toBeNull();
    const over = podWith('over', [{ name: 'app', requests: { memory: '100Mi' }, limits: { memory: '151Mi' } }]);
    expect(run(plugin, requestFor('CREATE', 'pods', 'default', over))?.message).toBe(
      'pods "over" is forbidden: memory max limit to request ratio per Container is 1500m, but provided ratio is 1.510000',
    );
    const none = podWith('none', [{ name: 'app', limits: { memory: '151Mi' } }]);
    expect(run(plugin, requestFor('CREATE', 'pods', 'default', none))?.message).toBe(
      'pods "none" is forbidden: memory max limit to request ratio per Container is 1500m, but no request is specified or request is 0',
    );
  });

  it('says when a bounded resource is not specified at all', () => {
    const pod = podWith('web', [{ name: 'app' }]);
    const plugin = pluginWith(lr('b', [{ type: 'Pod', max: { cpu: '2' }, min: { memory: '1Mi' } }]));
    expect(run(plugin, requestFor('CREATE', 'pods', 'default', pod))?.message).toBe(
      'pods "web" is forbidden: [minimum memory usage per Pod is 1Mi.  No request is specified, maximum cpu usage per Pod is 2.  No limit is specified]',
    );
  });

  it('bounds the pod by the sum of its containers, or a larger init container', () => {
    const plugin = pluginWith(lr('p', [{ type: 'Pod', max: { cpu: '2' } }]));
    const two = podWith('two', [
      { name: 'a', requests: { cpu: '1' }, limits: { cpu: '1200m' } },
      { name: 'b', requests: { cpu: '500m' }, limits: { cpu: '1' } },
    ]);
    expect(run(plugin, requestFor('CREATE', 'pods', 'default', two))?.message).toBe(
      'pods "two" is forbidden: maximum cpu usage per Pod is 2, but limit is 2200m',
    );
    const init = podWith('init', [{ name: 'a', requests: { cpu: '1' }, limits: { cpu: '1' } }], [{ name: 'i', requests: { cpu: '1' }, limits: { cpu: '3' } }]);
    expect(run(plugin, requestFor('CREATE', 'pods', 'default', init))?.message).toBe('pods "init" is forbidden: maximum cpu usage per Pod is 2, but limit is 3');
  });

  it('validates after defaulting, so defaults are bounded too', () => {
    const plugin = pluginWith(lr('d', [{ type: 'Container', default: { cpu: '1' }, defaultRequest: { cpu: '1' }, max: { cpu: '500m' } }]));
    const pod = podWith('web', [{ name: 'app' }]);
    expect(run(plugin, requestFor('CREATE', 'pods', 'default', pod))?.message).toBe(
      'pods "web" is forbidden: maximum cpu usage per Container is 500m, but limit is 1',
    );
  });

  it('names a pod with generateName by its prefix', () => {
    const pod = podWith('', [{ name: 'app', requests: { cpu: '1' }, limits: { cpu: '1' } }]);
    pod.metadata = { generateName: 'web-', namespace: 'default' };
    const err = run(pluginWith(lr('m', [{ type: 'Container', max: { cpu: '500m' } }])), requestFor('CREATE', 'pods', 'default', pod));
    expect(err?.message).toBe('pods "web-" is forbidden: maximum cpu usage per Container is 500m, but limit is 1');
  });

  it('bounds the storage a claim requests', () => {
    const plugin = pluginWith(lr('s', [{ type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '10Gi' } }]));
    const pvc = (name: string, storage: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { resources: { requests: { storage } } } });
    expect(run(plugin, requestFor('CREATE', 'persistentvolumeclaims', 'default', pvc('ok', '5Gi')))).toBeNull();
    expect(run(plugin, requestFor('CREATE', 'persistentvolumeclaims', 'default', pvc('big', '20Gi')))?.message).toBe(
      'persistentvolumeclaims "big" is forbidden: maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi',
    );
    expect(run(plugin, requestFor('UPDATE', 'persistentvolumeclaims', 'default', pvc('small', '500Mi')))?.message).toBe(
      'persistentvolumeclaims "small" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi',
    );
  });

  it('passes a lister error through', () => {
    const plugin = limitRanger({ listLimitRanges: (_ns, done) => done(Object.assign(new Error('boom'), { name: 'StatusError' }) as never, []) });
    expect(answerOf((d) => plugin.admit(requestFor('CREATE', 'pods', 'default', podWith('w', [{ name: 'a' }])), d))?.message).toBe('boom');
  });
});
