import { describe, expect, it } from 'vitest';
import { Journal, type JournalEntry, type KeyValueStorage } from '../progress/journal';
import { DraftStore, type SaveState, type Timers } from './drafts';

class MemoryStorage implements KeyValueStorage {
  readonly data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
}

/** ManualTimers runs timers only when advanced, so tests control time. */
class ManualTimers implements Timers {
  now = 1_000;
  private next = 1;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number) {
    const id = this.next++;
    this.due.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(h: unknown) {
    this.due.delete(h as number);
  }
  advance(ms: number) {
    this.now += ms;
    for (const [id, t] of [...this.due].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at > this.now) continue;
      this.due.delete(id);
      t.fn();
    }
  }
}

/** Tree is a working tree whose writes complete only when released, to test ordering. */
class Tree {
  readonly written: JournalEntry[] = [];
  private held: (() => void)[] = [];
  hold = false;
  fail: Error | undefined;
  write = (e: JournalEntry): Promise<void> => {
    if (this.fail) return Promise.reject(this.fail);
    if (!this.hold) {
      this.written.push(e);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.held.push(() => (this.written.push(e), resolve())));
  };
  release() {
    const h = this.held;
    this.held = [];
    h.forEach((f) => f());
  }
}

function setup() {
  const storage = new MemoryStorage();
  const journal = new Journal(storage, 'k');
  const timers = new ManualTimers();
  const tree = new Tree();
  const states: SaveState[] = [];
  const drafts = new DraftStore(journal, tree.write, timers, () => timers.now, (s) => states.push(s), 400);
  return { storage, journal, timers, tree, states, drafts };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('DraftStore', () => {
  it('journals every change at once, before any repository write', () => {
    const { journal, tree, drafts } = setup();
    drafts.save('a');
    expect(journal.read()?.text).toBe('a');
    drafts.save('ab');
    expect(journal.read()?.text).toBe('ab');
    expect(tree.written).toEqual([]);
  });

  it('writes a burst of edits to the repository once, after the pause, then drops the journal', async () => {
    const { journal, timers, tree, drafts, states } = setup();
    drafts.save('a');
    timers.advance(300);
    drafts.save('ab');
    timers.advance(300);
    expect(tree.written).toEqual([]);
    timers.advance(100);
    await drafts.flush();
    expect(tree.written.map((e) => e.text)).toEqual(['ab']);
    expect(journal.read()).toBeUndefined();
    expect(states.at(-1)).toBe('saved');
  });

  it('keeps the journal of an edit typed while the previous write was in flight', async () => {
    const { journal, tree, drafts } = setup();
    tree.hold = true;
    drafts.save('a');
    const first = drafts.flush();
    await settle();
    drafts.save('ab');
    tree.release();
    await first;
    expect(journal.read()?.text).toBe('ab');
    const second = drafts.flush();
    await settle();
    tree.release();
    await second;
    expect(tree.written.map((e) => e.text)).toEqual(['a', 'ab']);
    expect(journal.read()).toBeUndefined();
  });

  it('stamps edits with strictly increasing times, after the text it opened with', () => {
    const { journal, drafts } = setup();
    drafts.adopt({ text: 'opened', editedAtMs: 5_000 });
    drafts.save('x');
    const first = journal.read()!.editedAtMs;
    drafts.save('xy');
    expect(first).toBeGreaterThan(5_000);
    expect(journal.read()!.editedAtMs).toBeGreaterThan(first);
  });

  it('on a failed write, says so and keeps the journal for the next load', async () => {
    const { journal, tree, drafts, states } = setup();
    tree.fail = new Error('QuotaExceededError');
    drafts.save('precious');
    await drafts.flush();
    expect(states.at(-1)).toBe('failed');
    expect(journal.read()?.text).toBe('precious');
  });

  it('flush with nothing pending still waits for the write in flight', async () => {
    const { tree, drafts } = setup();
    tree.hold = true;
    drafts.save('a');
    void drafts.flush();
    await settle();
    let done = false;
    const idle = drafts.flush().then(() => (done = true));
    await settle();
    expect(done).toBe(false);
    tree.release();
    await idle;
    expect(done).toBe(true);
  });
});
