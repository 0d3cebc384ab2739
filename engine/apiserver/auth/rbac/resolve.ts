/**
 * Binding resolution: which rules apply to a user in a namespace, and where
 * each comes from. Kubernetes' DefaultRuleResolver
 * (pkg/registry/rbac/validation/rule.go): cluster role bindings apply in
 * every namespace and to cluster-scoped requests; role bindings apply only
 * in their own namespace, whether they reference a Role there or a
 * ClusterRole.
 */
import { SERVICE_ACCOUNT_PREFIX, type UserInfo } from '../types';
import { GROUP_KIND, SERVICE_ACCOUNT_KIND, USER_KIND, type ClusterRoleBinding, type Policy, type PolicyRule, type RoleBinding, type Subject } from './types';

/**
 * RuleVisitor receives each rule that applies, with a description of its
 * source (`source`, as reasons print it), or an error met on the way (a
 * binding whose role does not exist). Returning false stops the walk.
 */
export type RuleVisitor = (visit: { source: string; rule: PolicyRule } | { error: string }) => boolean;

/** goQuote renders a string as Go's %q does for the names RBAC prints. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/**
 * appliesToUser says whether a binding's subject is the user: a User by
 * name, a Group by membership, a ServiceAccount by the username its tokens
 * authenticate as (system:serviceaccount:<namespace>:<name>). A
 * ServiceAccount subject without a namespace means the binding's own
 * namespace (`namespace`), and matches nothing in a cluster role binding.
 */
export function appliesToUser(user: UserInfo, subject: Subject, namespace: string): boolean {
  switch (subject.kind) {
    case USER_KIND:
      return user.username === subject.name;
    case GROUP_KIND:
      return user.groups.includes(subject.name);
    case SERVICE_ACCOUNT_KIND: {
      const saNamespace = subject.namespace ? subject.namespace : namespace;
      if (saNamespace === '') return false;
      return user.username === `${SERVICE_ACCOUNT_PREFIX}${saNamespace}:${subject.name}`;
    }
    default:
      return false;
  }
}

/** appliesTo returns the first of a binding's subjects that is the user, or undefined. */
export function appliesTo(user: UserInfo, subjects: readonly Subject[] | undefined, namespace: string): Subject | undefined {
  return (subjects ?? []).find((s) => appliesToUser(user, s, namespace));
}

/** describeSubject renders a subject as reasons do; a ServiceAccount is "<name>/<namespace>". */
export function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === SERVICE_ACCOUNT_KIND) return `${s.kind} ${goQuote(`${s.name}/${s.namespace ? s.namespace : bindingNamespace}`)}`;
  return `${s.kind} ${goQuote(s.name)}`;
}

/** describeClusterRoleBinding renders `ClusterRoleBinding "<name>" of <kind> "<role>" to <subject>`. */
export function describeClusterRoleBinding(b: ClusterRoleBinding, s: Subject): string {
  return `ClusterRoleBinding ${goQuote(b.metadata?.name ?? '')} of ${b.roleRef.kind} ${goQuote(b.roleRef.name)} to ${describeSubject(s, '')}`;
}

/** describeRoleBinding renders `RoleBinding "<name>/<namespace>" of <kind> "<role>" to <subject>` (upstream puts the name first). */
export function describeRoleBinding(b: RoleBinding, s: Subject): string {
  const ns = b.metadata?.namespace ?? '';
  return `RoleBinding ${goQuote(`${b.metadata?.name ?? ''}/${ns}`)} of ${b.roleRef.kind} ${goQuote(b.roleRef.name)} to ${describeSubject(s, ns)}`;
}

/**
 * roleReferenceRules resolves a binding's roleRef: a Role is looked up in the
 * binding's namespace, a ClusterRole by name. A missing role is an error with
 * the lister's NotFound text.
 */
export function roleReferenceRules(policy: Policy, ref: { kind: string; name: string }, bindingNamespace: string): { rules: readonly PolicyRule[] } | { error: string } {
  switch (ref.kind) {
    case 'Role': {
      const role = policy.roles.find((r) => (r.metadata?.namespace ?? '') === bindingNamespace && r.metadata?.name === ref.name);
      return role ? { rules: role.rules ?? [] } : { error: `role.rbac.authorization.k8s.io ${goQuote(ref.name)} not found` };
    }
    case 'ClusterRole': {
      const role = policy.clusterRoles.find((r) => r.metadata?.name === ref.name);
      return role ? { rules: role.rules ?? [] } : { error: `clusterrole.rbac.authorization.k8s.io ${goQuote(ref.name)} not found` };
    }
    default:
      return { error: `unsupported role reference kind: ${goQuote(ref.kind)}` };
  }
}

/**
 * visitRulesFor walks every rule that applies to `user` in `namespace`, in
 * order: the rules of each cluster role binding naming the user, then (when
 * namespace is not "") those of each role binding in that namespace naming
 * the user. It stops when the visitor returns false.
 */
export function visitRulesFor(policy: Policy, user: UserInfo, namespace: string, visitor: RuleVisitor): void {
  for (const binding of policy.clusterRoleBindings) {
    const subject = appliesTo(user, binding.subjects, '');
    if (!subject) continue;
    const resolved = roleReferenceRules(policy, binding.roleRef, '');
    if ('error' in resolved) {
      if (!visitor({ error: resolved.error })) return;
      continue;
    }
    const source = describeClusterRoleBinding(binding, subject);
    for (const rule of resolved.rules) if (!visitor({ source, rule })) return;
  }
  if (namespace === '') return;
  for (const binding of policy.roleBindings) {
    if ((binding.metadata?.namespace ?? '') !== namespace) continue;
    const subject = appliesTo(user, binding.subjects, namespace);
    if (!subject) continue;
    const resolved = roleReferenceRules(policy, binding.roleRef, namespace);
    if ('error' in resolved) {
      if (!visitor({ error: resolved.error })) return;
      continue;
    }
    const source = describeRoleBinding(binding, subject);
    for (const rule of resolved.rules) if (!visitor({ source, rule })) return;
  }
}
