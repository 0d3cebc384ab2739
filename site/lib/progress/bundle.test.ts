import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLE_SIGNATURE, bundleHeader } from './bundle';
import { tempWorkspace, type TempWorkspace } from './testing';

const run = promisify(execFile);
let t: TempWorkspace;
const dirs: string[] = [];
afterEach(() => {
  t?.remove();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const A = 'a'.repeat(40);

describe('bundleHeader', () => {
  it("writes git's v2 signature, one line per ref, and the blank line before the pack", () => {
    expect(bundleHeader([{ oid: A, name: 'refs/heads/main' }, { oid: A, name: 'HEAD' }])).toBe(`${BUNDLE_SIGNATURE}\n${A} refs/heads/main\n${A} HEAD\n\n`);
  });

  it('refuses what would corrupt the header', () => {
    expect(() => bundleHeader([])).toThrow(/at least one ref/);
    expect(() => bundleHeader([{ oid: 'abc', name: 'HEAD' }])).toThrow(/not an object id/);
    expect(() => bundleHeader([{ oid: A, name: 'refs/heads/a b' }])).toThrow(/not a ref name/);
    expect(() => bundleHeader([{ oid: A, name: 'main' }])).toThrow(/not a ref name/);
  });
});

describe('Workspace.bundle', () => {
  it('is undefined before the first commit', async () => {
    t = tempWorkspace();
    expect(await t.ws.bundle()).toBeUndefined();
  });

  it('makes a bundle git verifies and clones, with the whole history', async () => {
    t = tempWorkspace();
    await t.repo.commitFiles({ 'labs/a/x.ts': 'one\n' }, 'first\n');
    await t.repo.commitFiles({ 'labs/a/x.ts': 'two\n', 'labs/b/deep/y.ts': 'y\n' }, 'second\n');
    const out = mkdtempSync(join(tmpdir(), 'bundle-'));
    dirs.push(out);
    const path = join(out, 'work.bundle');
    writeFileSync(path, (await t.ws.bundle())!);
    // verify needs a repository to check prerequisites against: an empty one has none, which a complete bundle needs.
    await run('git', ['init', '--quiet', join(out, 'empty')]);
    const verify = await run('git', ['bundle', 'verify', path], { cwd: join(out, 'empty') });
    expect(verify.stdout + verify.stderr).toMatch(/is okay/);
    expect((await run('git', ['bundle', 'list-heads', path])).stdout).toMatch(/refs\/heads\/main\n.*HEAD\n$/);
    await run('git', ['clone', '--quiet', path, join(out, 'clone')]);
    expect(readFileSync(join(out, 'clone', 'labs/a/x.ts'), 'utf8')).toBe('two\n');
    expect(readFileSync(join(out, 'clone', 'labs/b/deep/y.ts'), 'utf8')).toBe('y\n');
    expect((await run('git', ['-C', join(out, 'clone'), 'log', '--format=%s'])).stdout).toBe('second\nfirst\n');
    expect((await run('git', ['-C', join(out, 'clone'), 'fsck', '--strict'])).stderr).toBe('');
  });
});
