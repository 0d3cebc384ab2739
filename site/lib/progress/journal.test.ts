import { describe, expect, it } from 'vitest';
import { Journal, journalKey, legacyDraftKey, reconcile, type KeyValueStorage } from './journal';

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

describe('keys', () => {
  it('separate labs and files, and keep the earlier draft store key for migration', () => {
    expect(new Set([journalKey('a', 'x.ts'), journalKey('a', 'y.ts'), journalKey('b', 'x.ts')]).size).toBe(3);
    expect(legacyDraftKey('etcd-quorum', 'raft.ts')).toBe('kube-internals:draft:etcd-quorum:raft.ts');
  });
});

describe('Journal', () => {
  it('reads back what it wrote', () => {
    const j = new Journal(new MemoryStorage(), 'k');
    expect(j.read()).toBeUndefined();
    j.write({ text: 'x', editedAtMs: 5 });
    expect(j.read()).toEqual({ text: 'x', editedAtMs: 5 });
  });

  it('settles only the entry that was written to the repository, never a newer one', () => {
    const j = new Journal(new MemoryStorage(), 'k');
    j.write({ text: 'a', editedAtMs: 1 });
    j.write({ text: 'ab', editedAtMs: 2 });
    j.settle({ text: 'a', editedAtMs: 1 });
    expect(j.read()).toEqual({ text: 'ab', editedAtMs: 2 });
    j.settle({ text: 'ab', editedAtMs: 2 });
    expect(j.read()).toBeUndefined();
  });

  it('treats a torn or foreign value as no entry', () => {
    const s = new MemoryStorage();
    const j = new Journal(s, 'k');
    for (const raw of ['{"text":"x"', '"x"', '{"text":1,"editedAtMs":2}', 'null']) {
      s.setItem('k', raw);
      expect(j.read()).toBeUndefined();
    }
  });

  it('reports storage failures instead of throwing', () => {
    const errors: string[] = [];
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {
        throw new Error('gone');
      },
    };
    const j = new Journal(broken, 'k', (e) => errors.push((e as Error).message));
    expect(j.read()).toBeUndefined();
    j.write({ text: 'x', editedAtMs: 1 });
    j.drop();
    expect(errors).toEqual(['denied', 'quota', 'gone']);
  });
});

describe('reconcile', () => {
  const starter = 'starter';

  it('opens the starter when nothing was saved', () => {
    expect(reconcile({ starter })).toEqual({ text: starter, source: 'starter', writeTree: false });
  });

  it('takes a journal newer than the tree, and asks for the tree to catch up', () => {
    expect(reconcile({ starter, journal: { text: 'new', editedAtMs: 20 }, tree: { text: 'old', mtimeMs: 10 } })).toEqual({ text: 'new', source: 'journal', editedAtMs: 20, writeTree: true });
  });

  it('takes a tree newer than the journal (another tab saved later)', () => {
    expect(reconcile({ starter, journal: { text: 'stale', editedAtMs: 10 }, tree: { text: 'newer', mtimeMs: 20 } })).toEqual({ text: 'newer', source: 'tree', editedAtMs: 20, writeTree: false });
  });

  it('prefers the journal on a tie, and writes nothing when both hold the same text', () => {
    expect(reconcile({ starter, journal: { text: 'same', editedAtMs: 10 }, tree: { text: 'same', mtimeMs: 10 } })).toMatchObject({ source: 'journal', writeTree: false });
  });

  it('takes a journal alone (the tab closed before the first write)', () => {
    expect(reconcile({ starter, journal: { text: 'typed', editedAtMs: 1 } })).toMatchObject({ text: 'typed', source: 'journal', writeTree: true });
  });

  it('migrates a legacy draft only when there is nothing newer', () => {
    expect(reconcile({ starter, legacy: 'old draft' })).toEqual({ text: 'old draft', source: 'legacy', writeTree: true });
    expect(reconcile({ starter, legacy: 'old draft', tree: { text: 'tree', mtimeMs: 1 } }).source).toBe('tree');
    expect(reconcile({ starter, legacy: 'old draft', journal: { text: 'j', editedAtMs: 1 } }).source).toBe('journal');
  });

  it('keeps an empty file as text the learner chose', () => {
    expect(reconcile({ starter, tree: { text: '', mtimeMs: 1 } }).text).toBe('');
    expect(reconcile({ starter, legacy: '' }).text).toBe('');
  });
});
