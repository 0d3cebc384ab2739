import type { Secret } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { rfc3339 } from '../../time';
import { BootstrapTokenAuthenticator, bootstrapGroups, parseBootstrapToken } from './bootstrap';
import { base64Encode, utf8Encode } from './bytes';
import { authenticate, authenticateToken, ObjectStore } from './testing';

const T0 = Date.UTC(2026, 0, 1);
const b64 = (s: string) => base64Encode(utf8Encode(s));

function tokenSecret(data: Record<string, string>, extra: Partial<Secret> = {}): Secret {
  const encoded: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) encoded[k] = b64(v);
  return {
    metadata: { namespace: 'kube-system', name: 'bootstrap-token-abcdef' },
    type: 'bootstrap.kubernetes.io/token',
    data: encoded,
    ...extra,
  };
}

const GOOD = { 'token-id': 'abcdef', 'token-secret': '0123456789abcdef', 'usage-bootstrap-authentication': 'true' };
const TOKEN = 'abcdef.0123456789abcdef';

function setup(secret?: Secret) {
  const store = new ObjectStore();
  if (secret) store.put('secrets', secret);
  const rejected: string[] = [];
  let now = T0;
  const auth = new BootstrapTokenAuthenticator({
    getSecret: store.lookup<Secret>('secrets'),
    clock: () => now,
    onReject: (m) => rejected.push(m),
  });
  return { auth, store, rejected, setNow: (t: number) => (now = t) };
}

describe('parseBootstrapToken', () => {
  it('accepts six and sixteen lowercase alphanumerics around a dot, nothing else', () => {
    expect(parseBootstrapToken(TOKEN)).toEqual({ id: 'abcdef', secret: '0123456789abcdef' });
    for (const bad of ['ABCDEF.0123456789abcdef', 'abcde.0123456789abcdef', 'abcdef.0123456789abcde', 'abcdef-0123456789abcdef', `${TOKEN}\n`]) {
      expect(parseBootstrapToken(bad)).toBeUndefined();
    }
  });
});

describe('BootstrapTokenAuthenticator', () => {
  it('authenticates system:bootstrap:<id> in system:bootstrappers plus the extra groups, sorted', () => {
    const { auth, store } = setup(
      tokenSecret({ ...GOOD, 'auth-extra-groups': 'system:bootstrappers:worker,system:bootstrappers:kubeadm:default-node-token' }),
    );
    expect(authenticateToken(auth, TOKEN)).toEqual({
      user: {
        username: 'system:bootstrap:abcdef',
        groups: ['system:bootstrappers', 'system:bootstrappers:kubeadm:default-node-token', 'system:bootstrappers:worker'],
      },
    });
    expect(store.lookups).toEqual(['secrets/kube-system/bootstrap-token-abcdef']);
    expect(authenticate(auth, { bearerToken: TOKEN })).toMatchObject({ user: { username: 'system:bootstrap:abcdef' } });
  });

  it('has no opinion on tokens of another shape, without looking anything up', () => {
    const { auth, store } = setup(tokenSecret(GOOD));
    expect(authenticateToken(auth, 'not-a-bootstrap-token')).toEqual({ none: true });
    expect(store.lookups).toEqual([]);
  });

  it.each<[string, Secret | undefined, string]>([
    ['no Secret', undefined, 'No secret of name bootstrap-token-abcdef to match bootstrap bearer token'],
    ['a Secret being deleted', tokenSecret(GOOD, { metadata: { namespace: 'kube-system', name: 'bootstrap-token-abcdef', deletionTimestamp: rfc3339(T0) } }), 'is deleted and awaiting removal'],
    ['a Secret of another type', tokenSecret(GOOD, { type: 'Opaque' }), 'has invalid type, expected bootstrap.kubernetes.io/token.'],
    ['a wrong secret', tokenSecret({ ...GOOD, 'token-secret': 'ffffffffffffffff' }), 'has invalid value for key token-secret, expected 0123456789abcdef.'],
    ['a wrong id', tokenSecret({ ...GOOD, 'token-id': 'zzzzzz' }), 'has invalid value for key token-id, expected abcdef.'],
    ['no authentication usage', tokenSecret({ ...GOOD, 'usage-bootstrap-authentication': 'false' }), 'not marked usage-bootstrap-authentication=true.'],
    ['a group outside system:bootstrappers:', tokenSecret({ ...GOOD, 'auth-extra-groups': 'system:masters' }), 'has invalid value for key auth-extra-groups: bootstrap group "system:masters" is invalid'],
    ['an unparseable expiration', tokenSecret({ ...GOOD, expiration: 'tomorrow' }), 'Expired bootstrap token in kube-system/bootstrap-token-abcdef Secret'],
  ])('has no opinion (and logs why) for %s', (_name, secret, reason) => {
    const { auth, rejected } = setup(secret);
    expect(authenticateToken(auth, TOKEN)).toEqual({ none: true });
    expect(rejected.join('\n')).toContain(reason);
  });

  it('expires at the RFC 3339 expiration on the injected clock', () => {
    const { auth, setNow } = setup(tokenSecret({ ...GOOD, expiration: rfc3339(T0 + 3_600_000) }));
    setNow(T0 + 3_600_000 - 1);
    expect('user' in authenticateToken(auth, TOKEN)).toBe(true);
    setNow(T0 + 3_600_000);
    expect(authenticateToken(auth, TOKEN)).toEqual({ none: true });
  });

  it('reports a lookup failure other than NotFound as an error', () => {
    const { auth, store } = setup(tokenSecret(GOOD));
    store.failWith.set('secrets', 'etcdserver: request timed out');
    expect(authenticateToken(auth, TOKEN)).toEqual({ error: 'etcdserver: request timed out' });
  });
});

describe('bootstrapGroups', () => {
  it('removes repeats and explains the pattern a bad group fails', () => {
    expect(bootstrapGroups(tokenSecret({ 'auth-extra-groups': 'system:bootstrappers:a,system:bootstrappers:a' }))).toEqual([
      'system:bootstrappers',
      'system:bootstrappers:a',
    ]);
    expect(bootstrapGroups(tokenSecret({ 'auth-extra-groups': 'system:bootstrappers:a-' }))).toEqual({
      error: 'bootstrap group "system:bootstrappers:a-" is invalid (must match \\Asystem:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]\\z)',
    });
  });
});
