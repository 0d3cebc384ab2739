import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MissingRootError, resolveRequest, startServer, type RunningServer } from './serve-handler.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/** makeSite writes a small stand-in for dist/ under a fresh temp folder, with a secret beside it. */
function makeSite(withNotFoundPage = true): { base: string; root: string } {
  const base = mkdtempSync(path.join(tmpdir(), 'kube-internals-serve-'));
  const root = path.join(base, 'dist');
  const files: Record<string, string> = {
    'index.html': '<h1>home</h1>',
    'etcd/raft/index.html': '<h1>raft</h1>',
    '_astro/app.1a2b3c.js': 'console.log(1)',
    'pagefind/pagefind.js': 'export {}',
    'lib/module.mjs': 'export const x = 1',
    'engine.wasm': '\0asm',
    'data.json': '{"a":1}',
    'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'fonts/inter.woff2': 'wOF2',
    'labs/etcd-quorum/raft.ts': 'export const n: number = 1;',
    'with space/index.html': '<h1>spaced</h1>',
  };
  if (withNotFoundPage) files['404.html'] = '<h1>custom not found</h1>';
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), body);
  }
  writeFileSync(path.join(base, 'secret.txt'), 'top secret');
  return { base, root };
}

/** rawGet sends a request target exactly as written (fetch would normalize `..` away). */
function rawGet(port: number, target: string, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.setTimeout(5_000, () => req.destroy(new Error(`timed out: ${target}`)));
    req.on('error', reject);
    req.end();
  });
}

describe('serve-handler', () => {
  let site: { base: string; root: string };
  let running: RunningServer;

  beforeAll(async () => {
    site = makeSite();
    symlinkSync(path.join(site.base, 'secret.txt'), path.join(site.root, 'leak.txt'));
    running = await startServer({ root: site.root, port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await running?.close();
    rmSync(site.base, { recursive: true, force: true });
  });

  it('serves index.html at the root', async () => {
    const res = await rawGet(running.port, '/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toBe('<h1>home</h1>');
  });

  it('serves a nested page through its directory index', async () => {
    const res = await rawGet(running.port, '/etcd/raft/');
    expect(res.status).toBe(200);
    expect(res.body).toBe('<h1>raft</h1>');
  });

  it('redirects a directory without a trailing slash, keeping the query', async () => {
    const res = await rawGet(running.port, '/etcd/raft?x=1');
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('/etcd/raft/?x=1');
  });

  it('decodes percent-encoded paths', async () => {
    const res = await rawGet(running.port, '/with%20space/');
    expect(res.status).toBe(200);
    expect(res.body).toBe('<h1>spaced</h1>');
  });

  it.each([
    ['/_astro/app.1a2b3c.js', 'text/javascript; charset=utf-8'],
    ['/lib/module.mjs', 'text/javascript; charset=utf-8'],
    ['/engine.wasm', 'application/wasm'],
    ['/data.json', 'application/json; charset=utf-8'],
    ['/favicon.svg', 'image/svg+xml'],
    ['/fonts/inter.woff2', 'font/woff2'],
    ['/labs/etcd-quorum/raft.ts', 'text/plain; charset=utf-8'],
  ])('serves %s as %s', async (target, type) => {
    const res = await rawGet(running.port, target);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
  });

  it('lets browsers cache hashed assets but revalidate pages', async () => {
    expect((await rawGet(running.port, '/_astro/app.1a2b3c.js')).headers['cache-control']).toContain('immutable');
    expect((await rawGet(running.port, '/')).headers['cache-control']).toBe('no-cache');
  });

  it('answers HEAD with headers and no body', async () => {
    const res = await rawGet(running.port, '/data.json', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('7');
    expect(res.body).toBe('');
  });

  it('refuses other methods with 405', async () => {
    const res = await rawGet(running.port, '/', 'POST');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('answers a missing file with 404 and the site 404 page', async () => {
    const res = await rawGet(running.port, '/no/such/page/');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toBe('<h1>custom not found</h1>');
  });

  it.each(['/../secret.txt', '/etcd/../../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/..%5csecret.txt', '/etcd%2f..%2f..%2fsecret.txt'])(
    'refuses the traversal %s with 403',
    async (target) => {
      const res = await rawGet(running.port, target);
      expect(res.status).toBe(403);
      expect(res.body).not.toContain('top secret');
    },
  );

  it('refuses a symlink that points outside the root', async () => {
    const res = await rawGet(running.port, '/leak.txt');
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('top secret');
  });

  it('rejects a malformed escape with 400', async () => {
    expect((await rawGet(running.port, '/%E0%A4%A')).status).toBe(400);
  });
});

describe('resolveRequest', () => {
  it('keeps query strings out of the file path', () => {
    expect(resolveRequest('/srv/dist', '/a/b.html?c=../../d')).toEqual({ ok: true, filePath: '/srv/dist/a/b.html', pathname: '/a/b.html' });
  });

  it('rejects targets that are not origin-form paths', () => {
    expect(resolveRequest('/srv/dist', 'http://evil/')).toEqual({ ok: false, status: 400 });
    expect(resolveRequest('/srv/dist', '/a%00b')).toEqual({ ok: false, status: 400 });
  });
});

describe('startServer', () => {
  it('serves plain-text 404s when the site has no 404 page', async () => {
    const site = makeSite(false);
    const running = await startServer({ root: site.root, port: 0 });
    try {
      const res = await rawGet(running.port, '/missing');
      expect(res.status).toBe(404);
      expect(res.body).toBe('404 Not Found\n');
    } finally {
      await running.close();
      rmSync(site.base, { recursive: true, force: true });
    }
  });

  it('fails with advice to build when the folder is missing', async () => {
    const missing = path.join(tmpdir(), 'kube-internals-no-such-dist');
    await expect(startServer({ root: missing, port: 0 })).rejects.toBeInstanceOf(MissingRootError);
    await expect(startServer({ root: missing, port: 0 })).rejects.toThrow('run npm run build first');
  });
});

/**
 * runEntry runs a copy of cli/serve.mjs from a temp project, so the test
 * controls whether a dist/ exists beside it, and collects its output.
 */
function runEntry(withDist: boolean) {
  const site = makeSite();
  const cli = path.join(site.base, 'cli');
  mkdirSync(cli);
  for (const file of ['serve.mjs', 'serve-handler.mjs']) copyFileSync(path.join(here, file), path.join(cli, file));
  if (!withDist) rmSync(site.root, { recursive: true });
  const child = spawn(process.execPath, [path.join(cli, 'serve.mjs')], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const cleanup = () => rmSync(site.base, { recursive: true, force: true });
  return { child, exited, cleanup, out: () => stdout, err: () => stderr };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the server');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('cli/serve.mjs', () => {
  it('prints one ready line, serves, and exits 0 on SIGTERM', async () => {
    const run = runEntry(true);
    try {
      await waitFor(() => run.out().includes('\n'), 10_000);
      const match = /^kube-internals is being served at http:\/\/localhost:(\d+)\/\n$/.exec(run.out());
      expect(match, run.out() + run.err()).not.toBeNull();
      const res = await rawGet(Number(match![1]), '/etcd/raft/');
      expect(res.status).toBe(200);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
      run.cleanup();
    }
  });

  it('exits 1 and says to build first when dist/ is missing', async () => {
    const run = runEntry(false);
    try {
      expect(await run.exited).toBe(1);
      expect(run.err()).toContain('run npm run build first');
      expect(run.out()).toBe('');
    } finally {
      run.cleanup();
    }
  });
});
