/**
 * The OpenAPI schemas and server-side field validation, driven by the real
 * kubectl: `kubectl explain` reads /openapi/v3, and `kubectl apply` sends
 * fieldValidation=Strict (--validate=strict, its default), Warn or Ignore.
 * One in-process cluster serves every case (async execFile only: a sync
 * call would block the event loop that serves it).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type RunningCluster } from '../../cli/cluster';
import { kubectlFor } from './kubectl-runner';

let cluster: RunningCluster;
const dir = mkdtempSync(join(tmpdir(), 'kubectl-explain-'));

beforeAll(async () => {
  cluster = await startCluster({ port: 0, kubeconfig: join(dir, 'config'), seed: 7 });
});
afterAll(() => cluster?.stop());

const { kubectl } = kubectlFor({ kubeconfig: () => cluster.kubeconfigPath });

/** manifest writes a Deployment whose spec has a misspelt `replica` and a container field `imagePullPolicyy`. */
function manifest(name: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replica: 2
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        imagePullPolicyy: Always
`,
  );
  return path;
}

describe('kubectl explain', () => {
  it('explains kinds and nested fields from the served OpenAPI v3 schemas', async () => {
    const [pods, resources, deployments, rolling] = await Promise.all([
      kubectl('explain', 'pods'),
      kubectl('explain', 'pods.spec.containers.resources'),
      kubectl('explain', 'deployments', '--api-version=apps/v1'),
      kubectl('explain', 'deployments.spec.strategy.rollingUpdate'),
    ]);
    expect(pods.stderr).toBe('');
    expect(pods.stdout).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n/);
    expect(pods.stdout).toContain('Pod is a collection of containers that can run on a host.');
    expect(pods.stdout).toMatch(/\n {2}spec\t<PodSpec>\n/);
    expect(resources.stdout).toMatch(/FIELD: resources <ResourceRequirements>/);
    expect(resources.stdout).toMatch(/\n {2}limits\t<map\[string\]Quantity>\n/);
    expect(deployments.stdout).toMatch(/^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n/);
    expect(deployments.stdout).toContain('Deployment enables declarative updates for Pods and ReplicaSets.');
    expect(rolling.stdout).toMatch(/\n {2}maxSurge\t<IntOrString>\n/);
  });

  it('says which field does not exist', async () => {
    const r = await kubectl('explain', 'pods.spec.nope');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('field "nope" does not exist');
  });
});

describe('server-side field validation through kubectl apply', () => {
  it('refuses a misspelt field under --validate=strict (the default) with the API server’s text', async () => {
    const r = await kubectl('apply', '-f', manifest('strict'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'Error from server (BadRequest): error when creating "' +
        join(dir, 'strict.yaml') +
        '": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica", unknown field "spec.template.spec.containers[0].imagePullPolicyy"',
    );
    expect((await kubectl('get', 'deployment', 'strict')).code).not.toBe(0);
  });

  it('refuses a misspelt field added to an existing object (a strategic merge patch) with patch.go’s 422', async () => {
    const good = readFileSync(manifest('patched'), 'utf8').replace('replica: 2', 'replicas: 2').replace('        imagePullPolicyy: Always\n', '');
    writeFileSync(join(dir, 'patched.yaml'), good);
    const created = await kubectl('apply', '-f', join(dir, 'patched.yaml'));
    expect([created.stdout, created.stderr]).toEqual(['deployment.apps/patched created\n', '']);
    writeFileSync(join(dir, 'patched.yaml'), good.replace('replicas: 2', 'replica: 3'));
    const r = await kubectl('apply', '-f', join(dir, 'patched.yaml'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^The request is invalid: patch: Invalid value: "map\[metadata:map\[annotations:map\[kubectl.kubernetes.io\/last-applied-configuration:\{.*\]\] spec:map\[replica:3 replicas:<nil>\]\]": strict decoding error: unknown field "spec.replica"\n$/);
  });

  it('accepts it with --validate=false (Ignore) and warns with --validate=warn', async () => {
    const [ignored, warned] = await Promise.all([kubectl('apply', '-f', manifest('ignored'), '--validate=false'), kubectl('apply', '-f', manifest('warned'), '--validate=warn')]);
    expect([ignored.code, ignored.stdout, ignored.stderr]).toEqual([0, 'deployment.apps/ignored created\n', '']);
    expect([warned.code, warned.stdout]).toEqual([0, 'deployment.apps/warned created\n']);
    expect(warned.stderr).toBe('Warning: unknown field "spec.replica"\nWarning: unknown field "spec.template.spec.containers[0].imagePullPolicyy"\n');
  });
});
