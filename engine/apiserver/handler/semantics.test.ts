import { describe, expect, it } from 'vitest';
import { testCluster, type TestCluster } from './testing';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const body = (r: { body: unknown }) => r.body as Body;

const pod = (name: string, extra: Body = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'web' }, ...(extra.metadata ?? {}) },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27', env: [{ name: 'A', value: '1' }] }], ...(extra.spec ?? {}) },
});

const deployment = (name: string, replicas = 2) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
});

const PODS = '/api/v1/namespaces/default/pods';

describe('REST semantics', () => {
  it('generateName appends five characters from upstream’s alphabet', () => {
    const c = testCluster();
    const res = c.call('POST', PODS, { body: { ...pod(''), metadata: { generateName: 'web-' } } });
    expect(res.status).toBe(201);
    expect(body(res).metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('dryRun=All validates and answers without storing', () => {
    const c = testCluster();
    const res = c.call('POST', PODS, { body: pod('web'), query: { dryRun: 'All' } });
    expect(res.status).toBe(201);
    expect(c.call('GET', `${PODS}/web`).status).toBe(404);
  });

  it('bumps generation on spec changes only, and keeps status out of main-resource writes', () => {
    const c = testCluster();
    const created = body(c.call('POST', '/apis/apps/v1/namespaces/default/deployments', { body: deployment('d') }));
    expect(created.metadata.generation).toBe(1);
    const labelled = body(c.call('PATCH', '/apis/apps/v1/namespaces/default/deployments/d', { body: { metadata: { labels: { x: 'y' } } }, headers: { 'content-type': 'application/merge-patch+json' } }));
    expect(labelled.metadata.generation).toBe(1);
    const scaled = body(c.call('PATCH', '/apis/apps/v1/namespaces/default/deployments/d', { body: { spec: { replicas: 5 }, status: { replicas: 9 } }, headers: { 'content-type': 'application/merge-patch+json' } }));
    expect([scaled.metadata.generation, scaled.spec.replicas, scaled.status]).toEqual([2, 5, {}]);
    const status = body(c.call('PUT', '/apis/apps/v1/namespaces/default/deployments/d/status', { body: { ...scaled, spec: { ...scaled.spec, replicas: 1 }, status: { replicas: 3 } } }));
    expect([status.spec.replicas, status.status.replicas, status.metadata.generation]).toEqual([5, 3, 2]);
  });

  it('serves the scale subresource as autoscaling/v1 Scale and writes spec.replicas through it', () => {
    const c = testCluster();
    c.call('POST', '/apis/apps/v1/namespaces/default/deployments', { body: deployment('web', 2) });
    const scale = body(c.call('GET', '/apis/apps/v1/namespaces/default/deployments/web/scale'));
    expect([scale.kind, scale.apiVersion, scale.spec, scale.status]).toEqual(['Scale', 'autoscaling/v1', { replicas: 2 }, { replicas: 0, selector: 'app=web' }]);
    const patched = c.call('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', { body: { spec: { replicas: 4 } }, headers: { 'content-type': 'application/merge-patch+json' } });
    expect(patched.status).toBe(200);
    // A write through the subresource answers with the Scale (kubectl scale decodes it as one).
    expect([body(patched).kind, body(patched).spec]).toEqual(['Scale', { replicas: 4 }]);
    expect(body(c.call('GET', '/apis/apps/v1/namespaces/default/deployments/web')).spec.replicas).toBe(4);
    // A Scale to zero comes without spec.replicas (omitempty in Go's JSON).
    const fresh = body(c.call('GET', '/apis/apps/v1/namespaces/default/deployments/web/scale'));
    expect(c.call('PUT', '/apis/apps/v1/namespaces/default/deployments/web/scale', { body: { ...fresh, spec: {} } }).status).toBe(200);
    expect(body(c.call('GET', '/apis/apps/v1/namespaces/default/deployments/web')).spec.replicas).toBe(0);
    const stale = c.call('PUT', '/apis/apps/v1/namespaces/default/deployments/web/scale', { body: { ...scale, spec: { replicas: 1 } } });
    expect(stale.status).toBe(409);
  });

  it('applies merge, JSON and strategic merge patches', () => {
    const c = testCluster();
    c.call('POST', PODS, { body: pod('web') });
    const merge = body(c.call('PATCH', `${PODS}/web`, { body: { metadata: { labels: { app: null, tier: 'front' } } }, headers: { 'content-type': 'application/merge-patch+json' } }));
    expect(merge.metadata.labels).toEqual({ tier: 'front' });
    const json = body(c.call('PATCH', `${PODS}/web`, { body: [{ op: 'add', path: '/metadata/annotations', value: { a: 'b' } }, { op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.28' }], headers: { 'content-type': 'application/json-patch+json' } }));
    expect([json.metadata.annotations, json.spec.containers[0].image]).toEqual([{ a: 'b' }, 'nginx:1.28']);
    const failed = c.call('PATCH', `${PODS}/web`, { body: [{ op: 'test', path: '/metadata/name', value: 'other' }], headers: { 'content-type': 'application/json-patch+json' } });
    expect([failed.status, body(failed).reason, body(failed).message]).toEqual([422, 'Invalid', 'the server rejected our request due to an error in our request']);
    const d = deployment('d');
    d.spec.template.spec.containers = [{ name: 'c', image: 'nginx', env: [{ name: 'A', value: '1' }] }, { name: 'side', image: 'busybox' }] as never;
    c.call('POST', '/apis/apps/v1/namespaces/default/deployments', { body: d });
    const patch = { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.29', env: [{ name: 'B', value: '2' }] }, { name: 'side', $patch: 'delete' }] } } } };
    const smp = body(c.call('PATCH', '/apis/apps/v1/namespaces/default/deployments/d', { body: patch, headers: { 'content-type': 'application/strategic-merge-patch+json' } }));
    expect(smp.spec.template.spec.containers.map((x: Body) => [x.name, x.image, x.env.map((e: Body) => e.name)])).toEqual([['c', 'nginx:1.29', ['A', 'B']]]);
    const forbidden = c.call('PATCH', `${PODS}/web`, { body: { spec: { restartPolicy: 'Never' } }, headers: { 'content-type': 'application/strategic-merge-patch+json' } });
    expect(forbidden.status).toBe(422);
    expect(body(forbidden).message).toContain('spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`');
  });

  it('server-side apply creates, then owns exactly what it applies: fields it leaves out go, unless someone else set them', () => {
    const c = testCluster();
    const CM = '/api/v1/namespaces/default/configmaps/cfg';
    const applyAs = (manager: string, data: string, query: Record<string, string> = {}) =>
      c.call('PATCH', CM, { raw: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n${data}`, query: { fieldManager: manager, ...query }, headers: { 'content-type': 'application/apply-patch+yaml' } });
    const created = applyAs('me', '  a: "1"\n');
    expect(created.status).toBe(201);
    expect(body(created).metadata.managedFields.map((m: Body) => [m.manager, m.operation, m.fieldsV1])).toEqual([['me', 'Apply', { 'f:data': { '.': {}, 'f:a': {} } }]]);
    const moved = applyAs('me', '  b: "2"\n');
    expect(body(moved).data).toEqual({ b: '2' });
    // Someone else sets c with an ordinary patch: it becomes theirs.
    c.call('PATCH', CM, { body: { data: { c: '3' } }, query: { fieldManager: 'editor' }, headers: { 'content-type': 'application/merge-patch+json' } });
    const conflict = applyAs('me', '  b: "2"\n  c: "4"\n');
    expect(conflict.status).toBe(409);
    expect(body(conflict).message).toBe('Apply failed with 1 conflict: conflict with "editor" using v1: .data.c');
    // The same value is shared ownership, not a conflict; force takes a field over.
    expect(applyAs('me', '  b: "2"\n  c: "3"\n').status).toBe(200);
    const forced = applyAs('me', '  b: "2"\n  c: "4"\n', { force: 'true' });
    expect(forced.status).toBe(200);
    expect(body(forced).data).toEqual({ b: '2', c: '4' });
    expect(body(forced).metadata.managedFields.map((m: Body) => m.manager)).toEqual(['me']);
    expect(c.call('PATCH', CM, { raw: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n', headers: { 'content-type': 'application/apply-patch+yaml' } }).status).toBe(400);
  });

  it('watch from a resourceVersion sees ADDED, MODIFIED and DELETED in order', () => {
    const c = testCluster();
    const rv = body(c.call('GET', PODS)).metadata.resourceVersion;
    const w = c.watch(PODS, { resourceVersion: rv });
    expect(w.response()?.status).toBe(200);
    c.call('POST', PODS, { body: pod('web') });
    c.call('PATCH', `${PODS}/web`, { body: { metadata: { labels: { v: '2' } } }, headers: { 'content-type': 'application/merge-patch+json' } });
    c.call('DELETE', `${PODS}/web`);
    c.settle();
    expect(w.events.map((e) => [e.type, (e.object as Body).metadata.name])).toEqual([
      ['ADDED', 'web'],
      ['MODIFIED', 'web'],
      ['DELETED', 'web'],
    ]);
    const rvs = w.events.map((e) => Number((e.object as Body).metadata.resourceVersion));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
    w.cancel();
  });

  it('delete with a finalizer marks the object; removing the last finalizer deletes it', () => {
    const c = testCluster();
    c.call('POST', PODS, { body: pod('held', { metadata: { finalizers: ['example.com/hold'] } }) });
    const del = c.call('DELETE', `${PODS}/held`);
    expect(del.status).toBe(200);
    expect(body(del).metadata.deletionTimestamp).toBe('2026-01-02T03:04:05Z');
    expect(body(c.call('GET', `${PODS}/held`)).metadata.finalizers).toEqual(['example.com/hold']);
    const added = c.call('PATCH', `${PODS}/held`, { body: { metadata: { finalizers: ['example.com/hold', 'x.io/more'] } }, headers: { 'content-type': 'application/merge-patch+json' } });
    expect(added.status).toBe(422);
    const released = c.call('PATCH', `${PODS}/held`, { body: { metadata: { finalizers: null } }, headers: { 'content-type': 'application/merge-patch+json' } });
    expect(released.status).toBe(200);
    expect(c.call('GET', `${PODS}/held`).status).toBe(404);
  });

  it('deletes immediately answer a Status, pods the object', () => {
    const c = testCluster();
    c.call('POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } } });
    const res = body(c.call('DELETE', '/api/v1/namespaces/default/configmaps/cfg'));
    expect([res.kind, res.status, res.details.name, res.details.kind]).toEqual(['Status', 'Success', 'cfg', 'configmaps']);
    c.call('POST', PODS, { body: pod('web') });
    expect(body(c.call('DELETE', `${PODS}/web`)).kind).toBe('Pod');
  });
});

function ownedPod(c: TestCluster, name: string, owner: Body): void {
  const res = c.call('POST', PODS, {
    body: pod(name, { metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true }] } }),
  });
  expect(res.status).toBe(201);
}

describe('garbage collection and namespace deletion', () => {
  const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
  const podNames = (c: TestCluster) => body(c.call('GET', PODS)).items.map((p: Body) => p.metadata.name);

  it('background: deleting a ReplicaSet deletes its pods', () => {
    const c = testCluster();
    const owner = body(c.call('POST', '/apis/apps/v1/namespaces/default/replicasets', { body: rs }));
    ownedPod(c, 'a', owner);
    ownedPod(c, 'b', owner);
    c.call('POST', PODS, { body: pod('unowned') });
    c.call('DELETE', '/apis/apps/v1/namespaces/default/replicasets/rs');
    c.settle();
    expect(podNames(c)).toEqual(['unowned']);
  });

  it('foreground: the owner waits for its dependents, then goes', () => {
    const c = testCluster();
    const owner = body(c.call('POST', '/apis/apps/v1/namespaces/default/replicasets', { body: rs }));
    ownedPod(c, 'a', owner);
    const res = c.call('DELETE', '/apis/apps/v1/namespaces/default/replicasets/rs', { body: { propagationPolicy: 'Foreground' } });
    expect(body(res).metadata.finalizers).toEqual(['foregroundDeletion']);
    c.settle();
    expect(podNames(c)).toEqual([]);
    expect(c.call('GET', '/apis/apps/v1/namespaces/default/replicasets/rs').status).toBe(404);
  });

  it('orphan: dependents stay, without the owner reference', () => {
    const c = testCluster();
    const owner = body(c.call('POST', '/apis/apps/v1/namespaces/default/replicasets', { body: rs }));
    ownedPod(c, 'a', owner);
    c.call('DELETE', '/apis/apps/v1/namespaces/default/replicasets/rs', { query: { propagationPolicy: 'Orphan' } });
    c.settle();
    expect(c.call('GET', '/apis/apps/v1/namespaces/default/replicasets/rs').status).toBe(404);
    const a = body(c.call('GET', `${PODS}/a`));
    expect(a.metadata.ownerReferences ?? []).toEqual([]);
  });

  it('a deleted namespace turns Terminating, refuses new content, loses its content and goes', () => {
    const c = testCluster();
    c.call('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } } });
    c.call('POST', '/api/v1/namespaces/shop/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', finalizers: ['x.io/f'] } } });
    c.call('POST', '/api/v1/namespaces/shop/pods', { body: pod('p') });
    const del = body(c.call('DELETE', '/api/v1/namespaces/shop'));
    expect(del.status.phase).toBe('Terminating');
    const refused = c.call('POST', '/api/v1/namespaces/shop/pods', { body: pod('late') });
    expect([refused.status, body(refused).message]).toEqual([403, 'pods "late" is forbidden: unable to create new content in namespace shop because it is being terminated']);
    c.settle();
    expect(c.call('GET', '/api/v1/namespaces/shop/pods/p').status).toBe(404);
    expect(c.call('GET', '/api/v1/namespaces/shop').status).toBe(200);
    c.call('PATCH', '/api/v1/namespaces/shop/configmaps/held', { body: { metadata: { finalizers: null } }, headers: { 'content-type': 'application/merge-patch+json' } });
    c.clock.advance(1000);
    c.settle();
    expect(c.call('GET', '/api/v1/namespaces/shop').status).toBe(404);
  });
});

describe('pods/binding', () => {
  it('assigns a node once, as the scheduler does; nodeName is not writable by update', () => {
    const c = testCluster();
    c.call('POST', PODS, { body: pod('web') });
    const bound = c.call('POST', `${PODS}/web/binding`, { body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web' }, target: { apiVersion: 'v1', kind: 'Node', name: 'n1' } } });
    expect([bound.status, body(bound).status]).toEqual([201, 'Success']);
    const p = body(c.call('GET', `${PODS}/web`));
    expect([p.spec.nodeName, p.status.conditions.map((x: Body) => [x.type, x.status])]).toEqual(['n1', [['PodScheduled', 'True']]]);
    const again = c.call('POST', `${PODS}/web/binding`, { body: { target: { kind: 'Node', name: 'n2' } } });
    expect([again.status, body(again).message]).toEqual([409, 'Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "n1"']);
    c.call('POST', PODS, { body: pod('other') });
    const moved = c.call('PATCH', `${PODS}/other`, { body: { spec: { nodeName: 'n1' } }, headers: { 'content-type': 'application/merge-patch+json' } });
    expect(moved.status).toBe(422);
  });

  it('gives a bound pod a grace period: delete marks it Terminating', () => {
    const c = testCluster();
    c.call('POST', PODS, { body: pod('web') });
    c.call('POST', `${PODS}/web/binding`, { body: { target: { kind: 'Node', name: 'n1' } } });
    const del = body(c.call('DELETE', `${PODS}/web`));
    expect([del.metadata.deletionTimestamp, del.metadata.deletionGracePeriodSeconds]).toEqual(['2026-01-02T03:04:35Z', 30]);
    const again = body(c.call('DELETE', `${PODS}/web`));
    expect([again.metadata.deletionTimestamp, again.metadata.deletionGracePeriodSeconds]).toEqual(['2026-01-02T03:04:35Z', 30]);
    const shorter = body(c.call('DELETE', `${PODS}/web`, { body: { gracePeriodSeconds: 5 } }));
    expect([shorter.metadata.deletionTimestamp, shorter.metadata.deletionGracePeriodSeconds]).toEqual(['2026-01-02T03:04:10Z', 5]);
    // The kubelet's status writes during the grace period do not delete it.
    const status = c.call('PATCH', `${PODS}/web/status`, { body: { status: { phase: 'Running' } }, headers: { 'content-type': 'application/merge-patch+json' } });
    expect([status.status, body(status).status.phase]).toEqual([200, 'Running']);
    expect(c.call('GET', `${PODS}/web`).status).toBe(200);
    const now = body(c.call('DELETE', `${PODS}/web`, { body: { gracePeriodSeconds: 0 } }));
    expect(now.kind).toBe('Pod');
    expect(c.call('GET', `${PODS}/web`).status).toBe(404);
  });
});

describe('service address allocation', () => {
  it('gives each new Service a distinct cluster IP in 10.96.0.0/12 and NodePorts a node port', () => {
    const c = testCluster();
    const svc = (name: string, type = 'ClusterIP') =>
      body(c.call('POST', '/api/v1/namespaces/default/services', { body: { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { type, selector: { app: name }, ports: [{ port: 80 }] } } }));
    const ips = ['a', 'b', 'c'].map((n) => svc(n).spec.clusterIP);
    for (const ip of ips) expect(ip).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(new Set(ips).size).toBe(3);
    const np = svc('np', 'NodePort');
    expect(np.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(np.spec.ports[0].nodePort).toBeLessThanOrEqual(32767);
    expect(np.spec.clusterIPs).toEqual([np.spec.clusterIP]);
  });
});

describe('garbage collection of dangling references', () => {
  it('deletes a dependent whose owner never existed, keeps one whose owner does', () => {
    const c = testCluster();
    const cm = (c.call('POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner' } } }).body as Body).metadata;
    const ref = (name: string, uid: string) => [{ apiVersion: 'v1', kind: 'ConfigMap', name, uid }];
    c.call('POST', PODS, { body: pod('orphaned', { metadata: { ownerReferences: ref('ghost', 'no-such-uid') } }) });
    c.call('POST', PODS, { body: pod('kept', { metadata: { ownerReferences: ref('owner', cm.uid) } }) });
    c.call('POST', PODS, { body: pod('wrong-uid', { metadata: { ownerReferences: ref('owner', 'stale-uid') } }) });
    c.settle();
    expect(body(c.call('GET', PODS)).items.map((p: Body) => p.metadata.name)).toEqual(['kept']);
  });
});

describe('watching one object', () => {
  it('by path or by a metadata.name field selector sees only that object', () => {
    for (const backend of ['memory', 'etcd'] as const) {
      const c = testCluster({ backend });
      const byPath = c.watch('/api/v1/watch/namespaces/default/pods/a', {});
      const bySelector = c.watch(PODS, { fieldSelector: 'metadata.name=a' });
      const across = c.watch('/api/v1/pods', { fieldSelector: 'metadata.name=a' });
      for (const n of ['a', 'b']) c.call('POST', PODS, { body: pod(n) });
      c.settle();
      for (const w of [byPath, bySelector, across]) expect([backend, w.events.map((e) => [e.type, (e.object as Body).metadata.name])]).toEqual([backend, [['ADDED', 'a']]]);
    }
  });
});

describe('concurrent writes', () => {
  it('unconditional patches all land (retried on conflict); a pinned stale one gets 409', () => {
    for (const backend of ['memory', 'etcd'] as const) {
      const c = testCluster({ backend });
      const created = body(c.call('POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } } }));
      const codes: number[] = [];
      for (let i = 0; i < 20; i++)
        c.asm.server.handle(
          {
            method: 'PATCH',
            path: '/api/v1/namespaces/default/configmaps/cm',
            query: {},
            headers: { 'content-type': 'application/merge-patch+json' },
            body: JSON.stringify({ data: { [`k${i}`]: String(i) } }),
            credentials: { bearerToken: 'admin' },
          },
          (r) => codes.push(r.status),
        );
      c.settle();
      expect(codes).toEqual(new Array(20).fill(200));
      expect(Object.keys(body(c.call('GET', '/api/v1/namespaces/default/configmaps/cm')).data)).toHaveLength(20);
      const pinned = c.call('PATCH', '/api/v1/namespaces/default/configmaps/cm', {
        body: { metadata: { resourceVersion: created.metadata.resourceVersion }, data: { late: 'x' } },
        headers: { 'content-type': 'application/merge-patch+json' },
      });
      expect([backend, pinned.status]).toEqual([backend, 409]);
    }
  });
});
