/**
 * Builders for RBAC tests and examples: roles, bindings, users and requests
 * in a line each, as upstream's rbacv1helpers builders do.
 */
import { ALL_AUTHENTICATED, ALL_SERVICE_ACCOUNTS, SERVICE_ACCOUNT_PREFIX, type Attributes, type UserInfo } from '../types';
import { GROUP_NAME, type ClusterRole, type ClusterRoleBinding, type Policy, type PolicyRule, type Role, type RoleBinding, type Subject } from './types';

/** user is an authenticated user with extra groups. */
export function user(name: string, ...groups: string[]): UserInfo {
  return { username: name, groups: [...groups, ALL_AUTHENTICATED] };
}

/** serviceAccountUser is the user a ServiceAccount's token authenticates as, with the groups authentication gives it. */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return { username: `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`, groups: [ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:${namespace}`, ALL_AUTHENTICATED] };
}

/** rule builds a resource rule: verbs, API groups, resources and optionally resource names. */
export function rule(verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule {
  return resourceNames ? { verbs, apiGroups, resources, resourceNames } : { verbs, apiGroups, resources };
}

/** urlRule builds a non-resource rule. */
export function urlRule(verbs: string[], nonResourceURLs: string[]): PolicyRule {
  return { verbs, nonResourceURLs };
}

export function role(namespace: string, name: string, ...rules: PolicyRule[]): Role {
  return { metadata: { namespace, name }, rules };
}

export function clusterRole(name: string, ...rules: PolicyRule[]): ClusterRole {
  return { metadata: { name }, rules };
}

/** User, Group and ServiceAccount build subjects ("ns/name" or a bare name for a ServiceAccount). */
export const User = (name: string): Subject => ({ kind: 'User', apiGroup: GROUP_NAME, name });
export const Group = (name: string): Subject => ({ kind: 'Group', apiGroup: GROUP_NAME, name });
export function ServiceAccount(ref: string): Subject {
  const [ns, name] = ref.includes('/') ? ref.split('/') : ['', ref];
  return ns ? { kind: 'ServiceAccount', name: name!, namespace: ns } : { kind: 'ServiceAccount', name: name! };
}

/** roleBinding binds `ref` ("Role/x" or "ClusterRole/x") in a namespace. */
export function roleBinding(namespace: string, name: string, ref: string, ...subjects: Subject[]): RoleBinding {
  const [kind, roleName] = ref.split('/');
  return { metadata: { namespace, name }, roleRef: { apiGroup: GROUP_NAME, kind: kind!, name: roleName! }, subjects };
}

export function clusterRoleBinding(name: string, clusterRoleName: string, ...subjects: Subject[]): ClusterRoleBinding {
  return { metadata: { name }, roleRef: { apiGroup: GROUP_NAME, kind: 'ClusterRole', name: clusterRoleName }, subjects };
}

/** policy sorts objects into a Policy, keeping their order. */
export function policy(...objects: (Role | ClusterRole | RoleBinding | ClusterRoleBinding)[]): Policy {
  const p = { roles: [] as Role[], clusterRoles: [] as ClusterRole[], roleBindings: [] as RoleBinding[], clusterRoleBindings: [] as ClusterRoleBinding[] };
  for (const o of objects) {
    const namespaced = (o.metadata?.namespace ?? '') !== '';
    if ('roleRef' in o) {
      if (namespaced) p.roleBindings.push(o as RoleBinding);
      else p.clusterRoleBindings.push(o as ClusterRoleBinding);
    } else if (namespaced) p.roles.push(o as Role);
    else p.clusterRoles.push(o as ClusterRole);
  }
  return p;
}

/**
 * request builds resource Attributes from a kubectl-ish description:
 * request(u, 'get', 'pods/log', { namespace: 'dev', name: 'web' }); the
 * group is given as "deployments.apps".
 */
export function request(u: UserInfo, verb: string, resource: string, opts: { namespace?: string; name?: string } = {}): Attributes {
  const [res, subresource = ''] = resource.split('/');
  const dot = res!.indexOf('.');
  return {
    user: u,
    verb,
    resourceRequest: true,
    namespace: opts.namespace ?? '',
    apiGroup: dot < 0 ? '' : res!.slice(dot + 1),
    apiVersion: 'v1',
    resource: dot < 0 ? res! : res!.slice(0, dot),
    subresource,
    name: opts.name ?? '',
    path: '',
  };
}

/** urlRequest builds non-resource Attributes. */
export function urlRequest(u: UserInfo, verb: string, path: string): Attributes {
  return { user: u, verb, resourceRequest: false, namespace: '', apiGroup: '', apiVersion: '', resource: '', subresource: '', name: '', path };
}
