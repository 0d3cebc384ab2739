/**
 * End to end, in process: the API server over the real storage (etcd3 store
 * and cacher) over one MVCC store, driven as kubectl would drive it.
 */
import { describe, expect, it } from 'vitest';
import { testCluster, type TestCluster } from './handler/testing';
import { parseManifests } from './manifest/manifest';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const body = (r: { body: unknown }) => r.body as Body;

const MANIFEST = `
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: shop
  labels: {app: web}
data:
  greeting: hello
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
  - port: 80
`;

/** applyAll creates each manifest object at its REST path (what kubectl apply does for new objects). */
function applyAll(c: TestCluster, text: string): number[] {
  return parseManifests(text).map(({ object }) => {
    const def = c.asm.registry.forKind(object.apiVersion!, object.kind!)!;
    const base = def.group === '' ? `/api/${def.version}` : `/apis/${def.group}/${def.version}`;
    const ns = def.namespaced ? `/namespaces/${object.metadata?.namespace ?? 'default'}` : '';
    return c.call('PATCH', `${base}${ns}/${def.plural}/${object.metadata!.name}`, {
      raw: JSON.stringify(object),
      query: { fieldManager: 'kubectl' },
      headers: { 'content-type': 'application/apply-patch+yaml' },
    }).status;
  });
}

describe('API server end to end over etcd', () => {
  it('runs kubectl’s everyday requests', () => {
    const c = testCluster({ backend: 'etcd', allow: (a) => a.user.username === 'bob' && a.verb === 'get' });

    // create namespace, apply a multi-document manifest
    expect(c.call('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } } }).status).toBe(201);
    expect(applyAll(c, MANIFEST)).toEqual([201, 201, 201]);
    let stored = '';
    c.kv.range({ key: '/registry/deployments/shop/web' }, (_e, r) => (stored = r?.kvs[0]?.value ?? ''));
    let svcKey = 0;
    c.kv.range({ key: '/registry/services/specs/shop/web' }, (_e, r) => (svcKey = r?.count ?? 0));
    c.settle();
    expect(JSON.parse(stored).spec.replicas).toBe(2);
    expect(svcKey).toBe(1);

    // get / list with selectors
    expect(body(c.call('GET', '/apis/apps/v1/namespaces/shop/deployments/web')).spec.strategy.type).toBe('RollingUpdate');
    const cms = body(c.call('GET', '/api/v1/configmaps', { query: { labelSelector: 'app in (web)', fieldSelector: 'metadata.namespace=shop' } }));
    expect(cms.items.map((x: Body) => x.metadata.name)).toEqual(['web-config']);

    // watch from a resourceVersion, stale update → 409
    const cm = body(c.call('GET', '/api/v1/namespaces/shop/configmaps/web-config'));
    const w = c.watch('/api/v1/namespaces/shop/configmaps', { resourceVersion: cm.metadata.resourceVersion });
    const updated = c.call('PUT', '/api/v1/namespaces/shop/configmaps/web-config', { body: { ...cm, data: { greeting: 'hi' } } });
    expect(updated.status).toBe(200);
    const stale = c.call('PUT', '/api/v1/namespaces/shop/configmaps/web-config', { body: { ...cm, data: { greeting: 'stale' } } });
    expect(body(stale).message).toBe(
      'Operation cannot be fulfilled on configmaps "web-config": the object has been modified; please apply your changes to the latest version and try again',
    );
    c.call('POST', '/api/v1/namespaces/shop/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other' } } });
    c.call('DELETE', '/api/v1/namespaces/shop/configmaps/other');
    c.settle();
    expect(w.events.map((e) => [e.type, (e.object as Body).metadata.name])).toEqual([
      ['MODIFIED', 'web-config'],
      ['ADDED', 'other'],
      ['DELETED', 'other'],
    ]);
    w.cancel();

    // patch types and the scale subresource
    const merge = c.call('PATCH', '/apis/apps/v1/namespaces/shop/deployments/web', { body: { metadata: { annotations: { note: 'x' } } }, headers: { 'content-type': 'application/merge-patch+json' } });
    expect(body(merge).metadata.annotations).toEqual({ note: 'x' });
    const scaled = c.call('PUT', '/apis/apps/v1/namespaces/shop/deployments/web/scale', {
      body: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 5 } },
    });
    expect(body(scaled).spec.replicas).toBe(5);
    expect(body(c.call('GET', '/apis/apps/v1/namespaces/shop/deployments/web')).metadata.generation).toBe(2);

    // delete with a finalizer
    c.call('PATCH', '/api/v1/namespaces/shop/configmaps/web-config', { body: { metadata: { finalizers: ['example.com/keep'] } }, headers: { 'content-type': 'application/merge-patch+json' } });
    expect(body(c.call('DELETE', '/api/v1/namespaces/shop/configmaps/web-config')).metadata.deletionTimestamp).toBeDefined();
    expect(c.call('GET', '/api/v1/namespaces/shop/configmaps/web-config').status).toBe(200);
    c.call('PATCH', '/api/v1/namespaces/shop/configmaps/web-config', { body: [{ op: 'remove', path: '/metadata/finalizers' }], headers: { 'content-type': 'application/json-patch+json' } });
    expect(c.call('GET', '/api/v1/namespaces/shop/configmaps/web-config').status).toBe(404);

    // cascading delete of a ReplicaSet's pods
    const rs = body(
      c.call('POST', '/apis/apps/v1/namespaces/shop/replicasets', {
        body: { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { selector: { matchLabels: { app: 'rs' } }, template: { metadata: { labels: { app: 'rs' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } },
      }),
    );
    for (const name of ['rs-a', 'rs-b'])
      c.call('POST', '/api/v1/namespaces/shop/pods', {
        body: { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'rs' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: rs.metadata.uid, controller: true }] }, spec: { containers: [{ name: 'c', image: 'i' }] } },
      });
    expect(body(c.call('GET', '/api/v1/namespaces/shop/pods')).items).toHaveLength(2);
    c.call('DELETE', '/apis/apps/v1/namespaces/shop/replicasets/rs');
    c.settle();
    expect(body(c.call('GET', '/api/v1/namespaces/shop/pods')).items).toHaveLength(0);

    // 401 / 403
    expect(c.call('GET', '/api/v1/pods', { token: null }).status).toBe(401);
    expect(body(c.call('DELETE', '/api/v1/namespaces/shop/pods/x', { token: 'bob' })).message).toBe(
      'pods "x" is forbidden: User "bob" cannot delete resource "pods" in API group "" in the namespace "shop"',
    );

    // Table columns for pods
    c.call('POST', '/api/v1/namespaces/shop/pods', { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }] } } });
    const table = body(c.call('GET', '/api/v1/namespaces/shop/pods', { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' } }));
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.filter((d: Body) => d.priority === 0).map((d: Body) => d.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(table.columnDefinitions.filter((d: Body) => d.priority === 1).map((d: Body) => d.name)).toEqual(['IP', 'Node', 'Nominated Node', 'Readiness Gates']);
    c.clock.advance(65_000);
    const later = body(c.call('GET', '/api/v1/namespaces/shop/pods/p', { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } }));
    expect(later.rows[0].cells).toEqual(['p', '0/1', 'Pending', '0', '65s', '<none>', '<none>', '<none>', '<none>']);
    expect(later.rows[0].object.kind).toBe('PartialObjectMetadata');
  });

  it('answers 410 Expired for a watch from a resourceVersion the watch cache no longer holds', () => {
    const c = testCluster({ backend: 'etcd' });
    const first = body(c.call('POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } } }));
    for (let i = 0; i < 150; i++) c.call('PATCH', '/api/v1/namespaces/default/configmaps/a', { body: { data: { i: String(i) } }, headers: { 'content-type': 'application/merge-patch+json' } });
    let rev = 0;
    c.kv.range({ key: 'x' }, (_e, r) => (rev = r!.header.revision));
    c.settle();
    c.kv.compact({ revision: rev }, () => {});
    c.settle();
    const w = c.watch('/api/v1/namespaces/default/configmaps', { resourceVersion: first.metadata.resourceVersion });
    expect(w.events).toHaveLength(1);
    expect(w.events[0].type).toBe('ERROR');
    expect([(w.events[0].object as Body).code, (w.events[0].object as Body).reason]).toEqual([410, 'Expired']);
    expect((w.events[0].object as Body).message).toMatch(new RegExp(`^too old resource version: ${first.metadata.resourceVersion} \\(\\d+\\)$`));
    expect(w.ended()).toBe(true);
  });
});
