/**
 * buildAuthenticator assembles the authentication stage as kube-apiserver's
 * authenticator Config.New does:
 *
 *   union( x509,
 *          bearer( cache( union(token file, legacy SA, bound SA, bootstrap,
 *                               cache(webhook)) ) ) )
 *   → authenticated group adder
 *   → with --anonymous-auth: failOnError-union(…, anonymous)
 *
 * So: the first authenticator with a user wins; an error is remembered while
 * the others are tried; a bearer token nobody recognises is "invalid bearer
 * token"; a request whose credentials failed is refused even when anonymous
 * requests are allowed; a request with no credentials at all is
 * system:anonymous (group system:unauthenticated) when anonymous is on, else
 * unauthenticated (the caller answers 401 "Unauthorized" for { none } and
 * { error }); every authenticated user gains system:authenticated.
 */
import type { Secret } from 'kubernetes-types/core/v1';
import type { Clock } from '../../time';
import type { Authenticator } from '../types';
import { BootstrapTokenAuthenticator } from './bootstrap';
import { CachedTokenAuthenticator } from './cache';
import type { Lookup } from './lookup';
import { anonymousAuthenticator, authenticatedGroupAdder, unionAuthenticator } from './request';
import type { RsaPublicKey } from './rsa';
import {
  boundServiceAccountAuthenticator,
  legacyServiceAccountAuthenticator,
  type ServiceAccountTokenGetter,
} from './serviceaccount';
import { audienceAgnostic, bearerTokenAuthenticator, unionTokenAuthenticator, type TokenAuthenticator } from './token';
import { DEFAULT_WEBHOOK_CACHE_TTL_MS, WebhookTokenAuthenticator, type TokenReviewSender } from './webhook';
import { x509Authenticator } from './x509';

/** DEFAULT_TOKEN_SUCCESS_CACHE_TTL_MS is kube-apiserver's TokenSuccessCacheTTL (10s); TokenFailureCacheTTL is 0. */
export const DEFAULT_TOKEN_SUCCESS_CACHE_TTL_MS = 10_000;

/** AuthenticationConfig mirrors the kube-apiserver flags that shape authentication. */
export interface AuthenticationConfig {
  clock: Clock;
  /** anonymous is --anonymous-auth (upstream default true). */
  anonymous: boolean;
  /** clientCertificates is whether --client-ca-file is set, i.e. verified client certificates identify users. */
  clientCertificates?: boolean;
  /** tokenFile is --token-auth-file, e.g. TokenFileAuthenticator.fromCsv(text, path). */
  tokenFile?: TokenAuthenticator;
  serviceAccounts?: {
    /** keys are the public keys of --service-account-key-file (the signing key's, and older ones during rotation). */
    keys: readonly RsaPublicKey[];
    /** issuers is --service-account-issuer (the first one signs; all are accepted). */
    issuers: readonly string[];
    getter: ServiceAccountTokenGetter;
    /** lookup is --service-account-lookup for legacy tokens (default true). */
    lookup?: boolean;
  };
  /** apiAudiences is --api-audiences; by default the service account issuers. */
  apiAudiences?: readonly string[];
  /** bootstrapTokens enables --enable-bootstrap-token-auth with a Secret lookup. */
  bootstrapTokens?: { getSecret: Lookup<Secret>; onReject?: (message: string) => void };
  /** webhook is --authentication-token-webhook-config-file: the transport, and --authentication-token-webhook-cache-ttl (default 2m). */
  webhook?: { send: TokenReviewSender; cacheTtlMs?: number };
  /** tokenSuccessCacheTtlMs caches every token authentication (default 10s); tokenFailureCacheTtlMs (default 0). */
  tokenSuccessCacheTtlMs?: number;
  tokenFailureCacheTtlMs?: number;
}

/** AuthenticationChain is the assembled stage. */
export interface AuthenticationChain {
  /** authenticator judges a request's Credentials. */
  authenticator: Authenticator;
  /** tokens is the cached union of the token authenticators, for the TokenReview API (undefined without any). */
  tokens?: TokenAuthenticator;
  /** apiAudiences are the audiences requests are limited to (empty when none are configured). */
  apiAudiences: readonly string[];
}

/** buildAuthenticator wires the configured authenticators in upstream's order (see the file comment). */
export function buildAuthenticator(config: AuthenticationConfig): AuthenticationChain {
  const sa = config.serviceAccounts;
  const apiAudiences = config.apiAudiences && config.apiAudiences.length > 0 ? config.apiAudiences : (sa?.issuers ?? []);
  const requestAuthenticators: Authenticator[] = [];
  const tokenAuthenticators: TokenAuthenticator[] = [];

  if (config.clientCertificates) requestAuthenticators.push(x509Authenticator());
  if (config.tokenFile) tokenAuthenticators.push(audienceAgnostic(apiAudiences, config.tokenFile));
  if (sa && sa.keys.length > 0) {
    tokenAuthenticators.push(legacyServiceAccountAuthenticator({ keys: sa.keys, apiAudiences, getter: sa.getter, lookup: sa.lookup }));
    if (sa.issuers.length > 0) {
      tokenAuthenticators.push(
        boundServiceAccountAuthenticator({ issuers: sa.issuers, keys: sa.keys, apiAudiences, getter: sa.getter, clock: config.clock }),
      );
    }
  }
  if (config.bootstrapTokens) {
    const bootstrap = new BootstrapTokenAuthenticator({ ...config.bootstrapTokens, clock: config.clock });
    tokenAuthenticators.push(audienceAgnostic(apiAudiences, bootstrap));
  }
  if (config.webhook) {
    const ttl = config.webhook.cacheTtlMs ?? DEFAULT_WEBHOOK_CACHE_TTL_MS;
    const webhook = new WebhookTokenAuthenticator({ send: config.webhook.send, implicitAudiences: apiAudiences });
    tokenAuthenticators.push(
      new CachedTokenAuthenticator(webhook, { clock: config.clock, cacheErrors: false, successTtlMs: ttl, failureTtlMs: ttl }),
    );
  }

  let tokens: TokenAuthenticator | undefined;
  if (tokenAuthenticators.length > 0) {
    tokens = unionTokenAuthenticator(tokenAuthenticators);
    const successTtlMs = config.tokenSuccessCacheTtlMs ?? DEFAULT_TOKEN_SUCCESS_CACHE_TTL_MS;
    const failureTtlMs = config.tokenFailureCacheTtlMs ?? 0;
    if (successTtlMs > 0 || failureTtlMs > 0) {
      tokens = new CachedTokenAuthenticator(tokens, { clock: config.clock, cacheErrors: true, successTtlMs, failureTtlMs });
    }
    requestAuthenticators.push(bearerTokenAuthenticator(tokens, apiAudiences));
  }

  if (requestAuthenticators.length === 0) {
    return {
      authenticator: config.anonymous ? anonymousAuthenticator() : unionAuthenticator([]),
      tokens,
      apiAudiences,
    };
  }
  let authenticator = authenticatedGroupAdder(unionAuthenticator(requestAuthenticators));
  if (config.anonymous) authenticator = unionAuthenticator([authenticator, anonymousAuthenticator()], true);
  return { authenticator, tokens, apiAudiences };
}
