import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git';
import { scanUploadPackResponse, type PackLimits } from './pack-scan';

/**
 * cappedHttp is isomorphic-git's HTTP client for fetching one learner's
 * repository (built on fetch): every request has a time limit, all responses
 * together stay under `maxBytes`, and a fetched pack is checked against
 * `pack` limits before isomorphic-git unpacks it. Breaking a limit throws
 * FetchLimitError, which the roster reports as that learner's refusal.
 */
export function cappedHttp(limits: { maxBytes: number; timeoutMs: number; pack: PackLimits }): HttpClient {
  let received = 0;
  return {
    async request(req: GitHttpRequest): Promise<GitHttpResponse> {
      const body = req.body ? await collect(req.body) : undefined;
      const signal = AbortSignal.timeout(limits.timeoutMs);
      let res: Response;
      try {
        res = await fetch(req.url, { method: req.method ?? 'GET', headers: req.headers, body: body as Uint8Array<ArrayBuffer> | undefined, signal, redirect: 'follow' });
      } catch (e) {
        throw new FetchError(describeFetchFailure(req.url, e, limits.timeoutMs));
      }
      const chunks: Uint8Array[] = [];
      if (res.body) {
        const reader = res.body.getReader();
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            received += value.byteLength;
            if (received > limits.maxBytes) {
              await reader.cancel();
              throw new FetchLimitError(`the repository is over the ${(limits.maxBytes / 1024 / 1024).toFixed(0)} MiB download limit (--max-repo-mb)`);
            }
            chunks.push(value);
          }
        } catch (e) {
          if (e instanceof FetchLimitError) throw e;
          throw new FetchError(describeFetchFailure(req.url, e, limits.timeoutMs));
        }
      }
      const data = concat(chunks);
      if (res.ok && /x-git-upload-pack-result/.test(res.headers.get('content-type') ?? '')) scanUploadPackResponse(data, limits.pack);
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => (headers[k] = v));
      return { url: res.url, method: req.method, statusCode: res.status, statusMessage: res.statusText, headers, body: once(data) };
    },
  };
}

/** FetchLimitError is a repository over a download or pack limit. */
export class FetchLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FetchLimitError';
  }
}

/** FetchError is a repository that could not be reached; the message names the cause. */
export class FetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FetchError';
  }
}

function describeFetchFailure(url: string, e: unknown, timeoutMs: number): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `${origin(url)} did not answer within ${Math.round(timeoutMs / 1000)} s`;
  const code = err.cause?.code;
  const why =
    code === 'ECONNREFUSED'
      ? 'connection refused'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'no such host'
        : code === 'ECONNRESET'
          ? 'connection reset'
          : (err.cause?.message ?? err.message);
  return `cannot reach ${origin(url)}: ${why}`;
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

async function collect(body: AsyncIterableIterator<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of body) parts.push(part);
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

async function* once(data: Uint8Array): AsyncIterableIterator<Uint8Array> {
  if (data.byteLength > 0) yield data;
}
