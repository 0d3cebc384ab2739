/**
 * Observing the API server's security stages without changing them:
 * observeAuthenticator and observeAuthorizer wrap the engine's Authenticator
 * and Authorizer, pass every call through untouched and record the answer.
 */
import type { Attributes, AuthResult, Authenticator, Authorizer } from '../../../engine/apiserver/auth/types';
import type { Recorder } from './observations';

/** observeAuthenticator records what `inner` answers for each request's credentials. */
export function observeAuthenticator(inner: Authenticator, recorder: Recorder): Authenticator {
  return {
    authenticate(credentials, done) {
      inner.authenticate(credentials, (result: AuthResult) => {
        if ('user' in result) recorder.record({ kind: 'authn', result: 'user', user: { username: result.user.username, groups: [...result.user.groups] } });
        else if ('error' in result) recorder.record({ kind: 'authn', result: 'error', error: result.error });
        else recorder.record({ kind: 'authn', result: 'none' });
        done(result);
      });
    },
  };
}

/** observeAuthorizer records `inner`'s decision, under `name`, for each request it is asked about. */
export function observeAuthorizer(name: string, inner: Authorizer, recorder: Recorder): Authorizer {
  return {
    authorize(a: Attributes) {
      const result = inner.authorize(a);
      recorder.record({
        kind: 'authz',
        authorizer: name,
        user: { username: a.user.username, groups: [...a.user.groups] },
        verb: a.verb,
        apiGroup: a.apiGroup,
        resource: a.resource,
        subresource: a.subresource,
        namespace: a.namespace,
        name: a.name,
        decision: result.decision,
        reason: result.reason,
      });
      return result;
    },
  };
}
