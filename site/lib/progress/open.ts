/**
 * open: the text a lab's editor opens with, from every copy the browser
 * holds (journal, working tree, the earlier draft store), and the clean-up
 * that makes them agree again (journal.ts reconcile decides).
 */
import { Journal, legacyDraftKey, reconcile, type KeyValueStorage, type Reconciled } from './journal';
import { readWorkFile, type WorkFs } from './worktree';

export interface OpenOptions {
  fs: WorkFs;
  dir: string;
  lab: string;
  file: string;
  /** path is the file's repository path, labs/<lab>/<file>. */
  path: string;
  starter: string;
  storage: KeyValueStorage;
  journal: Journal;
  onError: (what: string, e: unknown) => void;
}

/** Opened is the reconciled text, and whether the repository could be read at all. */
export interface Opened extends Reconciled {
  repositoryReadable: boolean;
}

/**
 * openText reads every copy and reconciles them. Copies that lost drop out
 * at once (a stale journal, a migrated-away legacy draft once the tree has
 * the file); a winning copy the tree lacks is the caller's to save (see
 * Reconciled.writeTree), after which `settleLegacy` drops the legacy draft.
 */
export async function openText(o: OpenOptions): Promise<Opened> {
  let repositoryReadable = true;
  const tree = await readWorkFile(o.fs, o.dir, o.path).catch((e: unknown) => {
    repositoryReadable = false;
    o.onError(`cannot read ${o.path} from this browser's repository`, e);
    return undefined;
  });
  let legacy: string | undefined;
  try {
    legacy = o.storage.getItem(legacyDraftKey(o.lab, o.file)) ?? undefined;
  } catch (e) {
    o.onError('cannot read the earlier draft store', e);
  }
  const journal = o.journal.read();
  const opened = reconcile({ journal, tree, legacy, starter: o.starter });
  if (journal && opened.source !== 'journal') o.journal.drop();
  if (tree) settleLegacy(o.storage, o.lab, o.file);
  return { ...opened, repositoryReadable };
}

/** settleLegacy drops the earlier draft store's copy once the repository holds the file. */
export function settleLegacy(storage: KeyValueStorage, lab: string, file: string): void {
  try {
    storage.removeItem(legacyDraftKey(lab, file));
  } catch {
    // Unremovable means unreadable next time too; nothing is lost either way.
  }
}
