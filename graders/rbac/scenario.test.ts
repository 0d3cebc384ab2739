import { describe, expect, it } from 'vitest';
import { authorize } from '../../engine/apiserver/auth/rbac/authorize';
import { GROUP_NAME } from '../../engine/apiserver/auth/rbac/types';
import { aimedRequest, attributesOf, describePolicy, describeRequest, policyOf, userOf, type AimedRequest, type RbacScenario } from './scenario';

const s: RbacScenario = {
  roles: [
    { namespace: '', name: 'reader', rules: [{ verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'] }] },
    { namespace: '', name: 'urls', rules: [{ verbs: ['get'], nonResourceURLs: ['/apis/*'] }] },
  ],
  bindings: [
    { namespace: 'dev', name: 'reader-1', ref: { kind: 'ClusterRole', name: 'reader' }, subjects: [{ kind: 'ServiceAccount', name: 'builder' }] },
    { namespace: '', name: 'urls-2', ref: { kind: 'ClusterRole', name: 'urls' }, subjects: [{ kind: 'Group', apiGroup: GROUP_NAME, name: 'devs' }] },
  ],
  requests: [],
  reviews: [],
};

const aim = (tweak: AimedRequest['tweak'], binding = 0, path = false): AimedRequest => ({
  aim: [binding, 0, 0, 0],
  tweak,
  base: path ? { who: 'dave', verb: 'get', path: '/healthz' } : { who: 'dave', verb: 'get', resource: 'pods', subresource: '', namespace: 'ops', name: 'web' },
});

describe('the scenarios’ users and requests', () => {
  it('gives service accounts the groups their tokens carry', () => {
    expect(userOf('sa:dev:builder')).toEqual({ username: 'system:serviceaccount:dev:builder', groups: ['system:serviceaccounts', 'system:serviceaccounts:dev', 'system:authenticated'] });
    expect(userOf('carol').groups).toEqual(['devs', 'ops', 'system:authenticated']);
  });

  it('fills in attributes as the API server does', () => {
    const nodes = attributesOf({ who: 'alice', verb: 'get', resource: 'nodes', subresource: 'log', namespace: 'dev', name: '' }, s);
    expect(nodes).toMatchObject({ namespace: '', subresource: '', name: 'web', apiGroup: '' });
    const list = attributesOf({ who: 'alice', verb: 'list', resource: 'deployments.apps', subresource: '', namespace: 'dev', name: 'db' }, s);
    expect(list).toMatchObject({ namespace: 'dev', name: '', apiGroup: 'apps', resource: 'deployments' });
    expect(describeRequest(list)).toBe('can alice list deployments.apps in namespace dev?');
    const scale = attributesOf({ who: 'alice', verb: 'update', resource: 'deployments.apps', subresource: 'scale', namespace: '', name: 'db' }, s);
    expect(describeRequest(scale)).toBe('can alice update deployments.apps/scale "db" in all namespaces?');
  });

  it('aims a request at a rule so that the reference allows it, and a tweak makes a near miss', () => {
    const p = policyOf(s);
    const hit = aimedRequest(aim('none'), s);
    expect(hit).toEqual({ who: 'sa:dev:builder', verb: 'get', resource: 'deployments.apps', subresource: '', namespace: 'dev', name: 'web' });
    expect(authorize(p, attributesOf(hit, s)).decision).toBe('Allow');
    for (const tweak of ['namespace', 'verb', 'name', 'who'] as const) expect(authorize(p, attributesOf(aimedRequest(aim(tweak), s), s)).decision, tweak).toBe('NoOpinion');
    const url = aimedRequest(aim('none', 1, true), s);
    expect(url).toMatchObject({ who: 'alice', verb: 'get' });
    expect('path' in url && url.path.startsWith('/apis')).toBe(true);
  });

  it('falls back to the base request when the aim finds no rule', () => {
    const empty = { ...s, roles: s.roles.map((r) => ({ ...r, rules: [] })) };
    expect(aimedRequest(aim('none'), empty)).toEqual(aim('none').base);
  });

  it('lists the policy one object a line, leaving out roles no binding references', () => {
    const lines = describePolicy({ ...s, roles: [...s.roles, { namespace: 'ops', name: 'app', rules: [{ verbs: ['get'] }] }] });
    expect(lines).toEqual([
      'ClusterRole reader: {verbs get,list; apiGroups apps; resources deployments; resourceNames web}',
      'ClusterRole urls: {verbs get; nonResourceURLs /apis/*}',
      'RoleBinding dev/reader-1 -> ClusterRole reader: ServiceAccount builder (no namespace)',
      'ClusterRoleBinding urls-2 -> ClusterRole urls: Group devs',
    ]);
  });
});
