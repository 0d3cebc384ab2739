/**
 * ServiceAccount users and groups (k8s.io/apiserver
 * authentication/serviceaccount/util.go): how a ServiceAccount becomes a
 * UserInfo, and the keys of the extra fields a bound token adds.
 */
import { ALL_SERVICE_ACCOUNTS, SERVICE_ACCOUNT_PREFIX, type UserInfo } from '../../types';

/** SERVICE_ACCOUNT_GROUP_PREFIX prefixes the per-namespace group: system:serviceaccounts:<namespace>. */
export const SERVICE_ACCOUNT_GROUP_PREFIX = 'system:serviceaccounts:';

/** Keys of UserInfo.extra for bound tokens (PodNameKey, PodUIDKey, NodeNameKey, NodeUIDKey, user.CredentialIDKey). */
export const POD_NAME_KEY = 'authentication.kubernetes.io/pod-name';
export const POD_UID_KEY = 'authentication.kubernetes.io/pod-uid';
export const NODE_NAME_KEY = 'authentication.kubernetes.io/node-name';
export const NODE_UID_KEY = 'authentication.kubernetes.io/node-uid';
export const CREDENTIAL_ID_KEY = 'authentication.kubernetes.io/credential-id';

/** makeUsername is system:serviceaccount:<namespace>:<name>. */
export function makeUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;
}

/** makeGroupNames is [system:serviceaccounts, system:serviceaccounts:<namespace>]. */
export function makeGroupNames(namespace: string): string[] {
  return [ALL_SERVICE_ACCOUNTS, SERVICE_ACCOUNT_GROUP_PREFIX + namespace];
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && s.split('.').every((label) => label.length > 0 && DNS1123_LABEL.test(label));
}

/**
 * splitUsername is SplitUsername: the namespace and name of a ServiceAccount
 * username, or undefined when the username is not one (wrong prefix, wrong
 * number of parts, a namespace that is not a DNS-1123 label or a name that is
 * not a DNS-1123 subdomain).
 */
export function splitUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace, name] = parts as [string, string];
  if (!isDns1123Label(namespace) || !isDns1123Subdomain(name)) return undefined;
  return { namespace, name };
}

/** ServiceAccountInfo is what a validated token says about its holder (serviceaccount.ServiceAccountInfo). */
export interface ServiceAccountInfo {
  namespace: string;
  name: string;
  uid: string;
  podName?: string;
  podUID?: string;
  nodeName?: string;
  nodeUID?: string;
  /** credentialID is "JTI=<jti>" for a bound token that carries a jti. */
  credentialID?: string;
}

/**
 * serviceAccountUser is ServiceAccountInfo.UserInfo(): the username and
 * groups of the account, uid, and extra pod-name/pod-uid (only when both are
 * known), credential-id, node-name (node-uid only with a node name).
 */
export function serviceAccountUser(info: ServiceAccountInfo): UserInfo {
  const user: UserInfo = {
    username: makeUsername(info.namespace, info.name),
    uid: info.uid,
    groups: makeGroupNames(info.namespace),
  };
  const extra: Record<string, string[]> = {};
  if (info.podName && info.podUID) {
    extra[POD_NAME_KEY] = [info.podName];
    extra[POD_UID_KEY] = [info.podUID];
  }
  if (info.credentialID) extra[CREDENTIAL_ID_KEY] = [info.credentialID];
  if (info.nodeName) {
    extra[NODE_NAME_KEY] = [info.nodeName];
    if (info.nodeUID) extra[NODE_UID_KEY] = [info.nodeUID];
  }
  if (Object.keys(extra).length > 0) user.extra = extra;
  return user;
}

/** credentialIdForJti is CredentialIDForJTI: "JTI=<jti>", or "" without a jti. */
export function credentialIdForJti(jti: string): string {
  return jti === '' ? '' : `JTI=${jti}`;
}
