import { describe, expect, it } from 'vitest';
import { CachedTokenAuthenticator } from './cache';
import { authenticateToken } from './testing';
import type { TokenAuthenticator, TokenResult } from './token';

/** counting wraps a token authenticator, counting calls; answers can be held back and released. */
function counting(answer: (token: string) => TokenResult) {
  let calls = 0;
  const held: Array<() => void> = [];
  let hold = false;
  const inner: TokenAuthenticator = {
    authenticateToken(token, _auds, done) {
      calls++;
      if (hold) held.push(() => done(answer(token)));
      else done(answer(token));
    },
  };
  return {
    inner,
    calls: () => calls,
    hold: (on: boolean) => (hold = on),
    release: () => held.splice(0).forEach((f) => f()),
  };
}

describe('CachedTokenAuthenticator', () => {
  const user = (name: string): TokenResult => ({ user: { username: name, groups: ['g'] } });

  it('remembers a user for the success TTL on the injected clock', () => {
    let now = 0;
    const c = counting((t) => user(t));
    const cache = new CachedTokenAuthenticator(c.inner, { clock: () => now, cacheErrors: false, successTtlMs: 120_000, failureTtlMs: 120_000 });
    expect(authenticateToken(cache, 'a')).toEqual(user('a'));
    now = 119_999;
    expect(authenticateToken(cache, 'a')).toEqual(user('a'));
    expect(c.calls()).toBe(1);
    now = 120_000;
    authenticateToken(cache, 'a');
    expect(c.calls()).toBe(2);
  });

  it('keys answers by audiences as well as token', () => {
    const c = counting((t) => user(t));
    const cache = new CachedTokenAuthenticator(c.inner, { clock: () => 0, cacheErrors: false, successTtlMs: 1000, failureTtlMs: 0 });
    authenticateToken(cache, 'a', ['x']);
    authenticateToken(cache, 'a', ['y']);
    authenticateToken(cache, 'a');
    authenticateToken(cache, 'a', ['x']);
    expect(c.calls()).toBe(3);
  });

  it('caches errors only when told to, and "no opinion" for the failure TTL', () => {
    const errors = counting(() => ({ error: 'boom' }));
    const noErrCache = new CachedTokenAuthenticator(errors.inner, { clock: () => 0, cacheErrors: false, successTtlMs: 1000, failureTtlMs: 1000 });
    authenticateToken(noErrCache, 't');
    authenticateToken(noErrCache, 't');
    expect(errors.calls()).toBe(2);
    const errCache = new CachedTokenAuthenticator(errors.inner, { clock: () => 0, cacheErrors: true, successTtlMs: 1000, failureTtlMs: 1000 });
    authenticateToken(errCache, 't');
    authenticateToken(errCache, 't');
    expect(errors.calls()).toBe(3);
    const nones = counting(() => ({ none: true }));
    const zeroFailure = new CachedTokenAuthenticator(nones.inner, { clock: () => 0, cacheErrors: true, successTtlMs: 1000, failureTtlMs: 0 });
    authenticateToken(zeroFailure, 't');
    authenticateToken(zeroFailure, 't');
    expect(nones.calls()).toBe(2);
  });

  it('lets concurrent requests for one token share a single call', () => {
    const c = counting((t) => user(t));
    c.hold(true);
    const cache = new CachedTokenAuthenticator(c.inner, { clock: () => 0, cacheErrors: false, successTtlMs: 0, failureTtlMs: 0 });
    const answers: TokenResult[] = [];
    cache.authenticateToken('a', undefined, (r) => answers.push(r));
    cache.authenticateToken('a', undefined, (r) => answers.push(r));
    expect(c.calls()).toBe(1);
    expect(answers).toEqual([]);
    c.release();
    expect(answers).toEqual([user('a'), user('a')]);
    // Each caller got its own copy.
    (answers[0] as { user: { groups: string[] } }).user.groups.push('x');
    expect(answers[1]).toEqual(user('a'));
  });

  it('forgets the least recently used answer beyond its bound', () => {
    const c = counting((t) => user(t));
    const cache = new CachedTokenAuthenticator(c.inner, { clock: () => 0, cacheErrors: false, successTtlMs: 1000, failureTtlMs: 0, maxEntries: 2 });
    authenticateToken(cache, 'a');
    authenticateToken(cache, 'b');
    authenticateToken(cache, 'a');
    authenticateToken(cache, 'c');
    expect(cache.size).toBe(2);
    authenticateToken(cache, 'a');
    expect(c.calls()).toBe(3);
    authenticateToken(cache, 'b');
    expect(c.calls()).toBe(4);
  });
});
