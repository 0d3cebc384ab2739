/**
 * drafts: the lab editor's autosave. Every change goes to the file's
 * journal at once (synchronous, survives the tab closing mid-edit) and,
 * after a pause in typing, to the working tree of the learner's repository
 * (site/lib/progress). The journal entry is dropped once the repository
 * holds the same text; on load, site/lib/progress/journal.ts reconcile
 * picks the newest copy.
 */
import type { Journal, JournalEntry } from '../progress/journal';

/** Timers are the page's timers, injected so saving can be tested without waiting. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** SAVE_DELAY_MS is how long typing must pause before the repository is written. */
export const SAVE_DELAY_MS = 400;

/**
 * TreeWriter writes a text into the working tree, stamped with the time it
 * was typed; it resolves once the write is durable.
 */
export type TreeWriter = (entry: JournalEntry) => Promise<void>;

/**
 * SaveState is what the page shows: 'saved' (the repository holds the
 * editor's text), 'pending' (an edit is in the journal, waiting for the
 * pause), 'saving', or 'failed' (the repository write failed; the journal
 * still holds the text, and the next edit or load tries again).
 */
export type SaveState = 'saved' | 'pending' | 'saving' | 'failed';

/**
 * DraftStore keeps one file. save() journals the text synchronously and
 * schedules a repository write SAVE_DELAY_MS after the last edit; flush()
 * starts the write now. Writes run one at a time and always write the newest
 * text, so the working tree never goes back to an older edit.
 */
export class DraftStore {
  private pending: JournalEntry | undefined;
  private timer: unknown;
  private chain: Promise<void> = Promise.resolve();
  private lastEditMs = 0;

  constructor(
    private readonly journal: Journal,
    private readonly writeTree: TreeWriter,
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly onState: (state: SaveState, error?: unknown) => void = () => {},
    private readonly delayMs = SAVE_DELAY_MS,
  ) {}

  /** save records `text` as the file's newest edit. */
  save(text: string): void {
    // Strictly increasing edit times: two edits in one millisecond stay ordered.
    this.lastEditMs = Math.max(this.now(), this.lastEditMs + 1);
    const entry = { text, editedAtMs: this.lastEditMs };
    this.journal.write(entry);
    this.pending = entry;
    this.onState('pending');
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => void this.flush(), this.delayMs);
  }

  /**
   * adopt tells the store that `entry` is already the file's newest edit
   * (what the page opened with), so later edits are stamped after it.
   */
  adopt(entry: JournalEntry): void {
    this.lastEditMs = Math.max(this.lastEditMs, entry.editedAtMs);
  }

  /** flush writes a pending edit now; it resolves when every write started so far has ended. */
  flush(): Promise<void> {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    const entry = this.pending;
    if (entry) {
      this.pending = undefined;
      this.chain = this.chain.then(() => this.write(entry));
    }
    return this.chain;
  }

  private async write(entry: JournalEntry): Promise<void> {
    this.onState('saving');
    try {
      await this.writeTree(entry);
      this.journal.settle(entry);
      this.onState(this.pending ? 'pending' : 'saved');
    } catch (e) {
      this.onState('failed', e);
    }
  }
}
