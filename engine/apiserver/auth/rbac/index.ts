/**
 * The engine's RBAC authorization (rbac.authorization.k8s.io/v1): the
 * decision functions, the authorizers the API server chains, and the default
 * policy it bootstraps.
 */
export { authorize, rulesFor } from './authorize';
export { clusterAuthorizer, privilegedGroups, RbacAuthorizer, unionAuthorizer } from './authorizer';
export { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap';
export * from './types';
