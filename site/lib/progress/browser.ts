/**
 * browser: where the learner's repository lives in a browser. Light on
 * purpose (lightning-fs only, no isomorphic-git), so any page can read the
 * working tree; site/lib/progress/browser-repo.ts adds git on top.
 */
import LightningFS from '@isomorphic-git/lightning-fs';
import type { KeyValueStorage } from './journal';
import { serialized } from './serial';
import type { WorkFs } from './worktree';

/** FS_NAME names the IndexedDB database that holds the repository. */
export const FS_NAME = 'kube-internals';

/** REPO_DIR is the working tree's path inside it (the git directory is REPO_DIR/.git). */
export const REPO_DIR = '/course';

/** PROGRESS_EVENT is dispatched on window after a graded attempt is recorded, so badges can update. */
export const PROGRESS_EVENT = 'kube-internals:progress';

/** FS_METHODS are the lightning-fs calls the site and isomorphic-git make. */
const FS_METHODS = ['readFile', 'writeFile', 'mkdir', 'rmdir', 'unlink', 'stat', 'lstat', 'readdir', 'readlink', 'symlink', 'utimes', 'flush'] as const;

/** CourseFs is a promise-based file system client, as isomorphic-git takes it. */
export interface CourseFs {
  promises: ReturnType<typeof serialized<LightningFS.PromisifiedFS, (typeof FS_METHODS)[number]>>;
}

let shared: CourseFs | undefined;

/**
 * courseFs is the page's one lightning-fs instance (two would each cache
 * the directory tree), its calls made one at a time (see serial.ts).
 */
export function courseFs(): CourseFs {
  shared ??= { promises: serialized(new LightningFS(FS_NAME).promises, FS_METHODS) };
  return shared;
}

/** workFs is courseFs's promise API, as the working-tree functions take it. */
export function workFs(): WorkFs {
  return courseFs().promises as unknown as WorkFs;
}

/** pageStorage is localStorage, or a memory store where the browser refuses storage (the journal then lasts a visit). */
export function pageStorage(): KeyValueStorage {
  try {
    const s = window.localStorage;
    s.getItem('kube-internals:probe');
    return s;
  } catch {
    const m = new Map<string, string>();
    return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
  }
}

/** whenIdle runs `fn` once the page has nothing more urgent to do (or after `timeoutMs`). */
export function whenIdle(fn: () => void, timeoutMs = 2_000): void {
  if ('requestIdleCallback' in window) window.requestIdleCallback(() => fn(), { timeout: timeoutMs });
  else setTimeout(fn, 200);
}
