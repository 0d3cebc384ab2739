import { describe, expect, it } from 'vitest';
import type { ApiRequest, ApiResponse, WatchEventMessage } from '../apiserver/handler/types';
import { ControlPlane } from './control-plane';

const ADMIN = { clientCertificate: { commonName: 'kubernetes-admin', organizations: ['system:masters'] } };
const BOB = { clientCertificate: { commonName: 'bob', organizations: [] } };

function start(seed = 1) {
  const cp = new ControlPlane({ seed, epochMs: Date.UTC(2026, 10, 25), tokenFile: 'alice-token,alice,1001,"devs"\n', serviceAccountKeyBits: 1024 });
  let ready: string | null | undefined;
  cp.whenReady((err) => (ready = err));
  cp.sim.runUntilTrue(() => ready !== undefined, 30_000);
  expect(ready).toBeNull();
  return cp;
}

/** call sends a request and runs the simulation until it is answered. */
function call(cp: ControlPlane, req: Partial<ApiRequest> & { path: string }, body?: unknown): ApiResponse {
  let res: ApiResponse | undefined;
  cp.handle(
    { method: 'GET', query: {}, headers: { 'content-type': 'application/json' }, credentials: ADMIN, ...req, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) },
    { respond: (r) => (res = r) },
  );
  cp.sim.runUntilTrue(() => res !== undefined, cp.sim.now + 20_000);
  if (!res) throw new Error(`no answer to ${req.method ?? 'GET'} ${req.path}`);
  return res;
}

describe('the control plane', () => {
  it('boots: default namespaces and the bootstrap RBAC policy are stored in the replicated etcd', () => {
    const cp = start();
    const ns = call(cp, { path: '/api/v1/namespaces' });
    expect(ns.status).toBe(200);
    expect((ns.body as { items: { metadata: { name: string } }[] }).items.map((i) => i.metadata.name)).toEqual(
      expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease']),
    );
    const roles = call(cp, { path: '/apis/rbac.authorization.k8s.io/v1/clusterroles/cluster-admin' });
    expect(roles.status).toBe(200);
    // The object is in etcd under the registry's key, on every member.
    for (const m of cp.etcd.members) {
      const store = cp.etcd.member(m)!.store as unknown as { mvcc: { range(k: string): { kvs: unknown[] } } };
      expect(store.mvcc.range('/registry/namespaces/kube-system').kvs).toHaveLength(1);
    }
    cp.stop();
  });

  it('refuses a request without credentials with 401, and an unauthorized user with 403', () => {
    const cp = start();
    const anon = call(cp, { path: '/api/v1/pods', credentials: {} });
    expect(anon.status).toBe(401);
    expect(anon.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', message: 'Unauthorized' });
    const bob = call(cp, { path: '/api/v1/namespaces/default/pods', credentials: BOB });
    expect(bob.status).toBe(403);
    expect((bob.body as { message: string }).message).toBe('pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"');
    cp.stop();
  });

  it('authorizes through RBAC objects created at run time, and a token-file user by its group', () => {
    const cp = start();
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader', namespace: 'default' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }] };
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'read-pods', namespace: 'default' },
      subjects: [{ kind: 'User', name: 'bob', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' }],
      roleRef: { kind: 'Role', name: 'pod-reader', apiGroup: 'rbac.authorization.k8s.io' },
    };
    expect(call(cp, { method: 'POST', path: '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles' }, role).status).toBe(201);
    expect(call(cp, { method: 'POST', path: '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings' }, binding).status).toBe(201);
    // The informers see the binding a moment later.
    cp.sim.runFor(200);
    expect(call(cp, { path: '/api/v1/namespaces/default/pods', credentials: BOB }).status).toBe(200);
    expect(call(cp, { path: '/api/v1/namespaces/kube-system/pods', credentials: BOB }).status).toBe(403);
    expect(call(cp, { path: '/api/v1/namespaces/default/pods', credentials: { bearerToken: 'alice-token' } }).status).toBe(200);
    expect(call(cp, { path: '/api/v1/namespaces/default/pods', credentials: { bearerToken: 'wrong' } }).status).toBe(401);
    cp.stop();
  });

  it('creates, conflicts on a stale write, and streams a watch from a resourceVersion', () => {
    const cp = start();
    const cm = (data: Record<string, string>, rv?: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default', ...(rv ? { resourceVersion: rv } : {}) }, data });
    const created = call(cp, { method: 'POST', path: '/api/v1/namespaces/default/configmaps' }, cm({ a: '1' }));
    expect(created.status).toBe(201);
    const rv = (created.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    const events: WatchEventMessage[] = [];
    cp.handle(
      { method: 'GET', path: '/api/v1/namespaces/default/configmaps', query: { watch: 'true', resourceVersion: rv }, headers: {}, credentials: ADMIN },
      { respond: () => {}, event: (e) => events.push(e), end: () => {} },
    );
    expect(call(cp, { method: 'PUT', path: '/api/v1/namespaces/default/configmaps/settings' }, cm({ a: '2' }, rv)).status).toBe(200);
    const stale = call(cp, { method: 'PUT', path: '/api/v1/namespaces/default/configmaps/settings' }, cm({ a: '3' }, rv));
    expect(stale.status).toBe(409);
    expect((stale.body as { message: string }).message).toBe(
      'Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(call(cp, { method: 'DELETE', path: '/api/v1/namespaces/default/configmaps/settings' }).status).toBe(200);
    cp.sim.runFor(100);
    expect(events.map((e) => `${e.type} ${(e.object as { data?: { a: string } }).data?.a}`)).toEqual(['MODIFIED 2', 'DELETED 2']);
    cp.stop();
  });

  it('admits pods through LimitRanger and ResourceQuota, as a default kube-apiserver does', () => {
    const cp = start();
    const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    expect(call(cp, { method: 'POST', path: '/api/v1/namespaces' }, ns('team')).status).toBe(201);
    const lr = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'limits' }, spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' }, max: { cpu: '1' } }] } };
    const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'pods' }, spec: { hard: { pods: '1' } } };
    expect(call(cp, { method: 'POST', path: '/api/v1/namespaces/team/limitranges' }, lr).status).toBe(201);
    expect(call(cp, { method: 'POST', path: '/api/v1/namespaces/team/resourcequotas' }, quota).status).toBe(201);
    const pod = (name: string, cpu?: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { containers: [{ name: 'c', image: 'nginx', ...(cpu ? { resources: { limits: { cpu } } } : {}) }] },
    });
    const created = call(cp, { method: 'POST', path: '/api/v1/namespaces/team/pods' }, pod('a'));
    expect(created.status).toBe(201);
    expect((created.body as { spec: { containers: { resources: unknown }[] } }).spec.containers[0].resources).toEqual({ limits: { cpu: '500m' }, requests: { cpu: '100m' } });
    const tooBig = call(cp, { method: 'POST', path: '/api/v1/namespaces/team/pods' }, pod('big', '2'));
    expect(tooBig.status).toBe(403);
    expect((tooBig.body as { message: string }).message).toBe('pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2');
    const second = call(cp, { method: 'POST', path: '/api/v1/namespaces/team/pods' }, pod('b'));
    expect(second.status).toBe(403);
    expect((second.body as { message: string }).message).toBe('pods "b" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1');
    cp.stop();
  });

  it('gives every namespace a default ServiceAccount, issues tokens for it, and authenticates them until it is gone', () => {
    const cp = start();
    expect(call(cp, { method: 'POST', path: '/api/v1/namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } }).status).toBe(201);
    cp.sim.runFor(200);
    for (const ns of ['default', 'kube-system', 'apps']) expect(call(cp, { path: `/api/v1/namespaces/${ns}/serviceaccounts/default` }).status, ns).toBe(200);

    const tooShort = call(cp, { method: 'POST', path: '/api/v1/namespaces/apps/serviceaccounts/default/token' }, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 60 } });
    expect(tooShort.status).toBe(422);
    expect((tooShort.body as { message: string }).message).toBe('TokenRequest.authentication.k8s.io "default" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes');
    const granted = call(cp, { method: 'POST', path: '/api/v1/namespaces/apps/serviceaccounts/default/token' }, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
    expect(granted.status).toBe(201);
    const tr = granted.body as { kind: string; spec: { audiences: string[]; expirationSeconds: number }; status: { token: string; expirationTimestamp: string } };
    expect(tr.kind).toBe('TokenRequest');
    expect(tr.spec).toMatchObject({ audiences: ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: 3600 });
    expect(tr.status.token.split('.')).toHaveLength(3);

    const asSa = call(cp, { path: '/api/v1/namespaces/apps/pods', credentials: { bearerToken: tr.status.token } });
    expect(asSa.status).toBe(403);
    expect((asSa.body as { message: string }).message).toBe('pods is forbidden: User "system:serviceaccount:apps:default" cannot list resource "pods" in API group "" in the namespace "apps"');
    expect(call(cp, { method: 'DELETE', path: '/api/v1/namespaces/apps/serviceaccounts/default' }).status).toBe(200);
    // Authenticated tokens are cached for 10 s (kube-apiserver's TokenSuccessCacheTTL); after that the deletion shows.
    cp.sim.runFor(11_000);
    expect(call(cp, { path: '/api/v1/namespaces/apps/pods', credentials: { bearerToken: tr.status.token } }).status).toBe(401);
    expect(call(cp, { method: 'POST', path: '/api/v1/namespaces/apps/serviceaccounts/nobody/token' }, { spec: {} }).status).toBe(404);
    cp.stop();
  });

  it('answers the same for the same seed', () => {
    const run = () => {
      const cp = start(7);
      const r = call(cp, { method: 'POST', path: '/api/v1/namespaces/default/configmaps' }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'x-', namespace: 'default' } });
      cp.stop();
      return JSON.stringify(r.body);
    };
    expect(run()).toBe(run());
  });
});
