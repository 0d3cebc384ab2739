/**
 * worktree: the working tree of the learner's repository, laid out like
 * their clone: labs/<lab>/<file> holds the editor's newest text and
 * labs/<lab>/report.json the latest recorded grade (as `npm run grade`
 * leaves it in a clone). Only a file system is needed here, no git, so the
 * sidebar can read progress without loading isomorphic-git.
 */
import { parseRecord, recordPath } from '../../../graders/core/record';
import { labStatus, type LabStatus } from './status';

/**
 * WorkFs is the part of a promise-based file system the working tree uses:
 * lightning-fs's `promises` in the browser, Node's fs/promises in tests.
 * flush, when present, makes earlier writes durable (lightning-fs saves
 * its directory metadata lazily otherwise).
 */
export interface WorkFs {
  readFile(path: string, options: { encoding: 'utf8' }): Promise<string | Uint8Array>;
  writeFile(path: string, data: string, options: { encoding: 'utf8' }): Promise<unknown>;
  mkdir(path: string): Promise<unknown>;
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<{ mtimeMs: number; isFile(): boolean; isDirectory(): boolean }>;
  utimes(path: string, atime: Date, mtime: Date): Promise<unknown>;
  flush?(): Promise<unknown>;
}

/** WorkFile is a working-tree file's text and the edit time it was written with. */
export interface WorkFile {
  text: string;
  mtimeMs: number;
}

function isNotFound(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * readWorkFile reads `repoPath` under `dir`, or gives undefined when there
 * is no such file. The time is read before the text: lightning-fs rewrites a
 * file's metadata (and its time, to "now") when a read finds the stored
 * size stale, which would make an interrupted write look newer than it is.
 */
export async function readWorkFile(fs: WorkFs, dir: string, repoPath: string): Promise<WorkFile | undefined> {
  const path = `${dir}/${repoPath}`;
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) return undefined;
    const data = await fs.readFile(path, { encoding: 'utf8' });
    // Rounded: Node keeps file times in microseconds, a little off the milliseconds they were set with.
    return { text: typeof data === 'string' ? data : new TextDecoder().decode(data), mtimeMs: Math.round(stat.mtimeMs) };
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** mkdirs makes `path` and its missing parents (no `recursive` option in lightning-fs). */
export async function mkdirs(fs: WorkFs, path: string): Promise<void> {
  let at = '';
  for (const part of path.split('/').filter(Boolean)) {
    at += `/${part}`;
    try {
      await fs.mkdir(at);
    } catch (e) {
      if ((e as { code?: string } | null)?.code !== 'EEXIST') throw e;
    }
  }
}

/**
 * writeWorkFile writes `text` at `repoPath` under `dir`, stamped with the
 * time it was typed (editedAtMs) rather than the time of the write, so that
 * the journal and the tree compare by edit time (journal.ts reconcile). It
 * resolves once the write is durable.
 */
export async function writeWorkFile(fs: WorkFs, dir: string, repoPath: string, text: string, editedAtMs: number): Promise<void> {
  const path = `${dir}/${repoPath}`;
  await mkdirs(fs, path.slice(0, path.lastIndexOf('/')));
  await fs.writeFile(path, text, { encoding: 'utf8' });
  const at = new Date(editedAtMs);
  await fs.utimes(path, at, at);
  await fs.flush?.();
}

/** listWorkFiles lists the files under `under` (a repository path), as sorted repository paths; none when it does not exist. */
export async function listWorkFiles(fs: WorkFs, dir: string, under: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (repoPath: string): Promise<void> => {
    let names: string[];
    try {
      names = await fs.readdir(`${dir}/${repoPath}`);
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    for (const name of names) {
      const child = `${repoPath}/${name}`;
      const stat = await fs.stat(`${dir}/${child}`);
      if (stat.isDirectory()) await walk(child);
      else if (stat.isFile()) out.push(child);
    }
  };
  await walk(under);
  return out.sort();
}

/**
 * recordedStatus is a lab's status from the record in the working tree
 * (labs/<lab>/report.json, the latest graded attempt). A record that cannot
 * be read still shows that the lab was graded, so it counts as attempted.
 */
export async function recordedStatus(fs: WorkFs, dir: string, lab: string): Promise<LabStatus> {
  const file = await readWorkFile(fs, dir, recordPath(lab));
  if (!file) return labStatus(undefined);
  const parsed = parseRecord(file.text, lab);
  return 'record' in parsed ? labStatus(parsed.record.report) : 'attempted';
}
