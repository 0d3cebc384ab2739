import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, type GitServer } from '../fixtures/git-server';

let server: GitServer;
beforeAll(async () => {
  server = await startGitServer({ token: 's3cret' });
});
afterAll(() => server.close());

const onAuth = () => ({ username: 'learner', password: 's3cret' });

describe('the test git server', () => {
  it('takes a push from isomorphic-git and serves it to the git CLI', async () => {
    const url = server.createRepo('ada');
    const dir = mkdtempSync(join(tmpdir(), 'push-'));
    await git.init({ fs, dir, defaultBranch: 'main' });
    writeFileSync(join(dir, 'hello.txt'), 'hi\n');
    await git.add({ fs, dir, filepath: 'hello.txt' });
    await git.commit({ fs, dir, message: 'first', author: { name: 'Ada', email: 'ada@example.com' } });
    const pushed = await git.push({ fs, http, dir, url, ref: 'main', onAuth });
    expect(pushed.ok).toBe(true);
    const clone = mkdtempSync(join(tmpdir(), 'clone-'));
    // Not execFileSync: the server runs in this process and must keep answering.
    await promisify(execFile)('git', ['clone', '--quiet', url.replace('http://', 'http://learner:s3cret@'), clone]);
    expect(readFileSync(join(clone, 'hello.txt'), 'utf8')).toBe('hi\n');
  });

  it('refuses requests without the token, with 401', async () => {
    server.createRepo('bob');
    const res = await fetch(`${server.url}/bob.git/info/refs?service=git-upload-pack`);
    expect(res.status).toBe(401);
    await expect(git.getRemoteInfo({ http, url: `${server.url}/bob.git` })).rejects.toThrow(/401/);
  });

  it('answers CORS preflights, so a browser can push', async () => {
    const res = await fetch(`${server.url}/ada.git/git-receive-pack`, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });
});
