/**
 * journal: the last-resort copy of the text in a lab's editor. The
 * repository in IndexedDB is written asynchronously, so a tab closed right
 * after a keystroke could lose it; the journal is written synchronously
 * (localStorage) on every change and dropped once the repository holds the
 * same text. On load, reconcile picks between the journal, the repository's
 * working tree and a draft left by the site's earlier localStorage store:
 * the newest edit wins.
 */

/** KeyValueStorage is the part of the Web Storage API the journal uses. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** JournalEntry is one file's text and when it was typed (ms since the epoch). */
export interface JournalEntry {
  text: string;
  editedAtMs: number;
}

/** journalKey is the storage key of one learner file's journal. */
export function journalKey(lab: string, file: string): string {
  return `kube-internals:journal:${lab}:${file}`;
}

/**
 * legacyDraftKey is where the site's first draft store (localStorage,
 * before the repository) kept a file's text; read once, to migrate it.
 */
export function legacyDraftKey(lab: string, file: string): string {
  return `kube-internals:draft:${lab}:${file}`;
}

/**
 * Journal is one file's journal. Storage failures (quota, storage
 * disabled) go to onError and are never thrown: the editor keeps working,
 * with the repository as its only store.
 */
export class Journal {
  constructor(
    private readonly storage: KeyValueStorage,
    private readonly key: string,
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  /** read returns the entry, or undefined when there is none or it is unreadable. */
  read(): JournalEntry | undefined {
    let raw: string | null;
    try {
      raw = this.storage.getItem(this.key);
    } catch (e) {
      this.onError(e);
      return undefined;
    }
    return raw === null ? undefined : parseEntry(raw);
  }

  /** write replaces the entry, synchronously. */
  write(entry: JournalEntry): void {
    try {
      this.storage.setItem(this.key, JSON.stringify(entry));
    } catch (e) {
      this.onError(e);
    }
  }

  /**
   * settle drops the entry once the repository holds `written`, unless a
   * newer edit has replaced it since (that one must wait for its own write).
   */
  settle(written: JournalEntry): void {
    const current = this.read();
    if (!current || (current.editedAtMs === written.editedAtMs && current.text === written.text)) this.drop();
  }

  /** drop removes the entry. */
  drop(): void {
    try {
      this.storage.removeItem(this.key);
    } catch (e) {
      this.onError(e);
    }
  }
}

function parseEntry(raw: string): JournalEntry | undefined {
  try {
    const v = JSON.parse(raw) as Partial<JournalEntry> | null;
    if (v && typeof v.text === 'string' && typeof v.editedAtMs === 'number' && Number.isFinite(v.editedAtMs)) return { text: v.text, editedAtMs: v.editedAtMs };
  } catch {
    // A torn or foreign value is no journal.
  }
  return undefined;
}

/** ReconcileInput is every copy of one file the page can find on load. */
export interface ReconcileInput {
  /** journal is the last-resort copy, if one was left. */
  journal?: JournalEntry;
  /** tree is the file in the repository's working tree; mtimeMs is the edit time it was written with. */
  tree?: { text: string; mtimeMs: number };
  /** legacy is a draft from the site's earlier localStorage store. */
  legacy?: string;
  starter: string;
}

export type TextSource = 'journal' | 'tree' | 'legacy' | 'starter';

/** Reconciled is the text the editor opens with, and what the page must do to make the stores agree. */
export interface Reconciled {
  text: string;
  source: TextSource;
  /** editedAtMs is when the chosen text was typed, when known. */
  editedAtMs?: number;
  /** writeTree says the working tree must be given `text` (it lacks it or holds an older edit). */
  writeTree: boolean;
}

/**
 * reconcile picks the text to open. The journal and the working tree both
 * carry the time of their edit, and the newer wins (on a tie, the journal:
 * it is written first). A legacy draft predates the repository, so it is
 * taken only when neither exists, and the starter when nothing does.
 */
export function reconcile(i: ReconcileInput): Reconciled {
  const { journal, tree } = i;
  if (journal && (!tree || journal.editedAtMs >= tree.mtimeMs)) {
    return { text: journal.text, source: 'journal', editedAtMs: journal.editedAtMs, writeTree: !tree || tree.text !== journal.text };
  }
  if (tree) return { text: tree.text, source: 'tree', editedAtMs: tree.mtimeMs, writeTree: false };
  if (i.legacy !== undefined) return { text: i.legacy, source: 'legacy', writeTree: true };
  return { text: i.starter, source: 'starter', writeTree: false };
}
