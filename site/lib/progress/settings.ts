/**
 * settings: the class remote the learner entered, kept in this browser only
 * (localStorage): the URL and user name, and the token, which the page sends
 * nowhere but to that remote, as HTTP Basic auth.
 */
import type { KeyValueStorage } from './journal';
import type { Remote } from './push';

export const REMOTE_KEY = 'kube-internals:remote';

/** loadRemote reads the saved remote; fields never saved read as empty strings. */
export function loadRemote(storage: KeyValueStorage): Remote {
  const empty = { url: '', user: '', token: '' };
  try {
    const v = JSON.parse(storage.getItem(REMOTE_KEY) ?? 'null') as Partial<Remote> | null;
    if (!v || typeof v !== 'object') return empty;
    const str = (x: unknown) => (typeof x === 'string' ? x : '');
    return { url: str(v.url), user: str(v.user), token: str(v.token) };
  } catch {
    return empty;
  }
}

/** saveRemote keeps the remote for the next visit. */
export function saveRemote(storage: KeyValueStorage, remote: Remote): void {
  storage.setItem(REMOTE_KEY, JSON.stringify({ url: remote.url.trim(), user: remote.user.trim(), token: remote.token }));
}

/** forgetToken removes the token and keeps the URL and user name. */
export function forgetToken(storage: KeyValueStorage): void {
  const r = loadRemote(storage);
  saveRemote(storage, { ...r, token: '' });
}
