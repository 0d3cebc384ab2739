/**
 * ServiceAccount tokens: issue (ServiceAccountTokenIssuer) and authenticate
 * (legacyServiceAccountAuthenticator, boundServiceAccountAuthenticator), as
 * kube-apiserver wires them from --service-account-key-file,
 * --service-account-issuer, --service-account-lookup and --api-audiences.
 */
import type { Clock } from '../../../time';
import type { RsaPublicKey } from '../rsa';
import { JwtTokenAuthenticator } from './authenticator';
import { LEGACY_ISSUER } from './issuer';
import { boundTokenValidator, legacyTokenValidator, type ServiceAccountTokenGetter } from './validators';

export { JwtTokenAuthenticator, type TokenValidator, type ValidatorResult } from './authenticator';
export { readPublicClaims, type PublicClaims } from './claims';
export {
  DEFAULT_ISSUER,
  EXPIRATION_EXTENSION_SECONDS,
  LEGACY_CLAIMS,
  LEGACY_ISSUER,
  ServiceAccountTokenIssuer,
  WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS,
  type IssuedToken,
  type TokenRequestOptions,
} from './issuer';
export * from './names';
export {
  boundTokenValidator,
  INVALID_SINCE_LABEL,
  LEEWAY_MS,
  legacyTokenValidator,
  type ServiceAccountTokenGetter,
} from './validators';

/** legacyServiceAccountAuthenticator accepts secret-based tokens (issuer "kubernetes/serviceaccount") signed by one of keys. */
export function legacyServiceAccountAuthenticator(options: {
  keys: readonly RsaPublicKey[];
  apiAudiences: readonly string[];
  getter: ServiceAccountTokenGetter;
  /** lookup is --service-account-lookup (default true): check the Secret and ServiceAccount still exist. */
  lookup?: boolean;
}): JwtTokenAuthenticator {
  return new JwtTokenAuthenticator({
    issuers: [LEGACY_ISSUER],
    keys: options.keys,
    implicitAudiences: options.apiAudiences,
    validator: legacyTokenValidator(options.getter, options.lookup ?? true),
  });
}

/** boundServiceAccountAuthenticator accepts TokenRequest tokens whose "iss" is one of issuers (--service-account-issuer, repeatable). */
export function boundServiceAccountAuthenticator(options: {
  issuers: readonly string[];
  keys: readonly RsaPublicKey[];
  apiAudiences: readonly string[];
  getter: ServiceAccountTokenGetter;
  clock: Clock;
}): JwtTokenAuthenticator {
  return new JwtTokenAuthenticator({
    issuers: options.issuers,
    keys: options.keys,
    implicitAudiences: options.apiAudiences,
    validator: boundTokenValidator(options.getter, options.clock),
  });
}
