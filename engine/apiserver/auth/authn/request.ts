/**
 * Request-level combinators of k8s.io/apiserver/pkg/authentication: the
 * union of request authenticators (request/union), the anonymous
 * authenticator (request/anonymous) and the group adder that gives every
 * authenticated user system:authenticated (group/authenticated_group_adder.go).
 */
import {
  ALL_AUTHENTICATED,
  ALL_UNAUTHENTICATED,
  ANONYMOUS,
  type Authenticator,
  type AuthResult,
} from '../types';
import { aggregateError, NONE, once } from './token';

/**
 * unionAuthenticator is union.New (failOnError false): ask each in order;
 * the first user wins; an error is remembered while the next is asked; with
 * no user, the aggregate error, or no opinion if none erred. With failOnError
 * (union.NewFailOnError) the first error is the answer at once.
 */
export function unionAuthenticator(authenticators: readonly Authenticator[], failOnError = false): Authenticator {
  return {
    authenticate(credentials, done) {
      const errors: string[] = [];
      const next = (i: number): void => {
        if (i === authenticators.length) return done(errors.length > 0 ? { error: aggregateError(errors) } : NONE);
        authenticators[i]!.authenticate(credentials, once(`authenticator ${i}`, (r: AuthResult) => {
          if ('user' in r) return done(r);
          if ('error' in r) {
            if (failOnError) return done(r);
            errors.push(r.error);
          }
          next(i + 1);
        }));
      };
      next(0);
    },
  };
}

/**
 * anonymousAuthenticator authenticates every request as system:anonymous in
 * group system:unauthenticated (request/anonymous).
 */
export function anonymousAuthenticator(): Authenticator {
  return {
    authenticate(_credentials, done) {
      done({ user: { username: ANONYMOUS, groups: [ALL_UNAUTHENTICATED] } });
    },
  };
}

/**
 * authenticatedGroupAdder appends system:authenticated to the groups of
 * every user `inner` authenticates, except system:anonymous and users already
 * in system:authenticated or system:unauthenticated (the user is copied, not
 * changed).
 */
export function authenticatedGroupAdder(inner: Authenticator): Authenticator {
  return {
    authenticate(credentials, done) {
      inner.authenticate(credentials, once('authenticated group adder', (r: AuthResult) => {
        if (!('user' in r)) return done(r);
        const user = r.user;
        if (user.username === ANONYMOUS) return done(r);
        if (user.groups.some((g) => g === ALL_AUTHENTICATED || g === ALL_UNAUTHENTICATED)) return done(r);
        done({ user: { ...user, groups: [...user.groups, ALL_AUTHENTICATED] } });
      }));
    },
  };
}
