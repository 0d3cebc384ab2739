import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as k8s from 'kubernetes-types/rbac/v1';
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject } from './types';

describe('the RBAC object types', () => {
  it('accept kubernetes-types objects, and kubernetes-types accepts them', () => {
    expectTypeOf<k8s.Role>().toMatchTypeOf<Role>();
    expectTypeOf<k8s.ClusterRole>().toMatchTypeOf<ClusterRole>();
    expectTypeOf<k8s.RoleBinding>().toMatchTypeOf<RoleBinding>();
    expectTypeOf<k8s.ClusterRoleBinding>().toMatchTypeOf<ClusterRoleBinding>();
    expectTypeOf<k8s.PolicyRule>().toEqualTypeOf<PolicyRule>();
    expectTypeOf<Subject>().toMatchTypeOf<k8s.Subject>();
    expectTypeOf<Role>().toMatchTypeOf<k8s.Role>();
    expectTypeOf<ClusterRoleBinding>().toMatchTypeOf<k8s.ClusterRoleBinding>();
    const rule: k8s.PolicyRule = { verbs: ['get'], apiGroups: [''], resources: ['pods'] };
    const mine: PolicyRule = rule;
    expect(mine).toBe(rule);
  });
});
