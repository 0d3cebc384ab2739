import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import http from 'isomorphic-git/http/web';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../../graders/core/report';
import { startGitServer, type GitServer } from '../../../tests/fixtures/git-server';
import { git } from './git';
import { basicAuth, checkRemoteUrl, explainPushError, pushBranch } from './push';
import { tempWorkspace, type TempWorkspace } from './testing';

const run = promisify(execFile);
const TOKEN = 's3cret';
let server: GitServer;
let t: TempWorkspace;
const dirs: string[] = [];
beforeAll(async () => {
  server = await startGitServer({ token: TOKEN });
});
afterAll(() => server.close());
afterEach(() => {
  t?.remove();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const withToken = (url: string) => url.replace('http://', `http://learner:${TOKEN}@`);

async function graded(): Promise<TempWorkspace> {
  const w = tempWorkspace();
  const report = buildReport('a', '7', [{ id: 's', title: 's', visible: true, passed: true, message: 'ok', replay: '' }], 10);
  await w.ws.recordAttempt(report, { 'labs/a/x.ts': 'export const x = 1;\n' });
  return w;
}

/** clone clones a remote with the git CLI (not execFileSync: the server runs in this process). */
async function clone(url: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pushed-'));
  dirs.push(dir);
  await run('git', ['clone', '--quiet', withToken(url), join(dir, 'c')]);
  return join(dir, 'c');
}

describe('pushBranch against a real git server', () => {
  it('pushes the branch, and git clones it with the graded file and its record', async () => {
    t = await graded();
    const url = server.createRepo('ok');
    const outcome = await pushBranch(t.repo, http, { url, user: '', token: TOKEN });
    expect(outcome).toEqual({ ok: true, oid: await t.repo.head() });
    const c = await clone(url);
    expect(readFileSync(join(c, 'labs/a/x.ts'), 'utf8')).toBe('export const x = 1;\n');
    expect(JSON.parse(readFileSync(join(c, 'labs/a/report.json'), 'utf8'))).toMatchObject({ schema: 1, lab: 'a', report: { seed: '7', passed: true } });
  });

  it('says plainly when the token is wrong, and leaves the repository as it was', async () => {
    t = await graded();
    const before = await t.repo.head();
    const record = readFileSync(join(t.dir, 'labs/a/report.json'), 'utf8');
    const outcome = await pushBranch(t.repo, http, { url: server.createRepo('auth'), user: 'learner', token: 'wrong' });
    expect(outcome).toMatchObject({ ok: false, failure: 'auth' });
    expect(!outcome.ok && outcome.message).toMatch(/refused the token \(HTTP 401 Unauthorized\).*unchanged/);
    expect(await t.repo.head()).toBe(before);
    expect(readFileSync(join(t.dir, 'labs/a/report.json'), 'utf8')).toBe(record);
    expect(t.git('for-each-ref', '--format=%(refname)')).toBe('refs/heads/main\n');
  });

  it('refuses to overwrite commits the remote has and this repository lacks', async () => {
    const url = server.createRepo('diverged');
    // Someone else pushed first.
    const other = tempWorkspace();
    dirs.push(other.dir);
    await other.repo.commitFiles({ 'labs/a/x.ts': 'theirs\n' }, 'theirs\n');
    expect((await pushBranch(other.repo, http, { url, user: '', token: TOKEN })).ok).toBe(true);
    t = await graded();
    const outcome = await pushBranch(t.repo, http, { url, user: '', token: TOKEN });
    expect(outcome).toMatchObject({ ok: false, failure: 'rejected' });
    expect(!outcome.ok && outcome.message).toMatch(/not a fast-forward/);
    expect(readFileSync(join(await clone(url), 'labs/a/x.ts'), 'utf8')).toBe('theirs\n');
  });

  it('says when there is no repository at the URL', async () => {
    t = await graded();
    expect(await pushBranch(t.repo, http, { url: `${server.url}/nobody.git`, user: '', token: TOKEN })).toMatchObject({ ok: false, failure: 'not-found' });
  });

  it('says when the server cannot be reached', async () => {
    t = await graded();
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const outcome = await pushBranch(t.repo, http, { url: `http://127.0.0.1:${port}/x.git`, user: '', token: TOKEN });
    expect(outcome).toMatchObject({ ok: false, failure: 'network' });
    expect(!outcome.ok && outcome.message).toMatch(/Could not reach http:\/\/127\.0\.0\.1:\d+\/x\.git.*CORS/);
  });

  it('has nothing to push before the first commit, and checks the URL first', async () => {
    t = tempWorkspace();
    expect(await pushBranch(t.repo, http, { url: server.createRepo('empty'), user: '', token: TOKEN })).toMatchObject({ ok: false, failure: 'nothing' });
    expect(await pushBranch(t.repo, http, { url: 'ftp://x/y.git', user: '', token: TOKEN })).toMatchObject({ ok: false, failure: 'bad-url' });
  });
});

describe('explainPushError', () => {
  const url = 'https://git.example/ada.git';
  const httpError = (statusCode: number) => new git.Errors.HttpError(statusCode, 'x', '');

  it('names each HTTP refusal', () => {
    expect(explainPushError(httpError(401), url).failure).toBe('auth');
    expect(explainPushError(httpError(403), url)).toMatchObject({ failure: 'forbidden', message: expect.stringMatching(/HTTP 403 Forbidden/) });
    expect(explainPushError(httpError(404), url).failure).toBe('not-found');
    expect(explainPushError(httpError(500), url)).toMatchObject({ failure: 'other', message: expect.stringMatching(/HTTP 500/) });
  });

  it('explains a rejected push and a web page where a repository should be', () => {
    expect(explainPushError(new git.Errors.PushRejectedError('not-fast-forward'), url).message).toMatch(/has commits this browser does not have/);
    expect(explainPushError(new git.Errors.SmartHttpError('<html>', '<html>'), url).failure).toBe('not-found');
  });

  it('calls a failed fetch a network failure, and anything else by its message', () => {
    expect(explainPushError(new TypeError('Failed to fetch'), url).failure).toBe('network');
    expect(explainPushError(new Error('disk on fire'), url)).toMatchObject({ failure: 'other', message: expect.stringMatching(/disk on fire/) });
    expect(explainPushError(undefined, url).failure).toBe('other');
  });
});

describe('checkRemoteUrl and basicAuth', () => {
  it('accepts http(s) URLs without credentials', () => {
    expect(checkRemoteUrl('https://git.example/ada.git')).toBeUndefined();
    expect(checkRemoteUrl('not a url')).toMatch(/is not a URL/);
    expect(checkRemoteUrl('ssh://git@x/y.git')).toMatch(/http:\/\/ or https:\/\//);
    expect(checkRemoteUrl('https://ada:tok@git.example/ada.git')).toMatch(/Token field/);
  });

  it('encodes user and token as UTF-8 in Basic auth', () => {
    expect(basicAuth('learner', 's3cret')).toBe(`Basic ${Buffer.from('learner:s3cret').toString('base64')}`);
    expect(basicAuth('ü', 'p')).toBe(`Basic ${Buffer.from('ü:p', 'utf8').toString('base64')}`);
  });
});
