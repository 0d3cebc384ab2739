/**
 * Test helpers for admission plugins: attributes for a request, and a way
 * to run a plugin's callback-style step to its answer.
 */
import type { StatusError } from '../errors';
import type { KubeObject } from '../object';
import type { AdmissionAttributes, AdmissionOperation, AdmitDone } from './types';

const KINDS: Record<string, string> = {
  pods: 'Pod',
  persistentvolumeclaims: 'PersistentVolumeClaim',
  configmaps: 'ConfigMap',
  secrets: 'Secret',
  services: 'Service',
  namespaces: 'Namespace',
  deployments: 'Deployment',
};

/** requestFor builds the attributes of a request on a core (or given-group) resource in a namespace. */
export function requestFor(
  operation: AdmissionOperation,
  resource: string,
  namespace: string,
  object?: KubeObject,
  extra: Partial<AdmissionAttributes> = {},
): AdmissionAttributes {
  const group = extra.resource?.group ?? (resource === 'deployments' ? 'apps' : '');
  return {
    operation,
    kind: { group, version: 'v1', kind: KINDS[resource] ?? resource },
    resource: { group, version: 'v1', resource },
    subresource: '',
    namespace,
    name: object?.metadata?.name ?? '',
    object,
    userInfo: { username: 'alice', groups: ['system:authenticated'] },
    dryRun: false,
    ...extra,
  };
}

/** answerOf runs a synchronous-answering step and returns its answer; it fails loudly if the step did not answer. */
export function answerOf(step: (done: AdmitDone) => void): StatusError | null {
  let answered = false;
  let answer: StatusError | null = null;
  step((err) => {
    if (answered) throw new Error('answered twice');
    answered = true;
    answer = err;
  });
  if (!answered) throw new Error('the step did not answer');
  return answer;
}

/** podWith is a pod whose containers have the given resources. */
export function podWith(name: string, containers: { name: string; requests?: Record<string, string>; limits?: Record<string, string> }[], init: typeof containers = []): KubeObject {
  const c = (x: (typeof containers)[number]) => {
    const resources: Record<string, Record<string, string>> = {};
    if (x.requests) resources.requests = { ...x.requests };
    if (x.limits) resources.limits = { ...x.limits };
    return { name: x.name, image: 'nginx', resources };
  };
  const spec: Record<string, unknown> = { containers: containers.map(c) };
  if (init.length) spec.initContainers = init.map(c);
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec };
}
