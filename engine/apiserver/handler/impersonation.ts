/**
 * Impersonation (k8s.io/apiserver/pkg/endpoints/filters/impersonation.go):
 * the Impersonate-User / -Group / -Uid / -Extra-<key> headers make a request
 * act as another user, if the requester may `impersonate` each of them.
 * `kubectl --as` and `--as-group` send these headers.
 */
import { ALL_AUTHENTICATED, ALL_SERVICE_ACCOUNTS, SERVICE_ACCOUNT_PREFIX, type Attributes, type Authorizer, type UserInfo } from '../auth/types';
import { newBadRequest, newForbiddenFor, type StatusError } from '../errors';

const splitList = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * impersonate returns the user to act as: the requester when no
 * impersonation header is present, the impersonated user when every
 * impersonation is authorized, or the 403 (or 400) to answer with.
 */
export function impersonate(requester: UserInfo, headers: Record<string, string>, authorizer: Authorizer): { user: UserInfo } | { error: StatusError } {
  const username = headers['impersonate-user'];
  const groups = splitList(headers['impersonate-group']);
  const uid = headers['impersonate-uid'];
  const extra: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers))
    if (k.startsWith('impersonate-extra-')) extra[decodeURIComponent(k.slice('impersonate-extra-'.length))] = splitList(v);
  if (username === undefined && groups.length === 0 && uid === undefined && Object.keys(extra).length === 0) return { user: requester };
  if (!username) return { error: newBadRequest('requested impersonation of groups or extra without impersonating a user') };

  const checks: Attributes[] = [];
  const base = { user: requester, verb: 'impersonate', resourceRequest: true, apiVersion: '', subresource: '', path: '' };
  let saNamespace = '';
  if (username.startsWith(SERVICE_ACCOUNT_PREFIX) && username.split(':').length === 4) {
    const [, , ns, name] = username.split(':');
    saNamespace = ns;
    checks.push({ ...base, namespace: ns, apiGroup: '', resource: 'serviceaccounts', name });
  } else {
    checks.push({ ...base, namespace: '', apiGroup: '', resource: 'users', name: username });
  }
  for (const g of groups) checks.push({ ...base, namespace: '', apiGroup: '', resource: 'groups', name: g });
  if (uid !== undefined) checks.push({ ...base, namespace: '', apiGroup: 'authentication.k8s.io', resource: 'uids', name: uid });
  for (const [k, vs] of Object.entries(extra))
    for (const v of vs) checks.push({ ...base, namespace: '', apiGroup: 'authentication.k8s.io', resource: 'userextras', subresource: k, name: v });
  for (const a of checks) {
    const d = authorizer.authorize(a);
    if (d.decision !== 'Allow') return { error: newForbiddenFor(a, d.reason) };
  }
  const user: UserInfo = { username, groups: [...groups] };
  if (saNamespace) {
    for (const g of [ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:${saNamespace}`]) if (!user.groups.includes(g)) user.groups.push(g);
  }
  if (username !== 'system:anonymous' && !user.groups.includes(ALL_AUTHENTICATED)) user.groups.push(ALL_AUTHENTICATED);
  if (uid !== undefined) user.uid = uid;
  if (Object.keys(extra).length) user.extra = extra;
  return { user };
}
