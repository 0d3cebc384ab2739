/**
 * Rule matching: does one PolicyRule cover a request? Kubernetes'
 * pkg/apis/rbac/v1/evaluation_helpers.go and RuleAllows in
 * plugin/pkg/auth/authorizer/rbac/rbac.go. Every comparison is exact and
 * case-sensitive; "*" is the only wildcard, and a trailing "*" is a prefix
 * only in nonResourceURLs.
 */
import type { Attributes } from '../types';
import { API_GROUP_ALL, NON_RESOURCE_ALL, RESOURCE_ALL, VERB_ALL, type PolicyRule } from './types';

/** verbMatches says whether the rule lists the verb, or "*". */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === VERB_ALL || v === verb);
}

/** apiGroupMatches says whether the rule lists the group ("" is the core group), or "*". */
export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === API_GROUP_ALL || g === group);
}

/**
 * resourceMatches says whether the rule covers `combined`, the request's
 * resource with its subresource ("pods", "pods/log"): by "*", by the exact
 * combined name, or (for a subresource request only) by "*\/<subresource>".
 * A rule naming "pods" does not cover "pods/log".
 */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === RESOURCE_ALL || r === combined) return true;
    if (subresource === '') continue;
    if (r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

/**
 * resourceNameMatches says whether the rule lets the request at the named
 * object: a rule without resourceNames covers every name (and requests with
 * none, such as list or create); a rule with some covers only requests whose
 * name is one of them.
 */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/**
 * nonResourceURLMatches says whether the rule covers a non-resource path: by
 * "*", by the exact path, or by a prefix ending in "*" ("/healthz/*" covers
 * "/healthz/etcd", not "/healthz").
 */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === NON_RESOURCE_ALL || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))) return true;
  }
  return false;
}

/**
 * ruleAllows says whether one rule covers the request: a resource request by
 * its verb, API group, resource (with subresource) and name; a non-resource
 * request by its verb and path.
 */
export function ruleAllows(attributes: Attributes, rule: PolicyRule): boolean {
  if (!attributes.resourceRequest) return verbMatches(rule, attributes.verb) && nonResourceURLMatches(rule, attributes.path);
  const combined = attributes.subresource === '' ? attributes.resource : `${attributes.resource}/${attributes.subresource}`;
  return (
    verbMatches(rule, attributes.verb) &&
    apiGroupMatches(rule, attributes.apiGroup) &&
    resourceMatches(rule, combined, attributes.subresource) &&
    resourceNameMatches(rule, attributes.name)
  );
}
