import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRequest, ResponseSink } from '../../../engine/apiserver/handler/types';
import { clusterPki } from '../pki/x509';
import { createFront, MAX_BODY_BYTES } from './http';

const pki = clusterPki();
const seen: ApiRequest[] = [];
let cancelled = 0;
let port = 0;
const watchers: ResponseSink[] = [];

const server = createFront({ keyPem: pki.server.keyPem, certPem: pki.server.certPem, caPem: pki.ca.certPem }, (req, sink) => {
  seen.push(req);
  if (req.query.watch === 'true') {
    sink.respond({ status: 200, headers: {}, body: null });
    watchers.push(sink);
    return { cancel: () => void cancelled++ };
  }
  if (req.path === '/healthz') return sink.respond({ status: 200, headers: {}, body: 'ok' });
  if (req.path === '/boom') throw new Error('kaboom');
  sink.respond({ status: 201, headers: {}, body: { kind: 'Pod', echo: req.body ?? null } });
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => server.close());

interface Sent {
  status: number;
  type: string;
  body: string;
}

function send(path: string, opts: { method?: string; body?: string | Buffer; cert?: boolean; token?: string; type?: string } = {}): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: opts.method ?? 'GET',
        ca: pki.ca.certPem,
        ...(opts.cert ? { cert: pki.admin.certPem, key: pki.admin.keyPem } : {}),
        headers: {
          'user-agent': 'kubectl/v1.32.0 (test)',
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(opts.type ? { 'content-type': opts.type } : {}),
        },
        agent: false,
      },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('the front’s transport', () => {
  it('passes the client certificate’s CN and O, the path, the query and the body', async () => {
    const r = await send('/api/v1/namespaces/default/pods?labelSelector=app%3Dweb&limit=5', { method: 'POST', body: '{"a":1}', cert: true });
    expect(r).toMatchObject({ status: 201, type: 'application/json' });
    expect(JSON.parse(r.body)).toEqual({ kind: 'Pod', echo: '{"a":1}' });
    const req = seen.at(-1)!;
    expect(req).toMatchObject({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      query: { labelSelector: 'app=web', limit: '5' },
      credentials: { clientCertificate: { commonName: 'kubernetes-admin', organizations: ['system:masters'] } },
      sourceIP: '127.0.0.1',
      userAgent: 'kubectl/v1.32.0 (test)',
    });
  });

  it('passes a bearer token, and no certificate when none was presented', async () => {
    await send('/api', { token: 'abc.def' });
    expect(seen.at(-1)!.credentials).toEqual({ bearerToken: 'abc.def' });
  });

  it('serves text bodies as text', async () => {
    expect(await send('/healthz')).toEqual({ status: 200, type: 'text/plain; charset=utf-8', body: 'ok' });
  });

  it('answers a handler that throws with a 500 Status', async () => {
    const r = await send('/boom');
    expect(r.status).toBe(500);
    expect(JSON.parse(r.body)).toMatchObject({ kind: 'Status', reason: 'InternalError', message: 'Internal error occurred: kaboom' });
  });

  it('passes a protobuf body byte for byte, as a binary string (one char per byte)', async () => {
    const bytes = Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff, 0x80, 0xc3, 0x28]);
    const r = await send('/api/v1/namespaces', { method: 'POST', body: bytes, type: 'application/vnd.kubernetes.protobuf' });
    expect(r.status).toBe(201);
    const body = seen.at(-1)!.body!;
    expect(Array.from(body, (c) => c.charCodeAt(0))).toEqual([...bytes]);
  });

  it('refuses any other body that is not UTF-8 with 400', async () => {
    const before = seen.length;
    const r = await send('/api/v1/namespaces', { method: 'POST', body: Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), type: 'application/json' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ reason: 'BadRequest', message: 'the request body is not UTF-8' });
    expect(seen.length).toBe(before);
  });

  it('refuses a body over the API server’s limit with 413', async () => {
    const r = await send('/api/v1/namespaces/default/configmaps', { method: 'POST', body: Buffer.alloc(MAX_BODY_BYTES + 1, 0x61) });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ reason: 'RequestEntityTooLarge', code: 413 });
  });

  it('streams a watch as JSON lines, and cancels it when the client goes away', async () => {
    const lines: string[] = [];
    const before = cancelled;
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/v1/pods?watch=true', ca: pki.ca.certPem, agent: false }, (res) => {
        expect(res.headers['transfer-encoding']).toBe('chunked');
        let buf = '';
        res.on('data', (d) => {
          buf += d;
          const parts = buf.split('\n');
          buf = parts.pop()!;
          lines.push(...parts);
          if (lines.length === 2) {
            req.destroy();
            setTimeout(resolve, 100);
          }
        });
        const sink = watchers.at(-1)!;
        sink.event!({ type: 'ADDED', object: { kind: 'Pod', metadata: { name: 'a' } } });
        sink.event!({ type: 'DELETED', object: { kind: 'Pod', metadata: { name: 'a' } } });
      });
      req.on('error', (e) => (lines.length === 2 ? undefined : reject(e)));
      req.end();
    });
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['ADDED', 'DELETED']);
    expect(cancelled).toBe(before + 1);
  });
});
