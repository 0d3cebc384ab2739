/**
 * The real kubectl against the simulated cluster: kubectl sends built-in
 * kinds as Kubernetes protobuf, which the API server decodes into the JSON
 * objects it serves. Runs kubectl (on PATH) with the async execFile: the
 * cluster runs in this process, so a synchronous child would deadlock it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startCluster, type RunningCluster } from '../../cli/cluster';
import { kubectlFor } from './kubectl-runner';

let cluster: RunningCluster;
let dir: string;

const { kubectl, ok } = kubectlFor({ kubeconfig: () => cluster.kubeconfigPath, cacheDir: () => join(dir, 'cache'), quiet: true });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubectl-protobuf-'));
  cluster = await startCluster({ port: 0, kubeconfig: join(dir, 'config'), seed: 7 });
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('kubectl’s protobuf requests', () => {
  it('creates a namespace, and kubectl did send protobuf', async () => {
    const r = await kubectl('create', 'namespace', 'dev', '-v=8');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('namespace/dev created\n');
    expect(r.stderr).toMatch(/POST https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces/);
    expect(r.stderr).toMatch(/Content-Type: application\/vnd\.kubernetes\.protobuf/);
  }, 60_000);

  it('answers a second create with the AlreadyExists error', async () => {
    const r = await kubectl('create', 'namespace', 'dev');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (AlreadyExists): namespaces "dev" already exists\n');
  }, 60_000);

  it('creates a configmap, a secret, a role and a rolebinding whose data reads back', async () => {
    expect(await ok('create', 'configmap', 'c', '--from-literal=a=1', '-n', 'dev')).toBe('configmap/c created\n');
    expect(await ok('create', 'secret', 'generic', 's', '--from-literal=pw=hunter2', '-n', 'dev')).toBe('secret/s created\n');
    expect(await ok('create', 'role', 'r', '--verb=get', '--resource=pods', '-n', 'dev')).toBe('role.rbac.authorization.k8s.io/r created\n');
    expect(await ok('create', 'rolebinding', 'rb', '--role=r', '--user=bob', '-n', 'dev')).toBe('rolebinding.rbac.authorization.k8s.io/rb created\n');
    expect(await ok('get', 'configmap', 'c', '-n', 'dev', '-o', 'jsonpath={.data.a}')).toBe('1');
    expect(await ok('get', 'secret', 's', '-n', 'dev', '-o', 'jsonpath={.data.pw}')).toBe('aHVudGVyMg==');
    expect(await ok('get', 'role', 'r', '-n', 'dev', '-o', 'jsonpath={.rules[0].verbs[0]} {.rules[0].resources[0]}')).toBe('get pods');
    expect(await ok('get', 'rolebinding', 'rb', '-n', 'dev', '-o', 'jsonpath={.subjects[0].kind}/{.subjects[0].name} {.roleRef.kind}/{.roleRef.name}')).toBe('User/bob Role/r');
  }, 60_000);

  it('creates a deployment and scales it', async () => {
    expect(await ok('create', 'deployment', 'web', '--image=nginx', '-n', 'dev')).toBe('deployment.apps/web created\n');
    expect(await ok('scale', 'deployment', 'web', '--replicas=3', '-n', 'dev')).toBe('deployment.apps/web scaled\n');
    expect(await ok('get', 'deployment', 'web', '-n', 'dev', '-o', 'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}')).toBe('3 nginx');
  }, 60_000);

  it('answers kubectl auth can-i with the RBAC decision', async () => {
    expect(await kubectl('auth', 'can-i', 'get', 'pods', '-n', 'dev', '--as', 'bob')).toMatchObject({ code: 0, stdout: 'yes\n' });
    expect(await kubectl('auth', 'can-i', 'list', 'pods', '-n', 'dev', '--as', 'bob')).toMatchObject({ code: 1, stdout: 'no\n' });
    const list = await ok('auth', 'can-i', '--list', '-n', 'dev');
    expect(list.split('\n')[0]).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs$/);
    expect(list).toMatch(/^\*\.\*\s+\[\]\s+\[\]\s+\[\*\]$/m);
  }, 60_000);

  it('runs a pod, and get all shows what was made', async () => {
    expect(await ok('run', 'p', '--image=busybox', '-n', 'dev')).toBe('pod/p created\n');
    const all = parseYaml(await ok('get', 'all', '-n', 'dev', '-o', 'yaml')) as { kind: string; items: { kind: string; metadata: { name: string }; spec: Record<string, unknown> }[] };
    expect(all.kind).toBe('List');
    const byKind = (kind: string) => all.items.filter((i) => i.kind === kind).map((i) => i.metadata.name);
    expect(byKind('Pod')).toContain('p');
    expect(byKind('Deployment')).toEqual(['web']);
    expect(all.items.find((i) => i.kind === 'Deployment')!.spec.replicas).toBe(3);
  }, 60_000);
});
