import { describe, expect, it } from 'vitest';
import { authorize } from '../../engine/apiserver/auth/rbac/authorize';
import { clusterRole, clusterRoleBinding, Group, policy, request, roleBinding, rule, ServiceAccount, serviceAccountUser, urlRequest, urlRule, User, user } from '../../engine/apiserver/auth/rbac/testing';
import type { Policy } from '../../engine/apiserver/auth/rbac/types';
import type { Attributes, AuthorizerResult } from '../../engine/apiserver/auth/types';
import { checkDecisions, checkRulesFor, findDecisionFailure, probe, type Ask } from './checks';

const alice = user('alice', 'devs');
const reader = clusterRole('reader', rule(['get', 'list'], [''], ['pods']));

/** decide answers every request with the reference, except where `mine` says otherwise. */
function decide(p: Policy, requests: Attributes[], mine: (a: Attributes, ref: AuthorizerResult) => unknown = (_a, ref) => ref) {
  return requests.map((attributes) => {
    const ref = authorize(p, attributes);
    return { attributes, ref, mine: mine(attributes, ref) };
  });
}

const no: AuthorizerResult = { decision: 'NoOpinion', reason: '' };

describe('checkDecisions', () => {
  it('passes answers equal to the reference’s', () => {
    const p = policy(reader, roleBinding('dev', 'readers', 'ClusterRole/reader', User('alice')));
    expect(checkDecisions(p, decide(p, [request(alice, 'get', 'pods', { namespace: 'dev', name: 'x' }), request(alice, 'get', 'pods', { namespace: 'prod', name: 'x' })]))).toEqual({ valid: true });
  });

  it('names a RoleBinding to a ClusterRole applied in another namespace after the learner’s own reason', () => {
    const p = policy(reader, roleBinding('dev', 'readers', 'ClusterRole/reader', User('alice')));
    const a = request(alice, 'list', 'pods', { namespace: 'prod' });
    const result = checkDecisions(p, decide(p, [a], () => ({ decision: 'Allow', reason: 'RBAC: allowed by RoleBinding "readers/dev" of ClusterRole "reader" to User "alice"' })));
    expect(result).toMatchObject({ valid: false, property: 'cluster-role-via-role-binding' });
    expect(result.valid === false && result.message).toMatch(/^cluster-role-via-role-binding: can alice list pods in namespace prod\? expected no \(NoOpinion\), got yes \(Allow, /);
  });

  it('blames the service account subject when only a defaulted ServiceAccount allows and it was refused', () => {
    const p = policy(reader, roleBinding('dev', 'builders', 'ClusterRole/reader', ServiceAccount('builder')), clusterRoleBinding('all', 'reader', User('alice')));
    const sa = serviceAccountUser('dev', 'builder');
    const requests = [request(alice, 'get', 'pods', { namespace: 'dev', name: 'x' }), request(sa, 'get', 'pods', { namespace: 'dev', name: 'x' })];
    const result = checkDecisions(p, decide(p, requests, (a, ref) => (a.user === sa ? no : ref)));
    expect(result).toMatchObject({ valid: false, property: 'serviceaccount-subjects' });
  });

  it('fails a Deny as deny-by-default, and a malformed answer as contract', () => {
    const p = policy(reader);
    const a = request(alice, 'get', 'pods', { namespace: 'dev', name: 'x' });
    expect(checkDecisions(p, decide(p, [a], () => ({ decision: 'Deny', reason: '' })))).toMatchObject({ valid: false, property: 'deny-by-default' });
    expect(checkDecisions(p, decide(p, [a], () => ({ allowed: false })))).toMatchObject({ valid: false, property: 'contract' });
    expect(checkDecisions(p, decide(p, [a], () => undefined))).toMatchObject({ valid: false, property: 'contract' });
  });

  it('fails a right decision with another reason as reasons, quoting both', () => {
    const p = policy(reader, roleBinding('dev', 'readers', 'ClusterRole/reader', User('alice')));
    const a = request(alice, 'get', 'pods', { namespace: 'dev', name: 'x' });
    const result = checkDecisions(p, decide(p, [a], () => ({ decision: 'Allow', reason: 'RBAC: allowed by RoleBinding "dev/readers" of ClusterRole "reader" to User "alice"' })));
    expect(result).toMatchObject({ valid: false, property: 'reasons' });
    expect(result.valid === false && result.message).toContain('but the reason should be "RBAC: allowed by RoleBinding \\"readers/dev\\"');
  });

  it('reports the wrong decision whose property is clearest, not merely the first', () => {
    const p = policy(
      clusterRole('wide', rule(['*'], ['*'], ['pods'], ['web'])),
      clusterRole('urls', urlRule(['get'], ['/apis/*'])),
      clusterRoleBinding('w', 'wide', Group('devs')),
      clusterRoleBinding('u', 'urls', User('alice')),
    );
    const requests = [request(alice, 'get', 'pods', { namespace: 'dev', name: 'web' }), urlRequest(alice, 'get', '/apis/apps')];
    const failure = findDecisionFailure(p, decide(p, requests, () => no));
    expect(failure).toMatchObject({ property: 'non-resource-urls', index: 1 });
  });
});

describe('probe', () => {
  /** starGroupBlind is a learner for whom apiGroups "*" matches nothing. */
  const starGroupBlind: Ask = (p, a) =>
    authorize({ ...p, clusterRoles: p.clusterRoles.map((r) => ({ ...r, rules: (r.rules ?? []).map((x) => ({ ...x, apiGroups: (x.apiGroups ?? []).filter((g) => g !== '*') })) })) }, a);

  it('finds the feature whose removal makes the learner allow', () => {
    const sa = serviceAccountUser('dev', 'builder');
    const p = policy(clusterRole('any', rule(['get'], ['*'], ['deployments'], ['web'])), roleBinding('dev', 'b', 'ClusterRole/any', ServiceAccount('builder')));
    const a = { ...request(sa, 'get', 'deployments.apps', { namespace: 'dev', name: 'web' }) };
    expect(authorize(p, a).decision).toBe('Allow');
    expect(probe(p, a, true, starGroupBlind)).toBe('wildcards');
  });

  it('finds the near miss whose rule alone the learner allows', () => {
    const p = policy(reader, roleBinding('dev', 'readers', 'ClusterRole/reader', User('alice')));
    const everywhere: Ask = (q, a) => authorize({ ...q, roleBindings: q.roleBindings.map((b) => ({ ...b, metadata: { ...b.metadata, namespace: a.namespace } })) }, a);
    expect(probe(p, request(alice, 'get', 'pods', { namespace: 'prod', name: 'x' }), false, everywhere)).toBe('cluster-role-via-role-binding');
  });

  it('tells nothing when the learner answers every one-rule policy right', () => {
    const p = policy(reader, roleBinding('dev', 'readers', 'ClusterRole/reader', User('alice')));
    const right: Ask = (q, a) => authorize(q, a);
    expect(probe(p, request(alice, 'get', 'pods', { namespace: 'dev', name: 'x' }), true, right)).toBeUndefined();
  });
});

describe('checkRulesFor', () => {
  const ref = {
    resourceRules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }, { verbs: ['get'], apiGroups: [''], resources: ['pods'] }],
    nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }],
    incomplete: false,
  };

  it('ignores order and empty lists but counts repeats', () => {
    const mine = { resourceRules: [{ resourceNames: [], resources: ['pods'], apiGroups: [''], verbs: ['get'] }, { verbs: ['get'], apiGroups: [''], resources: ['pods'] }], nonResourceRules: ref.nonResourceRules, incomplete: false };
    expect(checkRulesFor('q', mine, ref)).toEqual({ valid: true });
    const once = { ...mine, resourceRules: [mine.resourceRules[0]] };
    const result = checkRulesFor('kubectl auth can-i --list --as alice -n dev', once, ref);
    expect(result).toMatchObject({ valid: false, property: 'rules-for' });
    expect(result.valid === false && result.message).toContain('rules-for: kubectl auth can-i --list --as alice -n dev: resourceRules missing {"verbs":["get"],"apiGroups":[""],"resources":["pods"]}');
  });

  it('checks incomplete and evaluationError', () => {
    expect(checkRulesFor('q', { ...ref, incomplete: true }, ref)).toMatchObject({ valid: false, property: 'rules-for' });
    const withError = { ...ref, evaluationError: 'role.rbac.authorization.k8s.io "x" not found' };
    expect(checkRulesFor('q', ref, withError)).toMatchObject({ valid: false });
    expect(checkRulesFor('q', withError, withError)).toEqual({ valid: true });
    expect(checkRulesFor('q', 'nope', ref)).toMatchObject({ valid: false, property: 'rules-for' });
  });
});
