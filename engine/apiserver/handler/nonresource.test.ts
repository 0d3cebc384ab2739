import { describe, expect, it } from 'vitest';
import { testCluster } from './testing';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const body = (r: { body: unknown }) => r.body as Body;

describe('discovery, version and health', () => {
  it('serves /api, /apis, group and resource lists as kubectl reads them', () => {
    const c = testCluster();
    expect(body(c.call('GET', '/api'))).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = body(c.call('GET', '/apis'));
    expect(groups.kind).toBe('APIGroupList');
    const apps = groups.groups.find((g: Body) => g.name === 'apps');
    expect(apps).toEqual({ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } });
    expect(groups.groups.map((g: Body) => g.name)).toContain('authorization.k8s.io');
    const core = body(c.call('GET', '/api/v1'));
    expect([core.kind, core.apiVersion, core.groupVersion]).toEqual(['APIResourceList', undefined, 'v1']);
    const pods = core.resources.find((r: Body) => r.name === 'pods');
    expect(pods).toEqual({
      name: 'pods',
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['po'],
      categories: ['all'],
    });
    expect(core.resources.find((r: Body) => r.name === 'pods/status')).toMatchObject({ kind: 'Pod', verbs: ['get', 'patch', 'update'] });
    const appsV1 = body(c.call('GET', '/apis/apps/v1'));
    expect(appsV1.resources.find((r: Body) => r.name === 'deployments/scale')).toMatchObject({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
    expect(appsV1.resources.find((r: Body) => r.name === 'deployments').shortNames).toEqual(['deploy']);
    expect(body(c.call('GET', '/apis/apps'))).toMatchObject({ kind: 'APIGroup', name: 'apps' });
    expect(c.call('GET', '/apis/nope/v1').status).toBe(404);
    expect(body(c.call('GET', '/version')).gitVersion).toBe('v1.32.0-kube-internals');
  });

  it('answers health endpoints in plain text, verbose on request', () => {
    const c = testCluster();
    const plain = c.call('GET', '/readyz');
    expect([plain.status, plain.body, plain.headers['content-type']]).toEqual([200, 'ok', 'text/plain; charset=utf-8']);
    const verbose = c.call('GET', '/healthz', { query: { verbose: '' } });
    const lines = String(verbose.body).trim().split('\n');
    expect(lines[0]).toBe('[+]ping ok');
    expect(lines).toContain('[+]etcd ok');
    expect(lines[lines.length - 1]).toBe('healthz check passed');
    expect(String(c.call('GET', '/livez', { query: { verbose: 'true' } }).body).trim().endsWith('livez check passed')).toBe(true);
    expect(c.call('GET', '/readyz/ping').body).toBe('ok');
    expect(c.call('GET', '/readyz/nope').status).toBe(404);
  });

  it('writes an audit event per request at level Metadata', () => {
    const c = testCluster({ allow: () => false });
    const before = c.asm.audit.lines.length;
    c.call('GET', '/api/v1/namespaces/default/pods', { query: { limit: '500' } });
    c.call('GET', '/api/v1/namespaces/default/pods/x', { token: 'bob' });
    const [ok, denied] = c.asm.audit.lines.slice(before).map((l) => JSON.parse(l));
    expect(ok).toMatchObject({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      stage: 'ResponseComplete',
      requestURI: '/api/v1/namespaces/default/pods?limit=500',
      verb: 'list',
      user: { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] },
      sourceIPs: ['127.0.0.1'],
      objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' },
      responseStatus: { metadata: {}, code: 200 },
      requestReceivedTimestamp: '2026-01-02T03:04:05.000000Z',
    });
    expect(ok.auditID).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok.userAgent).toContain('kubectl');
    expect(denied.responseStatus).toMatchObject({ code: 403, status: 'Failure', reason: 'Forbidden' });
    expect(denied.annotations['authorization.k8s.io/decision']).toBe('forbid');
    expect(denied.objectRef.name).toBe('x');
  });
});

describe('access reviews and impersonation', () => {
  // As RBAC's system:basic-user, every user may create self reviews.
  const allowBob = (a: { user: { username: string }; verb: string; resource: string; namespace: string }) =>
    (a.user.username === 'bob' && a.verb === 'get' && a.resource === 'pods' && a.namespace === 'default') ||
    (a.verb === 'create' && a.resource.startsWith('selfsubject'));

  it('SelfSubjectAccessReview asks the authorizer about the requester', () => {
    const c = testCluster({ allow: allowBob });
    const ask = (verb: string) =>
      body(
        c.call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
          token: 'bob',
          body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace: 'default', verb, resource: 'pods' } } },
        }),
      );
    expect(ask('get').status).toEqual({ allowed: true });
    expect(ask('delete').status).toEqual({ allowed: false });
  });

  it('SubjectAccessReview asks about another user; rules reviews use the resolver', () => {
    const c = testCluster({
      allow: allowBob,
      rulesFor: (user, ns) => ({ resourceRules: user.username === 'bob' ? [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] : [], nonResourceRules: [], incomplete: ns === '' }),
    });
    const sar = body(
      c.call('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'bob', resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods' } } },
      }),
    );
    expect(sar.status.allowed).toBe(true);
    const rules = body(
      c.call('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
        token: 'bob',
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'default' } },
      }),
    );
    expect(rules.status).toEqual({ resourceRules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }], nonResourceRules: [], incomplete: false });
  });

  it('impersonation acts as the user when allowed, 403 otherwise', () => {
    const c = testCluster({ allow: allowBob });
    const asBob = c.call('GET', '/api/v1/namespaces/default/pods/x', { headers: { 'impersonate-user': 'bob' } });
    expect(asBob.status).toBe(404);
    const asBobList = c.call('GET', '/api/v1/namespaces/default/pods', { headers: { 'impersonate-user': 'bob' } });
    expect(body(asBobList).message).toBe('pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"');
    const bobAsAdmin = c.call('GET', '/api/v1/pods', { token: 'bob', headers: { 'impersonate-user': 'kubernetes-admin', 'impersonate-group': 'system:masters' } });
    expect(body(bobAsAdmin).message).toBe('users "kubernetes-admin" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope');
  });
});

describe('Table watch', () => {
  it('streams Table events, column definitions only in the first', () => {
    const c = testCluster();
    const w = c.watch('/api/v1/namespaces/default/pods', { resourceVersion: '0' }, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    for (const name of ['a', 'b'])
      c.call('POST', '/api/v1/namespaces/default/pods', { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'i' }] } } });
    c.settle();
    const tables = w.events.map((e) => e.object as Body);
    expect(tables.map((t) => [t.kind, t.columnDefinitions.length, t.rows[0].cells[0]])).toEqual([
      ['Table', 9, 'a'],
      ['Table', 0, 'b'],
    ]);
    w.cancel();
  });
});
