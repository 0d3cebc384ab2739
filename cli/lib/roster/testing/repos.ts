/**
 * Learner repositories for the roster's tests and benchmark, made with git's
 * own command line: ordinary histories of commits (files, symbolic links,
 * bytes that are not UTF-8), and hand-made trees that git's porcelain would
 * never write (unsafe names, an entry listed twice). Only for repositories
 * on disk: never call a git server running in this process from here
 * (execFileSync would block the server's event loop).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** FileSpec is a file's content: text, bytes, a symbolic link, or null to delete it. */
export type FileSpec = string | Uint8Array | { symlink: string } | null;

/** CommitSpec is one commit: the files it writes or deletes (repository paths), at a time (Unix seconds). */
export interface CommitSpec {
  message: string;
  time: number;
  files: Record<string, FileSpec>;
}

const IDENTITY = ['-c', 'user.name=Learner', '-c', 'user.email=learner@example.com', '-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false'];

function run(dir: string, args: string[], input?: string | Uint8Array, env: Record<string, string> = {}): string {
  return execFileSync('git', ['-C', dir, ...IDENTITY, ...args], { input, env: { PATH: process.env.PATH ?? '', HOME: dir, ...env }, maxBuffer: 256 * 1024 * 1024 })
    .toString()
    .trim();
}

/**
 * makeRepo creates a repository with a working tree at `dir` on `branch`
 * and commits `commits` in order; it returns the tip's oid.
 */
export function makeRepo(dir: string, commits: readonly CommitSpec[], branch = 'main'): string {
  mkdirSync(dir, { recursive: true });
  run(dir, ['init', '--quiet', `--initial-branch=${branch}`]);
  for (const c of commits) commit(dir, c);
  return run(dir, ['rev-parse', 'HEAD']);
}

/** commit writes a commit's files into the working tree and commits them all. */
export function commit(dir: string, c: CommitSpec): string {
  for (const [path, spec] of Object.entries(c.files)) {
    const abs = join(dir, path);
    rmSync(abs, { force: true, recursive: true });
    if (spec === null) continue;
    mkdirSync(dirname(abs), { recursive: true });
    if (typeof spec === 'object' && 'symlink' in spec) symlinkSync(spec.symlink, abs);
    else writeFileSync(abs, spec);
  }
  const date = `@${c.time} +0000`;
  run(dir, ['add', '--all']);
  run(dir, ['commit', '--quiet', '--allow-empty', '-m', c.message], undefined, { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  return run(dir, ['rev-parse', 'HEAD']);
}

/** publish copies a repository into `bareDir` as a bare repository (what a git server serves). */
export function publish(repoDir: string, bareDir: string): void {
  rmSync(bareDir, { recursive: true, force: true });
  execFileSync('git', ['clone', '--quiet', '--bare', '--no-local', repoDir, bareDir], { env: { PATH: process.env.PATH ?? '' } });
}

/** TreeEntry is one entry of a hand-made tree. */
export interface TreeEntry {
  mode: '100644' | '100755' | '120000' | '40000' | '160000';
  name: string;
  oid: string;
}

/** writeBlob stores bytes as a blob in the repository at `dir` and returns its oid. */
export function writeBlob(dir: string, content: string | Uint8Array): string {
  return run(dir, ['hash-object', '-w', '--stdin'], content);
}

/**
 * writeRawTree stores a tree exactly as given (any names, duplicates
 * included: git hash-object --literally does not check them) and returns
 * its oid.
 */
export function writeRawTree(dir: string, entries: readonly TreeEntry[]): string {
  const parts = entries.map((e) => Buffer.concat([Buffer.from(`${e.mode} ${e.name}\0`, 'utf8'), Buffer.from(e.oid, 'hex')]));
  return run(dir, ['hash-object', '-t', 'tree', '--literally', '-w', '--stdin'], Buffer.concat(parts));
}

/** treeOf returns the oid of the tree at `path` ("" for the root) of a commit. */
export function treeOf(dir: string, rev: string, path = ''): string {
  return run(dir, ['rev-parse', path ? `${rev}:${path}` : `${rev}^{tree}`]);
}

/** lsTree lists a tree's entries. */
export function lsTree(dir: string, tree: string): TreeEntry[] {
  const out = run(dir, ['ls-tree', tree]);
  if (!out) return [];
  return out.split('\n').map((line) => {
    const [meta, name] = line.split('\t');
    const [mode, , oid] = meta.split(' ');
    return { mode: mode.replace(/^040000$/, '40000') as TreeEntry['mode'], name, oid };
  });
}

/** commitTree makes a commit of `tree` on top of `parent` and moves `branch` to it; it returns the commit's oid. */
export function commitTree(dir: string, tree: string, parent: string | undefined, message: string, time: number, branch = 'main'): string {
  const date = `@${time} +0000`;
  const oid = run(dir, ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message], undefined, { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  run(dir, ['update-ref', `refs/heads/${branch}`, oid]);
  return oid;
}

/**
 * replaceInTree returns a copy of `tree` in which the entries at `path`
 * (a folder path, "" for this tree) are replaced by `entries`, rebuilding
 * the trees above it.
 */
export function replaceInTree(dir: string, tree: string, path: string, entries: readonly TreeEntry[]): string {
  if (path === '') return writeRawTree(dir, entries);
  const [head, ...rest] = path.split('/');
  const here = lsTree(dir, tree);
  const child = here.find((e) => e.name === head);
  if (!child) throw new Error(`no ${head} in tree ${tree}`);
  const replaced = replaceInTree(dir, child.oid, rest.join('/'), entries);
  return writeRawTree(
    dir,
    here.map((e) => (e.name === head ? { ...e, oid: replaced } : e)),
  );
}
