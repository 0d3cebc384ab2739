/**
 * Test helpers for authentication (used by the tests beside this file and by
 * other stages' tests): seeded keys, an in-memory object store that answers
 * the authenticators' lookups, and a way to call a callback-style
 * authenticator and get its answer.
 */
import type { Node, Pod, Secret, ServiceAccount } from 'kubernetes-types/core/v1';
import { Rng } from '../../../sim/rng';
import type { Authenticator, AuthResult, Credentials } from '../types';
import type { LookupResult } from './lookup';
import { generateRsaKey, type RsaPrivateKey } from './rsa';
import type { ServiceAccountTokenGetter } from './serviceaccount';
import type { TokenAuthenticator, TokenResult } from './token';

const keys = new Map<string, RsaPrivateKey>();

/** testKey returns the RSA key generated from seed (memoised: generation takes a moment). */
export function testKey(seed: string, bits = 1024): RsaPrivateKey {
  const id = `${seed}/${bits}`;
  let key = keys.get(id);
  if (!key) {
    key = generateRsaKey(new Rng(seed), bits);
    keys.set(id, key);
  }
  return key;
}

type Kind = 'serviceaccounts' | 'pods' | 'secrets' | 'nodes';
type AnyObject = ServiceAccount | Pod | Secret | Node;

/**
 * ObjectStore holds objects by kind, namespace and name and serves them as
 * the Lookup callbacks expect. `lookups` counts calls, `failWith` makes every
 * lookup of a kind fail with an error, and `deferred` makes answers wait
 * until flush() (to exercise asynchronous answers).
 */
export class ObjectStore {
  private readonly objects = new Map<string, AnyObject>();
  readonly lookups: string[] = [];
  readonly failWith = new Map<Kind, string>();
  deferred = false;
  private readonly queue: Array<() => void> = [];

  put(kind: Kind, obj: AnyObject): void {
    this.objects.set(`${kind}/${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`, obj);
  }

  remove(kind: Kind, namespace: string, name: string): void {
    this.objects.delete(`${kind}/${namespace}/${name}`);
  }

  flush(): void {
    while (this.queue.length > 0) this.queue.shift()!();
  }

  lookup<T extends AnyObject>(kind: Kind) {
    return (namespace: string, name: string, done: (r: LookupResult<T>) => void): void => {
      this.lookups.push(`${kind}/${namespace}/${name}`);
      const answer = (): void => {
        const failure = this.failWith.get(kind);
        if (failure) return done({ error: failure });
        const obj = this.objects.get(`${kind}/${namespace}/${name}`);
        done(obj ? { object: JSON.parse(JSON.stringify(obj)) as T } : { notFound: true });
      };
      if (this.deferred) this.queue.push(answer);
      else answer();
    };
  }

  /** getter is this store as a ServiceAccountTokenGetter. */
  getter(): ServiceAccountTokenGetter {
    return {
      getServiceAccount: this.lookup<ServiceAccount>('serviceaccounts'),
      getPod: this.lookup<Pod>('pods'),
      getSecret: this.lookup<Secret>('secrets'),
      getNode: (name, done) => this.lookup<Node>('nodes')('', name, done),
    };
  }
}

/** authenticate calls a.authenticate and returns its answer, failing if it does not answer synchronously. */
export function authenticate(a: Authenticator, credentials: Credentials): AuthResult {
  let result: AuthResult | undefined;
  a.authenticate(credentials, (r) => {
    result = r;
  });
  if (!result) throw new Error('authenticator did not answer synchronously');
  return result;
}

/** authenticateToken calls t.authenticateToken and returns its answer, failing if it does not answer synchronously. */
export function authenticateToken(t: TokenAuthenticator, token: string, audiences?: readonly string[]): TokenResult {
  let result: TokenResult | undefined;
  t.authenticateToken(token, audiences, (r) => {
    result = r;
  });
  if (!result) throw new Error('token authenticator did not answer synchronously');
  return result;
}

/** serviceAccount builds a ServiceAccount object. */
export function serviceAccount(namespace: string, name: string, uid: string, extra: Partial<ServiceAccount['metadata']> = {}): ServiceAccount {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { namespace, name, uid, ...extra } };
}

/** pod builds a Pod object. */
export function pod(namespace: string, name: string, uid: string, extra: Partial<Pod['metadata']> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name, uid, ...extra } };
}
