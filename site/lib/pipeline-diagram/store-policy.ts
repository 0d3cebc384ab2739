/**
 * storePolicy is the diagram's RBAC PolicySource: the four RBAC resources
 * read straight from the MVCC store at the moment of each decision.
 * kube-apiserver's RBAC authorizer reads them from informers fed by its own
 * watch; reading the store directly gives the same objects without the
 * informers' background traffic, which would otherwise show up among the
 * etcd calls the diagram attributes to the request being followed. A binding
 * counts as soon as it is written (an informer sees it a moment later).
 */
import type { ClusterRole, ClusterRoleBinding, PolicySource, Role, RoleBinding } from '../../../engine/apiserver/auth/rbac/types';
import { prefixRangeEnd, type MvccStore } from '../../../engine/etcd/mvcc/store';

/** storePolicy lists each RBAC resource under `prefix` (the API server's --etcd-prefix), in key order. */
export function storePolicy(store: MvccStore, prefix = '/registry'): PolicySource {
  const list = <T>(resource: string): T[] => {
    const key = `${prefix}/${resource}/`;
    return store.range(key, prefixRangeEnd(key)).kvs.map((kv) => JSON.parse(kv.value) as T);
  };
  return {
    roles: () => list<Role>('roles'),
    clusterRoles: () => list<ClusterRole>('clusterroles'),
    roleBindings: () => list<RoleBinding>('rolebindings'),
    clusterRoleBindings: () => list<ClusterRoleBinding>('clusterrolebindings'),
  };
}
