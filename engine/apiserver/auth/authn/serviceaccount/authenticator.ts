/**
 * The ServiceAccount token authenticator (pkg/serviceaccount jwt.go): a
 * JWT is considered only if its unverified "iss" is one of ours; then the
 * signature must verify with one of the public keys (--service-account-key-file),
 * the audiences must meet the request's, and a validator (bound or legacy)
 * checks the claims against the live objects.
 */
import { base64UrlDecode, utf8Decode } from '../bytes';
import { parseJsonObject, parseJws, verifyJws } from '../jwt';
import type { RsaPublicKey } from '../rsa';
import { aggregateError, intersectAudiences, NONE, once, type TokenAuthenticator, type TokenResult } from '../token';
import { serviceAccountUser, type ServiceAccountInfo } from './names';
import { goQuote, goQuoteList, readPublicClaims, type PublicClaims } from './claims';

/** ValidatorResult is a validated holder or the reason the token is refused. */
export type ValidatorResult = { info: ServiceAccountInfo } | { error: string };

/**
 * TokenValidator applies the token kind's own rules once signature, issuer
 * and audience are checked (serviceaccount.Validator). `claims` is the whole
 * decoded payload.
 */
export interface TokenValidator {
  validate(token: string, publicClaims: PublicClaims, claims: Record<string, unknown>, done: (result: ValidatorResult) => void): void;
}

/**
 * hasCorrectIssuer peeks at the unverified payload: a compact JWT whose
 * "iss" string is one of issuers. Anything else is someone else's token.
 */
function hasCorrectIssuer(token: string, issuers: readonly string[]): boolean {
  if (token.trim().startsWith('{')) return false;
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const payload = base64UrlDecode(parts[1]!);
  if (!payload) return false;
  const claims = parseJsonObject(utf8Decode(payload));
  if (!claims) return false;
  const iss = claims.iss ?? '';
  return typeof iss === 'string' && issuers.includes(iss);
}

/**
 * JwtTokenAuthenticator is JWTTokenAuthenticator for one validator. Keys are
 * tried in order (key rotation); a token signed by none of them is refused
 * with the aggregate of go-jose's errors. A token without "aud" (a legacy
 * token) counts as one for the API server's own audiences (implicitAudiences).
 */
export class JwtTokenAuthenticator implements TokenAuthenticator {
  constructor(
    private readonly options: {
      issuers: readonly string[];
      keys: readonly RsaPublicKey[];
      /** implicitAudiences are the API server's audiences (--api-audiences, by default the issuer). */
      implicitAudiences: readonly string[];
      validator: TokenValidator;
    },
  ) {}

  authenticateToken(token: string, audiences: readonly string[] | undefined, done: (result: TokenResult) => void): void {
    const { issuers, keys, implicitAudiences, validator } = this.options;
    if (!hasCorrectIssuer(token, issuers)) return done(NONE);
    const jws = parseJws(token);
    if (!jws) return done(NONE);
    const errors: string[] = [];
    let verified = false;
    for (const key of keys) {
      const err = verifyJws(jws, key);
      if (err === undefined) {
        verified = true;
        break;
      }
      errors.push(err);
    }
    // utilerrors.NewAggregate of no errors is nil: with no keys at all the answer is no opinion.
    if (!verified) return done(errors.length > 0 ? { error: aggregateError(errors) } : NONE);

    const claims = parseJsonObject(utf8Decode(jws.payload))!;
    const publicClaims = readPublicClaims(claims);
    if ('error' in publicClaims) return done(publicClaims);
    if (!issuers.includes(publicClaims.iss)) return done({ error: `token issuer ${goQuote(publicClaims.iss)} is invalid` });

    const tokenAudiences = publicClaims.aud.length > 0 ? publicClaims.aud : implicitAudiences;
    const requested = audiences ?? implicitAudiences;
    const auds = intersectAudiences(tokenAudiences, requested);
    if (auds.length === 0 && implicitAudiences.length !== 0) {
      return done({
        error: `token audiences ${goQuoteList(tokenAudiences)} is invalid for the target audiences ${goQuoteList(requested)}`,
      });
    }
    validator.validate(token, publicClaims, claims, once('service account token validator', (r) => {
      if ('error' in r) return done(r);
      done({ user: serviceAccountUser(r.info), audiences: auds });
    }));
  }
}
