/**
 * `kubectl autoscale` and HorizontalPodAutoscalers at both served versions,
 * with the real kubectl against the simulated cluster: kubectl 1.32 writes
 * autoscaling/v1 (as protobuf), `kubectl get hpa` reads the preferred
 * autoscaling/v2, and the API server converts between them over the one
 * stored object. kubectl runs with the async execFile: the cluster runs in
 * this process, so a synchronous child would deadlock it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startCluster, type RunningCluster } from '../../cli/cluster';
import { kubectlFor } from './kubectl-runner';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let cluster: RunningCluster;
let dir: string;

const { kubectl, ok } = kubectlFor({ kubeconfig: () => cluster.kubeconfigPath, cacheDir: () => join(dir, 'cache'), quiet: true });

const yamlOf = async (...args: string[]) => parseYaml(await ok(...args, '-o', 'yaml')) as Body;
const cpu = (averageUtilization: number) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubectl-autoscale-'));
  cluster = await startCluster({ port: 0, kubeconfig: join(dir, 'config'), seed: 7 });
  await ok('create', 'deployment', 'web', '--image=nginx:1.27');
});

afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('kubectl autoscale and HorizontalPodAutoscalers at autoscaling/v1 and v2', () => {
  it('autoscales a deployment: kubectl posts autoscaling/v1, the object is served at both versions', async () => {
    const run = await kubectl('autoscale', 'deployment', 'web', '--min=2', '--max=5', '--cpu-percent=80', '-v=6');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('horizontalpodautoscaler.autoscaling/web autoscaled\n');
    expect(run.stderr).toMatch(/POST https:\/\/127\.0\.0\.1:\d+\/apis\/autoscaling\/v1\/namespaces\/default\/horizontalpodautoscalers\?fieldManager=kubectl-autoscale 201 Created/);

    const table = (await ok('get', 'hpa')).split('\n');
    expect(table[0]).toMatch(/^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE$/);
    expect(table[1]).toMatch(/^web\s+Deployment\/web\s+cpu: <unknown>\/80%\s+2\s+5\s+0\s+\d+s$/);

    const v2 = await yamlOf('get', 'hpa', 'web');
    expect([v2.apiVersion, v2.spec.minReplicas, v2.spec.maxReplicas, v2.spec.metrics, v2.spec.scaleTargetRef]).toEqual([
      'autoscaling/v2', 2, 5, [cpu(80)], { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    ]);
    const v1 = await yamlOf('get', 'horizontalpodautoscalers.v1.autoscaling', 'web');
    expect([v1.apiVersion, v1.spec.targetCPUUtilizationPercentage, v1.spec.metrics, v1.status]).toEqual(['autoscaling/v1', 80, undefined, { currentReplicas: 0, desiredReplicas: 0 }]);
    expect(v1.metadata.uid).toBe(v2.metadata.uid);
    // A short name drops the version in kubectl's shortcut expansion (client-go restmapper), so this reads the preferred v2, as against any cluster.
    expect((await yamlOf('get', 'hpa.v1.autoscaling', 'web')).apiVersion).toBe('autoscaling/v2');
  });

  it('keeps what v1 cannot express through a v1 patch', async () => {
    await ok('patch', 'hpa', 'web', '--type', 'merge', '-p',
      JSON.stringify({ spec: { metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } }, cpu(80)] } }));
    const v1 = await yamlOf('get', 'horizontalpodautoscalers.v1.autoscaling', 'web');
    expect(JSON.parse(v1.metadata.annotations['autoscaling.alpha.kubernetes.io/metrics'])).toEqual([{ type: 'Resource', resource: { name: 'memory', targetAverageValue: '100Mi' } }]);
    await ok('patch', 'horizontalpodautoscalers.v1.autoscaling', 'web', '--type', 'merge', '-p', '{"spec":{"targetCPUUtilizationPercentage":60}}');
    const v2 = await yamlOf('get', 'hpa', 'web');
    expect(v2.spec.metrics.map((m: Body) => [m.resource.name, m.resource.target.averageValue ?? m.resource.target.averageUtilization])).toEqual([['memory', '100Mi'], ['cpu', 60]]);
    expect(v2.metadata.annotations).toBeUndefined();
    expect((await ok('get', 'hpa', 'web', '--no-headers')).split(/\s{2,}/)[2]).toBe('memory: <unknown>/100Mi, cpu: <unknown>/60%');
  });

  it('applies a v1 manifest client-side and server-side', async () => {
    const file = join(dir, 'hpa.yaml');
    const manifest = (max: number) =>
      `apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: ${max}\n  targetCPUUtilizationPercentage: 55\n`;
    writeFileSync(file, manifest(4));
    expect(await ok('apply', '-f', file)).toBe('horizontalpodautoscaler.autoscaling/api created\n');
    writeFileSync(file, manifest(6));
    expect(await ok('apply', '-f', file)).toBe('horizontalpodautoscaler.autoscaling/api configured\n');
    expect((await yamlOf('get', 'hpa', 'api')).spec).toMatchObject({ minReplicas: 1, maxReplicas: 6, metrics: [cpu(55)] });
    writeFileSync(file, manifest(9));
    expect(await ok('apply', '--server-side', '--force-conflicts', '-f', file)).toBe('horizontalpodautoscaler.autoscaling/api serverside-applied\n');
    expect((await yamlOf('get', 'horizontalpodautoscalers.v1.autoscaling', 'api')).spec).toMatchObject({ maxReplicas: 9, targetCPUUtilizationPercentage: 55 });
  });

  it('deletes at either version', async () => {
    expect(await ok('delete', 'horizontalpodautoscalers.v1.autoscaling', 'web')).toBe('horizontalpodautoscaler.autoscaling "web" deleted\n');
    expect(await ok('delete', 'hpa', 'api')).toBe('horizontalpodautoscaler.autoscaling "api" deleted\n');
    const left = await kubectl('get', 'hpa');
    expect([left.stdout, left.stderr]).toEqual(['', 'No resources found in default namespace.\n']);
  });
});
