/**
 * Bootstrap tokens (plugin/pkg/auth/authenticator/token/bootstrap): a token
 * "<id>.<secret>" names the Secret kube-system/bootstrap-token-<id>; the user
 * is system:bootstrap:<id> in system:bootstrappers plus the Secret's extra
 * groups. Every way a matching Secret can be unfit (wrong type, wrong secret,
 * expired, not for authentication) is "no opinion", as upstream, so the
 * request ends as "invalid bearer token"; the reason is only logged (onReject).
 */
import type { Secret } from 'kubernetes-types/core/v1';
import type { Clock } from '../../time';
import { parseRfc3339 } from '../../time';
import type { Authenticator, AuthResult, Credentials } from '../types';
import { base64Decode, utf8Decode } from './bytes';
import type { Lookup, LookupResult } from './lookup';
import { NONE, once, type TokenAuthenticator, type TokenResult } from './token';

/** Names from k8s.io/cluster-bootstrap/token/api. */
export const BOOTSTRAP_TOKEN_SECRET_PREFIX = 'bootstrap-token-';
export const BOOTSTRAP_TOKEN_NAMESPACE = 'kube-system';
export const SECRET_TYPE_BOOTSTRAP_TOKEN = 'bootstrap.kubernetes.io/token';
export const BOOTSTRAP_TOKEN_ID_KEY = 'token-id';
export const BOOTSTRAP_TOKEN_SECRET_KEY = 'token-secret';
export const BOOTSTRAP_TOKEN_EXPIRATION_KEY = 'expiration';
export const BOOTSTRAP_TOKEN_USAGE_AUTHENTICATION = 'usage-bootstrap-authentication';
export const BOOTSTRAP_TOKEN_EXTRA_GROUPS_KEY = 'auth-extra-groups';
export const BOOTSTRAP_USER_PREFIX = 'system:bootstrap:';
export const BOOTSTRAP_DEFAULT_GROUP = 'system:bootstrappers';
export const BOOTSTRAP_GROUP_PATTERN = '\\Asystem:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]\\z';

const TOKEN_PATTERN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const GROUP_PATTERN = /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/;

/** parseBootstrapToken splits "<id>.<secret>" (6 and 16 of [a-z0-9]); undefined for anything else. */
export function parseBootstrapToken(token: string): { id: string; secret: string } | undefined {
  const m = TOKEN_PATTERN.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

/** secretData reads one key of a Secret's data (base64 in JSON) as text; "" when absent or not base64. */
export function secretData(secret: Secret, key: string): string {
  const encoded = secret.data?.[key];
  if (encoded === undefined) return '';
  const bytes = base64Decode(encoded);
  return bytes ? utf8Decode(bytes) : '';
}

/**
 * bootstrapGroups is GetGroups: system:bootstrappers plus auth-extra-groups
 * (comma-separated, each matching BOOTSTRAP_GROUP_PATTERN), sorted and
 * without repeats; or the validation error for the first bad group.
 */
export function bootstrapGroups(secret: Secret): string[] | { error: string } {
  const groups = new Set([BOOTSTRAP_DEFAULT_GROUP]);
  const extra = secretData(secret, BOOTSTRAP_TOKEN_EXTRA_GROUPS_KEY);
  if (extra !== '') {
    for (const group of extra.split(',')) {
      if (!GROUP_PATTERN.test(group)) return { error: `bootstrap group "${group}" is invalid (must match ${BOOTSTRAP_GROUP_PATTERN})` };
      groups.add(group);
    }
  }
  return [...groups].sort();
}

/**
 * isExpired is HasExpired: a Secret without an expiration never expires; one
 * that cannot be parsed as RFC 3339 counts as expired; otherwise it is
 * expired once now reaches the expiration.
 */
export function isExpired(secret: Secret, nowMs: number): boolean {
  const expiration = secretData(secret, BOOTSTRAP_TOKEN_EXPIRATION_KEY);
  if (expiration === '') return false;
  const at = parseRfc3339(expiration);
  return Number.isNaN(at) || at - nowMs <= 0;
}

/**
 * BootstrapTokenAuthenticator authenticates bootstrap tokens against Secrets
 * in kube-system. The secret part is compared with ===, not in constant time
 * as upstream does: a simulation has no timing side channel.
 */
export class BootstrapTokenAuthenticator implements TokenAuthenticator, Authenticator {
  constructor(
    private readonly options: {
      /** getSecret looks up Secrets (it is only asked for kube-system/bootstrap-token-*). */
      getSecret: Lookup<Secret>;
      clock: Clock;
      /** onReject receives the reasons upstream logs at V(3) when a matching Secret is unfit. */
      onReject?: (message: string) => void;
    },
  ) {}

  authenticateToken(token: string, _audiences: readonly string[] | undefined, done: (result: TokenResult) => void): void {
    const parsed = parseBootstrapToken(token);
    if (!parsed) return done(NONE);
    const name = BOOTSTRAP_TOKEN_SECRET_PREFIX + parsed.id;
    this.options.getSecret(BOOTSTRAP_TOKEN_NAMESPACE, name, once('lookup secrets', (r: LookupResult<Secret>) => {
      if ('notFound' in r) {
        this.reject(`No secret of name ${name} to match bootstrap bearer token`);
        return done(NONE);
      }
      if ('error' in r) return done(r);
      done(this.check(r.object, parsed));
    }));
  }

  authenticate(credentials: Credentials, done: (result: AuthResult) => void): void {
    const token = credentials.bearerToken;
    if (token === undefined || token === '') return done(NONE);
    this.authenticateToken(token, undefined, (r) => done(r));
  }

  private check(secret: Secret, token: { id: string; secret: string }): TokenResult {
    const unfit = (why: string): TokenResult => {
      this.reject(`Bootstrap secret ${secret.metadata?.namespace ?? ''}/${secret.metadata?.name ?? ''} matching bearer token ${why}`);
      return NONE;
    };
    if (secret.metadata?.deletionTimestamp !== undefined) return unfit('is deleted and awaiting removal');
    if (secret.type !== SECRET_TYPE_BOOTSTRAP_TOKEN || secret.data === undefined) {
      return unfit(`has invalid type, expected ${SECRET_TYPE_BOOTSTRAP_TOKEN}.`);
    }
    if (secretData(secret, BOOTSTRAP_TOKEN_SECRET_KEY) !== token.secret) {
      return unfit(`has invalid value for key ${BOOTSTRAP_TOKEN_SECRET_KEY}, expected ${token.secret}.`);
    }
    const id = secretData(secret, BOOTSTRAP_TOKEN_ID_KEY);
    if (id !== token.id) return unfit(`has invalid value for key ${BOOTSTRAP_TOKEN_ID_KEY}, expected ${token.id}.`);
    if (isExpired(secret, this.options.clock())) {
      this.reject(`Expired bootstrap token in ${secret.metadata?.namespace ?? ''}/${secret.metadata?.name ?? ''} Secret`);
      return NONE;
    }
    if (secretData(secret, BOOTSTRAP_TOKEN_USAGE_AUTHENTICATION) !== 'true') {
      return unfit(`not marked ${BOOTSTRAP_TOKEN_USAGE_AUTHENTICATION}=true.`);
    }
    const groups = bootstrapGroups(secret);
    if (!Array.isArray(groups)) return unfit(`has invalid value for key ${BOOTSTRAP_TOKEN_EXTRA_GROUPS_KEY}: ${groups.error}.`);
    return { user: { username: BOOTSTRAP_USER_PREFIX + id, groups } };
  }

  private reject(message: string): void {
    this.options.onReject?.(message);
  }
}
