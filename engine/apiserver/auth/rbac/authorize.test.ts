import { describe, expect, it } from 'vitest';
import { ALL_AUTHENTICATED, type UserInfo } from '../types';
import { aggregateErrors, authorize, rulesFor } from './authorize';
import { appliesToUser } from './resolve';
import {
  clusterRole,
  clusterRoleBinding,
  Group,
  policy,
  request,
  role,
  roleBinding,
  rule,
  ServiceAccount,
  serviceAccountUser,
  urlRequest,
  urlRule,
  User,
  user,
} from './testing';

const alice = user('alice');
const bob = user('bob', 'devs');
const builder = serviceAccountUser('dev', 'builder');

const admin = clusterRole('admin', rule(['*'], ['*'], ['*']));
const reader = clusterRole('reader', rule(['get', 'list', 'watch'], [''], ['pods']));

describe('authorize', () => {
  it('allows through a role binding only in its own namespace', () => {
    const p = policy(admin, roleBinding('ns1', 'admins', 'ClusterRole/admin', User('alice')));
    expect(authorize(p, request(alice, 'get', 'pods', { namespace: 'ns1' }))).toEqual({
      decision: 'Allow',
      reason: 'RBAC: allowed by RoleBinding "admins/ns1" of ClusterRole "admin" to User "alice"',
    });
    expect(authorize(p, request(alice, 'get', 'pods', { namespace: 'ns2' })).decision).toBe('NoOpinion');
    // Across all namespaces, and for cluster-scoped resources, only cluster role bindings count.
    expect(authorize(p, request(alice, 'list', 'pods')).decision).toBe('NoOpinion');
    expect(authorize(p, request(alice, 'get', 'nodes', { name: 'n1' })).decision).toBe('NoOpinion');
  });

  it('allows through a cluster role binding everywhere', () => {
    const p = policy(admin, clusterRoleBinding('root', 'admin', User('alice')));
    for (const ns of ['ns1', 'ns2', '']) {
      expect(authorize(p, request(alice, 'delete', 'pods', { namespace: ns, name: 'web' }))).toEqual({
        decision: 'Allow',
        reason: 'RBAC: allowed by ClusterRoleBinding "root" of ClusterRole "admin" to User "alice"',
      });
    }
    expect(authorize(p, request(bob, 'get', 'pods', { namespace: 'ns1' })).decision).toBe('NoOpinion');
  });

  it('resolves a Role in the binding’s namespace, not a Role of the same name elsewhere', () => {
    const p = policy(role('ns2', 'pods', rule(['get'], [''], ['pods'])), roleBinding('ns1', 'b', 'Role/pods', User('alice')));
    expect(authorize(p, request(alice, 'get', 'pods', { namespace: 'ns1', name: 'x' }))).toEqual({
      decision: 'NoOpinion',
      reason: 'RBAC: role.rbac.authorization.k8s.io "pods" not found',
    });
    const q = policy(role('ns1', 'pods', rule(['get'], [''], ['pods'])), roleBinding('ns1', 'b', 'Role/pods', User('alice')));
    expect(authorize(q, request(alice, 'get', 'pods', { namespace: 'ns1', name: 'x' })).reason).toBe(
      'RBAC: allowed by RoleBinding "b/ns1" of Role "pods" to User "alice"',
    );
  });

  it('lists every missing role once in the reason of a denial, and none once a rule allows', () => {
    const p = policy(
      clusterRoleBinding('a', 'gone', Group(ALL_AUTHENTICATED)),
      clusterRoleBinding('b', 'gone', User('alice')),
      roleBinding('dev', 'c', 'Role/absent', User('alice')),
      roleBinding('dev', 'd', 'Thing/x', User('alice')),
    );
    expect(authorize(p, request(alice, 'get', 'pods', { namespace: 'dev' }))).toEqual({
      decision: 'NoOpinion',
      reason: 'RBAC: [clusterrole.rbac.authorization.k8s.io "gone" not found, role.rbac.authorization.k8s.io "absent" not found, unsupported role reference kind: "Thing"]',
    });
    const q = { ...p, clusterRoles: [reader], clusterRoleBindings: [...p.clusterRoleBindings, clusterRoleBinding('e', 'reader', User('alice'))] };
    expect(authorize(q, request(alice, 'get', 'pods', { namespace: 'dev' })).decision).toBe('Allow');
  });

  it('names the first binding, and its first subject, that allows', () => {
    const p = policy(
      reader,
      admin,
      roleBinding('dev', 'late', 'ClusterRole/admin', User('bob')),
      clusterRoleBinding('readers', 'reader', User('carol'), Group('devs'), User('bob')),
      clusterRoleBinding('admins', 'admin', User('bob')),
    );
    expect(authorize(p, request(bob, 'get', 'pods', { namespace: 'dev' })).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "readers" of ClusterRole "reader" to Group "devs"',
    );
    expect(authorize(p, request(bob, 'delete', 'pods', { namespace: 'dev' })).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "admins" of ClusterRole "admin" to User "bob"',
    );
  });

  it('matches service accounts by their username, defaulting the namespace to the role binding’s', () => {
    const p = policy(
      reader,
      roleBinding('dev', 'local', 'ClusterRole/reader', ServiceAccount('builder')),
      roleBinding('prod', 'remote', 'ClusterRole/reader', ServiceAccount('dev/builder')),
    );
    expect(authorize(p, request(builder, 'list', 'pods', { namespace: 'dev' })).reason).toBe(
      'RBAC: allowed by RoleBinding "local/dev" of ClusterRole "reader" to ServiceAccount "builder/dev"',
    );
    expect(authorize(p, request(builder, 'list', 'pods', { namespace: 'prod' })).reason).toBe(
      'RBAC: allowed by RoleBinding "remote/prod" of ClusterRole "reader" to ServiceAccount "builder/dev"',
    );
    expect(authorize(p, request(serviceAccountUser('prod', 'builder'), 'list', 'pods', { namespace: 'dev' })).decision).toBe('NoOpinion');
    // A user merely named like the service account is not it.
    expect(authorize(p, request(user('builder'), 'list', 'pods', { namespace: 'dev' })).decision).toBe('NoOpinion');
  });

  it('never matches a service account without a namespace in a cluster role binding', () => {
    const p = policy(reader, clusterRoleBinding('sa', 'reader', ServiceAccount('builder')));
    expect(authorize(p, request(builder, 'list', 'pods', { namespace: 'dev' })).decision).toBe('NoOpinion');
  });

  it('matches the groups authentication gives service accounts', () => {
    const p = policy(
      reader,
      clusterRoleBinding('all-sas', 'reader', Group('system:serviceaccounts:dev')),
      roleBinding('prod', 'every-sa', 'ClusterRole/reader', Group('system:serviceaccounts')),
    );
    expect(authorize(p, request(builder, 'get', 'pods', { namespace: 'kube-system', name: 'x' })).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "all-sas" of ClusterRole "reader" to Group "system:serviceaccounts:dev"',
    );
    const other = serviceAccountUser('prod', 'default');
    expect(authorize(p, request(other, 'get', 'pods', { namespace: 'prod' })).decision).toBe('Allow');
    expect(authorize(p, request(other, 'get', 'pods', { namespace: 'dev' })).decision).toBe('NoOpinion');
  });

  it('checks subresources, resource names and non-resource URLs', () => {
    const p = policy(
      clusterRole('mixed', rule(['get'], [''], ['pods/log']), rule(['update'], ['*'], ['*/scale']), rule(['get', 'update'], [''], ['configmaps'], ['app'])),
      clusterRole('urls', urlRule(['get'], ['/healthz', '/apis/*'])),
      clusterRoleBinding('m', 'mixed', User('alice')),
      clusterRoleBinding('u', 'urls', User('alice')),
    );
    const can = (a: ReturnType<typeof request>) => authorize(p, a).decision === 'Allow';
    expect(can(request(alice, 'get', 'pods/log', { namespace: 'dev', name: 'web' }))).toBe(true);
    expect(can(request(alice, 'get', 'pods', { namespace: 'dev', name: 'web' }))).toBe(false);
    expect(can(request(alice, 'update', 'deployments.apps/scale', { namespace: 'dev', name: 'web' }))).toBe(true);
    expect(can(request(alice, 'update', 'deployments.apps', { namespace: 'dev', name: 'web' }))).toBe(false);
    expect(can(request(alice, 'get', 'configmaps', { namespace: 'dev', name: 'app' }))).toBe(true);
    expect(can(request(alice, 'get', 'configmaps', { namespace: 'dev', name: 'other' }))).toBe(false);
    expect(can(request(alice, 'list', 'configmaps', { namespace: 'dev' }))).toBe(false);
    expect(can(urlRequest(alice, 'get', '/healthz'))).toBe(true);
    expect(can(urlRequest(alice, 'get', '/apis/apps/v1'))).toBe(true);
    expect(can(urlRequest(alice, 'get', '/apis'))).toBe(false);
    expect(can(urlRequest(alice, 'post', '/healthz'))).toBe(false);
  });

  it('is NoOpinion with an empty reason when nothing applies: RBAC never denies', () => {
    expect(authorize(policy(), request(alice, 'get', 'pods', { namespace: 'dev' }))).toEqual({ decision: 'NoOpinion', reason: '' });
  });
});

describe('appliesToUser', () => {
  const sa = serviceAccountUser('ns', 'sa');
  it.each<[string, UserInfo, Parameters<typeof appliesToUser>[1], string, boolean]>([
    ['a user by name', alice, User('alice'), '', true],
    ['not another user', alice, User('bob'), 'ns', false],
    ['a group the user is in', bob, Group('devs'), '', true],
    ['not a group named like the user', alice, Group('alice'), '', false],
    ['a service account with its namespace', sa, ServiceAccount('ns/sa'), '', true],
    ['a service account in the binding namespace', sa, ServiceAccount('sa'), 'ns', true],
    ['not a service account of another namespace', sa, ServiceAccount('sa'), 'other', false],
    ['not a namespace-less service account in a cluster binding', sa, ServiceAccount('sa'), '', false],
    ['not an unknown kind', alice, { kind: 'Robot', name: 'alice' }, '', false],
    ['not a lower-case kind', alice, { kind: 'user', name: 'alice' }, '', false],
  ])('matches %s', (_what, u, subject, ns, want) => {
    expect(appliesToUser(u, subject, ns)).toBe(want);
  });
});

describe('rulesFor', () => {
  it('lists the rules of every binding that applies in the namespace, resource and non-resource apart', () => {
    const p = policy(
      reader,
      clusterRole('urls', urlRule(['get'], ['/healthz'])),
      clusterRole('both', { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['s'], nonResourceURLs: ['/metrics'] }),
      clusterRoleBinding('u', 'urls', Group(ALL_AUTHENTICATED)),
      roleBinding('dev', 'r', 'ClusterRole/reader', User('alice')),
      roleBinding('prod', 'b', 'ClusterRole/both', User('alice')),
      roleBinding('dev', 'missing', 'Role/nope', User('alice')),
    );
    expect(rulesFor(p, alice, 'dev')).toEqual({
      resourceRules: [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] }],
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }],
      incomplete: false,
      evaluationError: 'role.rbac.authorization.k8s.io "nope" not found',
    });
    expect(rulesFor(p, alice, 'prod')).toEqual({
      resourceRules: [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['s'] }],
      nonResourceRules: [
        { verbs: ['get'], nonResourceURLs: ['/healthz'] },
        { verbs: ['get'], nonResourceURLs: ['/metrics'] },
      ],
      incomplete: false,
    });
    expect(rulesFor(p, bob, 'dev').resourceRules).toEqual([]);
  });
});

describe('aggregateErrors', () => {
  it('renders one error alone and several, without repeats, in brackets', () => {
    expect(aggregateErrors(['a'])).toBe('a');
    expect(aggregateErrors(['a', 'b', 'a'])).toBe('[a, b]');
    expect(aggregateErrors(['a', 'a'])).toBe('a');
  });
});
