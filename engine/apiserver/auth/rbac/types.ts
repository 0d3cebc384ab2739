/**
 * The RBAC authorizer's inputs and outputs (plugin/pkg/auth/authorizer/rbac
 * and pkg/registry/rbac/validation in Kubernetes), shared by the engine's
 * authorizer and the rbac lab.
 */
/**
 * The rbac.authorization.k8s.io/v1 objects, spelled out field for field as
 * kubernetes-types 1.30 declares them (objects of those types are
 * assignable to these, see types.test.ts). They are written here rather than
 * re-exported because the lab page's editor sees the engine's sources only,
 * not node_modules: lab code must be able to type-check against them.
 */

/** ObjectMeta is the part of meta/v1 ObjectMeta RBAC reads (the rest is allowed through). */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: { [name: string]: string };
  annotations?: { [name: string]: string };
  resourceVersion?: string;
  uid?: string;
}

/** PolicyRule says what verbs are allowed on what resources or non-resource URLs. */
export interface PolicyRule {
  /** apiGroups: "" is the core group, "*" every group. */
  apiGroups?: string[];
  /** nonResourceURLs: paths such as "/healthz"; "*" every path, a trailing "*" a prefix. */
  nonResourceURLs?: string[];
  /** resourceNames restricts the rule to the named objects; empty means every object. */
  resourceNames?: string[];
  /** resources: "pods", "pods/log" (a subresource), "*\/scale", "*". */
  resources?: string[];
  /** verbs: "get", "list", …, "*". */
  verbs: string[];
}

/** Subject is who a binding grants to: kind "User", "Group" or "ServiceAccount". */
export interface Subject {
  apiGroup?: string;
  kind: string;
  name: string;
  /** namespace of a ServiceAccount; empty means the binding's. */
  namespace?: string;
}

/** RoleRef names the role a binding grants: kind "Role" or "ClusterRole". */
export interface RoleRef {
  apiGroup: string;
  kind: string;
  name: string;
}

export interface AggregationRule {
  clusterRoleSelectors?: { matchLabels?: { [name: string]: string } }[];
}

export interface Role {
  apiVersion?: 'rbac.authorization.k8s.io/v1';
  kind?: 'Role';
  metadata?: ObjectMeta;
  rules?: PolicyRule[];
}

export interface ClusterRole {
  aggregationRule?: AggregationRule;
  apiVersion?: 'rbac.authorization.k8s.io/v1';
  kind?: 'ClusterRole';
  metadata?: ObjectMeta;
  rules?: PolicyRule[];
}

export interface RoleBinding {
  apiVersion?: 'rbac.authorization.k8s.io/v1';
  kind?: 'RoleBinding';
  metadata?: ObjectMeta;
  roleRef: RoleRef;
  subjects?: Subject[];
}

export interface ClusterRoleBinding {
  apiVersion?: 'rbac.authorization.k8s.io/v1';
  kind?: 'ClusterRoleBinding';
  metadata?: ObjectMeta;
  roleRef: RoleRef;
  subjects?: Subject[];
}

/** NonResourceRule is authorization.k8s.io/v1 NonResourceRule. */
export interface NonResourceRule {
  nonResourceURLs?: string[];
  verbs: string[];
}

/**
 * ResourceRule is authorization.k8s.io/v1 ResourceRule (kubernetes-types
 * 1.30 lost its verbs and resources fields, so it is spelled out here).
 * Empty lists are left out, as the API's JSON omits them.
 */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

/** SubjectRulesReviewStatus is what a SelfSubjectRulesReview answers (authorization.k8s.io/v1). */
export interface SubjectRulesReviewStatus {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  /** incomplete is true when an authorizer could not list its rules; RBAC always can. */
  incomplete: boolean;
  /** evaluationError reports what went wrong on the way, such as bindings to missing roles. */
  evaluationError?: string;
}

/**
 * Policy is the RBAC objects an authorization decision reads, as the API
 * server's listers hand them over: every list in the listers' order, which is
 * the order rules are visited in (cluster role bindings first, then the role
 * bindings of the request's namespace) and so decides which binding an
 * "allowed by" reason names.
 */
export interface Policy {
  roles: readonly Role[];
  clusterRoles: readonly ClusterRole[];
  roleBindings: readonly RoleBinding[];
  clusterRoleBindings: readonly ClusterRoleBinding[];
}

/**
 * PolicySource is where a running authorizer reads the policy from on each
 * request (the informers' listers in the API server): the getters return the
 * objects as they are now.
 */
export interface PolicySource {
  roles(): readonly Role[];
  clusterRoles(): readonly ClusterRole[];
  roleBindings(): readonly RoleBinding[];
  clusterRoleBindings(): readonly ClusterRoleBinding[];
}

/** Well-known values of PolicyRule and Subject fields (rbac/v1 types.go). */
export const VERB_ALL = '*';
export const API_GROUP_ALL = '*';
export const RESOURCE_ALL = '*';
export const NON_RESOURCE_ALL = '*';
export const GROUP_NAME = 'rbac.authorization.k8s.io';
export const USER_KIND = 'User';
export const GROUP_KIND = 'Group';
export const SERVICE_ACCOUNT_KIND = 'ServiceAccount';

/** staticPolicy is a PolicySource over fixed lists. */
export function staticPolicy(policy: Policy): PolicySource {
  return {
    roles: () => policy.roles,
    clusterRoles: () => policy.clusterRoles,
    roleBindings: () => policy.roleBindings,
    clusterRoleBindings: () => policy.clusterRoleBindings,
  };
}

/** snapshotPolicy reads a PolicySource's four lists at once. */
export function snapshotPolicy(source: PolicySource): Policy {
  return { roles: source.roles(), clusterRoles: source.clusterRoles(), roleBindings: source.roleBindings(), clusterRoleBindings: source.clusterRoleBindings() };
}
