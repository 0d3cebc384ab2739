import { describe, expect, it } from 'vitest';
import { compileEngineModule } from '../../cli/lib/modules';
import { applyPatches, bugPatches, BUGS } from './bugs';
import { readRepoFile } from './testing';

describe('the etcd-quorum bug corpus', () => {
  it('has at least ten bugs with unique ids, each expecting some property', () => {
    expect(BUGS.length).toBeGreaterThanOrEqual(10);
    expect(new Set(BUGS.map((b) => b.id)).size).toBe(BUGS.length);
    for (const bug of BUGS) expect(bug.expect.length, bug.id).toBeGreaterThan(0);
  });

  it.each(BUGS.map((b) => [b.id, b] as const))('%s patches reference modules at places that occur exactly once, and still compiles', (_id, bug) => {
    for (const p of bugPatches(bug)) {
      expect(p.file).toMatch(/^engine\/raft\/\w+\.ts$/);
      expect(readRepoFile(p.file).split(p.find).length - 1, `${bug.id}: ${p.find}`).toBe(1);
      expect(p.replace).not.toBe(p.find);
    }
    const patched = applyPatches(readRepoFile, bugPatches(bug));
    for (const [path, text] of Object.entries(patched)) {
      expect(text).not.toBe(readRepoFile(path));
      expect(() => compileEngineModule(text, path)).not.toThrow();
    }
  });

  it('refuses a patch whose text is missing or ambiguous', () => {
    const sources = () => 'a b a';
    expect(() => applyPatches(sources, [{ file: 'x.ts', find: 'c', replace: 'd' }])).toThrow(/"c" occurs 0 times, want exactly once/);
    expect(() => applyPatches(sources, [{ file: 'x.ts', find: 'a', replace: 'd' }])).toThrow(/"a" occurs 2 times/);
    expect(applyPatches(sources, [{ file: 'x.ts', find: 'b', replace: '$&$&' }])).toEqual({ 'x.ts': 'a $&$& a' });
  });
});
