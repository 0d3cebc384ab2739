import { afterEach, describe, expect, it } from 'vitest';
import { Journal, journalKey, legacyDraftKey, type KeyValueStorage } from './journal';
import { openText } from './open';
import { tempWorkspace, type TempWorkspace } from './testing';
import { writeWorkFile } from './worktree';

let t: TempWorkspace;
afterEach(() => t?.remove());

function memory(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

const lab = 'a';
const file = 'x.ts';
const path = `labs/${lab}/${file}`;

function open(storage: KeyValueStorage, errors: string[] = []) {
  const journal = new Journal(storage, journalKey(lab, file));
  return openText({ fs: t.fs, dir: t.dir, lab, file, path, starter: 'starter', storage, journal, onError: (what) => errors.push(what) });
}

describe('openText', () => {
  it('opens the working tree, and drops an older journal and a legacy draft', async () => {
    t = tempWorkspace();
    const s = memory();
    await writeWorkFile(t.fs, t.dir, path, 'tree', 200);
    s.setItem(journalKey(lab, file), JSON.stringify({ text: 'older', editedAtMs: 100 }));
    s.setItem(legacyDraftKey(lab, file), 'legacy');
    expect(await open(s)).toMatchObject({ text: 'tree', source: 'tree', writeTree: false, repositoryReadable: true });
    expect(s.data.size).toBe(0);
  });

  it('opens a journal newer than the tree and keeps it until the tree is written', async () => {
    t = tempWorkspace();
    const s = memory();
    await writeWorkFile(t.fs, t.dir, path, 'tree', 100);
    s.setItem(journalKey(lab, file), JSON.stringify({ text: 'typed before the tab closed', editedAtMs: 200 }));
    expect(await open(s)).toMatchObject({ text: 'typed before the tab closed', source: 'journal', writeTree: true });
    expect(s.data.has(journalKey(lab, file))).toBe(true);
  });

  it('opens a legacy draft in a fresh repository, and keeps it until the tree holds it', async () => {
    t = tempWorkspace();
    const s = memory();
    s.setItem(legacyDraftKey(lab, file), 'legacy');
    expect(await open(s)).toMatchObject({ text: 'legacy', source: 'legacy', writeTree: true });
    expect(s.data.get(legacyDraftKey(lab, file))).toBe('legacy');
  });

  it('falls back to the journal and says so when the repository cannot be read', async () => {
    t = tempWorkspace();
    const s = memory();
    s.setItem(journalKey(lab, file), JSON.stringify({ text: 'journal', editedAtMs: 1 }));
    const broken = { ...t.fs, stat: () => Promise.reject(Object.assign(new Error('IndexedDB is closed'), { code: 'EIO' })) };
    const errors: string[] = [];
    const journal = new Journal(s, journalKey(lab, file));
    const opened = await openText({ fs: broken, dir: t.dir, lab, file, path, starter: 'starter', storage: s, journal, onError: (what) => errors.push(what) });
    expect(opened).toMatchObject({ text: 'journal', repositoryReadable: false });
    expect(errors).toEqual([`cannot read ${path} from this browser's repository`]);
  });
});
