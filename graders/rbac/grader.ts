import { authorize, rulesFor } from '../../engine/apiserver/auth/rbac/authorize';
import { GROUP_NAME, type Policy, type PolicyRule, type Subject } from '../../engine/apiserver/auth/rbac/types';
import type { Example, LabGrader, Verdict } from '../core/lab';
import { LabCodeError, type Realm, type RemoteObject } from '../core/realm/realm';
import { checkRulesFor, clearedFeatures, findDecisionFailure, isResult, type Ask, type Decided } from './checks';
import { reducePolicy, type PolicySpec } from './reduce';
import {
  attributesOf,
  describePolicy,
  describeRequest,
  describeScenario,
  describeReview,
  reviewOf,
  FAMILY_KNOBS,
  policyOf,
  scenarioArb,
  userOf,
  type BindingSpec,
  type RbacScenario,
  type RequestSpec,
  type RoleSpec,
} from './scenario';

/** INSIDE is the realm module that hands the learner's authorizer a policy. */
const INSIDE = 'graders/rbac/inside.ts';

/** inContext runs a realm call, adding to an exception of lab code what it was asked. */
function inContext<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof LabCodeError) throw e.withContext(`(${what})`);
    throw e;
  }
}

/** askOnce asks the learner's authorizer about one policy, in a fresh driver; an exception of lab code counts as no answer. */
function askOnce(realm: Realm, policy: Policy, ask: (driver: RemoteObject) => unknown): { answer: unknown } | undefined {
  try {
    return { answer: ask(realm.create(INSIDE, 'start', policy)) };
  } catch (e) {
    if (e instanceof LabCodeError) return undefined;
    throw e;
  }
}

/** reduced renders the smallest policy that still shows a failure, when it is smaller than the scenario's. */
function reduced(s: RbacScenario, stillFails: (p: PolicySpec) => boolean): string {
  const small = reducePolicy({ roles: s.roles, bindings: s.bindings }, stillFails);
  const lines = describePolicy(small);
  if (lines.length === 0) return '';
  return `\nThe smallest part of the policy that still shows it:\n${lines.map((l) => `  ${l}`).join('\n')}`;
}

/**
 * playScenario asks the learner's authorizer (in the realm) and the engine's
 * every request and rules review of a scenario, and checks the answers. A
 * failure's message ends with the smallest part of the policy that still
 * makes the learner's answer wrong.
 */
export function playScenario(s: RbacScenario, realm: Realm): Verdict {
  const policy = policyOf(s);
  const driver = realm.create(INSIDE, 'start', policy);
  const decided: Decided[] = s.requests.map((r) => {
    const attributes = attributesOf(r, s);
    const mine = inContext(`deciding: ${describeRequest(attributes)}`, () => driver.call('authorize', attributes));
    return { attributes, mine, ref: authorize(policy, attributes) };
  });
  const cleared = clearedFeatures(policy, decided);
  const ask: Ask = (p, a) => {
    const got = askOnce(realm, p, (d) => d.call('authorize', a));
    return got && isResult(got.answer) ? got.answer : undefined;
  };
  const failure = findDecisionFailure(policy, decided, cleared, ask);
  if (failure) {
    const attributes = decided[failure.index]!.attributes;
    const stillFails = (p: PolicySpec) => {
      const candidate = policyOf(p);
      const got = askOnce(realm, candidate, (d) => d.call('authorize', attributes));
      if (!got) return false;
      const again = findDecisionFailure(candidate, [{ attributes, mine: got.answer, ref: authorize(candidate, attributes) }], cleared, ask);
      return again?.property === failure.property;
    };
    return { passed: false, property: failure.property, message: failure.message + reduced(s, stillFails) };
  }
  for (const spec of s.reviews) {
    const review = reviewOf(spec, s);
    const user = userOf(review.who);
    const question = describeReview(review);
    const mine = inContext(`listing: ${question}`, () => driver.call('rulesFor', user, review.namespace));
    const result = checkRulesFor(question, mine, rulesFor(policy, user, review.namespace));
    if (result.valid === false) {
      const stillFails = (p: PolicySpec) => {
        const candidate = policyOf(p);
        const got = askOnce(realm, candidate, (d) => d.call('rulesFor', user, review.namespace));
        return got !== undefined && checkRulesFor(question, got.answer, rulesFor(candidate, user, review.namespace)).valid === false;
      };
      return { passed: false, property: result.property, message: result.message + reduced(s, stillFails) };
    }
  }
  const allowed = decided.filter((d) => d.ref.decision === 'Allow').length;
  const reviews = s.reviews.length === 1 ? '1 rules review' : `${s.reviews.length} rules reviews`;
  return {
    passed: true,
    message: `${decided.length} requests decided as RBAC decides them (${allowed} allowed, ${decided.length - allowed} not), with its reasons; ${reviews} listed alike`,
  };
}

// Builders for the examples.
const User = (name: string): Subject => ({ kind: 'User', apiGroup: GROUP_NAME, name });
const Group = (name: string): Subject => ({ kind: 'Group', apiGroup: GROUP_NAME, name });
const SA = (name: string, namespace = ''): Subject => (namespace ? { kind: 'ServiceAccount', apiGroup: '', name, namespace } : { kind: 'ServiceAccount', apiGroup: '', name });
const rule = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule =>
  resourceNames ? { verbs, apiGroups, resources, resourceNames } : { verbs, apiGroups, resources };
const urls = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({ verbs, nonResourceURLs });
const clusterRole = (name: string, ...rules: PolicyRule[]): RoleSpec => ({ namespace: '', name, rules });
const role = (namespace: string, name: string, ...rules: PolicyRule[]): RoleSpec => ({ namespace, name, rules });
const bind = (where: string, name: string, ref: string, ...subjects: Subject[]): BindingSpec => {
  const [kind, roleName] = ref.split('/');
  return { namespace: where, name, ref: { kind: kind!, name: roleName! }, subjects };
};
const req = (who: string, verb: string, resource: string, namespace = '', name = 'web', subresource = ''): RequestSpec => ({ who, verb, resource, subresource, namespace, name });
const url = (who: string, verb: string, path: string): RequestSpec => ({ who, verb, path });

const READ = ['get', 'list', 'watch'];

const EXAMPLES: Example<RbacScenario>[] = [
  {
    id: 'view-in-dev',
    title: 'a RoleBinding to a ClusterRole grants in its namespace only; a ClusterRoleBinding everywhere',
    data: {
      roles: [clusterRole('reader', rule(READ, [''], ['pods'])), clusterRole('ops', rule(READ, [''], ['nodes']), rule(READ, ['apps'], ['deployments']))],
      bindings: [bind('dev', 'readers', 'ClusterRole/reader', User('alice')), bind('', 'operators', 'ClusterRole/ops', Group('ops'))],
      requests: [
        req('alice', 'list', 'pods', 'dev'),
        req('alice', 'list', 'pods', 'prod'),
        req('alice', 'list', 'pods', ''),
        req('alice', 'delete', 'pods', 'dev'),
        req('bob', 'get', 'nodes', '', 'n1'),
        req('bob', 'list', 'deployments.apps', 'prod'),
        req('bob', 'list', 'cronjobs.batch', 'prod'),
        req('carol', 'watch', 'deployments.apps', ''),
        req('dave', 'get', 'nodes', '', 'n1'),
      ],
      reviews: [{ who: 'alice', namespace: 'dev' }],
    },
  },
  {
    id: 'service-accounts',
    title: 'ServiceAccount subjects, with and without a namespace, and the system:serviceaccounts groups',
    data: {
      roles: [
        clusterRole('writer', rule(['create', 'update'], ['apps'], ['deployments'])),
        clusterRole('reader', rule(READ, [''], ['pods', 'secrets'])),
        role('dev', 'app', rule(['get', 'create'], [''], ['pods'])),
      ],
      bindings: [
        bind('dev', 'builders', 'Role/app', SA('builder')),
        bind('prod', 'deployers', 'ClusterRole/writer', SA('builder', 'dev')),
        bind('', 'prod-sas', 'ClusterRole/reader', Group('system:serviceaccounts:prod')),
        bind('', 'nobody', 'ClusterRole/writer', SA('deployer')),
      ],
      requests: [
        req('sa:dev:builder', 'create', 'pods', 'dev'),
        req('sa:dev:builder', 'create', 'pods', 'prod'),
        req('sa:prod:builder', 'create', 'pods', 'dev'),
        req('sa:dev:builder', 'update', 'deployments.apps', 'prod'),
        req('sa:dev:builder', 'update', 'deployments.apps', 'dev'),
        req('sa:prod:deployer', 'list', 'secrets', 'dev'),
        req('sa:prod:deployer', 'create', 'deployments.apps', 'prod'),
        req('sa:dev:default', 'list', 'secrets', 'dev'),
        req('alice', 'create', 'pods', 'dev'),
      ],
      reviews: [{ who: 'sa:dev:builder', namespace: 'prod' }],
    },
  },
  {
    id: 'wildcards-names-subresources',
    title: '"*" in verbs, groups and resources, resourceNames, pods/log and */scale, verbs spelled otherwise',
    data: {
      roles: [
        clusterRole(
          'ops',
          rule(['*'], ['apps'], ['deployments/scale']),
          rule(['get'], [''], ['pods/log']),
          rule(['get', 'update'], [''], ['secrets'], ['web']),
          rule(['update'], ['*'], ['*/status']),
          rule(READ, ['*'], ['*'], ['db']),
          rule(['create'], [''], ['pods']),
          rule(['Delete'], [''], ['secrets']),
        ),
      ],
      bindings: [bind('', 'ops', 'ClusterRole/ops', User('alice'))],
      requests: [
        req('alice', 'patch', 'deployments.apps', 'dev', 'web', 'scale'),
        req('alice', 'patch', 'deployments.apps', 'dev', 'web'),
        req('alice', 'get', 'pods', 'dev', 'web', 'log'),
        req('alice', 'get', 'pods', 'dev', 'web'),
        req('alice', 'get', 'secrets', 'prod', 'web'),
        req('alice', 'get', 'secrets', 'prod', 'db'),
        req('alice', 'list', 'secrets', 'prod'),
        req('alice', 'update', 'pods', 'ops', 'web', 'status'),
        req('alice', 'update', 'cronjobs.batch', 'ops', 'web', 'status'),
        req('alice', 'watch', 'nodes', '', 'db'),
        req('alice', 'list', 'nodes', ''),
        req('alice', 'create', 'pods', 'dev', 'web'),
        req('alice', 'create', 'pods', 'dev', 'web', 'exec'),
        req('alice', 'delete', 'secrets', 'dev', 'web'),
      ],
      reviews: [],
    },
  },
  {
    id: 'non-resource-urls',
    title: 'non-resource URLs: exact paths, prefixes ending in "*", and "*"',
    data: {
      roles: [clusterRole('ops', urls(['get'], ['/healthz', '/apis/*']), urls(['*'], ['/metrics'])), clusterRole('reader', rule(['*'], ['*'], ['*']))],
      bindings: [bind('', 'monitoring', 'ClusterRole/ops', Group('devs')), bind('', 'everything', 'ClusterRole/reader', User('dave'))],
      requests: [
        url('alice', 'get', '/healthz'),
        url('alice', 'get', '/healthz/etcd'),
        url('alice', 'get', '/apis'),
        url('alice', 'get', '/apis/apps/v1'),
        url('alice', 'post', '/metrics'),
        url('alice', 'post', '/healthz'),
        url('bob', 'get', '/healthz'),
        url('dave', 'get', '/healthz'),
      ],
      reviews: [{ who: 'carol', namespace: 'ops' }],
    },
  },
  {
    id: 'missing-roles',
    title: 'bindings to roles that do not exist: the reason and the rules review report them',
    data: {
      roles: [clusterRole('reader', rule(READ, [''], ['pods'])), role('prod', 'app', rule(['get'], [''], ['secrets']))],
      bindings: [
        bind('', 'stale', 'ClusterRole/gone', User('alice')),
        bind('dev', 'app', 'Role/app', User('alice')),
        bind('dev', 'readers', 'ClusterRole/reader', Group('devs')),
      ],
      requests: [req('alice', 'get', 'secrets', 'dev'), req('alice', 'get', 'pods', 'dev'), req('alice', 'get', 'secrets', 'prod'), req('bob', 'get', 'secrets', 'dev')],
      reviews: [
        { who: 'alice', namespace: 'dev' },
        { who: 'alice', namespace: 'prod' },
      ],
    },
  },
];

/** rbac is the grader of the rbac lab: the learner's RBAC decision against the engine's. */
export const rbac: LabGrader<RbacScenario> = {
  info: {
    id: 'rbac',
    title: 'RBAC: the authorizer behind kubectl auth can-i',
    summary: 'Implement the RBAC authorizer’s decision and rules listing: bindings, subjects, service accounts, wildcards, resourceNames, subresources and non-resource URLs, with the API server’s reasons.',
    lesson: '/apiserver/rbac/',
    files: ['rbac.ts'],
    reference: { 'rbac.ts': 'engine/apiserver/auth/rbac/authorize.ts' },
    solution: [
      'engine/apiserver/auth/rbac/authorize.ts',
      'engine/apiserver/auth/rbac/match.ts',
      'engine/apiserver/auth/rbac/resolve.ts',
      'engine/apiserver/auth/rbac/authorizer.ts',
      'engine/apiserver/auth/rbac/index.ts',
    ],
  },
  binaryData: false,
  examples: EXAMPLES,
  families: [
    { name: 'binding-scope', title: 'users and groups bound in and across namespaces', count: 4, arbitrary: scenarioArb(FAMILY_KNOBS['binding-scope']!) },
    { name: 'service-accounts', title: 'service accounts and the system:serviceaccounts groups', count: 5, arbitrary: scenarioArb(FAMILY_KNOBS['service-accounts']!) },
    { name: 'wildcards', title: '"*" in verbs, apiGroups and resources, and verbs spelled otherwise', count: 4, arbitrary: scenarioArb(FAMILY_KNOBS.wildcards!) },
    { name: 'resource-names', title: 'rules restricted to resourceNames', count: 3, arbitrary: scenarioArb(FAMILY_KNOBS['resource-names']!) },
    { name: 'subresources', title: 'subresources: pods/log, */scale and their parents', count: 4, arbitrary: scenarioArb(FAMILY_KNOBS.subresources!) },
    { name: 'non-resource-urls', title: 'non-resource URLs, exact and prefixed', count: 6, arbitrary: scenarioArb(FAMILY_KNOBS['non-resource-urls']!) },
    { name: 'missing-roles', title: 'bindings to roles that do not exist', count: 2, arbitrary: scenarioArb(FAMILY_KNOBS['missing-roles']!) },
    { name: 'rules-for', title: 'rules reviews (kubectl auth can-i --list)', count: 3, arbitrary: scenarioArb(FAMILY_KNOBS['rules-for']!) },
    { name: 'mixed', title: 'everything at once', count: 5, arbitrary: scenarioArb(FAMILY_KNOBS.mixed!) },
  ],
  run(s, { realm }) {
    const verdict = playScenario(s, realm);
    // A hidden scenario's reproduction lists what it asked; an example's failure lists it here.
    if (verdict.passed || !EXAMPLES.some((e) => e.data === s)) return verdict;
    return { ...verdict, message: `${verdict.message}\nThe example (graders/rbac/grader.ts): ${describeScenario(s)}` };
  },
  describe: describeScenario,
};
