import { describe, expect, it } from 'vitest';
import { clusterAuthorizer, privilegedGroups, RbacAuthorizer, unionAuthorizer } from '../../../engine/apiserver/auth/rbac/authorizer';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from '../../../engine/apiserver/auth/rbac/bootstrap';
import { staticPolicy } from '../../../engine/apiserver/auth/rbac/types';
import { TokenFileAuthenticator } from '../../../engine/apiserver/auth/authn/tokenfile';
import type { Attributes, AuthResult } from '../../../engine/apiserver/auth/types';
import { observeAuthenticator, observeAuthorizer } from './observe-auth';
import { Recorder } from './observations';

const policy = staticPolicy({
  roles: [],
  clusterRoles: bootstrapClusterRoles(),
  clusterRoleBindings: bootstrapClusterRoleBindings(),
  roleBindings: [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'bob-view', namespace: 'default' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'bob' }],
    },
  ],
});

function attrs(user: string, groups: string[], verb: string, namespace: string): Attributes {
  return { user: { username: user, groups }, verb, resourceRequest: true, namespace, apiGroup: '', apiVersion: 'v1', resource: 'pods', subresource: '', name: '', path: '' };
}

describe('observeAuthorizer', () => {
  it('built into clusterAuthorizer’s union, decides as clusterAuthorizer does and records each authorizer asked', () => {
    const recorder = new Recorder();
    const observed = unionAuthorizer(
      observeAuthorizer('system:masters', privilegedGroups('system:masters'), recorder),
      observeAuthorizer('RBAC', new RbacAuthorizer(policy), recorder),
    );
    const reference = clusterAuthorizer(policy);
    const cases = [
      attrs('kubernetes-admin', ['system:masters', 'system:authenticated'], 'create', 'default'),
      attrs('bob', ['system:authenticated'], 'list', 'default'),
      attrs('bob', ['system:authenticated'], 'list', 'kube-system'),
      attrs('bob', ['system:authenticated'], 'delete', 'default'),
    ];
    recorder.start();
    for (const a of cases) expect(observed.authorize(a)).toEqual(reference.authorize(a));
    const seen = recorder.stop().map((o) => (o.kind === 'authz' ? `${o.authorizer}:${o.user.username}:${o.namespace}:${o.decision}` : ''));
    expect(seen).toEqual([
      'system:masters:kubernetes-admin:default:Allow',
      'system:masters:bob:default:NoOpinion',
      'RBAC:bob:default:Allow',
      'system:masters:bob:kube-system:NoOpinion',
      'RBAC:bob:kube-system:NoOpinion',
      'system:masters:bob:default:NoOpinion',
      'RBAC:bob:default:NoOpinion',
    ]);
  });
});

describe('observeAuthenticator', () => {
  it('passes the answer on and records the user, or that nobody had an opinion', () => {
    const recorder = new Recorder();
    const authn = observeAuthenticator(TokenFileAuthenticator.fromCsv('t0k3n,bob,1001,"dev,ops"\n', 'tokens.csv'), recorder);
    const answers: AuthResult[] = [];
    recorder.start();
    authn.authenticate({ bearerToken: 't0k3n' }, (r) => answers.push(r));
    authn.authenticate({}, (r) => answers.push(r));
    expect(answers).toEqual([{ user: { username: 'bob', uid: '1001', groups: ['dev', 'ops'] } }, { none: true }]);
    expect(recorder.stop()).toEqual([
      { kind: 'authn', result: 'user', user: { username: 'bob', groups: ['dev', 'ops'] } },
      { kind: 'authn', result: 'none' },
    ]);
  });
});
