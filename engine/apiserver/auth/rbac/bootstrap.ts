/**
 * The default RBAC policy an API server creates at start-up (Kubernetes'
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy): the user-facing roles
 * cluster-admin, admin, edit and view, the discovery and self-review roles
 * every authenticated user gets, and their bindings. Upstream builds admin,
 * edit and view by aggregating the system:aggregate-to-* roles; here they are
 * written out already aggregated (view ⊂ edit ⊂ admin), for the resources
 * Kubernetes has, so `kubectl auth can-i` answers as on a real cluster.
 */
import { ALL_AUTHENTICATED, ALL_UNAUTHENTICATED, SYSTEM_MASTERS } from '../types';
import { GROUP_KIND, GROUP_NAME, type ClusterRole, type ClusterRoleBinding, type PolicyRule } from './types';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const READ_WRITE = [...READ, ...WRITE];

/** rule builds a PolicyRule over resources of some API groups. */
function rule(verbs: string[], apiGroups: string[], resources: string[]): PolicyRule {
  return { verbs, apiGroups, resources };
}

/** urls builds a PolicyRule over non-resource URLs. */
function urls(verbs: string[], nonResourceURLs: string[]): PolicyRule {
  return { verbs, nonResourceURLs };
}

/** VIEW_RULES are the rules of "view": read everything in a namespace except secrets and what lets one act as others. */
const VIEW_RULES: PolicyRule[] = [
  rule(READ, [''], ['pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'configmaps']),
  rule(READ, [''], ['limitranges', 'resourcequotas', 'bindings', 'events', 'pods/status', 'resourcequotas/status', 'namespaces/status', 'replicationcontrollers/status', 'pods/log']),
  // Reading namespaces at namespace scope is reading this namespace: a hint of which namespaces one can use.
  rule(READ, [''], ['namespaces']),
  rule(READ, ['discovery.k8s.io'], ['endpointslices']),
  rule(READ, ['apps'], ['controllerrevisions', 'statefulsets', 'statefulsets/scale', 'statefulsets/status', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status']),
  rule(READ, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
  rule(READ, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
  rule(READ, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
  rule(READ, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
];

/** EDIT_RULES are what "edit" adds to view: write most namespaced objects, read secrets, but not roles and bindings. */
const EDIT_RULES: PolicyRule[] = [
  rule(READ, [''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy']),
  rule(['impersonate'], [''], ['serviceaccounts']),
  rule(WRITE, [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
  rule(['create'], [''], ['pods/eviction']),
  rule(WRITE, [''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy']),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(WRITE, ['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale']),
  rule(WRITE, ['autoscaling'], ['horizontalpodautoscalers']),
  rule(WRITE, ['batch'], ['cronjobs', 'jobs']),
  rule(WRITE, ['policy'], ['poddisruptionbudgets']),
  rule(WRITE, ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
  rule(READ_WRITE, ['coordination.k8s.io'], ['leases']),
];

/** ADMIN_RULES are what "admin" adds to edit: roles and role bindings in the namespace, and local access reviews. */
const ADMIN_RULES: PolicyRule[] = [
  rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
  rule(READ_WRITE, ['rbac.authorization.k8s.io'], ['rolebindings', 'roles']),
];

/** clusterRole builds a bootstrap ClusterRole, labelled and annotated as upstream's are. */
function clusterRole(name: string, rules: PolicyRule[]): ClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
    rules,
  };
}

/** clusterRoleBinding binds a bootstrap ClusterRole of the same name to groups. */
function clusterRoleBinding(name: string, groups: string[]): ClusterRoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
    roleRef: { apiGroup: GROUP_NAME, kind: 'ClusterRole', name },
    subjects: groups.map((g) => ({ apiGroup: GROUP_NAME, kind: GROUP_KIND, name: g })),
  };
}

/** bootstrapClusterRoles returns fresh copies of the default ClusterRoles. */
export function bootstrapClusterRoles(): ClusterRole[] {
  return [
    clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
    clusterRole('admin', [...VIEW_RULES, ...EDIT_RULES, ...ADMIN_RULES]),
    clusterRole('edit', [...VIEW_RULES, ...EDIT_RULES]),
    clusterRole('view', VIEW_RULES),
    clusterRole('system:basic-user', [
      rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
      rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
    ]),
    clusterRole('system:discovery', [urls(['get'], ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'])]),
    clusterRole('system:public-info-viewer', [urls(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/'])]),
  ].map((r) => copyRole(r));
}

/** bootstrapClusterRoleBindings returns fresh copies of the default ClusterRoleBindings. */
export function bootstrapClusterRoleBindings(): ClusterRoleBinding[] {
  return [
    clusterRoleBinding('cluster-admin', [SYSTEM_MASTERS]),
    clusterRoleBinding('system:basic-user', [ALL_AUTHENTICATED]),
    clusterRoleBinding('system:discovery', [ALL_AUTHENTICATED]),
    clusterRoleBinding('system:public-info-viewer', [ALL_AUTHENTICATED, ALL_UNAUTHENTICATED]),
  ];
}

/** copyRole copies a role's rule lists, so callers may change what they get. */
function copyRole(r: ClusterRole): ClusterRole {
  return { ...r, rules: (r.rules ?? []).map((x) => JSON.parse(JSON.stringify(x)) as PolicyRule) };
}
