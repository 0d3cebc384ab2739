/**
 * The rbac bug corpus: plausible wrong solutions, each a mistake a learner
 * really makes, written as a mutation of the engine's RBAC authorizer
 * (engine/apiserver/auth/rbac match.ts, resolve.ts, authorize.ts). The
 * grader's own tests play every one and require that it fails with one of
 * the properties in `expect`: a bug the grader lets through is a grader bug.
 */
import type { Mutation } from '../core/mutations';

/** RbacBug is one wrong solution of this lab's corpus (see graders/core/mutations.ts). */
export type RbacBug = Mutation;

const MATCH = 'engine/apiserver/auth/rbac/match.ts';
const RESOLVE = 'engine/apiserver/auth/rbac/resolve.ts';
const AUTHORIZE = 'engine/apiserver/auth/rbac/authorize.ts';

/** BUGS is the corpus. */
export const BUGS: readonly RbacBug[] = [
  {
    id: 'role-binding-to-cluster-role-grants-everywhere',
    description: 'a RoleBinding that references a ClusterRole is applied in every namespace, as if it were a ClusterRoleBinding',
    file: RESOLVE,
    find: "if ((binding.metadata?.namespace ?? '') !== namespace) continue;",
    replace: "if (binding.roleRef.kind !== 'ClusterRole' && (binding.metadata?.namespace ?? '') !== namespace) continue;",
    // A rules review lists the ClusterRole's rules in other namespaces too: that points at the same mistake.
    expect: ['cluster-role-via-role-binding', 'rules-for'],
  },
  {
    id: 'cluster-role-bindings-only-cluster-wide',
    description: 'ClusterRoleBindings are consulted only for cluster-wide requests, not for requests in a namespace',
    file: RESOLVE,
    find: 'for (const binding of policy.clusterRoleBindings) {',
    replace: "for (const binding of namespace === '' ? policy.clusterRoleBindings : []) {",
    // Where a RoleBinding allows too, the reason names it instead of the ClusterRoleBinding visited first.
    expect: ['binding-scope', 'reasons', 'rules-for'],
  },
  {
    id: 'role-found-in-any-namespace',
    description: "a RoleBinding's Role is looked up by name alone, so it may be another namespace's Role of that name",
    file: RESOLVE,
    find: "(r.metadata?.namespace ?? '') === bindingNamespace && r.metadata?.name === ref.name",
    replace: 'r.metadata?.name === ref.name',
    expect: ['binding-scope', 'rules-for'],
  },
  {
    id: 'ignores-resource-names',
    description: 'resourceNames are ignored: a rule for secret "web" covers every secret',
    file: MATCH,
    find: 'return names.length === 0 || names.includes(name);',
    replace: 'return true;',
    expect: ['resource-names'],
  },
  {
    id: 'resource-names-allow-nameless',
    description: 'a rule with resourceNames also covers requests without a name (list, watch, create)',
    file: MATCH,
    find: 'return names.length === 0 || names.includes(name);',
    replace: "return names.length === 0 || name === '' || names.includes(name);",
    expect: ['resource-names'],
  },
  {
    id: 'api-group-star-not-wildcard',
    description: 'apiGroups "*" is compared as a group name, so it matches no group',
    file: MATCH,
    find: '.some((g) => g === API_GROUP_ALL || g === group)',
    replace: '.some((g) => g === group)',
    expect: ['wildcards'],
  },
  {
    id: 'resource-covers-subresources',
    description: 'a rule for "pods" also covers pods/log, pods/exec and every other subresource of pods',
    file: MATCH,
    find: 'if (r === RESOURCE_ALL || r === combined) return true;',
    replace: 'if (r === RESOURCE_ALL || r === combined || combined.startsWith(`${r}/`)) return true;',
    expect: ['subresources'],
  },
  {
    id: 'star-subresource-unsupported',
    description: 'resources "*/scale" is compared as a resource name, so it covers no scale subresource',
    file: MATCH,
    find: "if (r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;",
    replace: '',
    // "*/scale" is a wildcard too: a message about wildcards points at it as well.
    expect: ['subresources', 'wildcards'],
  },
  {
    id: 'service-account-namespace-defaults-to-default',
    description: 'a ServiceAccount subject without a namespace is taken to be in namespace "default", not in the RoleBinding’s',
    file: RESOLVE,
    find: 'const saNamespace = subject.namespace ? subject.namespace : namespace;',
    replace: "const saNamespace = subject.namespace ? subject.namespace : 'default';",
    // A rules review of the service account misses the rules of its own namespace's bindings, and a
    // refusal's reason the missing roles of bindings that name it.
    expect: ['serviceaccount-subjects', 'rules-for', 'reasons'],
  },
  {
    id: 'service-account-matched-by-name',
    description: 'a ServiceAccount subject matches any service account of that name, whatever its namespace',
    file: RESOLVE,
    find: 'return user.username === `${SERVICE_ACCOUNT_PREFIX}${saNamespace}:${subject.name}`;',
    replace: 'return user.username.startsWith(SERVICE_ACCOUNT_PREFIX) && user.username.endsWith(`:${subject.name}`);',
    // A reason may name the wrong service account; a rules review lists another's rules.
    expect: ['serviceaccount-subjects', 'reasons', 'rules-for'],
  },
  {
    id: 'url-prefix-covers-parent',
    description: 'nonResourceURLs "/apis/*" also covers "/apis" (the slash before the "*" is dropped with it)',
    file: MATCH,
    find: "if (u.endsWith('*') && path.startsWith(u.replace(/\\*+$/, ''))) return true;",
    replace: "if (u.endsWith('*') && path.startsWith(u.replace(/\\/?\\*+$/, ''))) return true;",
    expect: ['non-resource-urls'],
  },
  {
    id: 'url-star-suffix-literal',
    description: 'nonResourceURLs ending in "*" are compared literally, so "/healthz/*" covers no path',
    file: MATCH,
    find: "if (u.endsWith('*') && path.startsWith(u.replace(/\\*+$/, ''))) return true;",
    replace: '',
    expect: ['non-resource-urls'],
  },
  {
    id: 'verbs-case-insensitive',
    description: 'verbs are compared ignoring case, so a rule listing "Get" covers get',
    file: MATCH,
    find: 'return rule.verbs.some((v) => v === VERB_ALL || v === verb);',
    replace: 'return rule.verbs.some((v) => v === VERB_ALL || v.toLowerCase() === verb.toLowerCase());',
    expect: ['verbs-and-groups'],
  },
  {
    id: 'deny-when-nothing-allows',
    description: 'a request no rule covers is denied (Deny) instead of left to other authorizers (NoOpinion)',
    file: AUTHORIZE,
    find: "return { decision: 'NoOpinion', reason: errors.length > 0",
    replace: "return { decision: 'Deny', reason: errors.length > 0",
    expect: ['deny-by-default'],
  },
  {
    id: 'role-binding-reason-namespace-first',
    description: 'the reason names a RoleBinding as "<namespace>/<name>", where the API server writes "<name>/<namespace>"',
    file: RESOLVE,
    find: "return `RoleBinding ${goQuote(`${b.metadata?.name ?? ''}/${ns}`)}",
    replace: "return `RoleBinding ${goQuote(`${ns}/${b.metadata?.name ?? ''}`)}",
    expect: ['reasons'],
  },
  {
    id: 'missing-roles-not-reported',
    description: 'bindings to missing roles are skipped silently: a refused request’s reason does not list them',
    file: AUTHORIZE,
    find: "    if ('error' in visit) {\n      errors.push(visit.error);\n      return true;\n    }\n    if (!ruleAllows",
    replace: "    if ('error' in visit) return true;\n    if (!ruleAllows",
    expect: ['reasons'],
  },
  {
    id: 'rules-for-without-role-bindings',
    description: 'rulesFor lists the rules of ClusterRoleBindings only, forgetting the RoleBindings of the namespace',
    file: AUTHORIZE,
    find: 'visitRulesFor(policy, user, namespace, (visit) => {',
    replace: "visitRulesFor(policy, user, '', (visit) => {",
    expect: ['rules-for'],
  },
];
