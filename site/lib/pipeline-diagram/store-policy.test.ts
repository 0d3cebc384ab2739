import { describe, expect, it } from 'vitest';
import { createStore } from '../../../engine/etcd/mvcc';
import { storePolicy } from './store-policy';

describe('storePolicy', () => {
  it('reads each RBAC resource from the store as it is at the time of the call', () => {
    const store = createStore();
    const policy = storePolicy(store);
    expect(policy.roleBindings()).toEqual([]);
    store.put('/registry/rolebindings/default/b', JSON.stringify({ kind: 'RoleBinding', metadata: { name: 'b' } }));
    store.put('/registry/rolebindings/default/a', JSON.stringify({ kind: 'RoleBinding', metadata: { name: 'a' } }));
    store.put('/registry/clusterroles/view', JSON.stringify({ kind: 'ClusterRole', metadata: { name: 'view' } }));
    store.put('/registry/roles/default/r', JSON.stringify({ kind: 'Role', metadata: { name: 'r' } }));
    expect(policy.roleBindings().map((b) => b.metadata?.name)).toEqual(['a', 'b']);
    expect(policy.clusterRoles().map((r) => r.metadata?.name)).toEqual(['view']);
    expect(policy.roles().map((r) => r.metadata?.name)).toEqual(['r']);
    expect(policy.clusterRoleBindings()).toEqual([]);
  });
});
