/**
 * The rbac lab's inside module: it runs in the realm next to the learner's
 * authorizer and answers the grader's questions about one policy.
 */
import type { Policy } from '../../engine/apiserver/auth/rbac/types';
import type { Attributes, AuthorizerResult, UserInfo } from '../../engine/apiserver/auth/types';
import { authorize, rulesFor } from '../../labs/rbac/rbac';

/** PolicyDriver asks the learner's functions about one policy; each call gets a fresh copy, as each request reads the listers afresh. */
export interface PolicyDriver {
  authorize(attributes: Attributes): AuthorizerResult;
  rulesFor(user: UserInfo, namespace: string): unknown;
}

/** start returns a driver of the learner's authorizer over `policy`. */
export function start(policy: Policy): PolicyDriver {
  const text = JSON.stringify(policy);
  const fresh = () => JSON.parse(text) as Policy;
  return {
    authorize: (attributes) => authorize(fresh(), attributes),
    rulesFor: (user, namespace) => rulesFor(fresh(), user, namespace),
  };
}
