/**
 * The requests the reader can send through the diagram's API server. Each is
 * a real request through the whole pipeline; `prepare` first does whatever
 * setup it needs as the admin, unrecorded (an object to update, a namespace
 * to terminate, changes for a watch to replay), and returns the request the
 * diagram follows.
 */
import type { ApiRequest } from '../../../engine/apiserver/handler/types';
import type { KubeObject } from '../../../engine/apiserver/object';
import { ADMIN, BOB, objectOf, request, type PipelineServer } from './assembly';

export type ScenarioId =
  | 'create-pod'
  | 'invalid-name'
  | 'no-credentials'
  | 'bob-lists-pods'
  | 'grant-bob-view'
  | 'revoke-bob-view'
  | 'stale-update'
  | 'terminating-namespace'
  | 'watch';

export interface Scenario {
  id: ScenarioId;
  /** label is the button's text. */
  label: string;
  /** description says, in one sentence, what the request is and what it is for. */
  description: string;
  prepare(server: PipelineServer): ApiRequest;
}

const PODS = '/api/v1/namespaces/default/pods';
const RBAC = '/apis/rbac.authorization.k8s.io/v1';

/** BOB_VIEW is the RoleBinding "grant bob view" creates: the view ClusterRole, for bob, in the default namespace. */
export const BOB_VIEW = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'bob-view', namespace: 'default' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'bob' }],
};

/** TERMINATING_NAMESPACE is the namespace the "terminating namespace" request creates into, deleted first. */
export const TERMINATING_NAMESPACE = 'retiring';

function pod(metadata: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } };
}

/** must checks a setup step's status, so a broken setup fails loudly instead of showing a misleading request. */
function must(what: string, status: number, ok: readonly number[]): void {
  if (!ok.includes(status)) throw new Error(`setup step "${what}" answered ${status}`);
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'create-pod',
    label: 'Admin creates a pod',
    description: 'The admin (client certificate, group system:masters) creates a pod that names no resources; the server generates its name.',
    prepare: () => request('POST', PODS, ADMIN, pod({ generateName: 'web-' })),
  },
  {
    id: 'invalid-name',
    label: 'Pod with an invalid name',
    description: 'The admin creates a pod named "Web_1": upper case and "_" are not allowed in a pod name.',
    prepare: () => request('POST', PODS, ADMIN, pod({ name: 'Web_1' })),
  },
  {
    id: 'no-credentials',
    label: 'No credentials',
    description: 'A client lists pods without a client certificate or a token; this server runs with --anonymous-auth=false.',
    prepare: () => request('GET', PODS, {}),
  },
  {
    id: 'bob-lists-pods',
    label: 'Bob lists pods',
    description: 'Bob, a user of the token file with no groups of his own, lists the pods of the default namespace.',
    prepare: () => request('GET', PODS, BOB),
  },
  {
    id: 'grant-bob-view',
    label: 'Grant bob view',
    description: 'The admin binds the ClusterRole view to bob in the default namespace (a RoleBinding named bob-view).',
    prepare: () => request('POST', `${RBAC}/namespaces/default/rolebindings`, ADMIN, BOB_VIEW),
  },
  {
    id: 'revoke-bob-view',
    label: 'Revoke bob’s view',
    description: 'The admin deletes the RoleBinding bob-view again.',
    prepare: () => request('DELETE', `${RBAC}/namespaces/default/rolebindings/bob-view`, ADMIN),
  },
  {
    id: 'stale-update',
    label: 'Stale update',
    description: 'The admin updates the ConfigMap settings from a copy read before another client changed it.',
    prepare(server) {
      const path = '/api/v1/namespaces/default/configmaps';
      must('create settings', server.admin('POST', path, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'blue' } }).status, [201, 409]);
      const read = server.admin('GET', `${path}/settings`);
      must('read settings', read.status, [200]);
      const stale = objectOf(read);
      const other = { ...stale, data: { mode: `changed at ${stale.metadata?.resourceVersion}` } };
      must('the other client’s update', server.admin('PUT', `${path}/settings`, other).status, [200]);
      return request('PUT', `${path}/settings`, ADMIN, { ...stale, data: { mode: 'green' } });
    },
  },
  {
    id: 'terminating-namespace',
    label: 'Create in a terminating namespace',
    description: `The admin creates a pod in the namespace ${TERMINATING_NAMESPACE}, which is being deleted (its finalizer has not run yet).`,
    prepare(server) {
      must('create the namespace', server.admin('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: TERMINATING_NAMESPACE } }).status, [201, 409]);
      must('delete the namespace', server.admin('DELETE', `/api/v1/namespaces/${TERMINATING_NAMESPACE}`).status, [200, 202]);
      return request('POST', `/api/v1/namespaces/${TERMINATING_NAMESPACE}/pods`, ADMIN, pod({ name: 'web' }));
    },
  },
  {
    id: 'watch',
    label: 'Watch from a resourceVersion',
    description: 'The admin watches pods from a resourceVersion read before a pod "demo" was created, labelled and deleted.',
    prepare(server) {
      const list = server.admin('GET', PODS);
      must('list pods', list.status, [200]);
      const from = objectOf(list).metadata!.resourceVersion!;
      const created = server.admin('POST', PODS, pod({ name: 'demo' }));
      must('create demo', created.status, [201]);
      const demo = objectOf(created);
      must('label demo', server.admin('PUT', `${PODS}/demo`, { ...demo, metadata: { ...demo.metadata, labels: { tier: 'web' } } }).status, [200]);
      must('delete demo', server.admin('DELETE', `${PODS}/demo`).status, [200]);
      return request('GET', PODS, ADMIN, undefined, { watch: 'true', resourceVersion: from, timeoutSeconds: '1' });
    },
  },
];

/** scenario finds a scenario by id. */
export function scenario(id: ScenarioId): Scenario {
  const s = SCENARIOS.find((x) => x.id === id);
  if (!s) throw new Error(`unknown request ${id}`);
  return s;
}
