import fs from 'node:fs';
import { join, resolve } from 'node:path';
import git from 'isomorphic-git';
import type { LabInfo } from '../../../graders/core/lab';
import type { ClassLearner } from './class-list';
import { readLabs, RefusedError, type LabSnapshot } from './git-read';
import { cappedHttp, FetchError, FetchLimitError } from './http';
import { PackLimitError, type PackLimits } from './pack-scan';

/** FetchOptions say where and how to fetch a learner's repository. */
export interface FetchOptions {
  /** classDir is class.json's folder: relative local paths are relative to it. */
  classDir: string;
  /** scratch is a fresh folder this fetch may use and that the caller removes. */
  scratch: string;
  /** token, when set, answers an HTTP server's request for authentication (Basic, user "roster"). */
  token?: string;
  maxRepoBytes: number;
  /** requestTimeoutMs bounds one HTTP request. */
  requestTimeoutMs: number;
}

/** FetchedLearner is a learner's repository read at its branch tip, or why it could not be. */
export type FetchedLearner =
  | { ok: true; branch: string; commit: string; labs: Record<string, LabSnapshot> }
  | { ok: false; status: 'error' | 'refused'; reason: string; branch: string | null; commit: string | null };

/** packLimits bound what a fetched pack may unpack to, for a download limit of maxRepoBytes. */
export function packLimits(maxRepoBytes: number): PackLimits {
  return { maxObjectBytes: 32 * 1024 * 1024, maxTotalBytes: Math.max(512 * 1024 * 1024, 4 * maxRepoBytes), maxObjects: 1_000_000 };
}

/**
 * fetchLearner reads a learner's repository: an HTTP(S) repository is cloned
 * (history of the one branch, no checkout: no file of it is ever written out
 * as a file) into `scratch` under the download and pack limits; a local one
 * is opened in place, read-only. Then readLabs reads the labs from git
 * objects. It never throws: every failure is a reason.
 */
export async function fetchLearner(learner: ClassLearner, labs: readonly LabInfo[], options: FetchOptions): Promise<FetchedLearner> {
  let branch: string | null = learner.branch ?? null;
  let commit: string | null = null;
  try {
    const cache = {};
    let gitdir: string;
    if (learner.source.kind === 'http') {
      gitdir = options.scratch;
      const url = learner.source.url;
      await git.clone({
        fs,
        http: cappedHttp({ maxBytes: options.maxRepoBytes, timeoutMs: options.requestTimeoutMs, pack: packLimits(options.maxRepoBytes) }),
        dir: gitdir,
        gitdir,
        url,
        ref: learner.branch,
        singleBranch: true,
        noCheckout: true,
        noTags: true,
        cache,
        onAuth: options.token ? () => ({ username: 'roster', password: options.token }) : undefined,
        onAuthFailure: () => ({ cancel: true }),
      });
      branch ??= (await git.currentBranch({ fs, gitdir })) ?? 'HEAD';
      commit = await git.resolveRef({ fs, gitdir, ref: 'HEAD' });
    } else {
      gitdir = localGitDir(resolve(options.classDir, learner.source.path));
      if (learner.branch) {
        commit = await git.resolveRef({ fs, gitdir, ref: `refs/heads/${learner.branch}` });
      } else {
        branch = (await git.currentBranch({ fs, gitdir })) ?? 'HEAD';
        commit = await git.resolveRef({ fs, gitdir, ref: 'HEAD' });
      }
    }
    const read = await readLabs({ fs, gitdir, cache }, commit, labs);
    return { ok: true, branch: branch ?? 'HEAD', commit, labs: Object.fromEntries(read) };
  } catch (e) {
    const refused = e instanceof RefusedError || e instanceof FetchLimitError || e instanceof PackLimitError;
    return { ok: false, status: refused ? 'refused' : 'error', reason: describeFailure(learner, e), branch, commit };
  }
}

/** localGitDir finds the git directory of a local clone or bare repository. */
function localGitDir(path: string): string {
  if (!fs.existsSync(path)) throw new FetchError(`${path} does not exist`);
  const dotGit = join(path, '.git');
  if (fs.existsSync(dotGit)) {
    if (!fs.statSync(dotGit).isDirectory()) throw new FetchError(`${path}/.git is not a folder (a linked worktree or submodule?): give the main clone`);
    return dotGit;
  }
  if (fs.existsSync(join(path, 'HEAD')) && fs.existsSync(join(path, 'objects'))) return path;
  throw new FetchError(`${path} is not a git repository`);
}

/** describeFailure turns what fetching threw into a one-line reason. */
function describeFailure(learner: ClassLearner, e: unknown): string {
  const err = e as Error & { code?: string; data?: { statusCode?: number; what?: string } };
  if (e instanceof RefusedError || e instanceof FetchLimitError || e instanceof PackLimitError || e instanceof FetchError) return err.message;
  const where = learner.source.kind === 'http' ? learner.source.url : learner.repo;
  switch (err.code) {
    case 'NotFoundError':
      if (learner.branch) return `branch "${learner.branch}" does not exist in ${where}`;
      return `${where} has no commits (${err.message})`;
    case 'HttpError': {
      const status = err.data?.statusCode;
      if (status === 401 || status === 403) return `${where} refused access (HTTP ${status}): give the class's token with --token-file or KUBE_INTERNALS_ROSTER_TOKEN`;
      if (status === 404) return `no repository at ${where} (HTTP 404)`;
      return `${where} answered HTTP ${status ?? '?'}`;
    }
    case 'UserCanceledError':
      return `${where} refused the token (HTTP 401)`;
    case 'SmartHttpError':
      return `${where} is not a git smart-HTTP server (${err.message})`;
    default:
      return `cannot read ${where}: ${err.message ?? String(e)}`;
  }
}
