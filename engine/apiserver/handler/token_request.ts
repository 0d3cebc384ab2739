/**
 * tokenRequest serves the serviceaccounts/token subresource (the TokenRequest
 * API behind `kubectl create token`): it validates and defaults the request as
 * pkg/registry/core/serviceaccount/storage/token.go does, looks the
 * ServiceAccount up, and has the API server's issuer sign a bound token.
 */
import type { KubeObject } from '../object';
import { newBadRequest, newInvalid, newNotFound, type StatusError } from '../errors';
import { rfc3339 } from '../time';
import { fail, ok, type Call } from './context';

/** TokenIssuer signs a token for a ServiceAccount (the engine's ServiceAccountTokenIssuer, through the assembly). */
export type TokenIssuer = (request: { serviceAccount: KubeObject; audiences: string[]; expirationSeconds: number }) => { token: string; expirationTimestamp: number } | { error: string };

export interface TokenRequestConfig {
  issue: TokenIssuer;
  /** apiAudiences default a request without audiences (--api-audiences, by default the issuer). */
  apiAudiences: readonly string[];
}

/** DEFAULT_EXPIRATION_SECONDS is TokenRequest's default (one hour); MIN_EXPIRATION_SECONDS its floor (ten minutes). */
export const DEFAULT_EXPIRATION_SECONDS = 3600;
export const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;

interface TokenRequestBody {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: { audiences?: string[] | null; expirationSeconds?: number | null; boundObjectRef?: unknown };
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
export function createToken(call: Call, config: TokenRequestConfig | undefined): void {
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
  if (spec.boundObjectRef) return fail(call, newBadRequest('tokens bound to an object are not supported by this API server yet; leave spec.boundObjectRef unset'));
  storage.get(storage.keyFor(info.namespace, info.name), {}, (err, sa) => {
    if (err) return fail(call, err);
    if (!sa) return fail(call, newNotFound({ group: '', resource: 'serviceaccounts' }, info.name));
    const audiences = spec.audiences && spec.audiences.length > 0 ? spec.audiences : [...config.apiAudiences];
    const expirationSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
    const issued = config.issue({ serviceAccount: sa, audiences, expirationSeconds });
    if ('error' in issued) return fail(call, newBadRequest(issued.error));
    ok(call, 201, {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name: info.name, namespace: info.namespace, creationTimestamp: null },
      spec: { audiences, expirationSeconds, boundObjectRef: null },
      status: { token: issued.token, expirationTimestamp: rfc3339(issued.expirationTimestamp) },
    });
  });
}
