import { describe, expect, it } from 'vitest';
import type { ApiRequest, ApiResponse, WatchEventMessage } from '../apiserver/handler/types';
import { ControlPlane, type ControlPlaneOptions } from './control-plane';

const ADMIN = { clientCertificate: { commonName: 'kubernetes-admin', organizations: ['system:masters'] } };
const CA = '-----BEGIN CERTIFICATE-----\nTUlJ\n-----END CERTIFICATE-----\n';
const BOB = { clientCertificate: { commonName: 'bob', organizations: [] } };

/** start boots a control plane (the given options on top of the defaults here) and runs it until it is ready. */
function start(seed = 1, options: Partial<ControlPlaneOptions> = {}) {
  const cp = new ControlPlane({ seed, epochMs: Date.UTC(2026, 10, 25), tokenFile: 'alice-token,alice,1001,"devs"\n', serviceAccountKeyBits: 1024, rootCA: CA, ...options });
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

  it('admits a pod created in the same instant as its namespace, once the controller has made the default account', () => {
    const cp = start();
    const answers: ApiResponse[] = [];
    const send = (path: string, body: unknown) =>
      cp.handle({ method: 'POST', path, query: {}, headers: { 'content-type': 'application/json' }, credentials: ADMIN, body: JSON.stringify(body) }, { respond: (r) => answers.push(r) });
    // As `kubectl apply -f` of a namespace and a pod sends them: back to back, without waiting.
    send('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    cp.sim.runUntilTrue(() => answers.length === 1, cp.sim.now + 5000);
    send('/api/v1/namespaces/shop/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    cp.sim.runUntilTrue(() => answers.length === 2, cp.sim.now + 5000);
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    const spec = (answers[1].body as { spec: Record<string, any> }).spec; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(spec.serviceAccountName).toBe('default');
    const volume = spec.volumes[0];
    expect(volume.name).toMatch(/^kube-api-access-/);
    expect(volume.projected.sources.map((s: object) => Object.keys(s)[0])).toEqual(['serviceAccountToken', 'configMap', 'downwardAPI']);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: volume.name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);
    // The CA bundle the volume names is published in the namespace.
    const ca = call(cp, { path: '/api/v1/namespaces/shop/configmaps/kube-root-ca.crt' });
    expect(ca.status).toBe(200);
    expect((ca.body as { data: Record<string, string> }).data).toEqual({ 'ca.crt': CA });
    // A pod naming an account that does not exist is refused at once, with upstream's text.
    const stray = call(cp, { method: 'POST', path: '/api/v1/namespaces/shop/pods' }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { serviceAccountName: 'ghost', containers: [{ name: 'c', image: 'nginx' }] } });
    expect(stray.status).toBe(403);
    expect((stray.body as { message: string }).message).toBe('pods "x" is forbidden: error looking up service account shop/ghost: serviceaccount "ghost" not found');
    cp.stop();
  });

  it("puts a namespace's default account and CA bundle back when they are deleted or changed", () => {
    const cp = start();
    const uidOf = (r: ApiResponse) => (r.body as { metadata: { uid: string } }).metadata.uid;
    const before = uidOf(call(cp, { path: '/api/v1/namespaces/default/serviceaccounts/default' }));
    expect(call(cp, { method: 'DELETE', path: '/api/v1/namespaces/default/serviceaccounts/default' }).status).toBe(200);
    expect(call(cp, { method: 'DELETE', path: '/api/v1/namespaces/default/configmaps/kube-root-ca.crt' }).status).toBe(200);
    cp.sim.runFor(500);
    const again = call(cp, { path: '/api/v1/namespaces/default/serviceaccounts/default' });
    expect(again.status).toBe(200);
    expect(uidOf(again)).not.toBe(before);
    expect(call(cp, { path: '/api/v1/namespaces/default/configmaps/kube-root-ca.crt' }).status).toBe(200);

    const cm = call(cp, { path: '/api/v1/namespaces/default/configmaps/kube-root-ca.crt' }).body as { data: Record<string, string> };
    expect(call(cp, { method: 'PUT', path: '/api/v1/namespaces/default/configmaps/kube-root-ca.crt' }, { ...cm, data: { 'ca.crt': 'tampered' } }).status).toBe(200);
    cp.sim.runFor(500);
    expect((call(cp, { path: '/api/v1/namespaces/default/configmaps/kube-root-ca.crt' }).body as { data: Record<string, string> }).data).toEqual({ 'ca.crt': CA });
    cp.stop();
  });

  it('binds tokens to a pod or a secret: refused once the object is gone, and a kubelet-style pod token lasts a year but warns after the hour', () => {
    const cp = start();
    const pod = call(cp, { method: 'POST', path: '/api/v1/namespaces/default/pods' }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] } });
    expect(pod.status).toBe(201);
    const podUid = (pod.body as { metadata: { uid: string } }).metadata.uid;
    const request = (boundObjectRef: object, expirationSeconds = 3600) =>
      call(cp, { method: 'POST', path: '/api/v1/namespaces/default/serviceaccounts/default/token' }, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds, boundObjectRef } });
    const messageOf = (r: ApiResponse) => `${r.status} ${(r.body as { message: string }).message}`;
    const claimsOf = (r: ApiResponse) => JSON.parse(Buffer.from((r.body as { status: { token: string } }).status.token.split('.')[1], 'base64url').toString());

    expect(messageOf(request({ apiVersion: 'v1', kind: 'ConfigMap', name: 'x' }))).toBe('400 cannot bind token to object of type /v1, Kind=ConfigMap');
    expect(messageOf(request({ apiVersion: 'v1', kind: 'Pod', name: 'ghost' }))).toBe('404 pods "ghost" not found');
    expect(messageOf(request({ apiVersion: 'v1', kind: 'Pod', name: 'web', uid: 'not-the-uid' }))).toBe(
      '409 Operation cannot be fulfilled on Pod "web": the UID in the bound object reference (not-the-uid) does not match the UID in record. The object might have been deleted and then recreated',
    );

    const bound = request({ apiVersion: 'v1', kind: 'Pod', name: 'web', uid: podUid });
    expect(bound.status).toBe(201);
    expect((bound.body as { spec: { boundObjectRef: object } }).spec.boundObjectRef).toEqual({ apiVersion: 'v1', kind: 'Pod', name: 'web', uid: podUid });
    // The node is named (its uid is unknown: no such Node object exists).
    expect(claimsOf(bound)['kubernetes.io']).toMatchObject({ namespace: 'default', pod: { name: 'web', uid: podUid }, node: { name: 'node-1' } });
    const token = (bound.body as { status: { token: string } }).status.token;

    const kubelet = request({ apiVersion: 'v1', kind: 'Pod', name: 'web' }, 3607);
    const claims = claimsOf(kubelet);
    expect(claims.exp - claims.iat).toBe(365 * 24 * 3600);
    expect(claims['kubernetes.io'].warnafter - claims.iat).toBe(3607);
    const status = (kubelet.body as { status: { expirationTimestamp: string } }).status;
    expect(Date.parse(status.expirationTimestamp) / 1000 - claims.iat).toBe(3607);

    const review = (t: string) => call(cp, { method: 'POST', path: '/apis/authentication.k8s.io/v1/selfsubjectreviews', credentials: { bearerToken: t } }, { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
    const me = review(token);
    expect(me.status).toBe(201);
    expect((me.body as { status: { userInfo: { extra: Record<string, string[]> } } }).status.userInfo.extra).toMatchObject({
      'authentication.kubernetes.io/pod-name': ['web'],
      'authentication.kubernetes.io/pod-uid': [podUid],
    });
    // A pod on a node is deleted gracefully (30 s); its tokens stay good until a minute after that deadline.
    expect(call(cp, { method: 'DELETE', path: '/api/v1/namespaces/default/pods/web' }).status).toBe(200);
    cp.sim.runFor(60_000);
    expect(review(token).status).toBe(201);
    cp.sim.runFor(40_000);
    expect(review(token).status).toBe(401);

    const secret = call(cp, { method: 'POST', path: '/api/v1/namespaces/default/secrets' }, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'handle' } });
    const secretToken = request({ apiVersion: 'v1', kind: 'Secret', name: 'handle' });
    expect(claimsOf(secretToken)['kubernetes.io'].secret).toEqual({ name: 'handle', uid: (secret.body as { metadata: { uid: string } }).metadata.uid });
    cp.stop();
  });

  it('authenticates bootstrap tokens from kube-system Secrets, and asks the token webhook about the rest', () => {
    const reviews: string[] = [];
    const cp = start(3, {
      bootstrapTokens: true,
      tokenWebhook: (review, reply) => {
        reviews.push(review.spec?.token ?? '');
        const known = review.spec?.token === 'sso-carol';
        reply({ review: { ...review, status: known ? { authenticated: true, user: { username: 'carol@example.com', groups: ['sso:admins'] } } : { authenticated: false } } });
      },
    });
    const whoami = (token: string) => {
      const r = call(cp, { method: 'POST', path: '/apis/authentication.k8s.io/v1/selfsubjectreviews', credentials: { bearerToken: token } }, { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
      return r.status === 201 ? (r.body as { status: { userInfo: { username: string; groups: string[] } } }).status.userInfo : r.status;
    };
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'bootstrap-token-abcdef', namespace: 'kube-system' },
      type: 'bootstrap.kubernetes.io/token',
      stringData: { 'token-id': 'abcdef', 'token-secret': '0123456789abcdef', 'usage-bootstrap-authentication': 'true', 'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token' },
    };
    expect(call(cp, { method: 'POST', path: '/api/v1/namespaces/kube-system/secrets' }, secret).status).toBe(201);
    expect(whoami('abcdef.0123456789abcdef')).toEqual({
      username: 'system:bootstrap:abcdef',
      groups: ['system:bootstrappers', 'system:bootstrappers:kubeadm:default-node-token', 'system:authenticated'],
    });
    expect(whoami('abcdef.wrongwrongwrong0')).toBe(401);
    expect(whoami('sso-carol')).toEqual({ username: 'carol@example.com', groups: ['sso:admins', 'system:authenticated'] });
    expect(whoami('sso-mallory')).toBe(401);
    // The webhook is asked only about tokens nothing before it recognised.
    expect(reviews).toEqual(['abcdef.wrongwrongwrong0', 'sso-carol', 'sso-mallory']);
    cp.stop();
  });

  it('calls admission webhooks from the configurations stored at run time: mutating before validating, failurePolicy honoured', () => {
    const calls: string[] = [];
    const cp = start(5, {
      admissionWebhooks: (hook, review, reply) => {
        calls.push(hook.name);
        const req = review.request!;
        const response = (extra: object) => reply(null, { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: req.uid, ...extra } } as never);
        if (hook.name === 'label.example.com') return response({ allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify([{ op: 'add', path: '/metadata/labels', value: { stamped: 'yes' } }])).toString('base64') });
        if (hook.name === 'down.example.com') return reply('failed to call webhook: Post "https://127.0.0.1:1/down?timeout=10s": connect ECONNREFUSED 127.0.0.1:1', null);
        const labels = (req.object as { metadata: { labels?: Record<string, string> } }).metadata.labels ?? {};
        response(labels.stamped === 'yes' && !req.name?.startsWith('bad') ? { allowed: true } : { allowed: false, status: { code: 403, message: 'names starting with bad are not allowed' } });
      },
    });
    const rule = { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] };
    const hook = (name: string, extra: object = {}) => ({ name, clientConfig: { url: `https://127.0.0.1:9443/${name}` }, rules: [rule], sideEffects: 'None', admissionReviewVersions: ['v1'], ...extra });
    const group = '/apis/admissionregistration.k8s.io/v1';
    expect(call(cp, { method: 'POST', path: `${group}/mutatingwebhookconfigurations` }, { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name: 'stamp' }, webhooks: [hook('label.example.com')] }).status).toBe(201);
    expect(call(cp, { method: 'POST', path: `${group}/validatingwebhookconfigurations` }, { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'names' }, webhooks: [hook('names.example.com'), hook('down.example.com', { failurePolicy: 'Ignore' })] }).status).toBe(201);
    cp.sim.runFor(200);
    const cm = (name: string) => call(cp, { method: 'POST', path: '/api/v1/namespaces/default/configmaps' }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    const good = cm('good');
    expect(good.status).toBe(201);
    expect((good.body as { metadata: { labels: Record<string, string> } }).metadata.labels).toEqual({ stamped: 'yes' });
    const bad = cm('bad-one');
    expect(bad.status).toBe(403);
    expect((bad.body as { message: string }).message).toBe('admission webhook "names.example.com" denied the request: names starting with bad are not allowed');
    expect(calls).toEqual(['label.example.com', 'names.example.com', 'down.example.com', 'label.example.com', 'names.example.com']);

    // With failurePolicy Fail (the default), an unreachable webhook fails the request.
    const cfg = call(cp, { path: `${group}/validatingwebhookconfigurations/names` }).body as { webhooks: { failurePolicy: string }[] };
    cfg.webhooks[1].failurePolicy = 'Fail';
    expect(call(cp, { method: 'PUT', path: `${group}/validatingwebhookconfigurations/names` }, cfg).status).toBe(200);
    cp.sim.runFor(200);
    const down = cm('another');
    expect(down.status).toBe(500);
    expect((down.body as { message: string }).message).toBe(
      'Internal error occurred: failed calling webhook "down.example.com": failed to call webhook: Post "https://127.0.0.1:1/down?timeout=10s": connect ECONNREFUSED 127.0.0.1:1',
    );
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
