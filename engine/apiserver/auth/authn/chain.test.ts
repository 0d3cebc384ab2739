import type { TokenReview } from 'kubernetes-types/authentication/v1';
import type { Secret } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import { Rng } from '../../../sim/rng';
import { base64Encode, utf8Encode } from './bytes';
import { buildAuthenticator, type AuthenticationConfig } from './chain';
import { publicKeyOf } from './rsa';
import { DEFAULT_ISSUER, ServiceAccountTokenIssuer } from './serviceaccount';
import { authenticate, authenticateToken, ObjectStore, serviceAccount, testKey } from './testing';
import { TokenFileAuthenticator } from './tokenfile';
import type { TokenReviewReply } from './webhook';

const T0 = Date.UTC(2026, 2, 1);
const key = testKey('chain');
let now = T0;
let store: ObjectStore;
let reviews: TokenReview[];
/** webhookUsers are the tokens the fake webhook accepts; any other gets authenticated: false and webhookError. */
let webhookUsers: Record<string, string>;
let webhookError: string | undefined;

const tokenFile = TokenFileAuthenticator.fromCsv('alice-token,alice,1001,"devs,system:authenticated"\nbob-token,bob,1002\n', 'tokens.csv');
const issuer = () => new ServiceAccountTokenIssuer({ issuer: DEFAULT_ISSUER, key, clock: () => now, rng: new Rng('chain-jti') });

function config(overrides: Partial<AuthenticationConfig> = {}): AuthenticationConfig {
  return {
    clock: () => now,
    anonymous: true,
    clientCertificates: true,
    tokenFile,
    serviceAccounts: { keys: [publicKeyOf(key)], issuers: [DEFAULT_ISSUER], getter: store.getter() },
    bootstrapTokens: { getSecret: store.lookup<Secret>('secrets') },
    webhook: {
      send: (review, reply: (r: TokenReviewReply) => void) => {
        reviews.push(review);
        const name = webhookUsers[review.spec!.token!];
        reply({
          review: {
            ...review,
            status: name ? { authenticated: true, user: { username: name, groups: ['corp'] } } : { authenticated: false, error: webhookError },
          },
        });
      },
    },
    ...overrides,
  };
}

function saToken(expirationSeconds = 3600): string {
  const r = issuer().issueToken({ serviceAccount: serviceAccount('default', 'builder', 'sa-1'), audiences: [DEFAULT_ISSUER], expirationSeconds });
  if ('error' in r) throw new Error(r.error);
  return r.token;
}

beforeEach(() => {
  now = T0;
  reviews = [];
  webhookUsers = { 'corp-token': 'jane@corp' };
  webhookError = undefined;
  store = new ObjectStore();
  store.put('serviceaccounts', serviceAccount('default', 'builder', 'sa-1'));
  store.put('secrets', {
    metadata: { namespace: 'kube-system', name: 'bootstrap-token-abcdef' },
    type: 'bootstrap.kubernetes.io/token',
    data: Object.fromEntries(
      Object.entries({ 'token-id': 'abcdef', 'token-secret': '0123456789abcdef', 'usage-bootstrap-authentication': 'true' }).map(([k, v]) => [
        k,
        base64Encode(utf8Encode(v)),
      ]),
    ),
  });
});

describe('buildAuthenticator', () => {
  it('authenticates each kind of credential and adds system:authenticated', () => {
    const { authenticator } = buildAuthenticator(config());
    const who = (c: Parameters<typeof authenticate>[1]) => authenticate(authenticator, c);
    expect(who({ clientCertificate: { commonName: 'kubernetes-admin', organizations: ['system:masters'] } })).toEqual({
      user: { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] },
    });
    expect(who({ bearerToken: 'bob-token' })).toEqual({ user: { username: 'bob', uid: '1002', groups: ['system:authenticated'] } });
    expect(who({ bearerToken: saToken() })).toMatchObject({
      user: { username: 'system:serviceaccount:default:builder', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'] },
    });
    expect(who({ bearerToken: 'abcdef.0123456789abcdef' })).toEqual({
      user: { username: 'system:bootstrap:abcdef', groups: ['system:bootstrappers', 'system:authenticated'] },
    });
    expect(who({ bearerToken: 'corp-token' })).toEqual({ user: { username: 'jane@corp', groups: ['corp', 'system:authenticated'] } });
  });

  it('does not add system:authenticated twice', () => {
    const { authenticator } = buildAuthenticator(config());
    expect(authenticate(authenticator, { bearerToken: 'alice-token' })).toEqual({
      user: { username: 'alice', uid: '1001', groups: ['devs', 'system:authenticated'] },
    });
  });

  it('treats a request without credentials as system:anonymous, or as unauthenticated when anonymous is off', () => {
    expect(authenticate(buildAuthenticator(config()).authenticator, {})).toEqual({
      user: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
    });
    expect(authenticate(buildAuthenticator(config({ anonymous: false })).authenticator, {})).toEqual({ none: true });
    // An empty CN is not an identity: such a request is anonymous too, as upstream.
    expect(authenticate(buildAuthenticator(config()).authenticator, { clientCertificate: { commonName: '', organizations: [] } })).toMatchObject({
      user: { username: 'system:anonymous' },
    });
  });

  it('refuses an unknown bearer token even when anonymous requests are allowed', () => {
    const { authenticator } = buildAuthenticator(config());
    expect(authenticate(authenticator, { bearerToken: 'nobody-knows-me' })).toEqual({ error: 'invalid bearer token' });
    expect(reviews).toHaveLength(1); // the webhook was asked last
  });

  it('reports every authenticator\'s error when none accepts the token', () => {
    webhookError = 'token not recognised by corp';
    const token = saToken(600);
    now = T0 + 3_600_000;
    expect(authenticate(buildAuthenticator(config()).authenticator, { bearerToken: token })).toEqual({
      error: '[service account token has expired, token not recognised by corp]',
    });
  });

  it('tries authenticators in upstream order: certificate first, then the token file before the webhook', () => {
    webhookUsers['bob-token'] = 'impostor';
    const { authenticator } = buildAuthenticator(config());
    expect(authenticate(authenticator, { clientCertificate: { commonName: 'node-1', organizations: [] }, bearerToken: 'junk' })).toMatchObject({
      user: { username: 'node-1' },
    });
    expect(authenticate(authenticator, { bearerToken: 'bob-token' })).toMatchObject({ user: { username: 'bob' } });
    expect(reviews).toEqual([]);
  });

  it('caches token authentications for 10s by default, so a revoked ServiceAccount token works until then', () => {
    const { authenticator } = buildAuthenticator(config());
    const token = saToken();
    expect('user' in authenticate(authenticator, { bearerToken: token })).toBe(true);
    store.remove('serviceaccounts', 'default', 'builder');
    now = T0 + 9_999;
    expect('user' in authenticate(authenticator, { bearerToken: token })).toBe(true);
    now = T0 + 10_000;
    expect(authenticate(authenticator, { bearerToken: token })).toEqual({ error: 'serviceaccounts "builder" not found' });
    const uncached = buildAuthenticator(config({ tokenSuccessCacheTtlMs: 0 })).authenticator;
    expect(authenticate(uncached, { bearerToken: token })).toEqual({ error: 'serviceaccounts "builder" not found' });
  });

  it('caches webhook answers for the webhook cache TTL (2m by default)', () => {
    const { authenticator } = buildAuthenticator(config({ tokenSuccessCacheTtlMs: 0 }));
    authenticate(authenticator, { bearerToken: 'corp-token' });
    now = T0 + 119_999;
    authenticate(authenticator, { bearerToken: 'corp-token' });
    expect(reviews).toHaveLength(1);
    now = T0 + 120_000;
    authenticate(authenticator, { bearerToken: 'corp-token' });
    expect(reviews).toHaveLength(2);
  });

  it('limits requests to the API server audiences (the issuers by default) and sends them to the webhook', () => {
    const chain = buildAuthenticator(config());
    expect(chain.apiAudiences).toEqual([DEFAULT_ISSUER]);
    authenticate(chain.authenticator, { bearerToken: 'corp-token' });
    expect(reviews[0]!.spec).toEqual({ token: 'corp-token', audiences: [DEFAULT_ISSUER] });
  });

  it('exposes the token authenticators for the TokenReview API, audience-limited by the review', () => {
    const { tokens } = buildAuthenticator(config());
    expect(authenticateToken(tokens!, 'bob-token', [DEFAULT_ISSUER])).toEqual({
      user: { username: 'bob', uid: '1002', groups: [] },
      audiences: [DEFAULT_ISSUER],
    });
    // The token file's tokens carry no audience: they are only good for the API server's own.
    expect(authenticateToken(tokens!, 'bob-token', ['vault'])).toEqual({ none: true });
  });

  it('is anonymous-only, or refuses everything, when nothing is configured', () => {
    const bare = { clock: () => now, anonymous: true } as const;
    expect(authenticate(buildAuthenticator(bare).authenticator, { bearerToken: 'x' })).toMatchObject({ user: { username: 'system:anonymous' } });
    expect(authenticate(buildAuthenticator({ ...bare, anonymous: false }).authenticator, { bearerToken: 'x' })).toEqual({ none: true });
  });
});
