import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabInfo } from '../../../graders/core/lab';
import { formatBytes, MAX_FILE_BYTES, readLabs, RefusedError, type LabSnapshot } from './git-read';
import { commit, commitTree, lsTree, makeRepo, replaceInTree, treeOf, writeBlob, writeRawTree } from './testing/repos';

const root = mkdtempSync(join(tmpdir(), 'roster-git-read-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const lab = (id: string, files: string[]): LabInfo => ({ id, title: id, summary: '', lesson: '/', files, reference: {}, solution: [] });
const ONE = lab('one', ['main.ts']);
const TWO = lab('two', ['a.ts', 'b.ts']);
const T0 = 1_700_000_000;

let n = 0;
/** repo makes a fresh repository with `commits` and returns its folder. */
function repo(commits: Parameters<typeof makeRepo>[1]): string {
  const dir = join(root, `r${n++}`);
  makeRepo(dir, commits);
  return dir;
}

async function read(dir: string, labs: LabInfo[] = [ONE, TWO], rev = 'HEAD'): Promise<Map<string, LabSnapshot>> {
  const gitdir = join(dir, '.git');
  const tip = (await import('isomorphic-git')).default.resolveRef({ fs, gitdir, ref: rev });
  return readLabs({ fs, gitdir, cache: {} }, await tip, labs);
}

describe('readLabs: the files at the tip', () => {
  it('reads every lab file and the record as text, from the commit and not the working tree', async () => {
    const dir = repo([{ message: 'work', time: T0, files: { 'labs/one/main.ts': 'export const x = 1;\n', 'labs/one/report.json': '{"claim":1}', 'labs/two/a.ts': 'a', 'labs/two/b.ts': 'b' } }]);
    fs.writeFileSync(join(dir, 'labs/one/main.ts'), 'export const x = "edited, not committed";\n');
    const labs = await read(dir);
    expect(labs.get('one')!.files).toEqual({ status: 'ok', sources: [{ path: 'labs/one/main.ts', text: 'export const x = 1;\n' }] });
    expect(labs.get('one')!.record).toEqual({ text: '{"claim":1}' });
    expect(labs.get('two')!.files).toEqual({ status: 'ok', sources: [{ path: 'labs/two/a.ts', text: 'a' }, { path: 'labs/two/b.ts', text: 'b' }] });
    expect(labs.get('two')!.record).toBeNull();
  });

  it('marks a lab missing when its folder or one of its files is not there', async () => {
    const dir = repo([{ message: 'one only', time: T0, files: { 'labs/one/other.ts': 'x', 'labs/two/a.ts': 'a' } }]);
    const labs = await read(dir);
    expect(labs.get('one')!.files).toEqual({ status: 'missing', reason: 'the repository has no labs/one/main.ts' });
    expect(labs.get('two')!.files).toEqual({ status: 'missing', reason: 'the repository has no labs/two/b.ts' });
    const bare = repo([{ message: 'nothing', time: T0, files: { 'README.md': 'hi' } }]);
    expect((await read(bare)).get('one')!.files).toEqual({ status: 'missing', reason: 'the repository has no labs/ folder' });
    const noLab = repo([{ message: 'other lab', time: T0, files: { 'labs/two/a.ts': 'a', 'labs/two/b.ts': 'b' } }]);
    expect((await read(noLab)).get('one')!.files).toEqual({ status: 'missing', reason: 'the repository has no labs/one/ folder' });
  });

  it('refuses symbolic links, to a file or to a folder, without following them', async () => {
    const dir = repo([
      {
        message: 'links',
        time: T0,
        files: { 'labs/one/main.ts': { symlink: '../../../../../etc/passwd' }, 'labs/one/report.json': { symlink: '/etc/hostname' }, 'labs/two': { symlink: '../..' } },
      },
    ]);
    const labs = await read(dir);
    expect(labs.get('one')!.files).toEqual({ status: 'refused', reason: 'labs/one/main.ts is a symbolic link, not a regular file: the roster does not follow links' });
    expect(labs.get('one')!.record).toEqual({ error: 'labs/one/report.json is a symbolic link, not a regular file: the roster does not follow links' });
    expect(labs.get('two')!.files).toEqual({ status: 'refused', reason: 'labs/two is a symbolic link, not a folder: the roster does not follow links' });
  });

  it('refuses the whole repository when labs itself is a link', async () => {
    const dir = repo([{ message: 'link', time: T0, files: { labs: { symlink: '/' } } }]);
    await expect(read(dir)).rejects.toThrow(RefusedError);
    await expect(read(dir)).rejects.toThrow('labs is a symbolic link, not a folder');
  });

  it('refuses a file over the size limit and text that is not UTF-8, naming the first bad byte', async () => {
    const big = 'x'.repeat(MAX_FILE_BYTES + 1);
    const latin1 = Buffer.from('export const caf\xe9 = 1;\n', 'latin1');
    const dir = repo([{ message: 'odd files', time: T0, files: { 'labs/one/main.ts': latin1, 'labs/two/a.ts': big, 'labs/two/b.ts': 'b' } }]);
    const labs = await read(dir);
    expect(labs.get('one')!.files).toEqual({ status: 'refused', reason: 'labs/one/main.ts is not UTF-8 text (byte 0xe9 at offset 16): save it as UTF-8' });
    expect(labs.get('two')!.files).toEqual({ status: 'refused', reason: `labs/two/a.ts is ${formatBytes(MAX_FILE_BYTES + 1)}, over the 1 MiB limit of a lab file` });
  });

  it('refuses a hand-made tree with a name git refuses or an entry listed twice', async () => {
    const dir = repo([{ message: 'base', time: T0, files: { 'labs/one/main.ts': 'ok', 'labs/two/a.ts': 'a', 'labs/two/b.ts': 'b' } }]);
    const evil = writeBlob(dir, 'export const pwned = true;\n');
    const tip = treeOf(dir, 'HEAD');
    // labs/one holds "..", and labs/two lists a.ts twice (a link and a file).
    let tree = replaceInTree(dir, tip, 'labs/one', [...lsTree(dir, treeOf(dir, 'HEAD', 'labs/one')), { mode: '100644', name: '..', oid: evil }]);
    tree = replaceInTree(dir, tree, 'labs/two', [{ mode: '100644', name: 'a.ts', oid: evil }, { mode: '120000', name: 'a.ts', oid: writeBlob(dir, '/etc/passwd') }, ...lsTree(dir, treeOf(dir, 'HEAD', 'labs/two')).filter((e) => e.name !== 'a.ts')]);
    commitTree(dir, tree, commitOf(dir), 'crafted', T0 + 10);
    const labs = await read(dir);
    expect(labs.get('one')!.files).toEqual({ status: 'refused', reason: 'labs/one holds an entry named "..", a name git refuses (it could reach outside the repository)' });
    expect(labs.get('two')!.files).toEqual({ status: 'refused', reason: 'labs/two/a.ts is listed 2 times in its folder (a hand-made tree)' });
  });

  it('refuses the repository when its top folder holds an unsafe name', async () => {
    const dir = repo([{ message: 'base', time: T0, files: { 'labs/one/main.ts': 'ok' } }]);
    const tree = writeRawTree(dir, [...lsTree(dir, treeOf(dir, 'HEAD')), { mode: '40000', name: '.git', oid: treeOf(dir, 'HEAD', 'labs') }]);
    commitTree(dir, tree, commitOf(dir), 'crafted', T0 + 10);
    await expect(read(dir)).rejects.toThrow('the top folder holds an entry named ".git"');
  });
});

function commitOf(dir: string): string {
  return fs.readFileSync(join(dir, '.git/refs/heads/main'), 'utf8').trim();
}

describe('readLabs: attempts and last activity from the history', () => {
  it('counts the commits that change report.json, and dates the last change under labs/<lab>/', async () => {
    const dir = repo([
      { message: 'starter', time: T0, files: { 'labs/one/main.ts': 'v0' } },
      { message: 'grade 1', time: T0 + 100, files: { 'labs/one/main.ts': 'v1', 'labs/one/report.json': 'r1' } },
      { message: 'unrelated', time: T0 + 200, files: { 'README.md': 'notes' } },
      { message: 'grade 2', time: T0 + 300, files: { 'labs/one/report.json': 'r2' } },
      { message: 'edit only', time: T0 + 400, files: { 'labs/one/main.ts': 'v2' } },
      { message: 'same record again', time: T0 + 500, files: { 'labs/one/report.json': 'r2' } },
    ]);
    const one = (await read(dir, [ONE])).get('one')!;
    expect(one.attempts).toBe(2);
    expect(one.lastActivity).toBe(new Date((T0 + 400) * 1000).toISOString());
  });

  it('counts a change merged in once, not again at the merge', async () => {
    const dir = repo([{ message: 'starter', time: T0, files: { 'labs/one/main.ts': 'v0' } }]);
    const git = (args: string[]) => execGit(dir, args);
    git(['checkout', '-q', '-b', 'side']);
    commit(dir, { message: 'grade on a branch', time: T0 + 100, files: { 'labs/one/report.json': 'r1' } });
    git(['checkout', '-q', 'main']);
    commit(dir, { message: 'notes', time: T0 + 200, files: { 'NOTES.md': 'n' } });
    git(['merge', '-q', '--no-ff', '--no-edit', 'side']);
    const one = (await read(dir, [ONE])).get('one')!;
    expect(one.attempts).toBe(1);
  });

  it('has no attempts and no activity for a lab nobody touched', async () => {
    const dir = repo([{ message: 'readme', time: T0, files: { 'README.md': 'x' } }]);
    const one = (await read(dir, [ONE])).get('one')!;
    expect(one).toMatchObject({ attempts: 0, lastActivity: null });
  });
});

function execGit(dir: string, args: string[]): void {
  // Plain git porcelain on a repository on disk (no server involved).
  const env = { PATH: process.env.PATH ?? '', HOME: dir, GIT_AUTHOR_DATE: `@${T0 + 300} +0000`, GIT_COMMITTER_DATE: `@${T0 + 300} +0000` };
  execFileSync('git', ['-C', dir, '-c', 'user.name=L', '-c', 'user.email=l@example.com', ...args], { env });
}
