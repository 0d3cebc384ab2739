/**
 * The RBAC decision: Kubernetes' RBACAuthorizer (plugin/pkg/auth/authorizer/
 * rbac/rbac.go) as two pure functions of a Policy, the answers behind
 * `kubectl auth can-i` and `kubectl auth can-i --list`.
 */
import type { Attributes, AuthorizerResult, UserInfo } from '../types';
import { ruleAllows } from './match';
import { visitRulesFor } from './resolve';
import type { NonResourceRule, Policy, ResourceRule, SubjectRulesReviewStatus } from './types';

/**
 * aggregateErrors renders several errors as one, as Kubernetes'
 * utilerrors.NewAggregate does: one message alone, several (duplicates
 * dropped) as "[a, b]".
 */
export function aggregateErrors(errors: readonly string[]): string {
  const seen = [...new Set(errors)];
  return seen.length === 1 ? seen[0]! : `[${seen.join(', ')}]`;
}

/**
 * authorize decides a request. RBAC only ever allows: the first rule that
 * covers the request (in visitRulesFor's order) gives
 * { decision: 'Allow', reason: 'RBAC: allowed by <source>' }; when none does
 * the decision is 'NoOpinion' (never 'Deny', so that another authorizer may
 * still allow), with reason "" or, when bindings named missing roles,
 * "RBAC: <their errors>".
 */
export function authorize(policy: Policy, attributes: Attributes): AuthorizerResult {
  let allowedBy: string | undefined;
  const errors: string[] = [];
  visitRulesFor(policy, attributes.user, attributes.namespace, (visit) => {
    if ('error' in visit) {
      errors.push(visit.error);
      return true;
    }
    if (!ruleAllows(attributes, visit.rule)) return true;
    allowedBy = visit.source;
    return false;
  });
  if (allowedBy !== undefined) return { decision: 'Allow', reason: `RBAC: allowed by ${allowedBy}` };
  return { decision: 'NoOpinion', reason: errors.length > 0 ? `RBAC: ${aggregateErrors(errors)}` : '' };
}

/**
 * rulesFor lists what `user` may do in `namespace`, as a
 * SelfSubjectRulesReview answers: every rule that applies, a rule with
 * resources as a resource rule and one with nonResourceURLs as a
 * non-resource rule; bindings naming missing roles are reported in
 * evaluationError. The lists' order is not significant and may repeat rules.
 */
export function rulesFor(policy: Policy, user: UserInfo, namespace: string): SubjectRulesReviewStatus {
  const resourceRules: ResourceRule[] = [];
  const nonResourceRules: NonResourceRule[] = [];
  const errors: string[] = [];
  visitRulesFor(policy, user, namespace, (visit) => {
    if ('error' in visit) {
      errors.push(visit.error);
      return true;
    }
    const rule = visit.rule;
    if ((rule.resources ?? []).length > 0) {
      const r: ResourceRule = { verbs: [...rule.verbs], resources: [...rule.resources!] };
      if ((rule.apiGroups ?? []).length > 0) r.apiGroups = [...rule.apiGroups!];
      if ((rule.resourceNames ?? []).length > 0) r.resourceNames = [...rule.resourceNames!];
      resourceRules.push(r);
    }
    if ((rule.nonResourceURLs ?? []).length > 0) nonResourceRules.push({ verbs: [...rule.verbs], nonResourceURLs: [...rule.nonResourceURLs!] });
    return true;
  });
  const status: SubjectRulesReviewStatus = { resourceRules, nonResourceRules, incomplete: false };
  if (errors.length > 0) status.evaluationError = aggregateErrors(errors);
  return status;
}
