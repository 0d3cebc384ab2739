/**
 * The kubectl-compatible front, driven by the real kubectl on this machine
 * and by @kubernetes/client-node: the simulated cluster is started in this
 * process (cli/cluster.ts's startCluster), so kubectl runs with the async
 * execFile (a sync call would block the very event loop that serves it).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer, request, type Server as HttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startCluster, type RunningCluster } from '../../cli/cluster';
import { kubectlFor } from './kubectl-runner';
import { issue } from '../../cli/lib/pki/x509';

let cluster: RunningCluster;
let webhook: Server;
const reviews: { token: string; authorization?: string }[] = [];
const dir = mkdtempSync(join(tmpdir(), 'kubectl-'));

/** startWebhook serves TokenReviews on 127.0.0.1: "sso-dave" is dave in sso:admins, any other token is unknown. */
async function startWebhook(): Promise<string> {
  webhook = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const review = JSON.parse(body);
      reviews.push({ token: review.spec.token, authorization: req.headers.authorization });
      const status = review.spec.token === 'sso-dave' ? { authenticated: true, user: { username: 'dave@example.com', uid: '42', groups: ['sso:admins'] } } : { authenticated: false, error: 'unknown token' };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', status }));
    });
  });
  await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
  const config = join(dir, 'webhook.yaml');
  writeFileSync(
    config,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'sso', cluster: { server: `http://127.0.0.1:${(webhook.address() as { port: number }).port}/authenticate` } }],
      users: [{ name: 'kube-apiserver', user: { token: 'apiserver-secret' } }],
      contexts: [{ name: 'webhook', context: { cluster: 'sso', user: 'kube-apiserver' } }],
      'current-context': 'webhook',
    }),
  );
  return config;
}

beforeAll(async () => {
  const tokens = join(dir, 'tokens.csv');
  writeFileSync(tokens, 'carol-token,carol,2001,"viewers"\n');
  const tokenWebhookConfig = await startWebhook();
  cluster = await startCluster({ port: 0, kubeconfig: join(dir, 'config'), seed: 42, tokenFile: tokens, auditLogPath: join(dir, 'audit.log'), bootstrapTokens: true, tokenWebhookConfig });
});
afterAll(async () => {
  await cluster?.stop();
  webhook?.close();
});

/** configAs writes a kubeconfig for the cluster whose user has only this bearer token. */
function configAs(name: string, token: string): string {
  const config = join(dir, `${name}-config`);
  const admin = parse(readFileSync(cluster.kubeconfigPath, 'utf8'));
  admin.users = [{ name, user: { token } }];
  admin.contexts[0].context.user = name;
  writeFileSync(config, stringify(admin));
  return config;
}

const { kubectl, ok } = kubectlFor({ kubeconfig: () => cluster.kubeconfigPath });

const MANIFEST = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  color: blue
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
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
---
apiVersion: v1
kind: Pod
metadata:
  name: p1
  namespace: shop
  labels: {app: web}
spec:
  containers:
  - name: c
    image: busybox
`;

describe('kubectl against the simulated cluster', () => {
  it('reads the health endpoints', async () => {
    expect(await ok('get', '--raw', '/healthz')).toBe('ok');
    expect(await ok('get', '--raw', '/livez')).toBe('ok');
    const ready = await ok('get', '--raw', '/readyz?verbose');
    expect(ready).toMatch(/^\[\+\]ping ok$/m);
    expect(ready.trim().split('\n').at(-1)).toBe('readyz check passed');
  });

  it('lists the API resources, with short names, groups and kinds', async () => {
    const out = await ok('api-resources');
    expect(out).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(out).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(out).toMatch(/^clusterroles\s+rbac\.authorization\.k8s\.io\/v1\s+false\s+ClusterRole$/m);
  });

  it('applies a multi-document manifest, then again as unchanged or configured', async () => {
    const path = join(dir, 'shop.yaml');
    writeFileSync(path, MANIFEST);
    expect((await ok('apply', '-f', path)).trim().split('\n')).toEqual(['namespace/shop created', 'configmap/settings created', 'deployment.apps/web created', 'pod/p1 created']);
    const again = (await ok('apply', '-f', path)).trim().split('\n');
    expect(again).toContain('namespace/shop unchanged');
    expect(again).toContain('pod/p1 unchanged');
  });

  it('gets objects wide, as JSON and as YAML', async () => {
    const wide = await ok('get', 'pods', '-n', 'shop', '-o', 'wide');
    expect(wide.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    expect(wide).toMatch(/^p1\s+0\/1\s+Pending\s+0\s+/m);
    const json = JSON.parse(await ok('get', 'configmap', 'settings', '-n', 'shop', '-o', 'json'));
    expect(json).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'settings', namespace: 'shop' }, data: { color: 'blue' } });
    expect(json.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    const yaml = await ok('get', 'deploy', 'web', '-n', 'shop', '-o', 'yaml');
    expect(yaml).toMatch(/^kind: Deployment$/m);
    expect(yaml).toMatch(/^ {2}replicas: 2$/m);
  });

  it('labels, annotates and merge-patches', async () => {
    expect(await ok('label', 'pod', 'p1', '-n', 'shop', 'tier=front')).toBe('pod/p1 labeled\n');
    expect(await ok('annotate', 'pod', 'p1', '-n', 'shop', 'owner=ada')).toBe('pod/p1 annotated\n');
    expect(await ok('patch', 'configmap', 'settings', '-n', 'shop', '--type', 'merge', '-p', '{"data":{"color":"red"}}')).toBe('configmap/settings patched\n');
    expect(await ok('get', 'pods', '-n', 'shop', '-l', 'tier=front', '-o', 'name')).toBe('pod/p1\n');
    expect(await ok('get', 'pod', 'p1', '-n', 'shop', '-o', 'jsonpath={.metadata.annotations.owner}')).toBe('ada');
    expect(await ok('get', 'cm', 'settings', '-n', 'shop', '-o', 'jsonpath={.data.color}')).toBe('red');
  });

  it('scales a deployment through its scale subresource', async () => {
    expect(await ok('scale', 'deployment', 'web', '-n', 'shop', '--replicas=3')).toBe('deployment.apps/web scaled\n');
    expect(await ok('get', 'deploy', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.replicas}')).toBe('3');
  });

  it('describes a pod with the events about it', async () => {
    const uid = await ok('get', 'pod', 'p1', '-n', 'shop', '-o', 'jsonpath={.metadata.uid}');
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'p1.1', namespace: 'shop' },
      involvedObject: { kind: 'Pod', name: 'p1', namespace: 'shop', uid, apiVersion: 'v1' },
      reason: 'Scheduled',
      message: 'Successfully assigned shop/p1 to node-1',
      type: 'Normal',
      source: { component: 'default-scheduler' },
      count: 1,
    };
    const path = join(dir, 'event.json');
    writeFileSync(path, JSON.stringify(event));
    await ok('create', '-f', path);
    const out = await ok('describe', 'pod', 'p1', '-n', 'shop');
    expect(out).toMatch(/^Name:\s+p1$/m);
    expect(out).toMatch(/^Labels:\s+app=web$/m);
    expect(out).toMatch(/Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned shop\/p1 to node-1/);
  });

  it('watches pods and sees them added and deleted', async () => {
    const watcher = spawn('kubectl', ['--kubeconfig', cluster.kubeconfigPath, 'get', 'pods', '-n', 'shop', '--watch', '--output-watch-events'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    watcher.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    const waitFor = async (re: RegExp) => {
      for (let i = 0; i < 100 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toMatch(re);
    };
    await waitFor(/^ADDED\s+p1\s/m);
    const path = join(dir, 'p2.json');
    writeFileSync(path, JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p2', namespace: 'shop' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }));
    await ok('create', '-f', path);
    await waitFor(/^ADDED\s+p2\s/m);
    await ok('delete', 'pod', 'p2', '-n', 'shop');
    await waitFor(/^DELETED\s+p2\s/m);
    watcher.kill();
  });

  it('deletes, and says NotFound afterwards as a real API server does', async () => {
    expect(await ok('delete', 'configmap', 'settings', '-n', 'shop')).toBe('configmap "settings" deleted\n');
    const r = await kubectl('get', 'configmap', 'settings', '-n', 'shop');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('Error from server (NotFound): configmaps "settings" not found');
  });

  it('refuses a token user without permission with 403', async () => {
    // A kubeconfig whose user has only the token (x509 would win over a token, as upstream's chain orders them).
    const config = configAs('carol', 'carol-token');
    const r = await kubectl('--kubeconfig', config, 'get', 'pods', '-n', 'shop');
    expect(r.stderr.trim()).toBe('Error from server (Forbidden): pods is forbidden: User "carol" cannot list resource "pods" in API group "" in the namespace "shop"');
  });
});

describe('ServiceAccount tokens', () => {
  it('kubectl create token signs one that authenticates as the account', async () => {
    const token = (await ok('create', 'token', 'default', '-n', 'shop', '--duration', '20m')).trim();
    expect(token.split('.')).toHaveLength(3);
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'system:serviceaccount:shop:default', iss: 'https://kubernetes.default.svc.cluster.local', aud: ['https://kubernetes.default.svc.cluster.local'] });
    expect(claims.exp - claims.iat).toBe(1200);
    const config = configAs('sa', token);
    const r = await kubectl('--kubeconfig', config, 'get', 'pods', '-n', 'shop');
    expect(r.stderr.trim()).toBe('Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:shop:default" cannot list resource "pods" in API group "" in the namespace "shop"');
    expect((await kubectl('--kubeconfig', config, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}')).stdout).toBe(
      'system:serviceaccount:shop:default ["system:serviceaccounts","system:serviceaccounts:shop","system:authenticated"]',
    );
  });
});

describe('server-side apply', () => {
  it('takes a deployment over from client-side apply without conflicts, then refuses another manager’s change unless forced', async () => {
    const manifest = join(dir, 'web-ssa.yaml');
    const deployment = (replicas: number) =>
      stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'ssa-web', namespace: 'shop' },
        spec: { replicas, selector: { matchLabels: { app: 'ssa-web' } }, template: { metadata: { labels: { app: 'ssa-web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
      });
    writeFileSync(manifest, deployment(2));
    await ok('apply', '-f', manifest);
    writeFileSync(manifest, deployment(3));
    expect(await ok('apply', '--server-side', '-f', manifest)).toBe('deployment.apps/ssa-web serverside-applied\n');
    const managers = JSON.parse(await ok('get', 'deployment', 'ssa-web', '-n', 'shop', '-o', 'json', '--show-managed-fields')).metadata.managedFields;
    expect(managers.find((m: { manager: string }) => m.manager === 'kubectl')).toMatchObject({ operation: 'Apply' });
    writeFileSync(manifest, deployment(4));
    const refused = await kubectl('apply', '--server-side', '--field-manager', 'ci', '-f', manifest);
    expect(refused.stderr.split('\n')[0]).toBe('error: Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas');
    expect(await ok('apply', '--server-side', '--field-manager', 'ci', '--force-conflicts', '-f', manifest)).toBe('deployment.apps/ssa-web serverside-applied\n');
    expect((await ok('get', 'deployment', 'ssa-web', '-n', 'shop', '-o', 'jsonpath={.spec.replicas}')).trim()).toBe('4');
  });
});

describe('bound ServiceAccount tokens', () => {
  const claimsOf = (token: string) => JSON.parse(Buffer.from(token.trim().split('.')[1], 'base64url').toString());

  it('binds a token to a pod, a node or a secret, and refuses a stale uid and other kinds', async () => {
    const podUid = (await ok('get', 'pod', 'p1', '-n', 'shop', '-o', 'jsonpath={.metadata.uid}')).trim();
    const podBound = claimsOf(await ok('create', 'token', 'default', '-n', 'shop', '--bound-object-kind', 'Pod', '--bound-object-name', 'p1'));
    expect(podBound['kubernetes.io']).toMatchObject({ namespace: 'shop', pod: { name: 'p1', uid: podUid } });

    const node = join(dir, 'node.yaml');
    writeFileSync(node, stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1' } }));
    await ok('apply', '-f', node);
    const nodeUid = (await ok('get', 'node', 'worker-1', '-o', 'jsonpath={.metadata.uid}')).trim();
    const nodeBound = claimsOf(await ok('create', 'token', 'default', '-n', 'shop', '--bound-object-kind', 'Node', '--bound-object-name', 'worker-1'));
    expect(nodeBound['kubernetes.io'].node).toEqual({ name: 'worker-1', uid: nodeUid });
    const asNode = await kubectl('--kubeconfig', configAs('node-bound', await ok('create', 'token', 'default', '-n', 'shop', '--bound-object-kind', 'Node', '--bound-object-name', 'worker-1')), 'auth', 'whoami', '-o', 'json');
    expect(JSON.parse(asNode.stdout).status.userInfo.extra).toMatchObject({ 'authentication.kubernetes.io/node-name': ['worker-1'], 'authentication.kubernetes.io/node-uid': [nodeUid] });

    const stale = await kubectl('create', 'token', 'default', '-n', 'shop', '--bound-object-kind', 'Pod', '--bound-object-name', 'p1', '--bound-object-uid', 'not-it');
    expect(stale.stderr.trim()).toBe(
      'error: failed to create token: Operation cannot be fulfilled on Pod "p1": the UID in the bound object reference (not-it) does not match the UID in record. The object might have been deleted and then recreated',
    );
    const missing = await kubectl('create', 'token', 'default', '-n', 'shop', '--bound-object-kind', 'Secret', '--bound-object-name', 'nope');
    expect(missing.stderr.trim()).toBe('error: failed to create token: secrets "nope" not found');
  });
});

describe('bootstrap tokens and the token webhook', () => {
  const whoami = async (name: string, token: string) => {
    const r = await kubectl('--kubeconfig', configAs(name, token), 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}');
    return r.code === 0 ? r.stdout : r.stderr.trim();
  };

  it('accepts a bootstrap token once its kube-system Secret exists (stringData folded into data)', async () => {
    const secret = join(dir, 'bootstrap.yaml');
    writeFileSync(
      secret,
      stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'bootstrap-token-07401b', namespace: 'kube-system' },
        type: 'bootstrap.kubernetes.io/token',
        stringData: { 'token-id': '07401b', 'token-secret': 'f395accd246ae52d', 'usage-bootstrap-authentication': 'true' },
      }),
    );
    expect(await whoami('joiner', '07401b.f395accd246ae52d')).toBe('error: You must be logged in to the server (Unauthorized)');
    await ok('apply', '-f', secret);
    const stored = JSON.parse(await ok('get', 'secret', '-n', 'kube-system', 'bootstrap-token-07401b', '-o', 'json'));
    expect(stored.stringData).toBeUndefined();
    expect(Buffer.from(stored.data['token-secret'], 'base64').toString()).toBe('f395accd246ae52d');
    expect(await whoami('joiner', '07401b.f395accd246ae52d')).toBe('system:bootstrap:07401b ["system:bootstrappers","system:authenticated"]');
  });

  it('asks the webhook about a token nothing else knows, with its own credentials, and believes the answer', async () => {
    expect(await whoami('dave', 'sso-dave')).toBe('dave@example.com ["sso:admins","system:authenticated"]');
    expect(await whoami('eve', 'sso-eve')).toBe('error: You must be logged in to the server (Unauthorized)');
    expect(reviews.map((r) => r.token)).toEqual(expect.arrayContaining(['sso-dave', 'sso-eve']));
    expect(reviews.every((r) => r.authorization === 'Bearer apiserver-secret')).toBe(true);
  });
});

describe('admission webhooks', () => {
  let hookServer: HttpsServer;
  afterAll(() => hookServer?.close());

  it('calls a validating webhook over HTTPS, trusting its caBundle, and reports its refusal', async () => {
    const ca = issue({ subject: { commonName: 'webhook-ca' }, usage: 'ca' });
    const cert = issue({ subject: { commonName: 'webhook' }, usage: 'server', ipAddresses: ['127.0.0.1'] }, ca);
    const seen: string[] = [];
    hookServer = createHttpsServer({ key: cert.keyPem, cert: cert.certPem }, (req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const review = JSON.parse(body);
        seen.push(`${req.url} ${review.request.operation} ${review.request.name}`);
        const allowed = review.request.object.data?.color !== 'red';
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: review.request.uid, allowed, ...(allowed ? {} : { status: { code: 403, message: 'red is not allowed' } }) } }));
      });
    });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
    const port = (hookServer.address() as { port: number }).port;
    const config = join(dir, 'webhook-config.yaml');
    writeFileSync(
      config,
      stringify({
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingWebhookConfiguration',
        metadata: { name: 'no-red' },
        webhooks: [
          {
            name: 'no-red.example.com',
            clientConfig: { url: `https://127.0.0.1:${port}/validate`, caBundle: Buffer.from(ca.certPem).toString('base64') },
            rules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }],
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
            sideEffects: 'None',
            admissionReviewVersions: ['v1'],
          },
        ],
      }),
    );
    await ok('apply', '-f', config);
    // The configuration reaches the plugin through an informer: give it a moment.
    await new Promise((r) => setTimeout(r, 300));
    const red = await kubectl('create', 'configmap', 'paint', '-n', 'shop', '--from-literal=color=red');
    expect(red.stderr.trim()).toBe('error: failed to create configmap: admission webhook "no-red.example.com" denied the request: red is not allowed');
    await ok('create', 'configmap', 'paint', '-n', 'shop', '--from-literal=color=green');
    // The namespaceSelector keeps other namespaces out of the webhook's sight.
    await ok('create', 'configmap', 'paint', '-n', 'default', '--from-literal=color=red');
    expect(seen).toEqual([`/validate?timeout=10s CREATE paint`, `/validate?timeout=10s CREATE paint`]);
    await ok('delete', 'validatingwebhookconfiguration', 'no-red');
  });
});

describe('the audit log', () => {
  it('has an audit.k8s.io/v1 Event line per request, naming the user, verb and object', async () => {
    await ok('get', 'namespace', 'kube-system');
    const events = readFileSync(join(dir, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const get = events.find((e) => e.verb === 'get' && e.objectRef?.resource === 'namespaces' && e.objectRef?.name === 'kube-system');
    expect(get).toMatchObject({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', stage: 'ResponseComplete', user: { username: 'kubernetes-admin' }, responseStatus: { code: 200 } });
    expect(get.sourceIPs).toEqual(['127.0.0.1']);
    expect(get.userAgent).toMatch(/^kubectl\//);
  });
});

describe('the front over plain HTTPS', () => {
  function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: cluster.port, path, rejectUnauthorized: false, headers, agent: false }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('answers a request without credentials with 401, and a bad token with 401', async () => {
    const anon = await get('/api/v1/namespaces');
    expect(anon.status).toBe(401);
    expect(JSON.parse(anon.body)).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
    expect((await get('/api/v1/namespaces', { authorization: 'Bearer nope' })).status).toBe(401);
  });
});

describe('@kubernetes/client-node against the simulated cluster', () => {
  function client() {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    return { kc, core: kc.makeApiClient(k8s.CoreV1Api) };
  }

  it('lists, creates, watches, and surfaces 409 on a stale replace', async () => {
    const { kc, core } = client();
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toContain('kube-system');

    const seen: string[] = [];
    const watch = new k8s.Watch(kc);
    // A watch without a resourceVersion starts with what exists (the namespace's kube-root-ca.crt): select ours.
    const req = await watch.watch('/api/v1/namespaces/default/configmaps', { fieldSelector: 'metadata.name=from-node' }, (type, obj) => seen.push(`${type} ${obj.metadata.name}`), () => {});
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'from-node' }, data: { a: '1' } } });
    expect(created.metadata?.resourceVersion).toMatch(/^\d+$/);
    const updated = await core.replaceNamespacedConfigMap({ name: 'from-node', namespace: 'default', body: { ...created, data: { a: '2' } } });
    expect(updated.data).toEqual({ a: '2' });
    let conflict: unknown;
    try {
      await core.replaceNamespacedConfigMap({ name: 'from-node', namespace: 'default', body: { ...created, data: { a: '3' } } });
    } catch (e) {
      conflict = e;
    }
    expect((conflict as { code?: number }).code).toBe(409);
    expect(JSON.parse((conflict as { body: string }).body)).toMatchObject({ reason: 'Conflict', code: 409 });
    for (let i = 0; i < 50 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    req.abort();
    expect(seen).toEqual(['ADDED from-node', 'MODIFIED from-node']);
  });
});
