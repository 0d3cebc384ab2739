import { describe, expect, it } from 'vitest';
import type { Authenticator, AuthResult } from '../types';
import { anonymousAuthenticator, authenticatedGroupAdder, unionAuthenticator } from './request';
import { authenticate } from './testing';
import { aggregateError, tokenOnlyAuthenticator, type TokenAuthenticator } from './token';

/** fixed answers r and records that it was asked. */
function fixed(r: AuthResult, asked: string[], name: string): Authenticator {
  return {
    authenticate(_c, done) {
      asked.push(name);
      done(r);
    },
  };
}

const alice: AuthResult = { user: { username: 'alice', groups: ['devs'] } };

describe('unionAuthenticator', () => {
  it('returns the first user and asks no further', () => {
    const asked: string[] = [];
    const u = unionAuthenticator([fixed({ none: true }, asked, 'a'), fixed(alice, asked, 'b'), fixed({ error: 'x' }, asked, 'c')]);
    expect(authenticate(u, {})).toEqual(alice);
    expect(asked).toEqual(['a', 'b']);
  });

  it('remembers errors while asking the others, and a later user still wins', () => {
    const asked: string[] = [];
    expect(authenticate(unionAuthenticator([fixed({ error: 'bad' }, asked, 'a'), fixed(alice, asked, 'b')]), {})).toEqual(alice);
    expect(asked).toEqual(['a', 'b']);
  });

  it('answers the aggregate of the errors when nobody knows the user, or no opinion without errors', () => {
    const asked: string[] = [];
    const u = unionAuthenticator([fixed({ error: 'e1' }, asked, 'a'), fixed({ none: true }, asked, 'b'), fixed({ error: 'e2' }, asked, 'c')]);
    expect(authenticate(u, {})).toEqual({ error: '[e1, e2]' });
    expect(authenticate(unionAuthenticator([fixed({ none: true }, asked, 'a')]), {})).toEqual({ none: true });
    expect(authenticate(unionAuthenticator([]), {})).toEqual({ none: true });
  });

  it('stops at the first error when failing on errors', () => {
    const asked: string[] = [];
    const u = unionAuthenticator([fixed({ error: 'e1' }, asked, 'a'), fixed(alice, asked, 'b')], true);
    expect(authenticate(u, {})).toEqual({ error: 'e1' });
    expect(asked).toEqual(['a']);
  });

  it('fails loudly when an authenticator answers twice', () => {
    const twice: Authenticator = { authenticate: (_c, done) => { done({ none: true }); done({ none: true }); } };
    expect(() => authenticate(unionAuthenticator([twice]), {})).toThrow(/answered twice/);
  });
});

describe('aggregateError', () => {
  it('formats as apimachinery\'s aggregate: one message bare, several bracketed, repeats once', () => {
    expect(aggregateError(['a'])).toBe('a');
    expect(aggregateError(['a', 'b'])).toBe('[a, b]');
    expect(aggregateError(['a', 'a'])).toBe('a');
    expect(aggregateError(['a', 'b', 'a'])).toBe('[a, b]');
  });
});

describe('anonymousAuthenticator and authenticatedGroupAdder', () => {
  it('authenticates anyone as system:anonymous in system:unauthenticated', () => {
    expect(authenticate(anonymousAuthenticator(), {})).toEqual({ user: { username: 'system:anonymous', groups: ['system:unauthenticated'] } });
  });

  it('adds system:authenticated to authenticated users, without changing the original', () => {
    const user = { username: 'alice', groups: ['devs'] };
    const adder = authenticatedGroupAdder(fixed({ user }, [], 'a'));
    expect(authenticate(adder, {})).toEqual({ user: { username: 'alice', groups: ['devs', 'system:authenticated'] } });
    expect(user.groups).toEqual(['devs']);
  });

  it('leaves anonymous users and users already in either all-users group alone, and passes errors through', () => {
    for (const r of [
      { user: { username: 'system:anonymous', groups: [] } },
      { user: { username: 'bob', groups: ['system:authenticated'] } },
      { user: { username: 'carol', groups: ['system:unauthenticated'] } },
      { error: 'nope' },
      { none: true as const },
    ]) {
      expect(authenticate(authenticatedGroupAdder(fixed(r, [], 'a')), {})).toEqual(r);
    }
  });
});

describe('tokenOnlyAuthenticator', () => {
  it('puts one token authenticator behind the request seam: the bearer token or no opinion', () => {
    const seen: Array<[string, readonly string[] | undefined]> = [];
    const tokens: TokenAuthenticator = {
      authenticateToken(token, audiences, done) {
        seen.push([token, audiences]);
        done(token === 'good' ? { user: { username: 'u', groups: [] }, audiences: ['api'] } : { none: true });
      },
    };
    const a = tokenOnlyAuthenticator(tokens, ['api']);
    expect(authenticate(a, { bearerToken: 'good' })).toEqual({ user: { username: 'u', groups: [] } });
    expect(authenticate(a, { bearerToken: 'bad' })).toEqual({ none: true });
    expect(authenticate(a, { bearerToken: '' })).toEqual({ none: true });
    expect(seen).toEqual([['good', ['api']], ['bad', ['api']]]);
  });
});
