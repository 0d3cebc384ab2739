/**
 * The token half of authentication (k8s.io/apiserver authenticator.Token):
 * an authenticator that is handed a bearer token and the audiences the
 * request targets. Token authenticators are unioned and cached as a group and
 * then put behind one bearer-token request authenticator, as kube-apiserver
 * assembles them.
 */
import type { Authenticator, AuthResult, Credentials, UserInfo } from '../types';

/**
 * TokenResult is AuthResult plus, for a user, the audiences the token was
 * accepted for (authenticator.Response.Audiences).
 */
export type TokenResult = { user: UserInfo; audiences?: string[] } | { none: true } | { error: string };

/**
 * TokenAuthenticator authenticates one bearer token. `audiences` are the
 * audiences of the request's context (authenticator.AudiencesFrom):
 * undefined when the request is not audience-limited. done is called exactly
 * once, synchronously or later.
 */
export interface TokenAuthenticator {
  authenticateToken(token: string, audiences: readonly string[] | undefined, done: (result: TokenResult) => void): void;
}

/** NONE is the "no opinion" answer. */
export const NONE: { none: true } = Object.freeze({ none: true });

/**
 * once wraps a completion callback so that a second call fails loudly:
 * answering twice would let a request be served twice.
 */
export function once<T>(what: string, done: (result: T) => void): (result: T) => void {
  let called = false;
  return (result: T) => {
    if (called) throw new Error(`${what}: answered twice`);
    called = true;
    done(result);
  };
}

/**
 * aggregateError renders several errors as apimachinery's
 * utilerrors.NewAggregate(...).Error() does: "" for none, the message for one,
 * "[a, b]" for several, repeated messages shown once.
 */
export function aggregateError(messages: readonly string[]): string {
  const seen: string[] = [];
  for (const m of messages) if (!seen.includes(m)) seen.push(m);
  if (messages.length === 0) return '';
  if (messages.length === 1 || seen.length === 1) return seen[0]!;
  return `[${seen.join(', ')}]`;
}

/** intersectAudiences returns the members of a also in b, in a's order (authenticator.Audiences.Intersect). */
export function intersectAudiences(a: readonly string[], b: readonly string[]): string[] {
  return a.filter((x) => b.includes(x));
}

/**
 * tokenOnlyAuthenticator adapts one token authenticator to the request seam
 * by reading Credentials.bearerToken; no token (or an empty one) is no
 * opinion. Unlike bearerTokenAuthenticator it does not turn an unrecognised
 * token into "invalid bearer token": use it to try one kind of token alone.
 */
export function tokenOnlyAuthenticator(tokens: TokenAuthenticator, audiences?: readonly string[]): Authenticator {
  return {
    authenticate(credentials: Credentials, done: (result: AuthResult) => void): void {
      const token = credentials.bearerToken;
      if (token === undefined || token === '') return done(NONE);
      tokens.authenticateToken(token, audiences, once('token authenticator', (r) => done(stripAudiences(r))));
    },
  };
}

/** stripAudiences narrows a TokenResult to the seam's AuthResult. */
export function stripAudiences(result: TokenResult): AuthResult {
  return 'user' in result ? { user: result.user } : result;
}

/** ERR_INVALID_TOKEN is bearertoken's errInvalidToken: a token was presented and no token authenticator recognised it. */
export const ERR_INVALID_TOKEN = 'invalid bearer token';

/**
 * bearerTokenAuthenticator is k8s.io/apiserver's request/bearertoken: when the
 * request carries a non-empty bearer token it asks `tokens` (with the API
 * server's audiences), and a token nobody recognised is an error, "invalid
 * bearer token", not "no opinion", so that it is never served as anonymous.
 */
export function bearerTokenAuthenticator(tokens: TokenAuthenticator, apiAudiences?: readonly string[]): Authenticator {
  const audiences = apiAudiences && apiAudiences.length > 0 ? apiAudiences : undefined;
  return {
    authenticate(credentials: Credentials, done: (result: AuthResult) => void): void {
      const token = credentials.bearerToken;
      if (token === undefined || token === '') return done(NONE);
      tokens.authenticateToken(
        token,
        audiences,
        once('bearer token authenticator', (r) => done('none' in r ? { error: ERR_INVALID_TOKEN } : stripAudiences(r))),
      );
    },
  };
}

/**
 * audienceAgnostic is authenticator.WrapAudienceAgnosticToken: for token
 * kinds that carry no audience (the token file, bootstrap tokens) a request
 * limited to audiences is accepted only if they meet the API server's own
 * (`implicit`), and the user is reported with that intersection.
 */
export function audienceAgnostic(implicit: readonly string[], tokens: TokenAuthenticator): TokenAuthenticator {
  return {
    authenticateToken(token, audiences, done) {
      if (audiences === undefined) return tokens.authenticateToken(token, audiences, done);
      const auds = intersectAudiences(implicit, audiences);
      if (auds.length === 0) return done(NONE);
      tokens.authenticateToken(token, audiences, once('audience-agnostic token authenticator', (r) => {
        if (!('user' in r)) return done('error' in r ? r : NONE);
        done({ user: r.user, audiences: auds });
      }));
    },
  };
}

/**
 * unionTokenAuthenticator is token/union.New: ask each in order; the first
 * user wins; an error is remembered and the next is still asked; with no user
 * the answer is the aggregate of the errors, or no opinion when there were none.
 */
export function unionTokenAuthenticator(authenticators: readonly TokenAuthenticator[]): TokenAuthenticator {
  return {
    authenticateToken(token, audiences, done) {
      const errors: string[] = [];
      const next = (i: number): void => {
        if (i === authenticators.length) return done(errors.length > 0 ? { error: aggregateError(errors) } : NONE);
        authenticators[i]!.authenticateToken(token, audiences, once(`token authenticator ${i}`, (r) => {
          if ('user' in r) return done(r);
          if ('error' in r) errors.push(r.error);
          next(i + 1);
        }));
      };
      next(0);
    },
  };
}
