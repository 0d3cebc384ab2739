/**
 * The plugins of this folder in the assembled API server (createApiServer
 * through handler/testing's testCluster): defaults, bounds, quota and the
 * service account's token volume, seen as a client sees them.
 */
import type { LimitRange, ResourceQuota, ServiceAccount } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng';
import { testCluster, type TestCluster } from '../handler/testing';
import type { KubeObject } from '../object';
import { limitRanger } from './limit_ranger';
import { resourceQuota } from './resource_quota';
import { serviceAccount } from './service_account';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function cluster(): TestCluster {
  let c: TestCluster | undefined;
  const storage = (plural: string) => {
    const asm = c!.asm;
    return asm.storageFor(asm.registry.lookup('', 'v1', plural)!);
  };
  const list = <T>(plural: string) => (ns: string, done: (err: null, items: T[]) => void) => {
    // testCluster creates the default namespaces before it returns: nothing is limited yet.
    if (!c) return done(null, []);
    const st = storage(plural);
    st.getList(st.prefixFor(ns), {}, (err, res) => (err ? done(err as never, []) : done(null, (res?.items ?? []) as T[])));
  };
  const limits = limitRanger({ listLimitRanges: list<LimitRange>('limitranges') });
  c = testCluster({
    backend: 'etcd',
    admission: {
      mutating: [
        limits,
        serviceAccount({
          rng: new Rng('sa'),
          getServiceAccount: (ns, name, done) => {
            const st = storage('serviceaccounts');
            st.get(st.keyFor(ns, name), { ignoreNotFound: true }, (err, sa) => done(err, (sa ?? null) as ServiceAccount | null));
          },
        }),
      ],
      validating: [
        limits,
        resourceQuota({
          listQuotas: list<ResourceQuota>('resourcequotas'),
          updateQuotaStatus: (quota, done) => {
            const st = storage('resourcequotas');
            st.guaranteedUpdate(
              st.keyFor(quota.metadata!.namespace, quota.metadata!.name!),
              { preconditions: { resourceVersion: quota.metadata!.resourceVersion } },
              (cur) => ({ ...cur!, status: quota.status }),
              (err, updated) => done(err, (updated ?? null) as ResourceQuota | null),
            );
          },
        }),
      ],
    },
  });
  return c;
}

const pod = (name: string, resources?: Any): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'app', image: 'nginx', ...(resources ? { resources } : {}) }] } });

describe('admission plugins in the API server', () => {
  it('defaults, bounds, quota and the token volume, as kubectl would see them', () => {
    const c = cluster();
    expect(c.call('POST', '/api/v1/namespaces/default/serviceaccounts', { body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } } }).status).toBe(201);
    const lr: LimitRange = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'limits' }, spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' }, max: { cpu: '1' } }] } };
    expect(c.call('POST', '/api/v1/namespaces/default/limitranges', { body: lr }).status).toBe(201);
    const quota: ResourceQuota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { pods: '2', 'limits.cpu': '1' } } };
    expect(c.call('POST', '/api/v1/namespaces/default/resourcequotas', { body: quota }).status).toBe(201);

    const web = c.call('POST', '/api/v1/namespaces/default/pods', { body: pod('web') });
    expect(web.status).toBe(201);
    const spec = (web.body as Any).spec;
    expect(spec.containers[0].resources).toEqual({ limits: { cpu: '500m' }, requests: { cpu: '100m' } });
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.volumes[0].name).toMatch(/^kube-api-access-/);

    const big = c.call('POST', '/api/v1/namespaces/default/pods', { body: pod('big', { limits: { cpu: '2' } }) });
    expect(big.status).toBe(403);
    expect((big.body as Any).message).toBe('pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2');

    const over = c.call('POST', '/api/v1/namespaces/default/pods', { body: pod('over', { limits: { cpu: '600m' } }) });
    expect(over.status).toBe(403);
    expect((over.body as Any).message).toBe('pods "over" is forbidden: exceeded quota: q, requested: limits.cpu=600m, used: limits.cpu=500m, limited: limits.cpu=1');

    const q = c.call('GET', '/api/v1/namespaces/default/resourcequotas/q').body as ResourceQuota;
    expect(q.status?.used).toEqual({ 'limits.cpu': '500m', pods: '1' });
  });

  it('refuses a pod whose service account does not exist', () => {
    const c = cluster();
    const res = c.call('POST', '/api/v1/namespaces/default/pods', { body: pod('web') });
    expect(res.status).toBe(403);
    expect((res.body as Any).message).toBe('pods "web" is forbidden: error looking up service account default/default: serviceaccount "default" not found');
  });
});
