/**
 * postJson is how the front calls out of the simulation to a real service
 * (the token-review webhook, admission webhooks): one JSON POST over HTTP or
 * HTTPS, trusting the given CA, presenting the given credentials, bounded by
 * a timeout. It answers exactly once: the status and body text, or why
 * there is none, worded like the Go HTTP client's errors the API server
 * reports ("Post \"https://…\": connect ECONNREFUSED …").
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';

/** Endpoint is where to POST and with which trust and credentials. */
export interface Endpoint {
  url: URL;
  /** ca is the PEM bundle to trust (absent: Node's default roots). */
  ca?: string;
  cert?: string;
  key?: string;
  token?: string;
  insecure?: boolean;
}

/** PostReply is the answer: the HTTP status and body, or the transport error. */
export type PostReply = { status: number; text: string } | { error: string };

/** postJson sends body to endpoint and calls reply once. */
export function postJson(endpoint: Endpoint, body: unknown, timeoutMs: number, reply: (r: PostReply) => void): void {
  let answered = false;
  const answer = (r: PostReply) => {
    if (!answered) {
      answered = true;
      reply(r);
    }
  };
  const text = JSON.stringify(body);
  const options: RequestOptions = {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'content-length': Buffer.byteLength(text),
      ...(endpoint.token ? { authorization: `Bearer ${endpoint.token}` } : {}),
    },
    timeout: timeoutMs,
    agent: false,
    ...(endpoint.ca ? { ca: endpoint.ca } : {}),
    ...(endpoint.cert && endpoint.key ? { cert: endpoint.cert, key: endpoint.key } : {}),
    ...(endpoint.insecure ? { rejectUnauthorized: false } : {}),
  };
  const failed = (why: string) => answer({ error: `Post ${JSON.stringify(endpoint.url.href)}: ${why}` });
  let req;
  try {
    req = (endpoint.url.protocol === 'https:' ? httpsRequest : httpRequest)(endpoint.url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => failed(e.message));
      res.on('end', () => answer({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
  } catch (e) {
    // A malformed CA or key is refused when the request is built.
    return failed((e as Error).message);
  }
  req.on('timeout', () => req.destroy(new Error('context deadline exceeded (Client.Timeout exceeded while awaiting headers)')));
  req.on('error', (e) => failed(e.message));
  req.end(text);
}
