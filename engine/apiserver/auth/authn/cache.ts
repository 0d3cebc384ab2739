/**
 * CachedTokenAuthenticator is k8s.io/apiserver token/cache: it remembers a
 * token authenticator's answers, keyed by (audiences, token), on the injected
 * clock, and lets concurrent requests for the same key share one call.
 */
import type { Clock } from '../../time';
import type { UserInfo } from '../types';
import { once, type TokenAuthenticator, type TokenResult } from './token';

/** DEFAULT_CACHE_ENTRIES bounds the cache (upstream: 32 stripes × 128 entries). */
export const DEFAULT_CACHE_ENTRIES = 4096;

function copyUser(user: UserInfo): UserInfo {
  const out: UserInfo = { username: user.username, groups: [...user.groups] };
  if (user.uid !== undefined) out.uid = user.uid;
  if (user.extra) {
    out.extra = {};
    for (const [k, v] of Object.entries(user.extra)) out.extra[k] = [...v];
  }
  return out;
}

/** copyResult gives each caller its own user, so one caller's edits never reach another or the cache. */
function copyResult(r: TokenResult): TokenResult {
  if (!('user' in r)) return r;
  return r.audiences ? { user: copyUser(r.user), audiences: [...r.audiences] } : { user: copyUser(r.user) };
}

export class CachedTokenAuthenticator implements TokenAuthenticator {
  /** entries in least-recently-used order (a Map iterates in insertion order); expiresAt in clock ms. */
  private readonly entries = new Map<string, { result: TokenResult; expiresAt: number }>();
  /** waiting holds, per key being computed, the callers to answer when it completes. */
  private readonly waiting = new Map<string, Array<(result: TokenResult) => void>>();

  constructor(
    private readonly inner: TokenAuthenticator,
    private readonly options: {
      clock: Clock;
      /** cacheErrors: also cache answers that are errors (for failureTtlMs); the webhook's cache does not. */
      cacheErrors: boolean;
      /** successTtlMs is how long a user is remembered; 0 disables. */
      successTtlMs: number;
      /** failureTtlMs is how long "no" (no opinion, or an error when cacheErrors) is remembered; 0 disables. */
      failureTtlMs: number;
      maxEntries?: number;
    },
  ) {}

  /** size is the number of remembered answers (expired ones included until next touched). */
  get size(): number {
    return this.entries.size;
  }

  authenticateToken(token: string, audiences: readonly string[] | undefined, done: (result: TokenResult) => void): void {
    const key = JSON.stringify([audiences ?? null, token]);
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      if (entry.expiresAt > this.options.clock()) {
        this.entries.set(key, entry);
        return done(copyResult(entry.result));
      }
    }
    const waiters = this.waiting.get(key);
    if (waiters) {
      waiters.push(done);
      return;
    }
    this.waiting.set(key, [done]);
    this.inner.authenticateToken(token, audiences, once('cached token authenticator', (result: TokenResult) => {
      const callers = this.waiting.get(key)!;
      this.waiting.delete(key);
      this.remember(key, result);
      for (const caller of callers) caller(copyResult(result));
    }));
  }

  private remember(key: string, result: TokenResult): void {
    if ('error' in result && !this.options.cacheErrors) return;
    const ttl = 'user' in result ? this.options.successTtlMs : this.options.failureTtlMs;
    if (ttl <= 0) return;
    this.entries.set(key, { result: copyResult(result), expiresAt: this.options.clock() + ttl });
    const max = this.options.maxEntries ?? DEFAULT_CACHE_ENTRIES;
    while (this.entries.size > max) this.entries.delete(this.entries.keys().next().value!);
  }
}
