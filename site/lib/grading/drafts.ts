/**
 * drafts: the learner's edits, kept in localStorage per lab and file so they
 * survive a reload. (An interim store: a later issue keeps them in a git
 * repository in IndexedDB instead.)
 */

/** draftKey is the storage key of one learner file's draft. */
export function draftKey(lab: string, file: string): string {
  return `kube-internals:draft:${lab}:${file}`;
}

/** KeyValueStorage is the part of the Web Storage API drafts use. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Timers are the page's timers, injected so saving can be tested without waiting. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** SAVE_DELAY_MS is how long typing must pause before a draft is written. */
export const SAVE_DELAY_MS = 400;

/**
 * DraftStore keeps one file's draft. save() is debounced: a burst of edits
 * is written once, SAVE_DELAY_MS after the last; flush() writes a pending
 * save now (the page calls it when it is hidden, so a reload loses nothing).
 * Storage failures (quota, storage disabled) are passed to onError and never
 * thrown: the editor keeps working without persistence.
 */
export class DraftStore {
  private pending: string | undefined;
  private timer: unknown;

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly key: string,
    private readonly timers: Timers,
    private readonly onError: (e: unknown) => void = () => {},
    private readonly delayMs = SAVE_DELAY_MS,
  ) {}

  /** load returns the saved draft, or undefined when there is none (or storage cannot be read). */
  load(): string | undefined {
    try {
      return this.storage.getItem(this.key) ?? undefined;
    } catch (e) {
      this.onError(e);
      return undefined;
    }
  }

  /** save schedules `text` to be written after the delay, replacing any pending save. */
  save(text: string): void {
    this.pending = text;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => this.flush(), this.delayMs);
  }

  /** flush writes a pending save at once. */
  flush(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === undefined) return;
    const text = this.pending;
    this.pending = undefined;
    try {
      this.storage.setItem(this.key, text);
    } catch (e) {
      this.onError(e);
    }
  }

  /** clear drops the draft and any pending save, so the starter is what a reload shows. */
  clear(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
    try {
      this.storage.removeItem(this.key);
    } catch (e) {
      this.onError(e);
    }
  }
}
