/**
 * git-read: what the roster takes from a learner's repository, read from git
 * objects at the branch tip and never from a working tree, so that what is
 * graded is exactly what was committed, and nothing in the repository can
 * point the roster elsewhere: a symbolic link is refused, not followed; a
 * tree entry with an unsafe name ("..", "a/b", ".git") is refused, not
 * resolved; a file over the size limit or not UTF-8 is refused, not read.
 * Each refusal is a one-line reason for that lab (or, at the top of the
 * tree, for the learner); the roster carries on.
 *
 * Uses isomorphic-git's object reads only; `fs` is whatever file system
 * holds the git directory (no Node APIs here).
 */
import git from 'isomorphic-git';
import type { LabInfo } from '../../../graders/core/lab';
import { labFilePath } from '../../../graders/core/modules';
import { recordPath } from '../../../graders/core/record';

/** GitDir is a git directory on some file system, with isomorphic-git's object cache. */
export interface GitDir {
  fs: Parameters<typeof git.readBlob>[0]['fs'];
  gitdir: string;
  cache: object;
}

/** MAX_FILE_BYTES is the largest lab file (or record) the roster reads: far above any real solution. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** MAX_HISTORY_COMMITS bounds the history walked for attempts and last activity. */
export const MAX_HISTORY_COMMITS = 5000;

/** LabFiles is a lab's files at the tip, or why they cannot be graded. */
export type LabFiles =
  | { status: 'ok'; sources: { path: string; text: string }[] }
  | { status: 'missing' | 'refused'; reason: string };

/** LabSnapshot is everything the roster needs of one lab of one repository. */
export interface LabSnapshot {
  files: LabFiles;
  /** record is labs/<lab>/report.json's text, why it cannot be read, or null when there is none. */
  record: { text: string } | { error: string } | null;
  attempts: number;
  lastActivity: string | null;
}

/** RefusedError is a repository-wide refusal (the top of the tree cannot be read safely). */
export class RefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedError';
  }
}

/**
 * Lookup is the result of finding one path in a tree: the entry, nothing
 * there, or a refusal (with its reason).
 */
type Lookup = { kind: 'entry'; mode: string; oid: string } | { kind: 'none'; where: string } | { kind: 'refused'; reason: string };

/**
 * readLabs reads each lab at commit `tip`: its files, its record, and its
 * history. It throws RefusedError when the repository's top (the root tree
 * or labs/) is unsafe, and lets other errors (a corrupt repository) through.
 */
export async function readLabs(dir: GitDir, tip: string, labs: readonly LabInfo[]): Promise<Map<string, LabSnapshot>> {
  const { commit } = await git.readCommit({ ...dir, oid: tip });
  const rootTree = commit.tree;
  const labsDir = await lookup(dir, rootTree, ['labs']);
  if (labsDir.kind === 'refused') throw new RefusedError(labsDir.reason);
  if (labsDir.kind === 'entry' && labsDir.mode !== '040000') throw new RefusedError(`labs ${describeMode(labsDir.mode, 'a folder')}`);
  const history = await labHistory(dir, tip, labs);
  const out = new Map<string, LabSnapshot>();
  for (const info of labs) {
    const { attempts, lastActivity } = history.get(info.id)!;
    if (labsDir.kind === 'none') {
      out.set(info.id, { files: { status: 'missing', reason: 'the repository has no labs/ folder' }, record: null, attempts, lastActivity });
      continue;
    }
    out.set(info.id, { ...(await readLab(dir, labsDir.oid, info)), attempts, lastActivity });
  }
  return out;
}

async function readLab(dir: GitDir, labsTree: string, info: LabInfo): Promise<Pick<LabSnapshot, 'files' | 'record'>> {
  const folder = `labs/${info.id}/`;
  const labDir = await lookup(dir, labsTree, [info.id], 'labs/');
  if (labDir.kind === 'none') return { files: { status: 'missing', reason: `the repository has no ${folder} folder` }, record: null };
  if (labDir.kind === 'refused') return { files: { status: 'refused', reason: labDir.reason }, record: null };
  if (labDir.mode !== '040000') return { files: { status: 'refused', reason: `labs/${info.id} ${describeMode(labDir.mode, 'a folder')}` }, record: null };
  const sources: { path: string; text: string }[] = [];
  let files: LabFiles | undefined;
  for (const file of info.files) {
    const path = labFilePath(info, file);
    const read = await readText(dir, labDir.oid, file, folder);
    if ('text' in read) sources.push({ path, text: read.text });
    else {
      files = read.missing ? { status: 'missing', reason: `the repository has no ${path}` } : { status: 'refused', reason: read.reason };
      break;
    }
  }
  const rec = await readText(dir, labDir.oid, 'report.json', folder);
  const record = 'text' in rec ? { text: rec.text } : rec.missing ? null : { error: rec.reason };
  return { files: files ?? { status: 'ok', sources }, record };
}

/** readText reads a regular file of a tree as UTF-8 text, within MAX_FILE_BYTES. */
async function readText(dir: GitDir, tree: string, name: string, prefix: string): Promise<{ text: string } | { missing: true } | { missing: false; reason: string }> {
  const path = prefix + name;
  const found = await lookup(dir, tree, [name], prefix);
  if (found.kind === 'none') return { missing: true };
  if (found.kind === 'refused') return { missing: false, reason: found.reason };
  if (found.mode !== '100644' && found.mode !== '100755') return { missing: false, reason: `${path} ${describeMode(found.mode, 'a regular file')}` };
  const { blob } = await git.readBlob({ ...dir, oid: found.oid });
  if (blob.byteLength > MAX_FILE_BYTES) {
    return { missing: false, reason: `${path} is ${formatBytes(blob.byteLength)}, over the ${formatBytes(MAX_FILE_BYTES)} limit of a lab file` };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(blob) };
  } catch {
    return { missing: false, reason: `${path} is not UTF-8 text (${firstBadByte(blob)}): save it as UTF-8` };
  }
}

/**
 * lookup finds `names` (a path, one name per level) under `tree`. Trees are
 * parsed by isomorphic-git, which refuses unsafe entry names; a name listed
 * twice (git fsck's duplicateEntries) is refused here. Anything but a folder
 * on the way is "none" (for a plain file) or refused (a link, a submodule).
 */
async function lookup(dir: GitDir, tree: string, names: readonly string[], prefix = ''): Promise<Lookup> {
  let oid = tree;
  let mode = '040000';
  let at = prefix;
  for (const [i, name] of names.entries()) {
    if (i > 0 && mode !== '040000') return { kind: 'refused', reason: `${at.replace(/\/$/, '')} ${describeMode(mode, 'a folder')}` };
    let entries: Awaited<ReturnType<typeof git.readTree>>['tree'];
    try {
      entries = (await git.readTree({ ...dir, oid })).tree;
    } catch (e) {
      const err = e as Error & { code?: string; data?: { filepath?: string } };
      const where = at === '' ? 'the top folder' : at.replace(/\/$/, '');
      if (err.code === 'UnsafeFilepathError') {
        return { kind: 'refused', reason: `${where} holds an entry named ${JSON.stringify(err.data?.filepath ?? '?')}, a name git refuses (it could reach outside the repository)` };
      }
      throw e;
    }
    const matches = entries.filter((e) => e.path === name);
    if (matches.length > 1) return { kind: 'refused', reason: `${at}${name} is listed ${matches.length} times in its folder (a hand-made tree)` };
    if (matches.length === 0) return { kind: 'none', where: at + name };
    oid = matches[0].oid;
    mode = matches[0].mode;
    at = `${at}${name}/`;
  }
  return { kind: 'entry', mode, oid };
}

function describeMode(mode: string, wanted: string): string {
  switch (mode) {
    case '120000':
      return `is a symbolic link, not ${wanted}: the roster does not follow links`;
    case '160000':
      return `is a submodule, not ${wanted}: the roster reads only this repository`;
    case '040000':
      return `is a folder, not ${wanted}`;
    default:
      return `is a file, not ${wanted}`;
  }
}

/**
 * labHistory walks the newest MAX_HISTORY_COMMITS commits from `tip` and
 * counts, per lab, the attempts and the last activity (see LabEntry in
 * schema.ts for the rules). A tree it cannot read counts as "no such path".
 */
async function labHistory(dir: GitDir, tip: string, labs: readonly LabInfo[]): Promise<Map<string, { attempts: number; lastActivity: string | null }>> {
  const commits = await git.log({ ...dir, ref: tip, depth: MAX_HISTORY_COMMITS });
  const treeOf = new Map(commits.map((c) => [c.oid, c.commit.tree]));
  const parentTree = async (oid: string) => {
    let t = treeOf.get(oid);
    if (t === undefined) {
      t = (await git.readCommit({ ...dir, oid })).commit.tree;
      treeOf.set(oid, t);
    }
    return t;
  };
  const at = new Map<string, string | undefined>();
  const oidAt = async (tree: string, names: string[]) => {
    const key = `${tree}:${names.join('/')}`;
    if (!at.has(key)) {
      let found: string | undefined;
      try {
        const l = await lookup(dir, tree, names);
        found = l.kind === 'entry' ? `${l.mode}:${l.oid}` : undefined;
      } catch {
        found = undefined;
      }
      at.set(key, found);
    }
    return at.get(key);
  };
  const out = new Map<string, { attempts: number; lastActivity: string | null }>();
  for (const info of labs) {
    let attempts = 0;
    let last: number | undefined;
    const record = ['labs', info.id, 'report.json'];
    const folder = ['labs', info.id];
    for (const c of commits) {
      const parents = await Promise.all(c.commit.parent.map(parentTree));
      const changed = async (path: string[]) => {
        const here = await oidAt(c.commit.tree, path);
        for (const p of parents) if ((await oidAt(p, path)) === here) return { here, changed: false };
        return { here, changed: parents.length > 0 || here !== undefined };
      };
      const rec = await changed(record);
      if (rec.changed && rec.here !== undefined) attempts++;
      if ((await changed(folder)).changed) {
        const t = c.commit.committer.timestamp;
        if (Number.isFinite(t) && Math.abs(t) < 8.64e12 && (last === undefined || t > last)) last = t;
      }
    }
    out.set(info.id, { attempts, lastActivity: last === undefined ? null : new Date(last * 1000).toISOString() });
  }
  return out;
}

/** formatBytes renders a size for a reason: "2.0 MiB", "512 KiB", "12 bytes". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${n} bytes`;
}

/** firstBadByte locates the first byte that breaks UTF-8 (RFC 3629), for the reason. */
function firstBadByte(b: Uint8Array): string {
  let i = 0;
  const bad = () => `byte 0x${b[i].toString(16).padStart(2, '0')} at offset ${i}`;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (n === 0 || i + n >= b.length) return bad();
    for (let k = 1; k <= n; k++) if ((b[i + k] & 0xc0) !== 0x80) return bad();
    const d = b[i + 1];
    // Overlong forms, UTF-16 surrogates, and code points past U+10FFFF.
    if ((c === 0xe0 && d < 0xa0) || (c === 0xed && d > 0x9f) || (c === 0xf0 && d < 0x90) || (c === 0xf4 && d > 0x8f)) return bad();
    i += n + 1;
  }
  return 'a truncated character at the end';
}
