import { describe, expect, it } from 'vitest';
import { DraftStore, draftKey, type KeyValueStorage, type Timers } from './drafts';

class MemoryStorage implements KeyValueStorage {
  readonly data = new Map<string, string>();
  writes = 0;
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.writes++;
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
}

/** ManualTimers runs timers only when advanced, so tests control time. */
class ManualTimers implements Timers {
  private now = 0;
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

describe('draftKey', () => {
  it('separates labs and files', () => {
    const keys = new Set([draftKey('a', 'x.ts'), draftKey('a', 'y.ts'), draftKey('b', 'x.ts')]);
    expect(keys.size).toBe(3);
    expect(draftKey('etcd-quorum', 'raft.ts')).toBe('kube-internals:draft:etcd-quorum:raft.ts');
  });
});

describe('DraftStore', () => {
  it('writes a burst of edits once, after the pause', () => {
    const storage = new MemoryStorage();
    const timers = new ManualTimers();
    const drafts = new DraftStore(storage, 'k', timers, undefined, 400);
    drafts.save('a');
    timers.advance(300);
    drafts.save('ab');
    timers.advance(300);
    expect(storage.writes).toBe(0);
    timers.advance(100);
    expect(storage.writes).toBe(1);
    expect(drafts.load()).toBe('ab');
  });

  it('flush writes a pending save at once, and only once', () => {
    const storage = new MemoryStorage();
    const timers = new ManualTimers();
    const drafts = new DraftStore(storage, 'k', timers);
    drafts.save('x');
    drafts.flush();
    expect(storage.data.get('k')).toBe('x');
    timers.advance(10_000);
    drafts.flush();
    expect(storage.writes).toBe(1);
  });

  it('clear drops the draft and a pending save', () => {
    const storage = new MemoryStorage();
    const timers = new ManualTimers();
    const drafts = new DraftStore(storage, 'k', timers);
    storage.setItem('k', 'old');
    drafts.save('new');
    drafts.clear();
    timers.advance(10_000);
    expect(drafts.load()).toBeUndefined();
  });

  it('reports storage failures instead of throwing', () => {
    const errors: unknown[] = [];
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {},
    };
    const drafts = new DraftStore(broken, 'k', new ManualTimers(), (e) => errors.push(e));
    expect(drafts.load()).toBeUndefined();
    drafts.save('x');
    drafts.flush();
    expect(errors.map((e) => (e as Error).message)).toEqual(['denied', 'quota']);
  });
});
