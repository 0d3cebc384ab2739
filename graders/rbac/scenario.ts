import * as fc from 'fast-check';
import { ALL_AUTHENTICATED, ALL_SERVICE_ACCOUNTS, SERVICE_ACCOUNT_PREFIX, type Attributes, type UserInfo } from '../../engine/apiserver/auth/types';
import { GROUP_NAME, type ClusterRole, type ClusterRoleBinding, type Policy, type PolicyRule, type Role, type RoleBinding, type Subject } from '../../engine/apiserver/auth/rbac/types';

/**
 * RbacScenario is one rbac scenario as plain data: a policy (roles, cluster
 * roles and their bindings, in the listers' order), requests to decide as
 * `kubectl auth can-i` would ask them, and rules reviews
 * (`kubectl auth can-i --list`). Users are named by WHO keys; everything
 * else is the API's own shape, so the reproduction reads as YAML would.
 */
export interface RbacScenario {
  /** roles are Roles (namespace set) and ClusterRoles (namespace ""), in order. */
  roles: RoleSpec[];
  /** bindings are RoleBindings (namespace set) and ClusterRoleBindings (namespace ""), in order. */
  bindings: BindingSpec[];
  requests: RequestSpec[];
  reviews: ReviewSpec[];
}

export interface RoleSpec {
  namespace: string;
  name: string;
  rules: PolicyRule[];
}

export interface BindingSpec {
  namespace: string;
  name: string;
  ref: { kind: string; name: string };
  subjects: Subject[];
}

/** PlainRequest is a resource request (resource is "pods", "deployments.apps", …) or a non-resource one. */
export type PlainRequest =
  | { who: string; verb: string; resource: string; subresource: string; namespace: string; name: string }
  | { who: string; verb: string; path: string };

/**
 * AimedRequest is a request made from one rule of the policy, so that random
 * policies get requests they allow: `aim` picks a binding, one of its
 * subjects, one rule of its role and (pick) the verb, resource, name or path
 * of the rule (every index is taken modulo the list's length), then `tweak`
 * changes one thing to make a near miss. `base` fills in the rest (the
 * namespace of a request aimed at a ClusterRoleBinding) and is the request
 * made when the aim finds no rule.
 */
export interface AimedRequest {
  aim: [binding: number, subject: number, rule: number, pick: number];
  tweak: Tweak;
  base: PlainRequest;
}

/** Tweak is what an aimed request changes from what its rule allows. */
export type Tweak = 'none' | 'namespace' | 'verb' | 'name' | 'subresource' | 'who' | 'path';

export type RequestSpec = PlainRequest | AimedRequest;

/**
 * ReviewSpec is a rules review of `who` in `namespace`; with `aim`, of a
 * requester that binding number aim (modulo their count) names, in its
 * namespace when it is a RoleBinding.
 */
export interface ReviewSpec {
  who: string;
  namespace: string;
  aim?: number;
}

/** reviewOf resolves a rules review against the scenario's policy. */
export function reviewOf(r: ReviewSpec, s: Pick<RbacScenario, 'bindings'>): { who: string; namespace: string } {
  if (r.aim === undefined) return { who: r.who, namespace: r.namespace };
  const binding = at(s.bindings, r.aim);
  const subject = binding && at(binding.subjects, r.aim);
  const who = subject && binding && whoFor(subject, binding.namespace, r.aim);
  if (!binding || !who) return { who: r.who, namespace: r.namespace };
  return { who, namespace: binding.namespace || r.namespace };
}

/** NAMESPACES are the scenarios' namespaces. */
export const NAMESPACES = ['dev', 'prod', 'ops'] as const;

/** USERS map each plain user to the groups authentication gives it. */
export const USERS: Readonly<Record<string, readonly string[]>> = {
  alice: ['devs'],
  bob: ['ops'],
  carol: ['devs', 'ops'],
  dave: [],
};

/** SERVICE_ACCOUNTS are the service accounts requests come from, as "<namespace>:<name>". */
export const SERVICE_ACCOUNTS = ['dev:builder', 'dev:default', 'prod:builder', 'prod:deployer'] as const;

/** WHO lists every requester key: a user name, or "sa:<namespace>:<name>". */
export const WHO = [...Object.keys(USERS), ...SERVICE_ACCOUNTS.map((s) => `sa:${s}`)];

/** userOf is the UserInfo a requester authenticates as (a service account's token gives it the system:serviceaccounts groups). */
export function userOf(who: string): UserInfo {
  if (who.startsWith('sa:')) {
    const [, ns, name] = who.split(':');
    return { username: `${SERVICE_ACCOUNT_PREFIX}${ns}:${name}`, groups: [ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:${ns}`, ALL_AUTHENTICATED] };
  }
  return { username: who, groups: [...(USERS[who] ?? []), ALL_AUTHENTICATED] };
}

/** Resource is one resource of the scenarios' API. */
export interface Resource {
  resource: string;
  group: string;
  namespaced: boolean;
  subresources: readonly string[];
}

export const RESOURCES: readonly Resource[] = [
  { resource: 'pods', group: '', namespaced: true, subresources: ['log', 'status', 'exec'] },
  { resource: 'secrets', group: '', namespaced: true, subresources: [] },
  { resource: 'deployments', group: 'apps', namespaced: true, subresources: ['scale', 'status'] },
  { resource: 'cronjobs', group: 'batch', namespaced: true, subresources: ['status'] },
  { resource: 'nodes', group: '', namespaced: false, subresources: ['status'] },
];

/** resourceKey is how requests name a resource: "pods", "deployments.apps". */
export function resourceKey(r: Resource): string {
  return r.group === '' ? r.resource : `${r.resource}.${r.group}`;
}

function resourceOf(key: string): Resource {
  const r = RESOURCES.find((x) => resourceKey(x) === key);
  if (!r) throw new Error(`unknown resource ${key}`);
  return r;
}

export const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] as const;
/** NAMES are object names; "" is a request without one. */
export const NAMES = ['web', 'db'] as const;
/** PATHS are the non-resource paths requests ask for. */
export const PATHS = ['/healthz', '/healthz/etcd', '/api', '/api/v1', '/apis', '/apis/apps', '/apis/apps/v1', '/version', '/metrics', '/livez'] as const;
/** URL_RULES are what nonResourceURLs rules list: exact paths, prefixes ending in "*", and "*". */
export const URL_RULES = ['/healthz', '/healthz/*', '/apis/*', '/api*', '/apis', '/version', '/metrics', '*', '/healthz/*', '/apis/*'] as const;

/** CLUSTER_ROLES and ROLE are the role names; every scenario has a ClusterRole of each and a Role "app" in each namespace. */
export const CLUSTER_ROLES = ['reader', 'writer', 'ops'] as const;
export const ROLE = 'app';
/** MISSING is a role name no scenario defines. */
export const MISSING = 'gone';

/** NAMELESS_VERBS are the verbs whose requests carry no object name. */
const NAMELESS_VERBS = new Set(['list', 'watch', 'create', 'deletecollection']);

/**
 * attributesOf turns a request of scenario `s` into the authorizer's
 * Attributes, as the API server fills them in: cluster-scoped resources have
 * no namespace, lists, watches and creates no name, and a get, update, patch
 * or delete always one.
 */
export function attributesOf(r: RequestSpec, s: Pick<RbacScenario, 'roles' | 'bindings'>): Attributes {
  return plainAttributes('aim' in r ? aimedRequest(r, s) : r);
}

const at = <T>(xs: readonly T[], i: number): T | undefined => (xs.length === 0 ? undefined : xs[((i % xs.length) + xs.length) % xs.length]);

/** whoFor picks a requester a subject names (in a binding of namespace ns), or undefined when none can be. */
function whoFor(subject: Subject, ns: string, pick: number): string | undefined {
  switch (subject.kind) {
    case 'User':
      return subject.name in USERS ? subject.name : undefined;
    case 'Group': {
      const members = Object.keys(USERS).filter((u) => USERS[u]!.includes(subject.name));
      if (members.length > 0) return at(members, pick);
      if (subject.name === ALL_SERVICE_ACCOUNTS) return `sa:${at(SERVICE_ACCOUNTS, pick)}`;
      if (subject.name.startsWith(`${ALL_SERVICE_ACCOUNTS}:`)) return `sa:${subject.name.slice(ALL_SERVICE_ACCOUNTS.length + 1)}:default`;
      return undefined;
    }
    case 'ServiceAccount':
      return `sa:${subject.namespace || ns || 'dev'}:${subject.name}`;
    default:
      return undefined;
  }
}

/** otherWho is a requester close to `who` but not it: the same service account in another namespace, or another user. */
function otherWho(who: string): string {
  if (who.startsWith('sa:')) {
    const [, ns, name] = who.split(':');
    return `sa:${ns === 'dev' ? 'prod' : 'dev'}:${name}`;
  }
  const users = Object.keys(USERS);
  return users[(users.indexOf(who) + 1) % users.length]!;
}

/** aimedRequest resolves an aimed request against the scenario's policy. */
export function aimedRequest(r: AimedRequest, s: Pick<RbacScenario, 'roles' | 'bindings'>): PlainRequest {
  const [bi, si, ri, pick] = r.aim;
  // A request whose base asks for a path is aimed at a path rule of a ClusterRoleBinding, where there is one.
  const wantsPath = 'path' in r.base;
  const isUrlRule = (x: PolicyRule) => (x.nonResourceURLs ?? []).length > 0 && (x.resources ?? []).length === 0;
  const roleOf = (b: BindingSpec) => {
    const roleNs = b.ref.kind === 'Role' ? b.namespace : '';
    return s.roles.find((x) => x.name === b.ref.name && x.namespace === roleNs) ?? s.roles.find((x) => x.name === b.ref.name);
  };
  const urlBindings = wantsPath ? s.bindings.filter((b) => b.namespace === '' && (roleOf(b)?.rules ?? []).some(isUrlRule)) : [];
  const binding = at(urlBindings.length > 0 ? urlBindings : s.bindings, bi);
  if (!binding) return r.base;
  const subject = at(binding.subjects, si);
  const role = roleOf(binding);
  const urlRules = wantsPath ? (role?.rules ?? []).filter(isUrlRule) : [];
  const rule = role && at(urlRules.length > 0 ? urlRules : role.rules, ri);
  let who = subject && whoFor(subject, binding.namespace, pick);
  if (!rule || !who) return r.base;
  if (r.tweak === 'who') who = otherWho(who);
  const verbs = rule.verbs.map((v) => v.toLowerCase());
  let verb = at(verbs, pick)!;
  if (verb === '*') verb = at(VERBS, pick + ri)!;
  if (r.tweak === 'verb') verb = at(VERBS.filter((v) => v !== verb), pick)!;
  if ((rule.nonResourceURLs ?? []).length > 0 && (rule.resources ?? []).length === 0) {
    const u = at(rule.nonResourceURLs!, pick)!;
    // A prefix rule is aimed at its stem, a path below it, or the stem without its last slash (a near miss).
    const stem = u.replace(/\*+$/, '');
    const variant = bi + ri + si;
    let path = u === '*' ? at(PATHS, pick)! : u.endsWith('*') ? at([stem.replace(/\/$/, ''), stem, `${stem}${stem.endsWith('/') ? '' : '/'}apps`], variant)! : u;
    if (r.tweak === 'path') path = path.endsWith('/') ? path.slice(0, -1) : `${path}/x`;
    const urlVerbs = rule.verbs.includes('*') ? ['get', 'post'] : rule.verbs.filter((v) => v === 'get' || v === 'post');
    let urlVerb = at(urlVerbs, pick) ?? 'get';
    if (r.tweak === 'verb') urlVerb = urlVerb === 'get' ? 'post' : 'get';
    return { who, verb: urlVerb, path };
  }
  const named = at(rule.resources ?? [], pick) ?? '*';
  const [head, sub = ''] = named.split('/');
  const candidates = RESOURCES.filter((x) => (head === '*' ? true : x.resource === head) && (sub === '' || x.subresources.includes(sub)));
  const res = at(candidates, pick + si) ?? at(RESOURCES, pick)!;
  let subresource = sub === '*' ? '' : sub;
  if (r.tweak === 'subresource') subresource = subresource === '' ? (at(res.subresources, pick) ?? '') : '';
  let name = at(rule.resourceNames ?? [], pick) ?? 'web';
  if (r.tweak === 'name') name = name === 'web' ? 'cache' : 'web';
  const base = 'path' in r.base ? undefined : r.base;
  let namespace = binding.namespace || base?.namespace || 'dev';
  if (r.tweak === 'namespace') namespace = at(NAMESPACES.filter((n) => n !== namespace), pick)!;
  return { who, verb, resource: resourceKey(res), subresource, namespace, name };
}

function plainAttributes(r: PlainRequest): Attributes {
  const user = userOf(r.who);
  if ('path' in r) return { user, verb: r.verb, resourceRequest: false, namespace: '', apiGroup: '', apiVersion: '', resource: '', subresource: '', name: '', path: r.path };
  const res = resourceOf(r.resource);
  const subresource = res.subresources.includes(r.subresource) ? r.subresource : '';
  const nameless = NAMELESS_VERBS.has(r.verb) && subresource === '';
  return {
    user,
    verb: r.verb,
    resourceRequest: true,
    namespace: res.namespaced ? r.namespace : '',
    apiGroup: res.group,
    apiVersion: 'v1',
    resource: res.resource,
    subresource,
    name: nameless ? '' : r.name || NAMES[0],
    path: '',
  };
}

/** policyOf builds the Policy objects of a scenario, in its order. */
export function policyOf(s: Pick<RbacScenario, 'roles' | 'bindings'>): Policy {
  const roles: Role[] = [];
  const clusterRoles: ClusterRole[] = [];
  for (const r of s.roles) {
    if (r.namespace === '') clusterRoles.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: r.name }, rules: r.rules });
    else roles.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { namespace: r.namespace, name: r.name }, rules: r.rules });
  }
  const roleBindings: RoleBinding[] = [];
  const clusterRoleBindings: ClusterRoleBinding[] = [];
  for (const b of s.bindings) {
    const roleRef = { apiGroup: GROUP_NAME, kind: b.ref.kind, name: b.ref.name };
    if (b.namespace === '') clusterRoleBindings.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: b.name }, roleRef, subjects: b.subjects });
    else roleBindings.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { namespace: b.namespace, name: b.name }, roleRef, subjects: b.subjects });
  }
  return { roles, clusterRoles, roleBindings, clusterRoleBindings };
}

/** Knobs say what a family's policies and requests may contain. */
export interface Knobs {
  serviceAccounts: boolean;
  wildcards: boolean;
  resourceNames: boolean;
  subresources: boolean;
  nonResource: boolean;
  /** missing lets bindings reference roles that do not exist. */
  missing: boolean;
  /** oddVerbs lets rules spell verbs in other cases ("Get"), which match nothing. */
  oddVerbs: boolean;
  /** reviews is how many rules reviews to ask at most. */
  reviews: number;
}

const nonEmptySub = (items: readonly string[], max: number): fc.Arbitrary<string[]> => fc.subarray([...items], { minLength: 1, maxLength: Math.min(max, items.length) });
const star = fc.constant<string[]>(['*']);

function resourceRuleArb(k: Knobs): fc.Arbitrary<PolicyRule> {
  const verbs = fc.oneof(
    { weight: 6, arbitrary: nonEmptySub(VERBS, 3) },
    { weight: k.wildcards ? 2 : 0, arbitrary: star },
    { weight: k.oddVerbs ? 3 : 0, arbitrary: fc.constantFrom<string[]>(['Get'], ['LIST', 'watch'], ['Delete', 'update'], ['Create']) },
  );
  const groups = fc.oneof({ weight: 5, arbitrary: nonEmptySub(['', 'apps', 'batch'], 2) }, { weight: k.wildcards ? 2 : 0, arbitrary: star });
  const plain = RESOURCES.map((r) => r.resource);
  const subs = ['pods/log', 'pods/status', 'pods/exec', 'deployments/scale', 'deployments/status', 'nodes/status', '*/scale', '*/status'];
  const resources = fc.oneof(
    { weight: 5, arbitrary: nonEmptySub(plain, 3) },
    { weight: k.subresources ? 4 : 0, arbitrary: nonEmptySub([...subs, 'pods', 'deployments'], 3) },
    { weight: k.subresources ? 3 : 0, arbitrary: fc.constantFrom<string[]>(['*/scale'], ['*/status'], ['*/log', 'pods']) },
    { weight: k.wildcards ? 2 : 0, arbitrary: star },
  );
  const names = fc.oneof({ weight: 3, arbitrary: fc.constant<string[]>([]) }, { weight: k.resourceNames ? 3 : 0, arbitrary: nonEmptySub(NAMES, 2) });
  // Most rules name the groups of their resources, as real roles do; the rest pick groups at random.
  return fc.record({ verbs, apiGroups: groups, resources, resourceNames: names, coherent: fc.boolean() }).map(({ resourceNames, coherent, ...r }) => {
    const apiGroups = coherent && !r.apiGroups.includes('*') ? groupsOf(r.resources, r.apiGroups) : r.apiGroups;
    return resourceNames.length > 0 ? { ...r, apiGroups, resourceNames } : { ...r, apiGroups };
  });
}

/** groupsOf is the API groups of the resources a rule names ("*" keeps the generated groups). */
function groupsOf(resources: readonly string[], generated: string[]): string[] {
  const out = new Set<string>();
  for (const name of resources) {
    const head = name.split('/')[0];
    const r = RESOURCES.find((x) => x.resource === head);
    if (!r) return generated;
    out.add(r.group);
  }
  return [...out];
}

function nonResourceRuleArb(k: Knobs): fc.Arbitrary<PolicyRule> {
  const verbs = fc.oneof({ weight: 4, arbitrary: nonEmptySub(['get', 'post'], 2) }, { weight: k.wildcards ? 1 : 0, arbitrary: star });
  return fc.record({ verbs, nonResourceURLs: nonEmptySub(URL_RULES, 2) });
}

function rulesArb(k: Knobs, clusterWide: boolean): fc.Arbitrary<PolicyRule[]> {
  const rule = clusterWide && k.nonResource ? fc.oneof({ weight: 1, arbitrary: resourceRuleArb(k) }, { weight: 1, arbitrary: nonResourceRuleArb(k) }) : resourceRuleArb(k);
  return fc.array(rule, { minLength: 1, maxLength: 3, size: 'max' });
}

function subjectArb(k: Knobs): fc.Arbitrary<Subject> {
  const user = fc.constantFrom(...Object.keys(USERS)).map((name): Subject => ({ kind: 'User', apiGroup: GROUP_NAME, name }));
  const groupNames = ['devs', 'ops', ...(k.serviceAccounts ? [ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:dev`, `${ALL_SERVICE_ACCOUNTS}:prod`] : [])];
  const group = fc.constantFrom(...groupNames).map((name): Subject => ({ kind: 'Group', apiGroup: GROUP_NAME, name }));
  const sa = fc
    .record({ name: fc.constantFrom('builder', 'default', 'deployer'), namespace: fc.constantFrom('', '', 'dev', 'prod') })
    .map(({ name, namespace }): Subject => (namespace ? { kind: 'ServiceAccount', apiGroup: '', name, namespace } : { kind: 'ServiceAccount', apiGroup: '', name }));
  return fc.oneof({ weight: 4, arbitrary: user }, { weight: 2, arbitrary: group }, { weight: k.serviceAccounts ? 6 : 0, arbitrary: sa });
}

function bindingArb(k: Knobs): fc.Arbitrary<BindingSpec> {
  const existing = (kind: string) => (kind === 'Role' ? fc.constant<string>(ROLE) : fc.constantFrom<string>(...CLUSTER_ROLES));
  const roleName = (kind: string) => fc.oneof({ weight: 4, arbitrary: existing(kind) }, { weight: k.missing ? 1 : 0, arbitrary: fc.constant(MISSING) });
  const ref = (clusterWide: boolean) =>
    (clusterWide ? fc.constant('ClusterRole') : fc.constantFrom('ClusterRole', 'Role')).chain((kind) => roleName(kind).map((name) => ({ kind, name })));
  // Non-resource requests are decided by ClusterRoleBindings alone: families about them have more.
  const where = k.nonResource ? fc.constantFrom('', '', '', '', ...NAMESPACES) : fc.constantFrom('', '', ...NAMESPACES);
  return where.chain((namespace) =>
    fc.record({
      namespace: fc.constant(namespace),
      name: fc.constant(''),
      ref: ref(namespace === ''),
      subjects: fc.array(subjectArb(k), { minLength: 1, maxLength: 3 }),
    }),
  );
}

function plainRequestArb(k: Knobs): fc.Arbitrary<PlainRequest> {
  const who = fc.constantFrom(...(k.serviceAccounts ? WHO : Object.keys(USERS)));
  const resource = fc.constantFrom(...RESOURCES.map(resourceKey));
  const resourceRequest = fc.record({
    who,
    verb: fc.constantFrom(...VERBS),
    resource,
    subresource: k.subresources ? fc.constantFrom('', '', 'log', 'status', 'scale', 'exec') : fc.constant(''),
    namespace: fc.constantFrom(...NAMESPACES, ...NAMESPACES, ''),
    name: k.resourceNames ? fc.constantFrom('web', 'db', 'cache') : fc.constantFrom('web'),
  });
  // The stems of the prefix rules ("/apis" for "/apis/*") come up more often: they are the near misses.
  const nonResource = fc.record({ who, verb: fc.constantFrom('get', 'get', 'post'), path: fc.constantFrom(...PATHS, '/apis', '/healthz', '/apis/') });
  return fc.oneof({ weight: 4, arbitrary: resourceRequest }, { weight: k.nonResource ? 3 : 0, arbitrary: nonResource });
}

function requestArb(k: Knobs): fc.Arbitrary<RequestSpec> {
  const index = fc.nat({ max: 11 });
  const tweak = fc.constantFrom<Tweak>('none', 'none', 'none', 'none', 'namespace', 'verb', 'name', 'subresource', 'who', ...(k.nonResource ? (['path', 'path'] as const) : (['path'] as const)));
  const aimed = fc.record({ aim: fc.tuple(index, index, index, index), tweak, base: plainRequestArb(k) });
  return fc.oneof({ weight: 2, arbitrary: plainRequestArb(k) }, { weight: 3, arbitrary: aimed });
}

/**
 * scenarioArb generates scenarios with the knobs' features. Hidden scenarios
 * are each one fast-check run, and fast-check biases its first runs towards
 * the smallest values (one request, one rule): noBias draws sizes evenly, so
 * a scenario asks enough questions to find a mistake. Shrinking still
 * reduces a failure to a minimal one.
 */
export function scenarioArb(k: Knobs): fc.Arbitrary<RbacScenario> {
  return fc.noBias(scenarioArbBiased(k));
}

function scenarioArbBiased(k: Knobs): fc.Arbitrary<RbacScenario> {
  const clusterRoles = fc.tuple(...CLUSTER_ROLES.map((name) => rulesArb(k, true).map((rules): RoleSpec => ({ namespace: '', name, rules }))));
  const roles = fc.tuple(...NAMESPACES.map((namespace) => rulesArb(k, false).map((rules): RoleSpec => ({ namespace, name: ROLE, rules }))));
  const who = fc.constantFrom(...(k.serviceAccounts ? WHO : Object.keys(USERS)));
  return fc
    .record({
      clusterRoles,
      roles,
      bindings: fc.array(bindingArb(k), { minLength: 1, maxLength: 7, size: 'max' }),
      requests: fc.array(requestArb(k), { minLength: 1, maxLength: 48, size: 'max' }),
      reviews: fc.array(
        fc.record({ who, namespace: fc.constantFrom(...NAMESPACES), aim: fc.option(fc.nat({ max: 11 }), { nil: undefined, freq: 3 }) }, { requiredKeys: ['who', 'namespace'] }),
        { maxLength: k.reviews, size: 'max' },
      ),
    })
    .map(({ clusterRoles, roles, bindings, requests, reviews }) => ({ roles: [...clusterRoles, ...roles], bindings: nameBindings(bindings), requests, reviews }));
}

/** nameBindings names bindings after their role and position, so names are unique and survive shrinking readably. */
function nameBindings(bindings: BindingSpec[]): BindingSpec[] {
  return bindings.map((b, i) => ({ ...b, name: `${b.ref.name}-${i + 1}` }));
}

const BASE: Knobs = { serviceAccounts: false, wildcards: false, resourceNames: false, subresources: false, nonResource: false, missing: false, oddVerbs: false, reviews: 1 };

/** FAMILY_KNOBS are the hidden families' knobs. */
export const FAMILY_KNOBS: Readonly<Record<string, Knobs>> = {
  'binding-scope': BASE,
  'service-accounts': { ...BASE, serviceAccounts: true },
  wildcards: { ...BASE, wildcards: true, oddVerbs: true },
  'resource-names': { ...BASE, resourceNames: true },
  subresources: { ...BASE, subresources: true, wildcards: true },
  'non-resource-urls': { ...BASE, nonResource: true, wildcards: true },
  'missing-roles': { ...BASE, missing: true },
  'rules-for': { ...BASE, serviceAccounts: true, nonResource: true, resourceNames: true, missing: true, reviews: 4 },
  mixed: { serviceAccounts: true, wildcards: true, resourceNames: true, subresources: true, nonResource: true, missing: true, oddVerbs: true, reviews: 2 },
};

// Rendering, for messages and reproductions.

/** describeWho names a requester as kubectl's --as would. */
export function describeWho(who: string): string {
  return userOf(who).username;
}

/** describeReview renders a rules review as its kubectl command. */
export function describeReview(r: { who: string; namespace: string }): string {
  return `kubectl auth can-i --list --as ${describeWho(r.who)} -n ${r.namespace}`;
}

/** describeUser names a user with its groups. */
export function describeUser(u: UserInfo): string {
  return `${u.username} (groups ${u.groups.join(', ')})`;
}

/** describeRequest renders Attributes as a can-i question: `can alice get pods "web" in namespace dev?`. */
export function describeRequest(a: Attributes): string {
  if (!a.resourceRequest) return `can ${a.user.username} ${a.verb} ${a.path}?`;
  const res = `${a.resource}${a.apiGroup ? `.${a.apiGroup}` : ''}${a.subresource ? `/${a.subresource}` : ''}`;
  const name = a.name ? ` ${JSON.stringify(a.name)}` : '';
  const namespaced = RESOURCES.find((r) => r.resource === a.resource && r.group === a.apiGroup)?.namespaced ?? true;
  const where = a.namespace ? ` in namespace ${a.namespace}` : namespaced ? ' in all namespaces' : '';
  return `can ${a.user.username} ${a.verb} ${res}${name}${where}?`;
}

/** describeRule renders a PolicyRule on one line, as `kubectl describe role` lists it. */
export function describeRule(r: PolicyRule): string {
  const list = (xs: readonly string[] | undefined) => (xs ?? []).map((x) => (x === '' ? '""' : x)).join(',');
  const parts = [`verbs ${list(r.verbs)}`];
  if ((r.nonResourceURLs ?? []).length > 0) parts.push(`nonResourceURLs ${list(r.nonResourceURLs)}`);
  if ((r.resources ?? []).length > 0 || (r.apiGroups ?? []).length > 0) parts.push(`apiGroups ${list(r.apiGroups)}`, `resources ${list(r.resources)}`);
  if ((r.resourceNames ?? []).length > 0) parts.push(`resourceNames ${list(r.resourceNames)}`);
  return `{${parts.join('; ')}}`;
}

/** describeSubjectSpec renders a binding subject: `User alice`, `ServiceAccount dev/builder`, `ServiceAccount builder (no namespace)`. */
export function describeSubjectSpec(s: Subject): string {
  if (s.kind === 'ServiceAccount') return s.namespace ? `ServiceAccount ${s.namespace}/${s.name}` : `ServiceAccount ${s.name} (no namespace)`;
  return `${s.kind} ${s.name}`;
}

/** describePolicy lists a scenario's policy, one object a line, skipping roles no binding references. */
export function describePolicy(s: Pick<RbacScenario, 'roles' | 'bindings'>): string[] {
  const lines: string[] = [];
  const referenced = (r: RoleSpec) => s.bindings.some((b) => b.ref.name === r.name && (r.namespace === '' ? b.ref.kind === 'ClusterRole' : b.ref.kind === 'Role' && b.namespace === r.namespace));
  for (const r of s.roles) {
    if (!referenced(r)) continue;
    const what = r.namespace === '' ? `ClusterRole ${r.name}` : `Role ${r.namespace}/${r.name}`;
    lines.push(`${what}: ${r.rules.length === 0 ? '(no rules)' : r.rules.map(describeRule).join(' ')}`);
  }
  for (const b of s.bindings) {
    const what = b.namespace === '' ? `ClusterRoleBinding ${b.name}` : `RoleBinding ${b.namespace}/${b.name}`;
    lines.push(`${what} -> ${b.ref.kind} ${b.ref.name}: ${b.subjects.map(describeSubjectSpec).join(', ')}`);
  }
  return lines;
}

/** DESCRIBED_REQUESTS caps the requests a reproduction lists (the failing one is in the message). */
export const DESCRIBED_REQUESTS = 8;

/** describeScenario is a scenario's reproduction: the policy, then the questions asked. */
export function describeScenario(s: RbacScenario): string {
  const out = ['policy (in the listers’ order):', ...describePolicy(s).map((l) => `  ${l}`)];
  if (s.requests.length > 0) {
    const shown = s.requests.slice(0, DESCRIBED_REQUESTS).map((r) => describeRequest(attributesOf(r, s)));
    const more = s.requests.length - shown.length;
    out.push(`requests: ${shown.join(' ')}${more > 0 ? ` … and ${more} more` : ''}`);
  }
  if (s.reviews.length > 0) out.push(`rules reviews: ${s.reviews.map((r) => describeReview(reviewOf(r, s))).join('; ')}`);
  return out.join('\n');
}
