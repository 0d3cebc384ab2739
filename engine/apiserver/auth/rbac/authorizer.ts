/**
 * The authorizers the API server chains for RBAC: the RBAC authorizer over a
 * live PolicySource, the privileged-groups authorizer that lets
 * system:masters do anything whatever the policy says
 * (authorizerfactory.NewPrivilegedGroups), and their union
 * (k8s.io/apiserver/pkg/authorization/union).
 */
import { SYSTEM_MASTERS, type Attributes, type Authorizer, type AuthorizerResult, type UserInfo } from '../types';
import { authorize, rulesFor } from './authorize';
import { snapshotPolicy, type PolicySource, type SubjectRulesReviewStatus } from './types';

/** RbacAuthorizer authorizes requests with the policy its source holds at the time of each request. */
export class RbacAuthorizer implements Authorizer {
  constructor(private readonly source: PolicySource) {}

  authorize(attributes: Attributes): AuthorizerResult {
    return authorize(snapshotPolicy(this.source), attributes);
  }

  /** rulesFor answers a SelfSubjectRulesReview for `user` in `namespace`. */
  rulesFor(user: UserInfo, namespace: string): SubjectRulesReviewStatus {
    return rulesFor(snapshotPolicy(this.source), user, namespace);
  }
}

/** privilegedGroups allows every request of a user in one of `groups`, with reason "", and has no opinion on the rest. */
export function privilegedGroups(...groups: string[]): Authorizer {
  return {
    authorize(attributes) {
      const privileged = attributes.user.groups.some((g) => groups.includes(g));
      return { decision: privileged ? 'Allow' : 'NoOpinion', reason: '' };
    },
  };
}

/**
 * unionAuthorizer asks each authorizer in turn: the first Allow or Deny
 * decides, with its reason; when all have no opinion, the reasons given are
 * joined with newlines.
 */
export function unionAuthorizer(...authorizers: Authorizer[]): Authorizer {
  return {
    authorize(attributes) {
      const reasons: string[] = [];
      for (const a of authorizers) {
        const result = a.authorize(attributes);
        if (result.decision !== 'NoOpinion') return result;
        if (result.reason !== '') reasons.push(result.reason);
      }
      return { decision: 'NoOpinion', reason: reasons.join('\n') };
    },
  };
}

/** clusterAuthorizer is the API server's chain: system:masters first, then RBAC over `source`. */
export function clusterAuthorizer(source: PolicySource): Authorizer {
  return unionAuthorizer(privilegedGroups(SYSTEM_MASTERS), new RbacAuthorizer(source));
}
