/**
 * repo: the learner's git repository, as the site writes and reads it
 * (isomorphic-git, over lightning-fs in the browser and Node's fs in tests).
 * One branch, main. Commits are built from given texts (see tree.ts): the
 * working tree is only the editor's autosave, and no index is kept.
 */
import { git, type ReadCommitResult } from './git';
import type { LogEntry } from './history';
import { checkPath, writeNestedTree, type FileEntry } from './tree';

export const BRANCH = 'main';
export const BRANCH_REF = `refs/heads/${BRANCH}`;

/** GitIdentity is a commit's author and committer. */
export interface GitIdentity {
  name: string;
  email: string;
}

/** DEFAULT_AUTHOR signs the site's commits; the class's roster names learners by their repository, not by this. */
export const DEFAULT_AUTHOR: GitIdentity = Object.freeze({ name: 'kube-internals learner', email: 'learner@kube-internals.invalid' });

/** FsClient is any file system isomorphic-git accepts. */
export type FsClient = Parameters<typeof git.init>[0]['fs'];

export interface RepoOptions {
  fs: FsClient;
  /** dir is the working tree; the git directory is `${dir}/.git`. */
  dir: string;
  author?: GitIdentity;
  /** now is the clock for commit times, in ms since the epoch. */
  now?: () => number;
  /** timezoneOffsetMin is JavaScript's getTimezoneOffset() for the commit times. */
  timezoneOffsetMin?: () => number;
  /**
   * exclusive runs `fn` while no other page writes the repository (the page
   * passes a Web Lock; a branch update read-then-written by two tabs at
   * once would drop one commit). Defaults to running `fn` directly.
   */
  exclusive?: <T>(fn: () => Promise<T>) => Promise<T>;
  /**
   * durable makes the writes so far survive the page closing (lightning-fs
   * saves its directory tree lazily). A commit's objects are made durable
   * before the branch names it, so a branch never names a missing object.
   */
  durable?: () => Promise<unknown>;
}

/** CommitOutcome is the branch's commit after commitFiles, and whether it is new. */
export interface CommitOutcome {
  oid: string;
  created: boolean;
}

const utf8 = new TextEncoder();

/**
 * LearnerRepo is the repository. Its writes run one at a time (and, with
 * `exclusive`, one at a time across tabs).
 */
export class LearnerRepo {
  readonly fs: FsClient;
  readonly dir: string;
  private readonly author: GitIdentity;
  private readonly now: () => number;
  private readonly tz: () => number;
  private readonly exclusive: <T>(fn: () => Promise<T>) => Promise<T>;
  private readonly durable: () => Promise<unknown>;
  private queue: Promise<unknown> = Promise.resolve();
  private ready: Promise<unknown> | undefined;

  constructor(o: RepoOptions) {
    this.fs = o.fs;
    this.dir = o.dir;
    this.author = o.author ?? DEFAULT_AUTHOR;
    this.now = o.now ?? (() => Date.now());
    this.tz = o.timezoneOffsetMin ?? (() => new Date().getTimezoneOffset());
    this.exclusive = o.exclusive ?? ((fn) => fn());
    this.durable = o.durable ?? (() => Promise.resolve());
  }

  /** init creates the repository (branch main) if it does not exist yet; it is safe to call again. */
  init(): Promise<unknown> {
    this.ready ??= git
      .init({ fs: this.fs, dir: this.dir, defaultBranch: BRANCH })
      .then(() => this.durable())
      .catch((e: unknown) => {
        // A storage failure now must not fail every later call: the next one tries again.
        this.ready = undefined;
        throw e;
      });
    return this.ready;
  }

  /** head is the branch's commit, or undefined before the first commit. */
  async head(): Promise<string | undefined> {
    await this.init();
    try {
      return await git.resolveRef({ fs: this.fs, dir: this.dir, ref: BRANCH_REF });
    } catch (e) {
      if ((e as { code?: string }).code === 'NotFoundError') return undefined;
      throw e;
    }
  }

  /** files lists every file of a commit's tree (repository path → blob). */
  async files(commit: string): Promise<Map<string, FileEntry>> {
    const out = new Map<string, FileEntry>();
    const walk = async (tree: string, prefix: string): Promise<void> => {
      const { tree: entries } = await git.readTree({ fs: this.fs, dir: this.dir, oid: tree });
      for (const e of entries) {
        if (e.type === 'tree') await walk(e.oid, `${prefix}${e.path}/`);
        else if (e.type === 'blob') out.set(`${prefix}${e.path}`, { mode: e.mode, oid: e.oid });
      }
    };
    const { commit: c } = await git.readCommit({ fs: this.fs, dir: this.dir, oid: commit });
    await walk(c.tree, '');
    return out;
  }

  /** readBytes is a file's content at a commit, or undefined when the commit has no such file. */
  async readBytes(commit: string, path: string): Promise<Uint8Array | undefined> {
    try {
      return (await git.readBlob({ fs: this.fs, dir: this.dir, oid: commit, filepath: path })).blob;
    } catch (e) {
      if ((e as { code?: string }).code === 'NotFoundError') return undefined;
      throw e;
    }
  }

  /** readFile is a file's text (UTF-8) at a commit, or undefined when the commit has no such file. */
  async readFile(commit: string, path: string): Promise<string | undefined> {
    const bytes = await this.readBytes(commit, path);
    return bytes && new TextDecoder().decode(bytes);
  }

  /**
   * commitFiles commits the branch's tree with `files` (repository path →
   * text) written over it. When the tree would not change and
   * `unlessUnchanged` is set, no commit is made and the branch's commit is
   * returned with created = false.
   */
  commitFiles(files: Readonly<Record<string, string>>, message: string, { unlessUnchanged = false } = {}): Promise<CommitOutcome> {
    for (const path of Object.keys(files)) checkPath(path);
    return this.serial(async () => {
      const parent = await this.head();
      const tree = parent ? await this.files(parent) : new Map<string, FileEntry>();
      for (const [path, text] of Object.entries(files)) {
        const oid = await git.writeBlob({ fs: this.fs, dir: this.dir, blob: utf8.encode(text) });
        tree.set(path, { mode: '100644', oid });
      }
      const treeOid = await writeNestedTree(tree, (items) => git.writeTree({ fs: this.fs, dir: this.dir, tree: items }));
      if (parent && unlessUnchanged) {
        const { commit } = await git.readCommit({ fs: this.fs, dir: this.dir, oid: parent });
        if (commit.tree === treeOid) return { oid: parent, created: false };
      }
      const stamp = { ...this.author, timestamp: Math.floor(this.now() / 1000), timezoneOffset: this.tz() };
      const oid = await git.writeCommit({
        fs: this.fs,
        dir: this.dir,
        commit: { message, tree: treeOid, parent: parent ? [parent] : [], author: stamp, committer: stamp },
      });
      await this.durable();
      await git.writeRef({ fs: this.fs, dir: this.dir, ref: BRANCH_REF, value: oid, force: true });
      await this.durable();
      return { oid, created: true };
    });
  }

  /** log is the branch's history, newest first (empty before the first commit). */
  async log(): Promise<LogEntry[]> {
    if (!(await this.head())) return [];
    const commits: ReadCommitResult[] = await git.log({ fs: this.fs, dir: this.dir, ref: BRANCH_REF });
    return commits.map((c) => ({ oid: c.oid, message: c.commit.message, timestampS: c.commit.committer.timestamp }));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.exclusive(fn));
    this.queue = run.catch(() => {});
    return run;
  }
}
