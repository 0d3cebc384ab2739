/**
 * push: submitting the learner's repository to a class remote over HTTP(S)
 * (git's smart HTTP protocol, isomorphic-git), with a token sent as HTTP
 * Basic auth. A push never changes the local repository, so whatever the
 * remote answers, the learner's work stays as it was; failures come back
 * as a plain sentence saying what happened and what to do.
 */
import { git } from './git';
import { BRANCH, type LearnerRepo } from './repo';

/** Remote is where and as whom the learner pushes. */
export interface Remote {
  url: string;
  /** user is the Basic auth user name; most hosts ignore it when the password is a token. */
  user: string;
  token: string;
}

/** HttpClient is isomorphic-git's HTTP client (isomorphic-git/http/web in the page). */
export type HttpClient = Parameters<typeof git.push>[0]['http'];

export type PushFailure = 'nothing' | 'bad-url' | 'auth' | 'forbidden' | 'not-found' | 'network' | 'rejected' | 'other';

export type PushOutcome = { ok: true; oid: string } | { ok: false; failure: PushFailure; message: string };

/** checkRemoteUrl returns why `url` cannot be a class remote, or undefined when it can. */
export function checkRemoteUrl(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `"${url}" is not a URL; the class remote looks like https://git.example.org/you/course.git`;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `the class remote must be an http:// or https:// URL, not ${u.protocol}`;
  if (u.username || u.password) return 'put the token in the Token field, not in the URL';
  return undefined;
}

/** basicAuth is the Authorization header value for a user name and token. */
export function basicAuth(user: string, token: string): string {
  const bytes = new TextEncoder().encode(`${user}:${token}`);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `Basic ${btoa(bin)}`;
}

interface ErrorLike {
  code?: string;
  message?: string;
  data?: { statusCode?: number; reason?: string; prettyDetails?: string };
}

/**
 * explainPushError turns what a push threw into a failure kind and a
 * sentence for the learner. It never throws.
 */
export function explainPushError(e: unknown, url: string): { failure: PushFailure; message: string } {
  const err = (e ?? {}) as ErrorLike;
  const unchanged = 'Your work in this browser is unchanged.';
  if (err.code === 'HttpError') {
    const status = err.data?.statusCode;
    if (status === 401) return { failure: 'auth', message: `The class remote refused the token (HTTP 401 Unauthorized): check the token and try again. ${unchanged}` };
    if (status === 403) return { failure: 'forbidden', message: `The class remote does not let this token push to ${url} (HTTP 403 Forbidden): ask your instructor for access. ${unchanged}` };
    if (status === 404) return { failure: 'not-found', message: `There is no repository at ${url} (HTTP 404 Not Found): check the URL. ${unchanged}` };
    return { failure: 'other', message: `The class remote answered HTTP ${status ?? '?'}: ${err.message ?? 'an error'}. ${unchanged}` };
  }
  if (err.code === 'PushRejectedError' || err.code === 'GitPushError') {
    const why =
      err.data?.reason === 'not-fast-forward'
        ? `its ${BRANCH} branch has commits this browser does not have, and pushing would discard them (not a fast-forward)`
        : (err.data?.prettyDetails?.trim() ?? err.message ?? 'no reason given');
    return { failure: 'rejected', message: `The class remote rejected the push: ${why}. Nothing was overwritten; ask your instructor, or push to an empty repository. ${unchanged}` };
  }
  if (err.code === 'SmartHttpError') {
    return { failure: 'not-found', message: `${url} does not answer as a git repository (it may be a web page): check the URL. ${unchanged}` };
  }
  if (e instanceof TypeError || err.code === 'ECONNREFUSED') {
    return {
      failure: 'network',
      message: `Could not reach ${url}: you may be offline, the URL may be wrong, or the server does not accept requests from this site (CORS). ${unchanged}`,
    };
  }
  return { failure: 'other', message: `The push failed: ${err.message ?? String(e)}. ${unchanged}` };
}

/**
 * pushBranch pushes the branch to the remote's branch of the same name
 * (never forced). It resolves with an outcome; it does not throw.
 */
export async function pushBranch(repo: LearnerRepo, http: HttpClient, remote: Remote): Promise<PushOutcome> {
  const bad = checkRemoteUrl(remote.url);
  if (bad) return { ok: false, failure: 'bad-url', message: bad };
  const head = await repo.head();
  if (!head) return { ok: false, failure: 'nothing', message: 'Nothing to push yet: your repository has no commit. Grade a lab first.' };
  try {
    await git.push({
      fs: repo.fs,
      http,
      dir: repo.dir,
      url: remote.url,
      ref: BRANCH,
      remoteRef: BRANCH,
      headers: remote.token ? { Authorization: basicAuth(remote.user || 'learner', remote.token) } : {},
    });
    return { ok: true, oid: head };
  } catch (e) {
    return { ok: false, ...explainPushError(e, remote.url) };
  }
}
