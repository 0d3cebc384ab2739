/**
 * serve-handler: the request logic behind `npm start`, kept out of the entry
 * point (cli/serve.mjs) so tests can start it on an ephemeral port.
 *
 * Dependency-free on purpose: `npm start` must work from a plain clone with
 * nothing but Node and the built dist/ folder.
 */
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/**
 * MIME_TYPES maps a lower-case file extension to its Content-Type.
 * `.ts` is text/plain: lab starter files are shown as source, and browsers
 * would otherwise guess video/mp2t (MPEG transport stream) from the extension.
 */
export const MIME_TYPES = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.mts': 'text/plain; charset=utf-8',
  '.yaml': 'text/plain; charset=utf-8',
  '.yml': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  // Pagefind's index files are opaque binary chunks fetched by its own loader.
  '.pagefind': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
});

/** contentType returns the Content-Type for a file path; unknown extensions are application/octet-stream. */
export function contentType(filePath) {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** MissingRootError says the folder to serve does not exist: the site has not been built. */
export class MissingRootError extends Error {
  constructor(root) {
    super(`kube-internals: ${root} does not exist or is not a folder; run npm run build first.`);
    this.name = 'MissingRootError';
    this.root = root;
  }
}

/**
 * resolveRoot returns the real path of `root`, or throws MissingRootError when
 * it is not a directory. The real path matters: the containment check in
 * resolveRequest compares real paths, so a symlinked dist/ still works.
 */
export async function resolveRoot(root) {
  try {
    const real = await realpath(root);
    if ((await stat(real)).isDirectory()) return real;
  } catch {
    // fall through: a missing folder and a file in its place get the same advice
  }
  throw new MissingRootError(root);
}

/**
 * resolveRequest maps a raw request target (`/a/b?x`) to a path under
 * `realRoot`, without touching the disk.
 *
 * Returns `{ ok: true, filePath, pathname }`, or `{ ok: false, status }` with
 * 400 for a malformed target and 403 for anything that tries to leave the
 * root. The raw target is checked, not a WHATWG-normalized URL, because
 * normalization silently turns `/../x` into `/x` and hides the attempt; and
 * the check runs after percent-decoding, so `..%2f` and `%2e%2e` are caught.
 */
export function resolveRequest(realRoot, rawTarget) {
  const target = String(rawTarget ?? '');
  const end = target.search(/[?#]/);
  const rawPath = end === -1 ? target : target.slice(0, end);
  if (!rawPath.startsWith('/')) return { ok: false, status: 400 };
  let pathname;
  try {
    pathname = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 400 };
  }
  if (pathname.includes('\0')) return { ok: false, status: 400 };
  // A backslash is a separator on Windows; refusing it keeps one rule everywhere.
  if (pathname.includes('\\')) return { ok: false, status: 403 };
  if (pathname.split('/').some((segment) => segment === '..')) return { ok: false, status: 403 };
  const filePath = path.join(realRoot, pathname);
  if (!isInside(realRoot, filePath)) return { ok: false, status: 403 };
  return { ok: true, filePath, pathname };
}

/** isInside reports whether `candidate` is `root` itself or lies below it. */
function isInside(root, candidate) {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * createHandler returns a node:http request listener that serves the files
 * under `realRoot` (already resolved by resolveRoot).
 *
 * Contract: GET and HEAD only (405 otherwise); a directory is served through
 * its index.html, and a directory URL without a trailing slash is redirected
 * (301) to one, so relative links inside the page resolve; a missing file is a
 * 404 with `<root>/404.html` as the body when present; escaping the root,
 * also through a symlink, is a 403.
 */
export function createHandler(realRoot) {
  return function handle(req, res) {
    serve(realRoot, req, res).catch((error) => {
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error');
      else res.destroy(error);
    });
  };
}

async function serve(realRoot, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendText(res, 405, 'Method Not Allowed');
    return;
  }
  const resolved = resolveRequest(realRoot, req.url);
  if (!resolved.ok) {
    sendText(res, resolved.status, resolved.status === 403 ? 'Forbidden' : 'Bad Request');
    return;
  }
  let filePath = resolved.filePath;
  let info = await statOrNull(filePath);
  if (info?.isDirectory()) {
    if (!resolved.pathname.endsWith('/')) {
      const query = req.url.slice(req.url.split(/[?#]/)[0].length);
      res.statusCode = 301;
      res.setHeader('Location', `${encodePath(resolved.pathname)}/${query}`);
      res.end();
      return;
    }
    filePath = path.join(filePath, 'index.html');
    info = await statOrNull(filePath);
  }
  if (!info?.isFile()) {
    await sendNotFound(realRoot, req, res);
    return;
  }
  // Checked on the real path so a symlink inside dist/ cannot point outside it.
  const real = await realpath(filePath);
  if (!isInside(realRoot, real)) {
    sendText(res, 403, 'Forbidden');
    return;
  }
  await sendFile(req, res, 200, real, info.size, cacheControl(resolved.pathname));
}

/** cacheControl lets browsers keep Astro's content-hashed assets; everything else is revalidated. */
function cacheControl(pathname) {
  return pathname.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

async function sendNotFound(realRoot, req, res) {
  const page = path.join(realRoot, '404.html');
  const info = await statOrNull(page);
  if (info?.isFile()) {
    await sendFile(req, res, 404, page, info.size, 'no-cache');
    return;
  }
  sendText(res, 404, 'Not Found');
}

async function sendFile(req, res, status, filePath, size, cache) {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType(filePath));
  res.setHeader('Content-Length', size);
  res.setHeader('Cache-Control', cache);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(createReadStream(filePath), res);
}

function sendText(res, status, text) {
  const body = `${status} ${text}\n`;
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

async function statOrNull(filePath) {
  try {
    return await stat(filePath);
  } catch (error) {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR' || error.code === 'ENAMETOOLONG') return null;
    throw error;
  }
}

/** encodePath percent-encodes each segment of a decoded path for a Location header. */
function encodePath(pathname) {
  return pathname.split('/').map(encodeURIComponent).join('/');
}

/**
 * displayUrl is the address to print for a listening server: loopback and
 * wildcard binds print as localhost, which is what a person types.
 */
export function displayUrl(host, port) {
  const local = ['127.0.0.1', '::1', 'localhost', '0.0.0.0', '::', ''].includes(host);
  const name = local ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}/`;
}

/**
 * startServer serves `root` on `host`:`port` (port 0 picks a free one).
 *
 * Resolves to `{ server, port, url, close }` once listening; rejects with
 * MissingRootError when `root` is not a folder, or with the listen error
 * (EADDRINUSE, EACCES). `close()` stops accepting, drops idle keep-alive
 * connections so shutdown is immediate, and resolves when the server is closed.
 */
export async function startServer({ root, port = 4321, host = '127.0.0.1' }) {
  const realRoot = await resolveRoot(root);
  const server = createServer(createHandler(realRoot));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  return {
    server,
    port: actualPort,
    url: displayUrl(host, actualPort),
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
