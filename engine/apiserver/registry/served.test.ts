import { describe, expect, it } from 'vitest';
import { METRIC_SPECS_ANNOTATION } from '../conversion/autoscaling';
import { openApiRoot } from '../discovery/openapi';
import { testCluster, type TestCluster } from '../handler/testing';
import { authorize } from '../auth/rbac';
import { newConflict } from '../errors';
import type { KubeObject, ResourceStorage, WatchEvent } from '../storage/types';
import { Registry } from './registry';
import { convertingStorage } from './served';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const body = (r: { body: unknown }) => r.body as Body;

const V1 = '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers';
const V2 = '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers';
const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const TABLE = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' };
const MERGE = { 'content-type': 'application/merge-patch+json' };
const cpu = (averageUtilization: number) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } } });
const memory = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } };

const hpaV1 = (name: string, spec: Body = {}) => ({
  apiVersion: 'autoscaling/v1',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name },
  spec: { scaleTargetRef: ref, maxReplicas: 5, ...spec },
});

function stored(c: TestCluster, name: string): Body {
  let value = '';
  c.kv.range({ key: `/registry/horizontalpodautoscalers/default/${name}` }, (_e, r) => (value = r?.kvs[0]?.value ?? ''));
  c.settle();
  return JSON.parse(value) as Body;
}

describe('a resource served at two versions over one stored object', () => {
  it('stores a v1 create at v2 and serves it at both versions', () => {
    const c = testCluster({ backend: 'etcd' });
    const created = c.call('POST', V1, { body: hpaV1('web', { targetCPUUtilizationPercentage: 60 }) });
    expect(created.status).toBe(201);
    expect(body(created)).toMatchObject({ apiVersion: 'autoscaling/v1', spec: { minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 60 } });
    const raw = stored(c, 'web');
    expect([raw.apiVersion, raw.spec.metrics, raw.spec.targetCPUUtilizationPercentage]).toEqual(['autoscaling/v2', [cpu(60)], undefined]);
    // managedFields record the version the client wrote at.
    expect(raw.metadata.managedFields[0].apiVersion).toBe('autoscaling/v1');
    const asV2 = body(c.call('GET', `${V2}/web`));
    expect([asV2.apiVersion, asV2.spec.metrics, asV2.metadata.resourceVersion]).toEqual(['autoscaling/v2', [cpu(60)], body(created).metadata.resourceVersion]);
    const list = body(c.call('GET', V1));
    expect([list.kind, list.apiVersion, list.items.map((i: Body) => [i.apiVersion, i.spec.targetCPUUtilizationPercentage])]).toEqual([
      'HorizontalPodAutoscalerList', 'autoscaling/v1', [['autoscaling/v1', 60]],
    ]);
  });

  it('keeps v2-only metrics through a v1 merge patch, and the v1 metric through a v2 one', () => {
    const c = testCluster();
    c.call('POST', V2, { body: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: ref, maxReplicas: 5, metrics: [memory, cpu(50)] } } });
    const v1 = body(c.call('GET', `${V1}/web`));
    expect(v1.spec.targetCPUUtilizationPercentage).toBe(50);
    expect(JSON.parse(v1.metadata.annotations[METRIC_SPECS_ANNOTATION])).toEqual([{ type: 'Resource', resource: { name: 'memory', targetAverageValue: '100Mi' } }]);
    const patched = c.call('PATCH', `${V1}/web`, { body: { spec: { targetCPUUtilizationPercentage: 70, maxReplicas: 8 } }, headers: MERGE });
    expect(patched.status).toBe(200);
    expect(body(c.call('GET', `${V2}/web`)).spec).toMatchObject({ maxReplicas: 8, metrics: [memory, cpu(70)] });
    c.call('PATCH', `${V2}/web`, { body: { spec: { minReplicas: 3 } }, headers: { 'content-type': 'application/strategic-merge-patch+json' } });
    expect(body(c.call('GET', `${V1}/web`)).spec).toMatchObject({ minReplicas: 3, targetCPUUtilizationPercentage: 70 });
  });

  it('creates and updates through server-side apply at v1', () => {
    const c = testCluster();
    const apply = (maxReplicas: number) =>
      c.call('PATCH', `${V1}/api`, {
        raw: JSON.stringify(hpaV1('api', { maxReplicas, targetCPUUtilizationPercentage: 40 })),
        query: { fieldManager: 'kubectl' },
        headers: { 'content-type': 'application/apply-patch+yaml' },
      });
    expect(apply(4).status).toBe(201);
    expect(apply(6).status).toBe(200);
    expect(body(c.call('GET', `${V2}/api`)).spec).toMatchObject({ maxReplicas: 6, metrics: [cpu(40)] });
  });

  it('defaults, validates and prints at the storage version whatever version is asked for', () => {
    const c = testCluster();
    // No target at all: v1's implied cpu 80%.
    expect(body(c.call('POST', V1, { body: hpaV1('web') })).spec.targetCPUUtilizationPercentage).toBe(80);
    const bad = c.call('POST', V1, { body: hpaV1('bad', { maxReplicas: 0 }) });
    expect([bad.status, body(bad).reason, body(bad).details.kind, body(bad).details.group]).toEqual([422, 'Invalid', 'HorizontalPodAutoscaler', 'autoscaling']);
    expect(body(bad).details.causes[0].field).toBe('spec.maxReplicas');
    const t1 = body(c.call('GET', V1, { headers: TABLE }));
    const t2 = body(c.call('GET', V2, { headers: TABLE }));
    expect(t1.columnDefinitions.map((d: Body) => d.name)).toEqual(['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age']);
    expect(t1.rows.map((r: Body) => r.cells)).toEqual(t2.rows.map((r: Body) => r.cells));
    expect(t1.rows[0].cells.slice(0, 4)).toEqual(['web', 'Deployment/web', 'cpu: <unknown>/80%', '1']);
  });

  it('completes a v2 behavior with the default scaling rules and drops round-trip annotations a v2 client sets', () => {
    const c = testCluster();
    const created = body(
      c.call('POST', V2, {
        body: {
          apiVersion: 'autoscaling/v2',
          kind: 'HorizontalPodAutoscaler',
          metadata: { name: 'web', annotations: { [METRIC_SPECS_ANNOTATION]: '[]', team: 'shop' } },
          spec: { scaleTargetRef: ref, maxReplicas: 5, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } },
        },
      }),
    );
    expect(created.metadata.annotations).toEqual({ team: 'shop' });
    expect(created.spec.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
    expect(created.spec.metrics).toEqual([cpu(80)]);
  });

  it('writes the status subresource at v1', () => {
    const c = testCluster();
    const created = body(c.call('POST', V1, { body: hpaV1('web', { targetCPUUtilizationPercentage: 50 }) }));
    const res = c.call('PUT', `${V1}/web/status`, { body: { ...created, spec: { ...created.spec, maxReplicas: 99 }, status: { currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 75 } } });
    expect(res.status).toBe(200);
    const v2 = body(c.call('GET', `${V2}/web`));
    expect([v2.spec.maxReplicas, v2.status]).toEqual([5, { currentReplicas: 2, desiredReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 75 } } }] }]);
  });

  it('refuses a v1 object whose conversion annotation is not JSON', () => {
    const c = testCluster();
    const res = c.call('POST', V1, { body: { ...hpaV1('web'), metadata: { name: 'web', annotations: { [METRIC_SPECS_ANNOTATION]: '[' } } } });
    expect(res.status).toBe(400);
    expect(body(res).message).toContain(METRIC_SPECS_ANNOTATION);
  });

  it('refuses a body of the other version at each endpoint', () => {
    const c = testCluster();
    const res = c.call('POST', V1, { body: { ...hpaV1('web'), apiVersion: 'autoscaling/v2' } });
    expect([res.status, body(res).message]).toEqual([400, 'the API version in the data (autoscaling/v2) does not match the expected API version (autoscaling/v1)']);
  });

  it('watches at either version, converting every event', () => {
    const c = testCluster();
    const w1 = c.watch(V1);
    const w2 = c.watch(V2);
    c.call('POST', V2, { body: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: ref, maxReplicas: 3, metrics: [cpu(30)] } } });
    c.call('PATCH', `${V1}/web`, { body: { spec: { targetCPUUtilizationPercentage: 35 } }, headers: MERGE });
    c.call('DELETE', `${V1}/web`);
    const seen = (w: typeof w1) => w.events.map((e) => [e.type, (e.object as Body).apiVersion, (e.object as Body).spec?.targetCPUUtilizationPercentage ?? (e.object as Body).spec?.metrics[0].resource.target.averageUtilization]);
    expect(seen(w1)).toEqual([['ADDED', 'autoscaling/v1', 30], ['MODIFIED', 'autoscaling/v1', 35], ['DELETED', 'autoscaling/v1', 35]]);
    expect(seen(w2)).toEqual([['ADDED', 'autoscaling/v2', 30], ['MODIFIED', 'autoscaling/v2', 35], ['DELETED', 'autoscaling/v2', 35]]);
    w1.cancel();
    w2.cancel();
  });

  it('lists both versions in discovery and OpenAPI, v2 preferred, as upstream', () => {
    const c = testCluster();
    const group = body(c.call('GET', '/apis/autoscaling'));
    expect([group.versions.map((v: Body) => v.groupVersion), group.preferredVersion.version]).toEqual([['autoscaling/v2', 'autoscaling/v1'], 'v2']);
    const list = body(c.call('GET', '/apis')).groups.find((g: Body) => g.name === 'autoscaling');
    expect(list.versions.map((v: Body) => v.version)).toEqual(['v2', 'v1']);
    const v1 = body(c.call('GET', '/apis/autoscaling/v1'));
    expect(v1.resources.map((r: Body) => [r.name, r.kind, r.shortNames])).toEqual([
      ['horizontalpodautoscalers', 'HorizontalPodAutoscaler', ['hpa']],
      ['horizontalpodautoscalers/status', 'HorizontalPodAutoscaler', undefined],
    ]);
    expect(Object.keys((openApiRoot(new Registry()) as Body).paths)).toEqual(expect.arrayContaining(['apis/autoscaling/v1', 'apis/autoscaling/v2']));
  });

  it('authorizes by group and resource: one RBAC rule covers both versions', () => {
    const policy = {
      roles: [{ metadata: { name: 'hpa-reader', namespace: 'default' }, rules: [{ apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'list'] }] }],
      roleBindings: [{ metadata: { name: 'b', namespace: 'default' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'hpa-reader' }, subjects: [{ kind: 'User', name: 'bob' }] }],
      clusterRoles: [],
      clusterRoleBindings: [],
    };
    const c = testCluster({ allow: (a) => authorize(policy, a).decision === 'Allow' });
    c.call('POST', V1, { body: hpaV1('web') });
    expect([c.call('GET', `${V1}/web`, { token: 'bob' }).status, c.call('GET', `${V2}/web`, { token: 'bob' }).status]).toEqual([200, 200]);
    const denied = [V1, V2].map((path) => body(c.call('POST', path, { body: hpaV1('x'), token: 'bob' })).message);
    const forbidden = 'horizontalpodautoscalers.autoscaling is forbidden: User "bob" cannot create resource "horizontalpodautoscalers" in API group "autoscaling" in the namespace "default"';
    expect(denied).toEqual([forbidden, forbidden]);
  });

  it('walks each resource once: derived versions stay out of Registry.all', () => {
    const r = new Registry();
    expect(r.all.filter((d) => d.plural === 'horizontalpodautoscalers').map((d) => d.version)).toEqual(['v2']);
    expect(r.served.filter((d) => d.plural === 'horizontalpodautoscalers').map((d) => d.version)).toEqual(['v2', 'v1']);
  });
});

describe('convertingStorage', () => {
  // A toy conversion: storage keeps `size`, the served version calls it `count`.
  const conv = {
    toStorage: ({ count, ...o }: KubeObject) => ({ ...o, apiVersion: 'x/v2', size: count }),
    fromStorage: ({ size, ...o }: KubeObject) => ({ ...o, apiVersion: 'x/v1', count: size }),
  };
  const events: Array<(ev: WatchEvent) => void> = [];
  let written: KubeObject | undefined;
  let stopped = 0;
  const stored: KubeObject = { apiVersion: 'x/v2', kind: 'Thing', metadata: { name: 'a', resourceVersion: '3' }, size: 1 };
  const inner = {
    resource: { group: 'x', resource: 'things' },
    keyFor: (ns: string | undefined, name: string) => `/registry/things/${ns}/${name}`,
    prefixFor: (ns?: string) => `/registry/things/${ns ?? ''}`,
    create: (_k: string, obj: KubeObject, done: (e: null, r: KubeObject) => void) => done(null, (written = obj)),
    get: (_k: string, _o: unknown, done: (e: null, r: KubeObject) => void) => done(null, stored),
    getList: (_p: string, _o: unknown, done: (e: null, r: unknown) => void) => done(null, { items: [stored], resourceVersion: '3' }),
    guaranteedUpdate: (_k: string, _o: unknown, tryUpdate: (c: KubeObject) => unknown, done: (e: unknown, r?: KubeObject) => void) => {
      const next = tryUpdate(stored);
      if (next instanceof Error) return done(next);
      done(null, (written = next as KubeObject));
    },
    delete: (_k: string, _p: unknown, done: (e: null, r: KubeObject) => void) => done(null, stored),
    count: (_p: string, done: (e: null, n: number) => void) => done(null, 1),
    watch: (_p: string, _o: unknown, onEvent: (ev: WatchEvent) => void) => (events.push(onEvent), { stop() {} }),
    stop: () => void stopped++,
  } as unknown as ResourceStorage;
  const view = convertingStorage(inner, conv, 'x/v1');

  it('converts what goes in to storage and what comes out from it', () => {
    let got: unknown;
    view.create('k', { apiVersion: 'x/v1', kind: 'Thing', count: 5 }, (_e, r) => (got = r));
    expect([written, got]).toEqual([{ apiVersion: 'x/v2', kind: 'Thing', size: 5 }, { apiVersion: 'x/v1', kind: 'Thing', count: 5 }]);
    view.get('k', {}, (_e, r) => (got = r));
    expect(got).toEqual({ apiVersion: 'x/v1', kind: 'Thing', metadata: { name: 'a', resourceVersion: '3' }, count: 1 });
    view.getList('p', {}, (_e, r) => (got = r));
    expect(got).toEqual({ items: [{ apiVersion: 'x/v1', kind: 'Thing', metadata: { name: 'a', resourceVersion: '3' }, count: 1 }], resourceVersion: '3' });
    let seen: unknown;
    view.guaranteedUpdate('k', {}, (cur) => ((seen = cur), { ...cur!, count: (cur!.count as number) + 1 }), (_e, r) => (got = r));
    expect([seen, written, got]).toEqual([
      { apiVersion: 'x/v1', kind: 'Thing', metadata: { name: 'a', resourceVersion: '3' }, count: 1 },
      { apiVersion: 'x/v2', kind: 'Thing', metadata: { name: 'a', resourceVersion: '3' }, size: 2 },
      { apiVersion: 'x/v1', kind: 'Thing', metadata: { name: 'a', resourceVersion: '3' }, count: 2 },
    ]);
  });

  it('passes a refusal of the update through unconverted, and a conversion failure as a 500', () => {
    let err: unknown;
    const conflict = newConflict({ group: 'x', resource: 'things' }, 'a');
    view.guaranteedUpdate('k', {}, () => conflict, (e) => (err = e));
    expect(err).toBe(conflict);
    const failing = convertingStorage(inner, { ...conv, toStorage: () => { throw new Error('bad annotation'); } }, 'x/v1');
    failing.guaranteedUpdate('k', {}, (cur) => cur!, (e) => (err = e));
    expect([(err as { status: { code: number; message: string } }).status.code, (err as { status: { message: string } }).status.message]).toEqual([
      500, 'Internal error occurred: bad annotation',
    ]);
  });

  it('converts watch events: objects fully, a bookmark by its apiVersion, an error not at all', () => {
    const got: WatchEvent[] = [];
    view.watch('p', {}, (ev) => got.push(ev));
    const emit = events[events.length - 1];
    emit({ type: 'ADDED', object: stored });
    emit({ type: 'BOOKMARK', object: { apiVersion: 'x/v2', kind: 'Thing', metadata: { resourceVersion: '9' } } });
    const status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410 } as never;
    emit({ type: 'ERROR', object: status });
    expect(got).toEqual([
      { type: 'ADDED', object: { apiVersion: 'x/v1', kind: 'Thing', metadata: { name: 'a', resourceVersion: '3' }, count: 1 } },
      { type: 'BOOKMARK', object: { apiVersion: 'x/v1', kind: 'Thing', metadata: { resourceVersion: '9' } } },
      { type: 'ERROR', object: status },
    ]);
  });

  it('does not stop the storage it views', () => {
    view.stop();
    expect(stopped).toBe(0);
  });
});
