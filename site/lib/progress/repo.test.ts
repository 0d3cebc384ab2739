import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { git } from './git';
import { BRANCH_REF, LearnerRepo } from './repo';
import { tempWorkspace, type TempWorkspace } from './testing';

let t: TempWorkspace;
afterEach(() => t?.remove());

describe('LearnerRepo', () => {
  it('has no commit and an empty log before the first commit', async () => {
    t = tempWorkspace();
    expect(await t.repo.head()).toBeUndefined();
    expect(await t.repo.log()).toEqual([]);
    expect(t.git('symbolic-ref', 'HEAD').trim()).toBe(BRANCH_REF);
  });

  it('commits texts at nested paths into trees git itself reads back', async () => {
    t = tempWorkspace();
    const first = await t.repo.commitFiles({ 'labs/a/x.ts': 'x1\n', 'labs/a/report.json': '{}\n' }, 'first\n');
    t.clock.ms += 60_000;
    const second = await t.repo.commitFiles({ 'labs/b/y.ts': 'y1\n', 'labs/a/x.ts': 'x2\n' }, 'second\n');
    expect(first.created && second.created).toBe(true);
    expect(t.git('fsck', '--strict', '--no-dangling')).toBe('');
    expect(t.git('ls-tree', '-r', '--name-only', 'main').trim().split('\n')).toEqual(['labs/a/report.json', 'labs/a/x.ts', 'labs/b/y.ts']);
    expect(t.git('show', 'main:labs/a/x.ts')).toBe('x2\n');
    expect(t.git('show', 'main~1:labs/a/x.ts')).toBe('x1\n');
    expect(t.git('log', '--format=%s %ct %an', 'main').trim().split('\n')).toEqual([
      `second ${Math.floor(t.clock.ms / 1000)} kube-internals learner`,
      `first ${Math.floor(t.clock.ms / 1000) - 60} kube-internals learner`,
    ]);
  });

  it('reads files and the log back', async () => {
    t = tempWorkspace();
    const { oid } = await t.repo.commitFiles({ 'labs/a/x.ts': 'é\n' }, 'one\n');
    expect(await t.repo.readFile(oid, 'labs/a/x.ts')).toBe('é\n');
    expect(await t.repo.readFile(oid, 'labs/a/missing.ts')).toBeUndefined();
    expect([...(await t.repo.files(oid)).keys()]).toEqual(['labs/a/x.ts']);
    expect(await t.repo.log()).toEqual([{ oid, message: 'one\n', timestampS: Math.floor(t.clock.ms / 1000) }]);
  });

  it('makes no commit for an unchanged tree when asked, and an empty one otherwise', async () => {
    t = tempWorkspace();
    const { oid } = await t.repo.commitFiles({ 'labs/a/x.ts': 'x\n' }, 'one\n');
    expect(await t.repo.commitFiles({ 'labs/a/x.ts': 'x\n' }, 'same\n', { unlessUnchanged: true })).toEqual({ oid, created: false });
    expect((await t.repo.commitFiles({ 'labs/a/x.ts': 'x\n' }, 'same\n')).created).toBe(true);
  });

  it('runs concurrent commits one after the other, losing none', async () => {
    t = tempWorkspace();
    await Promise.all(Array.from({ length: 5 }, (_, i) => t.repo.commitFiles({ [`labs/a/f${i}.ts`]: `${i}\n` }, `c${i}\n`)));
    expect(t.git('rev-list', '--count', 'main').trim()).toBe('5');
    expect(t.git('ls-tree', '-r', '--name-only', 'main').trim().split('\n')).toHaveLength(5);
  });

  it('makes a commit durable before the branch names it', async () => {
    t = tempWorkspace();
    const seen: (string | undefined)[] = [];
    const branch = () => git.resolveRef({ fs, dir: t.dir, ref: BRANCH_REF }).catch(() => undefined);
    const repo = new LearnerRepo({ fs, dir: t.dir, durable: async () => void seen.push(await branch()) });
    await repo.init();
    const first = await repo.commitFiles({ 'labs/a/x.ts': '1' }, 'one\n');
    const second = await repo.commitFiles({ 'labs/a/x.ts': '2' }, 'two\n');
    // After init; then, per commit: objects written with the branch unchanged, then the branch moved.
    expect(seen).toEqual([undefined, undefined, first.oid, first.oid, second.oid]);
  });

  it('refuses paths git must not store', async () => {
    t = tempWorkspace();
    for (const bad of ['../x', 'labs//x', '/abs', 'labs/.git/config', 'labs/./x']) {
      expect(() => t.repo.commitFiles({ [bad]: '' }, 'bad\n')).toThrow(/not a repository path/);
    }
  });
});
