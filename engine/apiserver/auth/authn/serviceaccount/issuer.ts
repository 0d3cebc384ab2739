/**
 * The issuing side of ServiceAccount tokens (pkg/serviceaccount claims.go,
 * legacy.go and JWTTokenGenerator): the API server signs bound tokens for the
 * TokenRequest API (and so for projected volumes that the ServiceAccount
 * admission plugin adds), and legacy tokens for Secrets of type
 * kubernetes.io/service-account-token.
 */
import type { Node, Pod, Secret, ServiceAccount } from 'kubernetes-types/core/v1';
import type { Rng } from '../../../../sim/rng';
import { uuidV4 } from '../../../ids';
import type { Clock } from '../../../time';
import { signJwt } from '../jwt';
import { keyId } from '../keys';
import type { RsaPrivateKey } from '../rsa';
import { makeUsername } from './names';

/** DEFAULT_ISSUER is the issuer kubeadm configures (--service-account-issuer). */
export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

/** LEGACY_ISSUER is the "iss" of secret-based (legacy) tokens. */
export const LEGACY_ISSUER = 'kubernetes/serviceaccount';

/** WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS (1h7s) is what admission asks for projected tokens; TokenRequest then extends it and sets warnafter. */
export const WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS = 60 * 60 + 7;

/** EXPIRATION_EXTENSION_SECONDS (one year) is the extended lifetime of such tokens under --service-account-extend-token-expiration. */
export const EXPIRATION_EXTENSION_SECONDS = 24 * 365 * 60 * 60;

/** Legacy private claim names (legacyPrivateClaims). */
export const LEGACY_CLAIMS = {
  serviceAccountName: 'kubernetes.io/serviceaccount/service-account.name',
  serviceAccountUID: 'kubernetes.io/serviceaccount/service-account.uid',
  secretName: 'kubernetes.io/serviceaccount/secret.name',
  namespace: 'kubernetes.io/serviceaccount/namespace',
} as const;

/** TokenRequestOptions describe one bound token. */
export interface TokenRequestOptions {
  serviceAccount: ServiceAccount;
  /** audiences ("aud"); TokenRequest defaults an empty list to the API server's audiences before calling. */
  audiences: string[];
  expirationSeconds: number;
  /** pod binds the token to a Pod; its node (when given, with the pod) is recorded too, as ServiceAccountTokenPodNodeInfo does. */
  pod?: Pod;
  node?: Node;
  /** secret binds the token to a Secret instead. */
  secret?: Secret;
  /** warnAfterSeconds sets kubernetes.io.warnafter (for extended projected tokens). */
  warnAfterSeconds?: number;
}

/** IssuedToken is a signed token and when it expires (ms since the epoch, for TokenRequest's status.expirationTimestamp). */
export interface IssuedToken {
  token: string;
  expirationTimestamp: number;
  claims: Record<string, unknown>;
}

function ref(obj: { metadata?: { name?: string; uid?: string } }): { name?: string; uid?: string } {
  // omitempty: empty strings are left out of the JSON.
  return { name: obj.metadata?.name || undefined, uid: obj.metadata?.uid || undefined };
}

/**
 * ServiceAccountTokenIssuer signs ServiceAccount tokens with the API
 * server's key (--service-account-signing-key-file): RS256, "kid" the key id.
 */
export class ServiceAccountTokenIssuer {
  /** keyId is the "kid" of every token this issuer signs. */
  readonly keyId: string;

  constructor(
    private readonly options: {
      /** issuer is "iss" of bound tokens (--service-account-issuer). */
      issuer: string;
      key: RsaPrivateKey;
      clock: Clock;
      /** rng draws each token's "jti" (ServiceAccountTokenJTI is on by default in 1.30). */
      rng: Rng;
    },
  ) {
    this.keyId = keyId(options.key);
  }

  /** issuer is the issuer this signer writes into bound tokens. */
  get issuer(): string {
    return this.options.issuer;
  }

  /**
   * issueToken signs a bound token (serviceaccount.Claims): sub, aud, iat =
   * nbf = now and exp = now + expirationSeconds (whole seconds), jti, iss, and
   * kubernetes.io {namespace, serviceaccount {name, uid}, pod | secret, node,
   * warnafter}. A token is bound to at most one of pod and secret; a node
   * alone is allowed, as ServiceAccountTokenNodeBinding (beta, on) has it in 1.32.
   */
  issueToken(request: TokenRequestOptions): IssuedToken | { error: string } {
    const { serviceAccount: sa, pod, node, secret } = request;
    if (!Number.isInteger(request.expirationSeconds) || request.expirationSeconds <= 0) {
      throw new RangeError(`issueToken: expirationSeconds must be a positive integer, got ${request.expirationSeconds}`);
    }
    if (secret && (node || pod)) return { error: 'internal error, token can only be bound to one object type' };
    const nowMs = this.options.clock();
    const now = Math.floor(nowMs / 1000);
    const namespace = sa.metadata?.namespace ?? '';
    const name = sa.metadata?.name ?? '';
    const kubernetes: Record<string, unknown> = {
      namespace: namespace || undefined,
      serviceaccount: ref(sa),
    };
    if (pod) {
      kubernetes.pod = ref(pod);
      if (node) kubernetes.node = ref(node);
    } else if (node) {
      kubernetes.node = ref(node);
    } else if (secret) {
      kubernetes.secret = ref(secret);
    }
    if (request.warnAfterSeconds) kubernetes.warnafter = now + request.warnAfterSeconds;
    const claims: Record<string, unknown> = {
      iss: this.options.issuer,
      sub: makeUsername(namespace, name),
      aud: request.audiences.length > 0 ? [...request.audiences] : undefined,
      iat: now,
      nbf: now,
      exp: Math.floor((nowMs + request.expirationSeconds * 1000) / 1000),
      jti: uuidV4(this.options.rng),
      'kubernetes.io': kubernetes,
    };
    return {
      token: signJwt(this.options.key, this.keyId, claims),
      expirationTimestamp: nowMs + request.expirationSeconds * 1000,
      claims,
    };
  }

  /**
   * issueLegacyToken signs the token the tokens controller stores in a
   * Secret of type kubernetes.io/service-account-token (LegacyClaims): iss
   * "kubernetes/serviceaccount", sub, and the flat kubernetes.io/serviceaccount/*
   * claims; no audience and no expiry.
   */
  issueLegacyToken(serviceAccount: ServiceAccount, secretName: string): string {
    const namespace = serviceAccount.metadata?.namespace ?? '';
    const name = serviceAccount.metadata?.name ?? '';
    return signJwt(this.options.key, this.keyId, {
      iss: LEGACY_ISSUER,
      sub: makeUsername(namespace, name),
      [LEGACY_CLAIMS.namespace]: namespace,
      [LEGACY_CLAIMS.secretName]: secretName,
      [LEGACY_CLAIMS.serviceAccountName]: name,
      [LEGACY_CLAIMS.serviceAccountUID]: serviceAccount.metadata?.uid ?? '',
    });
  }
}
