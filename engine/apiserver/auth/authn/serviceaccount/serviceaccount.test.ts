import { createPublicKey, verify } from 'node:crypto';
import type { Secret } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import { Rng } from '../../../../sim/rng';
import { rfc3339 } from '../../../time';
import { base64Encode, utf8Encode } from '../bytes';
import { signJwt, ERR_CRYPTO_FAILURE } from '../jwt';
import { keyId, publicJwk } from '../keys';
import { publicKeyOf } from '../rsa';
import { authenticateToken, ObjectStore, pod, serviceAccount, testKey } from '../testing';
import {
  boundServiceAccountAuthenticator,
  DEFAULT_ISSUER,
  INVALID_SINCE_LABEL,
  legacyServiceAccountAuthenticator,
  ServiceAccountTokenIssuer,
  splitUsername,
} from './index';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const key = testKey('sa-signing');
const apiAudiences = [DEFAULT_ISSUER];

let now = T0;
const clock = () => now;
let store: ObjectStore;

function issuer(seed = 'jti') {
  return new ServiceAccountTokenIssuer({ issuer: DEFAULT_ISSUER, key, clock, rng: new Rng(seed) });
}

function bound(keys = [publicKeyOf(key)]) {
  return boundServiceAccountAuthenticator({ issuers: [DEFAULT_ISSUER], keys, apiAudiences, getter: store.getter(), clock });
}

function issue(options: Partial<Parameters<ServiceAccountTokenIssuer['issueToken']>[0]> = {}, seed?: string): string {
  const r = issuer(seed).issueToken({
    serviceAccount: serviceAccount('default', 'builder', 'sa-uid-1'),
    audiences: apiAudiences,
    expirationSeconds: 3600,
    ...options,
  });
  if ('error' in r) throw new Error(r.error);
  return r.token;
}

beforeEach(() => {
  now = T0;
  store = new ObjectStore();
  store.put('serviceaccounts', serviceAccount('default', 'builder', 'sa-uid-1'));
  store.put('pods', pod('default', 'web-0', 'pod-uid-1', { }));
});

describe('ServiceAccountTokenIssuer', () => {
  it('writes the bound-token claims of a TokenRequest, signed RS256 under the key id', () => {
    const r = issuer().issueToken({
      serviceAccount: serviceAccount('default', 'builder', 'sa-uid-1'),
      audiences: ['https://kubernetes.default.svc.cluster.local'],
      expirationSeconds: 600,
      pod: pod('default', 'web-0', 'pod-uid-1'),
      node: { metadata: { name: 'node-1', uid: 'node-uid-1' } },
    });
    if ('error' in r) throw new Error(r.error);
    const [header, payload] = r.token.split('.') as [string, string];
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256', kid: keyId(key) });
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const sec = T0 / 1000;
    expect(claims).toEqual({
      aud: ['https://kubernetes.default.svc.cluster.local'],
      exp: sec + 600,
      iat: sec,
      iss: DEFAULT_ISSUER,
      jti: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      'kubernetes.io': {
        namespace: 'default',
        node: { name: 'node-1', uid: 'node-uid-1' },
        pod: { name: 'web-0', uid: 'pod-uid-1' },
        serviceaccount: { name: 'builder', uid: 'sa-uid-1' },
      },
      nbf: sec,
      sub: 'system:serviceaccount:default:builder',
    });
    expect(r.expirationTimestamp).toBe(T0 + 600_000);
    // Keys appear sorted, as go-jose's map marshalling writes them.
    expect(Object.keys(claims)).toEqual([...Object.keys(claims)].sort());
  });

  it('issues a token OpenSSL verifies against the published JWK', () => {
    const token = issue();
    const [h, p, s] = token.split('.') as [string, string, string];
    const publicKey = createPublicKey({ key: { ...publicJwk(key) }, format: 'jwk' });
    expect(verify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'))).toBe(true);
  });

  it('issues the same token for the same seed and clock, and a new jti from the next draw', () => {
    expect(issue({}, 'same')).toBe(issue({}, 'same'));
    const iss = issuer('draws');
    const a = iss.issueToken({ serviceAccount: serviceAccount('default', 'builder', 'u'), audiences: [], expirationSeconds: 600 });
    const b = iss.issueToken({ serviceAccount: serviceAccount('default', 'builder', 'u'), audiences: [], expirationSeconds: 600 });
    expect('token' in a && 'token' in b && a.token !== b.token).toBe(true);
  });

  it('refuses to bind to a secret and a pod at once, and binds to a node alone (ServiceAccountTokenNodeBinding, on in 1.32)', () => {
    const sa = serviceAccount('default', 'builder', 'u');
    const secret: Secret = { metadata: { name: 's', uid: 'su' } };
    expect(issuer().issueToken({ serviceAccount: sa, audiences: [], expirationSeconds: 600, pod: pod('default', 'p', 'pu'), secret })).toEqual({
      error: 'internal error, token can only be bound to one object type',
    });
    const nodeBound = issuer().issueToken({ serviceAccount: sa, audiences: [], expirationSeconds: 600, node: { metadata: { name: 'n', uid: 'nu' } } });
    expect('claims' in nodeBound && nodeBound.claims['kubernetes.io']).toMatchObject({ node: { name: 'n', uid: 'nu' } });
    expect('claims' in nodeBound && (nodeBound.claims['kubernetes.io'] as Record<string, unknown>).pod).toBeUndefined();
  });
});

describe('bound ServiceAccount tokens', () => {
  it('authenticate as the ServiceAccount with its groups, uid and credential id', () => {
    const token = issue();
    const jti = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).jti;
    expect(authenticateToken(bound(), token)).toEqual({
      user: {
        username: 'system:serviceaccount:default:builder',
        uid: 'sa-uid-1',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:default'],
        extra: { 'authentication.kubernetes.io/credential-id': [`JTI=${jti}`] },
      },
      audiences: apiAudiences,
    });
    expect(store.lookups).toEqual(['serviceaccounts/default/builder']);
  });

  it('carry the pod and node of a pod-bound token in extra', () => {
    const token = issue({ pod: pod('default', 'web-0', 'pod-uid-1'), node: { metadata: { name: 'node-1', uid: 'node-uid-1' } } });
    const r = authenticateToken(bound(), token);
    if (!('user' in r)) throw new Error(JSON.stringify(r));
    expect(r.user.extra).toMatchObject({
      'authentication.kubernetes.io/pod-name': ['web-0'],
      'authentication.kubernetes.io/pod-uid': ['pod-uid-1'],
      'authentication.kubernetes.io/node-name': ['node-1'],
      'authentication.kubernetes.io/node-uid': ['node-uid-1'],
    });
  });

  it('stay valid for a minute of leeway past exp, then have expired', () => {
    const token = issue({ expirationSeconds: 600 });
    now = T0 + 600_000 + 60_000;
    expect('user' in authenticateToken(bound(), token)).toBe(true);
    now += 1;
    expect(authenticateToken(bound(), token)).toEqual({ error: 'service account token has expired' });
  });

  it('are not valid before nbf (beyond the leeway), and not if issued in the future', () => {
    now = T0 + 120_000;
    const early = issue();
    now = T0;
    expect(authenticateToken(bound(), early)).toEqual({ error: 'service account token is not valid yet' });
    const sec = T0 / 1000;
    const future = signJwt(key, keyId(key), {
      iss: DEFAULT_ISSUER, sub: 'system:serviceaccount:default:builder', aud: apiAudiences,
      iat: sec + 120, exp: sec + 3600,
      'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'builder', uid: 'sa-uid-1' } },
    });
    expect(authenticateToken(bound(), future)).toEqual({ error: 'service account token is issued in the future' });
  });

  it('stop working when the ServiceAccount is deleted or replaced', () => {
    const token = issue();
    store.remove('serviceaccounts', 'default', 'builder');
    expect(authenticateToken(bound(), token)).toEqual({ error: 'serviceaccounts "builder" not found' });
    store.put('serviceaccounts', serviceAccount('default', 'builder', 'sa-uid-2'));
    expect(authenticateToken(bound(), token)).toEqual({ error: 'service account UID (sa-uid-2) does not match claim (sa-uid-1)' });
  });

  it('survive a ServiceAccount deletion for the leeway minute, not longer', () => {
    const token = issue();
    store.put('serviceaccounts', serviceAccount('default', 'builder', 'sa-uid-1', { deletionTimestamp: rfc3339(T0 - 30_000) }));
    expect('user' in authenticateToken(bound(), token)).toBe(true);
    store.put('serviceaccounts', serviceAccount('default', 'builder', 'sa-uid-1', { deletionTimestamp: rfc3339(T0 - 61_000) }));
    expect(authenticateToken(bound(), token)).toEqual({ error: 'service account default/builder has been deleted' });
  });

  it('stop working when the bound pod is deleted, replaced or terminating', () => {
    const token = issue({ pod: pod('default', 'web-0', 'pod-uid-1') });
    store.put('pods', pod('default', 'web-0', 'pod-uid-2'));
    expect(authenticateToken(bound(), token)).toEqual({ error: 'pod UID (pod-uid-2) does not match service account pod ref claim (pod-uid-1)' });
    store.put('pods', pod('default', 'web-0', 'pod-uid-1', { deletionTimestamp: rfc3339(T0 - 120_000) }));
    expect(authenticateToken(bound(), token)).toEqual({ error: 'service account token has been invalidated' });
    store.remove('pods', 'default', 'web-0');
    expect(authenticateToken(bound(), token)).toEqual({ error: 'service account token has been invalidated' });
  });

  it('stop working when the bound secret is deleted or replaced', () => {
    const secret: Secret = { metadata: { namespace: 'default', name: 'creds', uid: 'secret-uid-1' } };
    store.put('secrets', secret);
    const token = issue({ secret });
    expect('user' in authenticateToken(bound(), token)).toBe(true);
    store.put('secrets', { metadata: { namespace: 'default', name: 'creds', uid: 'secret-uid-2' } });
    expect(authenticateToken(bound(), token)).toEqual({
      error: 'secret UID (secret-uid-2) does not match service account secret ref claim (secret-uid-1)',
    });
    store.remove('secrets', 'default', 'creds');
    expect(authenticateToken(bound(), token)).toEqual({ error: 'service account token has been invalidated' });
  });

  it('check a token bound to a Node alone against the node', () => {
    const sec = T0 / 1000;
    const token = signJwt(key, keyId(key), {
      iss: DEFAULT_ISSUER, sub: 'system:serviceaccount:default:builder', aud: apiAudiences, iat: sec, nbf: sec, exp: sec + 600,
      'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'builder', uid: 'sa-uid-1' }, node: { name: 'node-1', uid: 'nu-1' } },
    });
    expect(authenticateToken(bound(), token)).toEqual({ error: 'service account token has been invalidated' });
    store.put('nodes', { metadata: { name: 'node-1', uid: 'nu-1' } });
    const r = authenticateToken(bound(), token);
    expect('user' in r && r.user.extra).toEqual({ 'authentication.kubernetes.io/node-name': ['node-1'], 'authentication.kubernetes.io/node-uid': ['nu-1'] });
  });

  it('must be for one of the API server\'s audiences', () => {
    const token = issue({ audiences: ['vault'] });
    expect(authenticateToken(bound(), token)).toEqual({
      error: 'token audiences ["vault"] is invalid for the target audiences ["https://kubernetes.default.svc.cluster.local"]',
    });
    // A request limited to other audiences (a TokenReview with spec.audiences) is judged against those.
    const r = authenticateToken(bound(), token, ['vault', 'other']);
    expect('user' in r && r.audiences).toEqual(['vault']);
  });

  it('are no business of this authenticator when another issuer wrote them or they are not JWTs', () => {
    const other = new ServiceAccountTokenIssuer({ issuer: 'https://elsewhere', key, clock, rng: new Rng(1) }).issueToken({
      serviceAccount: serviceAccount('default', 'builder', 'sa-uid-1'), audiences: apiAudiences, expirationSeconds: 600,
    });
    expect(authenticateToken(bound(), 'token' in other ? other.token : '')).toEqual({ none: true });
    expect(authenticateToken(bound(), 'abcdef.0123456789abcdef')).toEqual({ none: true });
    expect(authenticateToken(bound(), '{"iss":"https://kubernetes.default.svc.cluster.local"}')).toEqual({ none: true });
  });

  it('must be signed by one of the keys, old keys included during a rotation', () => {
    const token = issue();
    const stranger = publicKeyOf(testKey('sa-stranger'));
    expect(authenticateToken(bound([stranger]), token)).toEqual({ error: ERR_CRYPTO_FAILURE });
    expect('user' in authenticateToken(bound([stranger, publicKeyOf(key)]), token)).toBe(true);
  });

  it('wait for asynchronous lookups', () => {
    const token = issue({ pod: pod('default', 'web-0', 'pod-uid-1') });
    store.deferred = true;
    let result: unknown;
    bound().authenticateToken(token, undefined, (r) => {
      result = r;
    });
    expect(result).toBeUndefined();
    store.flush();
    expect(result).toMatchObject({ user: { username: 'system:serviceaccount:default:builder' } });
  });
});

describe('legacy (secret-based) ServiceAccount tokens', () => {
  function legacySetup(labels?: Record<string, string>) {
    const token = issuer().issueLegacyToken(serviceAccount('default', 'builder', 'sa-uid-1'), 'builder-token-abcde');
    store.put('secrets', {
      metadata: { namespace: 'default', name: 'builder-token-abcde', uid: 'su', labels },
      type: 'kubernetes.io/service-account-token',
      data: { token: base64Encode(utf8Encode(token)) },
    });
    return token;
  }
  const legacy = (lookup = true) => legacyServiceAccountAuthenticator({ keys: [publicKeyOf(key)], apiAudiences, getter: store.getter(), lookup });

  it('carry the flat legacy claims and no expiry', () => {
    const token = legacySetup();
    expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())).toEqual({
      iss: 'kubernetes/serviceaccount',
      'kubernetes.io/serviceaccount/namespace': 'default',
      'kubernetes.io/serviceaccount/secret.name': 'builder-token-abcde',
      'kubernetes.io/serviceaccount/service-account.name': 'builder',
      'kubernetes.io/serviceaccount/service-account.uid': 'sa-uid-1',
      sub: 'system:serviceaccount:default:builder',
    });
  });

  it('authenticate while the Secret holds the token and the ServiceAccount is unchanged', () => {
    const token = legacySetup();
    now = T0 + 365 * 86_400_000;
    expect(authenticateToken(legacy(), token)).toEqual({
      user: { username: 'system:serviceaccount:default:builder', uid: 'sa-uid-1', groups: ['system:serviceaccounts', 'system:serviceaccounts:default'] },
      audiences: apiAudiences,
    });
    expect(authenticateToken(bound(), token)).toEqual({ none: true });
  });

  it('are revoked by deleting or rewriting the Secret, or replacing the ServiceAccount', () => {
    const token = legacySetup();
    store.put('secrets', { metadata: { namespace: 'default', name: 'builder-token-abcde' }, data: { token: base64Encode(utf8Encode('other')) } });
    expect(authenticateToken(legacy(), token)).toEqual({ error: "Token does not match server's copy" });
    store.remove('secrets', 'default', 'builder-token-abcde');
    expect(authenticateToken(legacy(), token)).toEqual({ error: 'Token has been invalidated' });
    expect('user' in authenticateToken(legacy(false), token)).toBe(true);
    legacySetup();
    store.put('serviceaccounts', serviceAccount('default', 'builder', 'sa-uid-9'));
    expect(authenticateToken(legacy(), token)).toEqual({ error: 'ServiceAccount UID (sa-uid-9) does not match claim (sa-uid-1)' });
  });

  it('are refused when the Secret is labelled invalid', () => {
    const token = legacySetup({ [INVALID_SINCE_LABEL]: '2026-01-01' });
    expect(authenticateToken(legacy(), token)).toEqual({
      error:
        "the token in secret default/builder-token-abcde for service account default/builder has been marked invalid. Use tokens from the TokenRequest API or manually created secret-based tokens, or remove the 'kubernetes.io/legacy-token-invalid-since' label from the secret to temporarily allow use of this token",
    });
  });

  it('need every claim, and a subject that agrees with them', () => {
    const base = {
      iss: 'kubernetes/serviceaccount', sub: 'system:serviceaccount:default:builder',
      'kubernetes.io/serviceaccount/namespace': 'default', 'kubernetes.io/serviceaccount/secret.name': 's',
      'kubernetes.io/serviceaccount/service-account.name': 'builder', 'kubernetes.io/serviceaccount/service-account.uid': 'u',
    };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ sub: undefined }, 'sub claim is missing'],
      [{ 'kubernetes.io/serviceaccount/namespace': undefined }, 'namespace claim is missing'],
      [{ 'kubernetes.io/serviceaccount/secret.name': '' }, 'secretName claim is missing'],
      [{ 'kubernetes.io/serviceaccount/service-account.name': undefined }, 'serviceAccountName claim is missing'],
      [{ 'kubernetes.io/serviceaccount/service-account.uid': undefined }, 'serviceAccountUID claim is missing'],
      [{ sub: 'system:serviceaccount:kube-system:builder' }, 'sub claim is invalid'],
      [{ sub: 'alice' }, 'sub claim is invalid'],
    ];
    for (const [change, error] of cases) {
      expect(authenticateToken(legacy(false), signJwt(key, keyId(key), { ...base, ...change }))).toEqual({ error });
    }
  });
});

describe('splitUsername', () => {
  it('splits valid ServiceAccount usernames and rejects the rest', () => {
    expect(splitUsername('system:serviceaccount:kube-system:default')).toEqual({ namespace: 'kube-system', name: 'default' });
    expect(splitUsername('system:serviceaccount:ns:a.b-c')).toEqual({ namespace: 'ns', name: 'a.b-c' });
    for (const bad of ['system:serviceaccount:ns', 'system:serviceaccount:ns:a:b', 'system:serviceaccount:Ns:a', 'system:serviceaccount:ns:-a', 'alice']) {
      expect(splitUsername(bad)).toBeUndefined();
    }
  });
});
