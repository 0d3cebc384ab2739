/**
 * The access reviews of authorization.k8s.io/v1 (pkg/registry/authorization):
 * created, computed by asking the Authorizer, answered with a status, never
 * stored. `kubectl auth can-i` creates SelfSubjectAccessReviews, and
 * `auth can-i --list` a SelfSubjectRulesReview.
 */
import type { Attributes, Authorizer, UserInfo } from '../auth/types';
import { newBadRequest, newInvalid, StatusError } from '../errors';
import { isPlainObject, type KubeObject } from '../object';
import type { ResourceDef } from '../registry/types';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** ResourceRule and NonResourceRule are SelfSubjectRulesReview's status rules. */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}
export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}

/** RulesResult is what a rules resolver says a user may do in a namespace. */
export interface RulesResult {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  incomplete?: boolean;
  evaluationError?: string;
}

/** RulesResolver lists a user's rules in a namespace (RBAC's RulesFor). */
export type RulesResolver = (user: UserInfo, namespace: string) => RulesResult;

/** attributesOf turns a review's spec into authorizer Attributes. */
function attributesOf(user: UserInfo, spec: Any, field: string, kind: string): Attributes | StatusError {
  const ra = spec.resourceAttributes;
  const na = spec.nonResourceAttributes;
  if (!ra && !na)
    return newInvalid({ group: 'authorization.k8s.io', kind }, '', [
      { type: 'FieldValueInvalid', field: `${field}.resourceAttributes`, badValue: 'null', detail: 'exactly one of nonResourceAttributes or resourceAttributes must be specified' },
    ]);
  if (ra)
    return {
      user,
      verb: ra.verb ?? '',
      resourceRequest: true,
      namespace: ra.namespace ?? '',
      apiGroup: ra.group ?? '',
      apiVersion: ra.version ?? '',
      resource: ra.resource ?? '',
      subresource: ra.subresource ?? '',
      name: ra.name ?? '',
      path: '',
    };
  return { user, verb: na.verb ?? '', resourceRequest: false, namespace: '', apiGroup: '', apiVersion: '', resource: '', subresource: '', name: '', path: na.path ?? '' };
}

/**
 * review answers a create of one of the review resources: the object with
 * its status filled in, or a StatusError.
 */
export function review(
  def: ResourceDef,
  body: KubeObject,
  requester: UserInfo,
  namespace: string,
  authorizer: Authorizer,
  rulesFor: RulesResolver | undefined,
): KubeObject | StatusError {
  if (def.kind === 'SelfSubjectReview') {
    const { username, uid, groups, extra } = requester;
    return {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: { creationTimestamp: null as unknown as string },
      status: { userInfo: { username, ...(uid ? { uid } : {}), groups: [...groups], ...(extra && Object.keys(extra).length ? { extra } : {}) } },
    };
  }
  const spec = (isPlainObject(body.spec) ? body.spec : {}) as Any;
  const out: KubeObject = { ...body, apiVersion: 'authorization.k8s.io/v1', kind: def.kind, metadata: { ...(body.metadata ?? {}), creationTimestamp: null as unknown as string } };
  if (def.kind === 'SelfSubjectRulesReview') {
    const ns = spec.namespace ?? '';
    const rules = rulesFor
      ? rulesFor(requester, ns)
      : { resourceRules: [], nonResourceRules: [], incomplete: true, evaluationError: 'no rules resolver is configured' };
    out.status = {
      resourceRules: rules.resourceRules,
      nonResourceRules: rules.nonResourceRules,
      incomplete: rules.incomplete ?? false,
      ...(rules.evaluationError ? { evaluationError: rules.evaluationError } : {}),
    };
    return out;
  }
  let user = requester;
  if (def.kind === 'SubjectAccessReview' || def.kind === 'LocalSubjectAccessReview') {
    if (!spec.user && !(spec.groups ?? []).length)
      return newInvalid({ group: 'authorization.k8s.io', kind: def.kind }, '', [
        { type: 'FieldValueInvalid', field: 'spec.user', badValue: '', detail: 'at least one of user or group must be specified' },
      ]);
    user = { username: spec.user ?? '', groups: spec.groups ?? [], ...(spec.uid ? { uid: spec.uid } : {}), ...(spec.extra ? { extra: spec.extra } : {}) };
  }
  const attrs = attributesOf(user, spec, 'spec', def.kind);
  if (attrs instanceof StatusError) return attrs;
  if (def.kind === 'LocalSubjectAccessReview') {
    if (attrs.namespace !== namespace)
      return newBadRequest(`spec.resourceAttributes.namespace must match namespace: ${namespace}`);
  }
  const decision = authorizer.authorize(attrs);
  const status: Any = { allowed: decision.decision === 'Allow' };
  if (decision.decision === 'Deny') status.denied = true;
  if (decision.reason) status.reason = decision.reason;
  out.status = status;
  return out;
}
