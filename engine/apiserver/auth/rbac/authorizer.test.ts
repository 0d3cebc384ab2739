import { describe, expect, it } from 'vitest';
import { ALL_UNAUTHENTICATED, ANONYMOUS, SYSTEM_MASTERS, type Authorizer } from '../types';
import { clusterAuthorizer, privilegedGroups, RbacAuthorizer, unionAuthorizer } from './authorizer';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap';
import { clusterRole, clusterRoleBinding, policy, request, rule, serviceAccountUser, urlRequest, User, user } from './testing';
import { staticPolicy, type Policy } from './types';

const fixed = (decision: 'Allow' | 'Deny' | 'NoOpinion', reason: string): Authorizer => ({ authorize: () => ({ decision, reason }) });

describe('RbacAuthorizer', () => {
  it('reads the policy from its source at each request', () => {
    const p: Policy = policy(clusterRole('reader', rule(['get'], [''], ['pods'])));
    const mutable = { ...p, clusterRoleBindings: [...p.clusterRoleBindings] };
    const a = new RbacAuthorizer(staticPolicy(mutable));
    const req = request(user('alice'), 'get', 'pods', { namespace: 'dev', name: 'web' });
    expect(a.authorize(req).decision).toBe('NoOpinion');
    mutable.clusterRoleBindings.push(clusterRoleBinding('r', 'reader', User('alice')));
    expect(a.authorize(req).decision).toBe('Allow');
    expect(a.rulesFor(user('alice'), 'dev').resourceRules).toEqual([{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]);
  });
});

describe('privilegedGroups and unionAuthorizer', () => {
  it('lets system:masters do anything, with no reason', () => {
    const a = privilegedGroups(SYSTEM_MASTERS);
    expect(a.authorize(request(user('root', SYSTEM_MASTERS), 'escalate', 'clusterroles.rbac.authorization.k8s.io'))).toEqual({ decision: 'Allow', reason: '' });
    expect(a.authorize(request(user('alice'), 'get', 'pods'))).toEqual({ decision: 'NoOpinion', reason: '' });
  });

  it('stops at the first Allow or Deny and joins the reasons of no opinion', () => {
    const req = request(user('alice'), 'get', 'pods');
    expect(unionAuthorizer(fixed('NoOpinion', 'a'), fixed('Deny', 'no'), fixed('Allow', 'yes')).authorize(req)).toEqual({ decision: 'Deny', reason: 'no' });
    expect(unionAuthorizer(fixed('NoOpinion', 'a'), fixed('NoOpinion', ''), fixed('NoOpinion', 'b')).authorize(req)).toEqual({ decision: 'NoOpinion', reason: 'a\nb' });
  });

  it('chains system:masters before RBAC in the cluster authorizer', () => {
    const a = clusterAuthorizer(staticPolicy(policy()));
    expect(a.authorize(request(user('root', SYSTEM_MASTERS), 'delete', 'nodes', { name: 'n1' })).decision).toBe('Allow');
    expect(a.authorize(request(user('alice'), 'delete', 'nodes', { name: 'n1' })).decision).toBe('NoOpinion');
  });
});

describe('the bootstrap policy', () => {
  const bootstrap = staticPolicy({ roles: [], roleBindings: [], clusterRoles: bootstrapClusterRoles(), clusterRoleBindings: bootstrapClusterRoleBindings() });
  const rbac = new RbacAuthorizer(bootstrap);
  const anonymous = { username: ANONYMOUS, groups: [ALL_UNAUTHENTICATED] };

  it('grants system:masters everything through the cluster-admin binding', () => {
    const root = user('kubernetes-admin', SYSTEM_MASTERS);
    expect(rbac.authorize(request(root, 'delete', 'nodes', { name: 'n1' })).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"',
    );
    expect(rbac.authorize(urlRequest(root, 'post', '/logs')).decision).toBe('Allow');
  });

  it('lets every authenticated user discover the API and review itself, and nothing more', () => {
    const alice = user('alice');
    expect(rbac.authorize(urlRequest(alice, 'get', '/apis/apps/v1')).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
    );
    expect(rbac.authorize(request(alice, 'create', 'selfsubjectrulesreviews.authorization.k8s.io')).decision).toBe('Allow');
    expect(rbac.authorize(request(alice, 'list', 'pods', { namespace: 'default' })).decision).toBe('NoOpinion');
    expect(rbac.authorize(urlRequest(alice, 'get', '/metrics')).decision).toBe('NoOpinion');
  });

  it('lets anonymous users read only the public health and version endpoints', () => {
    expect(rbac.authorize(urlRequest(anonymous, 'get', '/version')).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:unauthenticated"',
    );
    expect(rbac.authorize(urlRequest(anonymous, 'get', '/api')).decision).toBe('NoOpinion');
  });

  it('makes view read-only without secrets, edit write without RBAC, admin write RBAC in a namespace', () => {
    const p: Policy = {
      roles: [],
      clusterRoles: bootstrapClusterRoles(),
      clusterRoleBindings: [],
      roleBindings: ['view', 'edit', 'admin'].map((r) => ({
        metadata: { namespace: 'dev', name: r },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: r },
        subjects: [{ kind: 'User', name: r }],
      })),
    };
    const a = new RbacAuthorizer(staticPolicy(p));
    const can = (who: string, verb: string, resource: string, name = '') => a.authorize(request(user(who), verb, resource, { namespace: 'dev', name })).decision === 'Allow';
    expect(can('view', 'list', 'pods')).toBe(true);
    expect(can('view', 'get', 'pods/log', 'web')).toBe(true);
    expect(can('view', 'get', 'secrets', 's')).toBe(false);
    expect(can('view', 'create', 'pods')).toBe(false);
    expect(can('edit', 'get', 'secrets', 's')).toBe(true);
    expect(can('edit', 'patch', 'deployments.apps/scale', 'web')).toBe(true);
    expect(can('edit', 'create', 'rolebindings.rbac.authorization.k8s.io')).toBe(false);
    expect(can('admin', 'create', 'rolebindings.rbac.authorization.k8s.io')).toBe(true);
    expect(a.authorize(request(user('admin'), 'list', 'pods', { namespace: 'prod' })).decision).toBe('NoOpinion');
    expect(a.authorize(request(user('admin'), 'list', 'nodes')).decision).toBe('NoOpinion');
  });

  it('gives service accounts nothing beyond discovery by default', () => {
    const sa = serviceAccountUser('default', 'default');
    expect(rbac.authorize(request(sa, 'list', 'pods', { namespace: 'default' })).decision).toBe('NoOpinion');
    expect(rbac.authorize(urlRequest(sa, 'get', '/api')).decision).toBe('Allow');
  });

  it('hands out copies', () => {
    const a = bootstrapClusterRoles();
    a[0]!.rules![0]!.verbs.push('x');
    expect(bootstrapClusterRoles()[0]!.rules![0]!.verbs).toEqual(['*']);
  });
});
