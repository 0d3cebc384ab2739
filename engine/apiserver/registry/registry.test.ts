import { describe, expect, it } from 'vitest';
import { Registry } from './registry';

describe('Registry', () => {
  const r = new Registry();

  it('serves every resource of the issue, with upstream’s short names and storage keys', () => {
    const expected: Array<[string, string, string, string[], string, boolean]> = [
      ['', 'namespaces', 'Namespace', ['ns'], 'namespaces', false],
      ['', 'pods', 'Pod', ['po'], 'pods', true],
      ['', 'nodes', 'Node', ['no'], 'minions', false],
      ['', 'services', 'Service', ['svc'], 'services/specs', true],
      ['', 'endpoints', 'Endpoints', ['ep'], 'services/endpoints', true],
      ['', 'configmaps', 'ConfigMap', ['cm'], 'configmaps', true],
      ['', 'secrets', 'Secret', [], 'secrets', true],
      ['', 'serviceaccounts', 'ServiceAccount', ['sa'], 'serviceaccounts', true],
      ['', 'events', 'Event', ['ev'], 'events', true],
      ['', 'limitranges', 'LimitRange', ['limits'], 'limitranges', true],
      ['', 'resourcequotas', 'ResourceQuota', ['quota'], 'resourcequotas', true],
      ['', 'persistentvolumes', 'PersistentVolume', ['pv'], 'persistentvolumes', false],
      ['', 'persistentvolumeclaims', 'PersistentVolumeClaim', ['pvc'], 'persistentvolumeclaims', true],
      ['apps', 'deployments', 'Deployment', ['deploy'], 'deployments', true],
      ['apps', 'replicasets', 'ReplicaSet', ['rs'], 'replicasets', true],
      ['apps', 'statefulsets', 'StatefulSet', ['sts'], 'statefulsets', true],
      ['apps', 'daemonsets', 'DaemonSet', ['ds'], 'daemonsets', true],
      ['batch', 'jobs', 'Job', [], 'jobs', true],
      ['batch', 'cronjobs', 'CronJob', ['cj'], 'cronjobs', true],
      ['rbac.authorization.k8s.io', 'roles', 'Role', [], 'roles', true],
      ['rbac.authorization.k8s.io', 'clusterroles', 'ClusterRole', [], 'clusterroles', false],
      ['rbac.authorization.k8s.io', 'rolebindings', 'RoleBinding', [], 'rolebindings', true],
      ['rbac.authorization.k8s.io', 'clusterrolebindings', 'ClusterRoleBinding', [], 'clusterrolebindings', false],
      ['scheduling.k8s.io', 'priorityclasses', 'PriorityClass', ['pc'], 'priorityclasses', false],
      ['storage.k8s.io', 'storageclasses', 'StorageClass', ['sc'], 'storageclasses', false],
      ['networking.k8s.io', 'networkpolicies', 'NetworkPolicy', ['netpol'], 'networkpolicies', true],
      ['discovery.k8s.io', 'endpointslices', 'EndpointSlice', [], 'endpointslices', true],
      ['autoscaling', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', ['hpa'], 'horizontalpodautoscalers', true],
      ['coordination.k8s.io', 'leases', 'Lease', [], 'leases', true],
      ['admissionregistration.k8s.io', 'mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', [], 'mutatingwebhookconfigurations', false],
      ['admissionregistration.k8s.io', 'validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', [], 'validatingwebhookconfigurations', false],
    ];
    const stored = r.all.filter((d) => d.stored).map((d) => [d.group, d.plural, d.kind, d.shortNames, d.etcdPrefix, d.namespaced]);
    expect(stored).toEqual(expected);
  });

  it('finds resources by path, kind and any kubectl name', () => {
    expect(r.lookup('apps', 'v1', 'deployments')?.kind).toBe('Deployment');
    expect(r.lookup('', 'v1', 'deployments')).toBeUndefined();
    expect(r.forKind('autoscaling/v2', 'HorizontalPodAutoscaler')?.plural).toBe('horizontalpodautoscalers');
    expect(r.forKind('autoscaling/v1', 'HorizontalPodAutoscaler')?.storedAs?.def).toBe(r.forKind('autoscaling/v2', 'HorizontalPodAutoscaler'));
    expect(r.forKind('autoscaling/v2beta2', 'HorizontalPodAutoscaler')).toBeUndefined();
    expect(r.forKind('apps/v1beta1', 'Deployment')).toBeUndefined();
    expect(['po', 'pod', 'pods', 'Pod'].map((n) => r.resolve(n)?.plural)).toEqual(['pods', 'pods', 'pods', 'pods']);
    expect(r.resolve('deployments.apps')?.group).toBe('apps');
    expect(r.resolve('roles.apps')).toBeUndefined();
  });

  it('gives workloads status and scale, and the "all" category as upstream', () => {
    expect(r.all.filter((d) => d.subresources.includes('scale')).map((d) => d.plural)).toEqual(['deployments', 'replicasets', 'statefulsets']);
    expect(r.all.filter((d) => d.categories.includes('all')).map((d) => d.plural)).toEqual([
      'pods', 'services', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs', 'horizontalpodautoscalers',
    ]);
    expect(r.all.filter((d) => !d.stored).map((d) => [d.plural, d.verbs])).toEqual([
      ['selfsubjectaccessreviews', ['create']],
      ['selfsubjectrulesreviews', ['create']],
      ['subjectaccessreviews', ['create']],
      ['localsubjectaccessreviews', ['create']],
      ['selfsubjectreviews', ['create']],
    ]);
  });
});
