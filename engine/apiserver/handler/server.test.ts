import { describe, expect, it } from 'vitest';
import { testCluster } from './testing';

const pod = (name: string, labels: Record<string, string> = { app: 'web' }, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
  ...extra,
});

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const body = (r: { body: unknown }) => r.body as Body;

describe('ApiServer request path', () => {
  it('bootstraps the default namespaces', () => {
    const c = testCluster();
    const res = c.call('GET', '/api/v1/namespaces');
    expect(res.status).toBe(200);
    expect(body(res).items.map((n: Body) => [n.metadata.name, n.status.phase])).toEqual([
      ['default', 'Active'],
      ['kube-node-lease', 'Active'],
      ['kube-public', 'Active'],
      ['kube-system', 'Active'],
    ]);
    const svc = c.call('GET', '/api/v1/namespaces/default/services/kubernetes');
    expect((svc.body as Body).spec.clusterIP).toBe('10.96.0.1');
  });

  it('creates with server-set metadata and defaults, and reads back', () => {
    const c = testCluster();
    const res = c.call('POST', '/api/v1/namespaces/default/pods', { body: pod('web') });
    expect(res.status).toBe(201);
    const m = body(res).metadata;
    expect(m.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(m.creationTimestamp).toBe('2026-01-02T03:04:05Z');
    expect(m.namespace).toBe('default');
    expect(body(res).spec.restartPolicy).toBe('Always');
    expect(body(res).spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(body(res).status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    const got = c.call('GET', '/api/v1/namespaces/default/pods/web');
    expect(body(got).metadata.uid).toBe(m.uid);
  });

  it('answers 404, 409 AlreadyExists and 409 Conflict with upstream texts', () => {
    const c = testCluster();
    expect(body(c.call('GET', '/api/v1/namespaces/default/pods/web')).message).toBe('pods "web" not found');
    const created = body(c.call('POST', '/api/v1/namespaces/default/pods', { body: pod('web') }));
    const dup = c.call('POST', '/api/v1/namespaces/default/pods', { body: pod('web') });
    expect([dup.status, body(dup).reason, body(dup).message]).toEqual([409, 'AlreadyExists', 'pods "web" already exists']);
    const fresh = c.call('PUT', '/api/v1/namespaces/default/pods/web', { body: { ...created, metadata: { ...created.metadata, labels: { app: 'x' } } } });
    expect(fresh.status).toBe(200);
    const stale = c.call('PUT', '/api/v1/namespaces/default/pods/web', { body: created });
    expect([stale.status, body(stale).reason, body(stale).message]).toEqual([
      409,
      'Conflict',
      'Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again',
    ]);
  });

  it('refuses invalid objects with 422 and field causes', () => {
    const c = testCluster();
    const res = c.call('POST', '/api/v1/namespaces/default/pods', { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Web_1' }, spec: { containers: [] } } });
    expect(res.status).toBe(422);
    expect(body(res).message).toBe(
      `Pod "Web_1" is invalid: [metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'), spec.containers: Required value]`,
    );
    expect(body(res).details.causes.map((x: Body) => [x.reason, x.field])).toEqual([
      ['FieldValueInvalid', 'metadata.name'],
      ['FieldValueRequired', 'spec.containers'],
    ]);
    const dep = c.call('POST', '/apis/apps/v1/namespaces/default/deployments', {
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd' },
        spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
      },
    });
    expect(body(dep).message).toBe('Deployment.apps "d" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"b"}: `selector` does not match template `labels`');
  });

  it('answers 401 without credentials and 403 with the authorizer’s verdict', () => {
    const c = testCluster({ allow: (a) => a.verb === 'get' });
    const anon = c.call('GET', '/api/v1/pods', { token: null });
    expect([anon.status, body(anon).message, body(anon).reason]).toEqual([401, 'Unauthorized', 'Unauthorized']);
    const denied = c.call('GET', '/api/v1/namespaces/default/pods', { token: 'bob' });
    expect([denied.status, body(denied).message]).toEqual([403, 'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"']);
    const cluster = c.call('DELETE', '/apis/apps/v1/deployments', { token: 'bob' });
    expect(body(cluster).message).toBe('deployments.apps is forbidden: User "bob" cannot deletecollection resource "deployments" in API group "apps" at the cluster scope');
    const path = c.call('POST', '/healthz', { token: 'bob' });
    expect(body(path).message).toBe('forbidden: User "bob" cannot post path "/healthz"');
  });

  it('refuses creates in missing and terminating namespaces, and deletes of immortal ones', () => {
    const c = testCluster();
    const missing = c.call('POST', '/api/v1/namespaces/nope/pods', { body: pod('web') });
    expect([missing.status, body(missing).message]).toEqual([404, 'namespaces "nope" not found']);
    const immortal = c.call('DELETE', '/api/v1/namespaces/default');
    expect([immortal.status, body(immortal).message]).toEqual([403, 'namespaces "default" is forbidden: this namespace may not be deleted']);
  });

  it('lists with label and field selectors and pages with limit/continue', () => {
    const c = testCluster();
    for (const [n, app] of [['a', 'web'], ['b', 'db'], ['c', 'web']]) c.call('POST', '/api/v1/namespaces/default/pods', { body: pod(n, { app }) });
    const names = (r: { body: unknown }) => body(r).items.map((p: Body) => p.metadata.name);
    expect(names(c.call('GET', '/api/v1/namespaces/default/pods', { query: { labelSelector: 'app=web' } }))).toEqual(['a', 'c']);
    expect(names(c.call('GET', '/api/v1/pods', { query: { fieldSelector: 'metadata.name!=a,status.phase=Pending' } }))).toEqual(['b', 'c']);
    const bad = c.call('GET', '/api/v1/pods', { query: { fieldSelector: 'spec.bogus=x' } });
    expect(bad.status).toBe(400);
    const page1 = c.call('GET', '/api/v1/namespaces/default/pods', { query: { limit: '2' } });
    expect(names(page1)).toEqual(['a', 'b']);
    const page2 = c.call('GET', '/api/v1/namespaces/default/pods', { query: { limit: '2', continue: body(page1).metadata.continue } });
    expect(names(page2)).toEqual(['c']);
    expect(body(page2).metadata.continue).toBeUndefined();
  });

  it('lets anonymous requests through as system:anonymous when enabled', () => {
    const c = testCluster({ anonymous: true, allow: (a) => a.user.username === 'system:anonymous' && a.path === '/healthz' });
    expect(c.call('GET', '/healthz', { token: null }).body).toBe('ok');
    const denied = c.call('GET', '/api/v1/pods', { token: null });
    expect([denied.status, body(denied).message]).toEqual([403, 'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" at the cluster scope']);
  });

  it('deletes a collection by selector, with dry run leaving it in place', () => {
    const c = testCluster();
    for (const [n, app] of [['a', 'web'], ['b', 'db'], ['c', 'web']]) c.call('POST', '/api/v1/namespaces/default/pods', { body: pod(n, { app }) });
    const dry = c.call('DELETE', '/api/v1/namespaces/default/pods', { query: { labelSelector: 'app=web', dryRun: 'All' } });
    expect(body(dry).items.map((p: Body) => p.metadata.name)).toEqual(['a', 'c']);
    expect(body(c.call('GET', '/api/v1/namespaces/default/pods')).items).toHaveLength(3);
    const res = c.call('DELETE', '/api/v1/namespaces/default/pods', { query: { labelSelector: 'app=web' } });
    expect([res.status, body(res).kind]).toEqual([200, 'PodList']);
    expect(body(c.call('GET', '/api/v1/namespaces/default/pods')).items.map((p: Body) => p.metadata.name)).toEqual(['b']);
  });

  it('answers 404 for unknown resources and 405 for verbs a resource does not serve', () => {
    const c = testCluster();
    const unknown = c.call('GET', '/api/v1/namespaces/default/widgets');
    expect([unknown.status, body(unknown).message]).toEqual([404, 'the server could not find the requested resource']);
    const review = c.call('GET', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
    expect([review.status, body(review).reason, body(review).message]).toEqual([405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource']);
  });
});

describe('malformed bodies', () => {
  it('answer 400 rather than throwing', () => {
    const c = testCluster();
    const cases: unknown[] = [
      { apiVersion: 'v1', kind: 'Pod', metadata: 'x' },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', finalizers: 'f' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 1 } } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [1, 'x'] } },
    ];
    const codes = cases.map((b) => c.call('POST', '/api/v1/namespaces/default/pods', { body: b }).status);
    expect(codes).toEqual([400, 400, 400, 400]);
    expect((c.call('POST', '/api/v1/namespaces/default/pods', { raw: '{nope' }).body as Body).message).toMatch(/^couldn't get version\/kind; json parse error: /);
    c.call('POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } } });
    const patched = c.call('PATCH', '/api/v1/namespaces/default/configmaps/cm', { body: { metadata: { labels: ['x'] } }, headers: { 'content-type': 'application/merge-patch+json' } });
    expect(patched.status).toBe(400);
  });
});
