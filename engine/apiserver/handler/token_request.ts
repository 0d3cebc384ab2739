/**
 * tokenRequest serves the serviceaccounts/token subresource (the TokenRequest
 * API behind `kubectl create token`): it validates and defaults the request as
 * pkg/registry/core/serviceaccount/storage/token.go does, looks the
 * ServiceAccount up, and has the API server's issuer sign a bound token.
 */
import type { KubeObject } from '../object';
import { newBadRequest, newConflict, newInvalid, newNotFound, type StatusError } from '../errors';
import { rfc3339 } from '../time';
import { fail, ok, type Call } from './context';

/** TokenIssuer signs a token for a ServiceAccount, optionally bound to a pod (and its node) or a secret (the engine's ServiceAccountTokenIssuer, through the assembly). */
export type TokenIssuer = (request: {
  serviceAccount: KubeObject;
  audiences: string[];
  expirationSeconds: number;
  pod?: KubeObject;
  node?: KubeObject;
  secret?: KubeObject;
  warnAfterSeconds?: number;
}) => { token: string; expirationTimestamp: number } | { error: string };

/** ObjectGetter reads a core/v1 object a token may be bound to: the object, null when absent, or an error. */
export type ObjectGetter = (plural: 'pods' | 'secrets' | 'nodes', namespace: string, name: string, done: (err: StatusError | null, obj: KubeObject | null) => void) => void;

export interface TokenRequestConfig {
  issue: TokenIssuer;
  /** apiAudiences default a request without audiences (--api-audiences, by default the issuer). */
  apiAudiences: readonly string[];
}

/** DEFAULT_EXPIRATION_SECONDS is TokenRequest's default (one hour); MIN_EXPIRATION_SECONDS its floor (ten minutes). */
export const DEFAULT_EXPIRATION_SECONDS = 3600;
export const MIN_EXPIRATION_SECONDS = 600;
/**
 * WARN_ONLY_EXPIRATION_SECONDS is what the kubelet asks for a pod's projected
 * token (an hour and 7 s); with --service-account-extend-token-expiration
 * (default on) such a pod-bound token is valid for EXTENDED_EXPIRATION_SECONDS
 * (a year), and its use after the hour is only flagged through warnafter, so
 * clients that never reread the file keep working while they are found.
 */
export const WARN_ONLY_EXPIRATION_SECONDS = 3607;
export const EXTENDED_EXPIRATION_SECONDS = 365 * 24 * 60 * 60;
const MAX_EXPIRATION_SECONDS = 2 ** 32;

interface TokenRequestBody {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: { audiences?: string[] | null; expirationSeconds?: number | null; boundObjectRef?: BoundObjectRef | null };
}

/** BoundObjectRef is authentication/v1 BoundObjectReference. */
interface BoundObjectRef {
  kind?: string;
  apiVersion?: string;
  name?: string;
  uid?: string;
}

/** Bound is what a token ends up bound to. */
interface Bound {
  pod?: KubeObject;
  node?: KubeObject;
  secret?: KubeObject;
}

/**
 * resolveBinding looks the referenced object up as token.go does: a Pod (and
 * the node it runs on, when it has one) or a Secret in the account's
 * namespace, or a Node (ServiceAccountTokenNodeBinding, on in 1.32); any other kind is a 400, a missing object a 404, and an object
 * whose uid differs from the reference's a 409 (it was deleted and recreated).
 */
function resolveBinding(ref: BoundObjectRef, namespace: string, get: ObjectGetter, done: (err: StatusError | null, bound: Bound) => void): void {
  const apiVersion = ref.apiVersion ?? '';
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const kind = ref.kind ?? '';
  const name = ref.name ?? '';
  const plural = group !== '' ? undefined : ({ Pod: 'pods', Secret: 'secrets', Node: 'nodes' } as const)[kind as 'Pod' | 'Secret' | 'Node'];
  if (!plural) return done(newBadRequest(`cannot bind token to object of type ${group}/${version}, Kind=${kind}`), {});
  get(plural, plural === 'nodes' ? '' : namespace, name, (err, obj) => {
    if (err) return done(err, {});
    if (!obj) return done(newNotFound({ group: '', resource: plural }, name), {});
    if (ref.uid && obj.metadata?.uid !== ref.uid) {
      const why = `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`;
      return done(newConflict({ group: '', resource: kind }, name, why), {});
    }
    if (plural === 'secrets') return done(null, { secret: obj });
    if (plural === 'nodes') return done(null, { node: obj });
    const nodeName = (obj.spec as { nodeName?: string } | undefined)?.nodeName;
    if (!nodeName) return done(null, { pod: obj });
    // The node is named even when it is gone; its uid is recorded when it exists.
    get('nodes', '', nodeName, (nerr, node) => {
      if (nerr) return done(nerr, {});
      done(null, { pod: obj, node: node ?? { metadata: { name: nodeName } } });
    });
  });
}

function validate(name: string, spec: NonNullable<TokenRequestBody['spec']>): StatusError | null {
  const seconds = spec.expirationSeconds;
  if (typeof seconds === 'number' && seconds < MIN_EXPIRATION_SECONDS)
    return newInvalid({ group: 'authentication.k8s.io', kind: 'TokenRequest' }, name, [
      { type: 'FieldValueInvalid', field: 'spec.expirationSeconds', badValue: seconds, detail: 'may not specify a duration less than 10 minutes' },
    ]);
  if (typeof seconds === 'number' && seconds > MAX_EXPIRATION_SECONDS)
    return newInvalid({ group: 'authentication.k8s.io', kind: 'TokenRequest' }, name, [
      { type: 'FieldValueTooLong', field: 'spec.expirationSeconds', badValue: seconds, detail: 'may not specify a duration larger than 2^32 seconds' },
    ]);
  return null;
}

/** createToken answers POST .../serviceaccounts/<name>/token with a TokenRequest holding the token. */
export function createToken(call: Call, config: TokenRequestConfig | undefined, getObject: ObjectGetter): void {
  const { info, storage } = call;
  if (!config) return fail(call, newNotFound({ group: '', resource: 'serviceaccounts/token' }, info.name));
  let body: TokenRequestBody;
  try {
    body = JSON.parse(call.body ?? '{}') as TokenRequestBody;
  } catch (e) {
    return fail(call, newBadRequest(`error decoding TokenRequest: ${(e as Error).message}`));
  }
  if (body === null || typeof body !== 'object' || (body.kind !== undefined && body.kind !== 'TokenRequest'))
    return fail(call, newBadRequest(`not a TokenRequest: ${String((body as { kind?: unknown } | null)?.kind)}`));
  const spec = body.spec ?? {};
  const invalid = validate(info.name, spec);
  if (invalid) return fail(call, invalid);
  storage.get(storage.keyFor(info.namespace, info.name), {}, (err, sa) => {
    if (err) return fail(call, err);
    if (!sa) return fail(call, newNotFound({ group: '', resource: 'serviceaccounts' }, info.name));
    const ref = spec.boundObjectRef && typeof spec.boundObjectRef === 'object' ? spec.boundObjectRef : null;
    const bind = (next: (bound: Bound) => void) => (ref ? resolveBinding(ref, info.namespace, getObject, (berr, bound) => (berr ? fail(call, berr) : next(bound))) : next({}));
    bind((bound) => {
      const audiences = spec.audiences && spec.audiences.length > 0 ? spec.audiences : [...config.apiAudiences];
      const expirationSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
      const kubeAudiences = audiences.every((a) => config.apiAudiences.includes(a));
      const extend = bound.pod !== undefined && expirationSeconds === WARN_ONLY_EXPIRATION_SECONDS && kubeAudiences;
      const issued = config.issue({
        serviceAccount: sa,
        audiences,
        ...bound,
        ...(extend ? { expirationSeconds: EXTENDED_EXPIRATION_SECONDS, warnAfterSeconds: expirationSeconds } : { expirationSeconds }),
      });
      if ('error' in issued) return fail(call, newBadRequest(issued.error));
      // The status names the requested lifetime even when the token itself was extended, as upstream's does.
      const expires = extend ? call.services.now() + expirationSeconds * 1000 : issued.expirationTimestamp;
      ok(call, 201, {
        kind: 'TokenRequest',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { name: info.name, namespace: info.namespace, creationTimestamp: null },
        spec: { audiences, expirationSeconds, boundObjectRef: ref },
        status: { token: issued.token, expirationTimestamp: rfc3339(expires) },
      });
    });
  });
}
