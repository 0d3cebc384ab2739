/**
 * Diagnosis: which property a wrong decision breaks. It is read off the
 * policy: for a request the reference allows, the features of the rule that
 * allows it (a wildcard, a subresource, a service account subject, …); for
 * one it does not, the "near misses" (a rule that would allow it but for one
 * check, such as a RoleBinding in another namespace). Evidence from the
 * learner's other answers ranks the candidates, and probes (asking the
 * learner about one-rule policies) settle them.
 */
import { authorize } from '../../engine/apiserver/auth/rbac/authorize';
import { nonResourceURLMatches, resourceMatches, resourceNameMatches, ruleAllows } from '../../engine/apiserver/auth/rbac/match';
import { appliesTo, appliesToUser, describeClusterRoleBinding, describeRoleBinding, roleReferenceRules } from '../../engine/apiserver/auth/rbac/resolve';
import { GROUP_NAME, type Policy, type PolicyRule, type Subject } from '../../engine/apiserver/auth/rbac/types';
import type { Attributes, AuthorizerResult, UserInfo } from '../../engine/apiserver/auth/types';
import { PROPERTIES, type Property } from './properties';

/** Triple is one rule as it reaches one user through one binding's subject. */
export interface Triple {
  bindingNamespace: string;
  refKind: string;
  subject: Subject;
  rule: PolicyRule;
  /** roleNamespace is where the Role was found: the binding's namespace, or another (a near miss). */
  roleNamespace: string;
  /** source is how an "allowed by" reason names the binding and subject. */
  source: string;
}

/** triples lists every (binding, subject, rule) of the policy, Roles also looked up in other namespaces than their binding's. */
export function triples(policy: Policy): Triple[] {
  const out: Triple[] = [];
  const add = (bindingNamespace: string, ref: { kind: string; name: string }, subjects: readonly Subject[] | undefined, describe: (s: Subject) => string) => {
    const sources: { ns: string; rules: readonly PolicyRule[] }[] = [];
    if (ref.kind === 'ClusterRole') {
      const r = policy.clusterRoles.find((c) => c.metadata?.name === ref.name);
      if (r) sources.push({ ns: '', rules: r.rules ?? [] });
    } else if (ref.kind === 'Role') {
      for (const r of policy.roles) if (r.metadata?.name === ref.name) sources.push({ ns: r.metadata?.namespace ?? '', rules: r.rules ?? [] });
    }
    for (const subject of subjects ?? []) {
      const source = describe(subject);
      for (const src of sources) for (const rule of src.rules) out.push({ bindingNamespace, refKind: ref.kind, subject, rule, roleNamespace: src.ns, source });
    }
  };
  for (const b of policy.clusterRoleBindings) add('', b.roleRef, b.subjects, (s) => describeClusterRoleBinding(b, s));
  for (const b of policy.roleBindings) add(b.metadata?.namespace ?? '', b.roleRef, b.subjects, (s) => describeRoleBinding(b, s));
  return out;
}

/**
 * missingRoleBindings lists the bindings that apply to the request's user in
 * its namespace and reference a missing role, each as a triple whose rule
 * would cover the request (so only how the binding applies has features) and
 * the error the reference reports for it.
 */
export function missingRoleBindings(policy: Policy, a: Attributes): { triple: Triple; error: string }[] {
  const out: { triple: Triple; error: string }[] = [];
  const rule: PolicyRule = a.resourceRequest
    ? { verbs: [a.verb], apiGroups: [a.apiGroup], resources: [a.subresource ? `${a.resource}/${a.subresource}` : a.resource] }
    : { verbs: [a.verb], nonResourceURLs: [a.path] };
  const check = (bindingNamespace: string, ref: { kind: string; name: string }, subjects: readonly Subject[] | undefined, describe: (s: Subject) => string) => {
    const subject = appliesTo(a.user, subjects, bindingNamespace);
    const resolved = roleReferenceRules(policy, ref, bindingNamespace);
    if (!subject || !('error' in resolved)) return;
    out.push({ triple: { bindingNamespace, refKind: ref.kind, subject, rule, roleNamespace: bindingNamespace, source: describe(subject) }, error: resolved.error });
  };
  for (const b of policy.clusterRoleBindings) check('', b.roleRef, b.subjects, (x) => describeClusterRoleBinding(b, x));
  if (a.namespace !== '') for (const b of policy.roleBindings) if ((b.metadata?.namespace ?? '') === a.namespace) check(a.namespace, b.roleRef, b.subjects, (x) => describeRoleBinding(b, x));
  return out;
}

/** grants says whether a triple allows the request in the reference's terms. */
export function grants(t: Triple, a: Attributes): boolean {
  if (t.refKind === 'Role' && t.roleNamespace !== t.bindingNamespace) return false;
  if (t.bindingNamespace !== '' && t.bindingNamespace !== a.namespace) return false;
  return appliesToUser(a.user, t.subject, t.bindingNamespace) && ruleAllows(a, t.rule);
}

const isServiceAccount = (u: UserInfo) => u.username.startsWith('system:serviceaccount:');

/**
 * Feature is one thing an allowing rule needs the learner to get right. They
 * are finer than properties, so that a learner who shows they handle one
 * (a "*" verb) is not cleared of another of the same property (a "*" group);
 * FEATURE_PROPERTY maps each to the property it belongs to.
 */
export type Feature =
  | 'url-exact'
  | 'url-prefix'
  | 'url-star'
  | 'subresource-named'
  | 'subresource-star'
  | 'resource-names'
  | 'star-verb'
  | 'star-group'
  | 'star-resource'
  | 'sa-subject-namespaced'
  | 'sa-subject-defaulted'
  | 'sa-group'
  | 'cluster-role-via-role-binding'
  | 'role-in-namespace'
  | 'cluster-binding-in-namespace'
  | 'group-subject'
  | 'user-subject';

export const FEATURE_PROPERTY: Readonly<Record<Feature, Property>> = {
  'url-exact': PROPERTIES.nonResourceURLs,
  'url-prefix': PROPERTIES.nonResourceURLs,
  'url-star': PROPERTIES.nonResourceURLs,
  'subresource-named': PROPERTIES.subresources,
  'subresource-star': PROPERTIES.subresources,
  'resource-names': PROPERTIES.resourceNames,
  'star-verb': PROPERTIES.wildcards,
  'star-group': PROPERTIES.wildcards,
  'star-resource': PROPERTIES.wildcards,
  'sa-subject-namespaced': PROPERTIES.serviceAccounts,
  'sa-subject-defaulted': PROPERTIES.serviceAccounts,
  'sa-group': PROPERTIES.serviceAccounts,
  'cluster-role-via-role-binding': PROPERTIES.clusterRoleViaRoleBinding,
  'role-in-namespace': PROPERTIES.bindingScope,
  'cluster-binding-in-namespace': PROPERTIES.bindingScope,
  'group-subject': PROPERTIES.subjects,
  'user-subject': PROPERTIES.subjects,
};

/** featuresOf lists what an allowing triple needs the learner to get right, most specific first. */
export function featuresOf(t: Triple, a: Attributes): Feature[] {
  const f: Feature[] = [];
  const r = t.rule;
  if (!a.resourceRequest) {
    const urls = r.nonResourceURLs ?? [];
    f.push(urls.includes(a.path) ? 'url-exact' : urls.some((u) => u !== '*' && u.endsWith('*') && a.path.startsWith(u.replace(/\*+$/, ''))) ? 'url-prefix' : 'url-star');
  }
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const resources = r.resources ?? [];
  if (a.resourceRequest && a.subresource !== '') f.push(resources.includes(combined) ? 'subresource-named' : resources.includes(`*/${a.subresource}`) ? 'subresource-star' : 'star-resource');
  if ((r.resourceNames ?? []).length > 0) f.push('resource-names');
  if (!r.verbs.includes(a.verb)) f.push('star-verb');
  if (a.resourceRequest && !(r.apiGroups ?? []).includes(a.apiGroup)) f.push('star-group');
  if (a.resourceRequest && a.subresource === '' && !resources.includes(combined)) f.push('star-resource');
  const s = t.subject;
  if (s.kind === 'ServiceAccount') f.push(s.namespace ? 'sa-subject-namespaced' : 'sa-subject-defaulted');
  else if (s.kind === 'Group' && s.name.startsWith('system:serviceaccounts')) f.push('sa-group');
  if (t.bindingNamespace !== '' && t.refKind === 'ClusterRole') f.push('cluster-role-via-role-binding');
  if (t.bindingNamespace !== '' && t.refKind === 'Role') f.push('role-in-namespace');
  if (t.bindingNamespace === '' && a.namespace !== '') f.push('cluster-binding-in-namespace');
  f.push(s.kind === 'Group' ? 'group-subject' : 'user-subject');
  return [...new Set(f)];
}

/** Miss is the one check a near-miss rule fails; MISS_PROPERTY maps each to its property, in blaming order. */
export type Miss =
  | 'url'
  | 'url-by-resource-rule'
  | 'subresource'
  | 'resource-name'
  | 'nameless'
  | 'service-account'
  | 'cluster-role-scope'
  | 'role-binding-scope'
  | 'verb-case'
  | 'api-group'
  | 'role-namespace'
  | 'subject';

export const MISS_PROPERTY: Readonly<Record<Miss, Property>> = {
  url: PROPERTIES.nonResourceURLs,
  'url-by-resource-rule': PROPERTIES.nonResourceURLs,
  subresource: PROPERTIES.subresources,
  'resource-name': PROPERTIES.resourceNames,
  nameless: PROPERTIES.resourceNames,
  'service-account': PROPERTIES.serviceAccounts,
  'cluster-role-scope': PROPERTIES.clusterRoleViaRoleBinding,
  'role-binding-scope': PROPERTIES.bindingScope,
  'verb-case': PROPERTIES.verbsAndGroups,
  'api-group': PROPERTIES.verbsAndGroups,
  // Another namespace's Role of the same name is the likeliest mistake only when nothing closer is.
  'role-namespace': PROPERTIES.bindingScope,
  subject: PROPERTIES.subjects,
};

/**
 * nearMiss returns the one check a triple fails on the request, as the
 * property a learner who passed it got wrong; undefined when it passes, fails
 * more than one, or fails one no plausible mistake would pass.
 */
function nearMiss(t: Triple, a: Attributes): Miss | undefined {
  const misses: Miss[] = [];
  if (t.refKind === 'Role' && t.roleNamespace !== t.bindingNamespace) misses.push('role-namespace');
  if (t.bindingNamespace !== '' && t.bindingNamespace !== a.namespace) misses.push(t.refKind === 'ClusterRole' ? 'cluster-role-scope' : 'role-binding-scope');
  if (!appliesToUser(a.user, t.subject, t.bindingNamespace)) {
    const s = t.subject;
    const saName = isServiceAccount(a.user) ? a.user.username.split(':')[3] : undefined;
    if (s.kind === 'ServiceAccount' && (s.name === saName || s.name === a.user.username)) misses.push('service-account');
    else if (s.kind.toLowerCase() === 'user' && s.name === a.user.username) misses.push('subject');
    else if (s.kind.toLowerCase() === 'group' && a.user.groups.includes(s.name)) misses.push('subject');
    else if (s.kind === 'Group' && s.name === a.user.username) misses.push('subject');
    else return undefined;
  }
  const r = t.rule;
  const verbs = r.verbs;
  if (!verbs.includes('*') && !verbs.includes(a.verb)) {
    if (verbs.some((v) => v.toLowerCase() === a.verb)) misses.push('verb-case');
    else return undefined;
  }
  if (!a.resourceRequest) {
    if ((r.nonResourceURLs ?? []).length === 0) {
      if ((r.resources ?? []).includes('*')) misses.push('url-by-resource-rule');
      else return undefined;
    } else if (!nonResourceURLMatches(r, a.path)) {
      const related = (r.nonResourceURLs ?? []).some((u) => {
        const stem = u.replace(/\*+$/, '');
        return a.path.startsWith(stem.replace(/\/$/, '')) || stem.startsWith(a.path);
      });
      if (related) misses.push('url');
      else return undefined;
    }
    return misses.length === 1 ? misses[0] : undefined;
  }
  if ((r.resources ?? []).length === 0) return undefined;
  const groups = r.apiGroups ?? [];
  if (!groups.includes('*') && !groups.includes(a.apiGroup)) misses.push('api-group');
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  if (!resourceMatches(r, combined, a.subresource)) {
    const related = (r.resources ?? []).some((x) => x === a.resource || x.split('/')[0] === a.resource || (x.startsWith('*/') && a.subresource !== '') || (x.startsWith('*/') && a.subresource === ''));
    if (related) misses.push('subresource');
    else return undefined;
  }
  if (!resourceNameMatches(r, a.name)) misses.push(a.name === '' ? 'nameless' : 'resource-name');
  return misses.length === 1 ? misses[0] : undefined;
}

/** Diagnosis is the property a wrong decision breaks, and how sure the grader is (lower is surer). */
export interface Diagnosis {
  property: Property;
  score: number;
}

/** allowingTriple is the simplest rule that allows `a` (fewest features), or undefined when none does. */
export function allowingTriple(all: readonly Triple[], a: Attributes): { triple: Triple; features: Feature[] } | undefined {
  let best: { triple: Triple; features: Feature[] } | undefined;
  for (const t of all) {
    if (!grants(t, a)) continue;
    const features = featuresOf(t, a);
    if (!best || features.length < best.features.length) best = { triple: t, features };
  }
  return best;
}

/** blame picks the property of an allowing rule the learner missed: its first feature not cleared, and how many were left. */
export function blame(features: readonly Feature[], cleared: ReadonlySet<Feature>, implicated: ReadonlyMap<Feature, number> = new Map()): Diagnosis {
  // Matching a user or a group is what every allowed request needs: blamed only when nothing else is left.
  const specific = features.filter((f) => FEATURE_PROPERTY[f] !== PROPERTIES.subjects);
  const open = specific.filter((f) => !cleared.has(f));
  // Among the open features, the one most wrongly refused requests share is the likeliest mistake.
  let suspect = open[0] ?? specific[0] ?? features[0]!;
  for (const f of open) if ((implicated.get(f) ?? 0) > (implicated.get(suspect) ?? 0)) suspect = f;
  return { property: FEATURE_PROPERTY[suspect], score: open.length || features.length };
}

/**
 * diagnose names the property a wrong decision on `a` breaks. `refAllowed`
 * is the reference's decision; `mine` the learner's answer. `cleared` are
 * features of requests the learner allowed rightly: when a wrongly refused
 * request's rule has several features, one the learner has shown it handles
 * is not the one to blame.
 */
export function diagnose(
  policy: Policy,
  a: Attributes,
  refAllowed: boolean,
  mine: AuthorizerResult,
  cleared: ReadonlySet<Feature> = new Set(),
  implicated: ReadonlyMap<Feature, number> = new Map(),
  refusedRight: ReadonlySet<Miss> = new Set(),
): Diagnosis {
  const all = triples(policy);
  if (!refAllowed && mine.decision === 'Allow') {
    // When the learner's reason names a binding, its near misses are the ones to blame.
    const named = all.filter((t) => mine.reason === `RBAC: allowed by ${t.source}`);
    if (named.length > 0) return nearMisses(named, a, refusedRight);
  }
  if (refAllowed) {
    const best = allowingTriple(all, a);
    return best ? blame(best.features, cleared, implicated) : { property: PROPERTIES.subjects, score: 9 };
  }
  if (mine.decision === 'Deny') return { property: PROPERTIES.denyByDefault, score: 0 };
  return nearMisses(all, a, refusedRight);
}

/** missesOf lists the near misses of a request, in blaming order. */
export function missesOf(all: readonly Triple[], a: Attributes): Miss[] {
  const found = new Set<Miss>();
  for (const t of all) {
    const m = nearMiss(t, a);
    if (m) found.add(m);
  }
  return (Object.keys(MISS_PROPERTY) as Miss[]).filter((m) => found.has(m));
}

/**
 * nearMisses names the likeliest property among the triples' near misses
 * (deny-by-default when there are none): the first in blaming order that the
 * learner has not been seen to refuse rightly (`refusedRight`).
 */
export function nearMisses(all: readonly Triple[], a: Attributes, refusedRight: ReadonlySet<Miss> = new Set()): Diagnosis {
  const misses = missesOf(all, a);
  if (misses.length === 0) return { property: PROPERTIES.denyByDefault, score: 9 };
  const open = misses.filter((m) => !refusedRight.has(m));
  return { property: MISS_PROPERTY[open[0] ?? misses[0]!], score: open.length || misses.length };
}

/**
 * Ask asks the learner's authorize about another policy (undefined when it
 * threw or answered nonsense). Probes use it to tell which check the learner
 * gets wrong, one at a time.
 */
export type Ask = (policy: Policy, attributes: Attributes) => AuthorizerResult | undefined;

/** probePolicy is a policy of one binding, one subject and one rule: a triple alone. */
export function probePolicy(t: Pick<Triple, 'bindingNamespace' | 'refKind' | 'subject' | 'rule' | 'roleNamespace'>): Policy {
  const roleRef = { apiGroup: GROUP_NAME, kind: t.refKind, name: 'probe' };
  const subjects = [t.subject];
  return {
    roles: t.refKind === 'Role' ? [{ metadata: { namespace: t.roleNamespace, name: 'probe' }, rules: [t.rule] }] : [],
    clusterRoles: t.refKind === 'ClusterRole' ? [{ metadata: { name: 'probe' }, rules: [t.rule] }] : [],
    roleBindings: t.bindingNamespace !== '' ? [{ metadata: { namespace: t.bindingNamespace, name: 'probe' }, roleRef, subjects }] : [],
    clusterRoleBindings: t.bindingNamespace === '' ? [{ metadata: { name: 'probe' }, roleRef, subjects }] : [],
  };
}

/** neutralized is the triple and request with feature f taken away (a "*" spelled out, a User for a service account, …). */
function neutralized(t: Triple, f: Feature, a: Attributes): { triple: Triple; attributes: Attributes } | undefined {
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const rule = (r: Partial<PolicyRule>) => ({ triple: { ...t, rule: { ...t.rule, ...r } }, attributes: a });
  switch (f) {
    case 'url-prefix':
    case 'url-star':
      return rule({ nonResourceURLs: [a.path] });
    case 'subresource-named':
      return { triple: { ...t, rule: { ...t.rule, resources: [a.resource] } }, attributes: { ...a, subresource: '' } };
    case 'subresource-star':
    case 'star-resource':
      return rule({ resources: [combined] });
    case 'resource-names':
      return rule({ resourceNames: [] });
    case 'star-verb':
      return rule({ verbs: [a.verb] });
    case 'star-group':
      return rule({ apiGroups: [a.apiGroup] });
    case 'sa-subject-namespaced':
    case 'sa-subject-defaulted':
    case 'sa-group':
    case 'group-subject':
      return { triple: { ...t, subject: { kind: 'User', apiGroup: GROUP_NAME, name: a.user.username } }, attributes: a };
    case 'cluster-role-via-role-binding':
      return { triple: { ...t, refKind: 'Role', roleNamespace: t.bindingNamespace }, attributes: a };
    case 'role-in-namespace':
      return { triple: { ...t, refKind: 'ClusterRole', roleNamespace: '' }, attributes: a };
    case 'cluster-binding-in-namespace':
      return { triple: { ...t, bindingNamespace: a.namespace }, attributes: a };
    default:
      return undefined;
  }
}

/**
 * probe finds, by asking the learner about one-rule policies, which check it
 * gets wrong on request `a`: for a request the reference allows, the feature
 * of the allowing rule whose removal makes the learner allow it too; for one
 * it refuses, the near miss whose rule alone the learner allows. Undefined
 * when the probes do not tell (the mistake needs several bindings to show).
 */
export function probe(policy: Policy, a: Attributes, refAllowed: boolean, ask: Ask): Property | undefined {
  const all = triples(policy);
  if (refAllowed) {
    const best = allowingTriple(all, a);
    if (!best || ask(probePolicy(best.triple), a)?.decision === 'Allow') return undefined;
    for (const f of best.features) {
      const v = neutralized(best.triple, f, a);
      if (!v) continue;
      const p = probePolicy(v.triple);
      if (authorize(p, v.attributes).decision !== 'Allow') continue;
      if (ask(p, v.attributes)?.decision === 'Allow') return FEATURE_PROPERTY[f];
    }
    return undefined;
  }
  const order = Object.keys(MISS_PROPERTY) as Miss[];
  const near = all.map((t) => ({ t, m: nearMiss(t, a) })).filter((x): x is { t: Triple; m: Miss } => x.m !== undefined);
  near.sort((x, y) => order.indexOf(x.m) - order.indexOf(y.m));
  for (const { t, m } of near) {
    const p = probePolicy(t);
    if (authorize(p, a).decision === 'Allow') continue;
    if (ask(p, a)?.decision === 'Allow') return MISS_PROPERTY[m];
  }
  return undefined;
}
