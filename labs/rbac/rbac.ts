/**
 * rbac: the RBAC authorizer behind `kubectl auth can-i`. The statement is
 * README.md beside this file; run the grader with
 *
 *   npm run grade -- rbac
 *
 * Import types from engine/apiserver/auth/types (Attributes, UserInfo,
 * AuthorizerResult) and engine/apiserver/auth/rbac/types (Policy, PolicyRule,
 * Subject, SubjectRulesReviewStatus, …). The engine's own authorizer is the
 * answer, so its modules do not load from lab code.
 */
import type { Attributes, AuthorizerResult, UserInfo } from '../../engine/apiserver/auth/types';
import type { Policy, SubjectRulesReviewStatus } from '../../engine/apiserver/auth/rbac/types';

/**
 * authorize decides whether `policy` lets `attributes.user` make the request.
 *
 * - Walk the rules that apply to the user: first those of every
 *   ClusterRoleBinding naming the user (they apply everywhere), then, when
 *   attributes.namespace is not "", those of every RoleBinding in that
 *   namespace naming the user, each list in the order given.
 * - A binding names the user when one of its subjects is the user: a User by
 *   username, a Group by membership (user.groups), a ServiceAccount by the
 *   username system:serviceaccount:<namespace>:<name>, where a subject
 *   without a namespace means the binding's namespace (so, in a
 *   ClusterRoleBinding, no one).
 * - A binding's roleRef is a ClusterRole (looked up by name) or a Role (looked
 *   up in the binding's namespace). A missing one is an error:
 *   `clusterrole.rbac.authorization.k8s.io "<name>" not found`,
 *   `role.rbac.authorization.k8s.io "<name>" not found`.
 * - A rule covers a resource request when its verbs, apiGroups, resources
 *   (the request's resource with its subresource, "pods/log") and
 *   resourceNames all match, and a non-resource request when its verbs and
 *   nonResourceURLs match; see the statement for wildcards.
 * - The first covering rule decides: { decision: 'Allow', reason:
 *   'RBAC: allowed by <source>' }, the source as
 *   `ClusterRoleBinding "<name>" of ClusterRole "<role>" to User "alice"` or
 *   `RoleBinding "<name>/<namespace>" of Role "<role>" to ServiceAccount "<name>/<namespace>"`.
 * - None: { decision: 'NoOpinion', reason: '' }, or reason 'RBAC: <error>'
 *   ('RBAC: [<e1>, <e2>]' for several distinct errors) when missing roles
 *   were met on the way.
 */
export function authorize(policy: Policy, attributes: Attributes): AuthorizerResult {
  // TODO: visit the bindings that apply to the user, and their rules, until one rule covers the request.
  throw new Error(`authorize is not implemented yet (${attributes.verb} by ${attributes.user.username}, ${policy.clusterRoleBindings.length + policy.roleBindings.length} bindings)`);
}

/**
 * rulesFor lists what `user` may do in `namespace`, as a
 * SelfSubjectRulesReview does (`kubectl auth can-i --list -n <namespace>`):
 * every rule authorize would visit, a rule with resources as a resource rule
 * { verbs, apiGroups, resources, resourceNames } and a rule with
 * nonResourceURLs as a non-resource rule { verbs, nonResourceURLs } (empty
 * lists may be left out); incomplete false; evaluationError set as
 * authorize's reason would list the errors, without "RBAC: ".
 */
export function rulesFor(policy: Policy, user: UserInfo, namespace: string): SubjectRulesReviewStatus {
  // TODO: collect the rules of the bindings that apply to the user in the namespace.
  throw new Error(`rulesFor is not implemented yet (${user.username} in namespace ${JSON.stringify(namespace)}, ${policy.roleBindings.length} role bindings)`);
}
