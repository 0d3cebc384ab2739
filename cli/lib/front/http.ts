/**
 * http is the kubectl front's transport: HTTPS requests become the engine's
 * ApiRequests and ApiResponses become HTTP responses. Credentials come from
 * TLS (a client certificate the cluster CA signed: CN user, O groups) and
 * the Authorization header (a bearer token); what they mean is the API
 * server's business. A watch streams one JSON object per line, chunked, as
 * the real API server does, and is cancelled when the client goes away.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Credentials } from '../../../engine/apiserver/auth/types';
import type { ApiRequest, ApiResponse, Cancel, ResponseSink, WatchEventMessage } from '../../../engine/apiserver/handler/types';
import { isProtobuf } from '../../../engine/apiserver/protobuf/request';

/** MAX_BODY_BYTES is the API server's request body limit (3 MiB, apiserver's MaxRequestBodyBytes). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Handle runs one request in the simulated cluster (through the driver) and answers through the sink. */
export type Handle = (req: ApiRequest, sink: ResponseSink) => Cancel | void;

export interface FrontTls {
  keyPem: string;
  certPem: string;
  /** caPem verifies client certificates. */
  caPem: string;
}

/** credentialsOf reads a request's credentials: a verified client certificate and a bearer token. */
export function credentialsOf(req: IncomingMessage): Credentials {
  const credentials: Credentials = {};
  const socket = req.socket as TLSSocket;
  if (socket.authorized) {
    const subject = socket.getPeerCertificate()?.subject;
    if (subject) {
      const o = subject.O;
      credentials.clientCertificate = { commonName: String(subject.CN ?? ''), organizations: o === undefined ? [] : Array.isArray(o) ? o.map(String) : [String(o)] };
    }
  }
  const auth = req.headers.authorization;
  const m = auth === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(auth);
  if (m) credentials.bearerToken = m[1];
  return credentials;
}

/** toApiRequest builds an ApiRequest from an HTTP request and its body. */
export function toApiRequest(req: IncomingMessage, body: string): ApiRequest {
  const url = new URL(req.url ?? '/', 'https://front.invalid');
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return {
    method: req.method ?? 'GET',
    path: decodeURIComponent(url.pathname),
    query,
    headers,
    ...(body ? { body } : {}),
    credentials: credentialsOf(req),
    sourceIP: req.socket.remoteAddress,
    userAgent: req.headers['user-agent'],
  };
}

/** writeResponse sends an ApiResponse: text bodies as text/plain, the rest as JSON. */
export function writeResponse(res: ServerResponse, answer: ApiResponse): void {
  const text = typeof answer.body === 'string';
  const payload = text ? (answer.body as string) : JSON.stringify(answer.body);
  const headers: Record<string, string> = { 'content-type': text ? 'text/plain; charset=utf-8' : 'application/json', ...answer.headers };
  if (!text && headers['content-type']?.startsWith('text/plain')) headers['content-type'] = 'application/json';
  res.writeHead(answer.status, { ...headers, 'content-length': String(Buffer.byteLength(payload)) });
  res.end(payload);
}

/**
 * serveRequest reads the body (refusing one over MAX_BODY_BYTES with 413, as
 * the API server does) and hands the request to handle: text as UTF-8 (a
 * body that is not UTF-8 is a 400), a protobuf body as a binary string.
 */
export function serveRequest(req: IncomingMessage, res: ServerResponse, handle: Handle): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on('data', (c: Buffer) => {
    if (refused) return;
    size += c.length;
    if (size > MAX_BODY_BYTES) {
      refused = true;
      writeResponse(res, { status: 413, headers: {}, body: status(413, 'RequestEntityTooLarge', `the server has received a request that is too large (limit ${MAX_BODY_BYTES} bytes)`) });
      req.resume();
      return;
    }
    chunks.push(c);
  });
  req.on('end', () => {
    if (refused) return;
    const bytes = Buffer.concat(chunks);
    // A protobuf body is binary: it travels as one char per byte (see ApiRequest.body).
    if (isProtobuf(req.headers['content-type'])) return dispatch(toApiRequest(req, bytes.toString('latin1')), res, handle);
    let body: string;
    try {
      body = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      writeResponse(res, { status: 400, headers: {}, body: status(400, 'BadRequest', 'the request body is not UTF-8') });
      return;
    }
    dispatch(toApiRequest(req, body), res, handle);
  });
}

function dispatch(request: ApiRequest, res: ServerResponse, handle: Handle): void {
  let responded = false;
  let streaming = false;
  let cancel: Cancel | void = undefined;
  const sink: ResponseSink = {
    respond(answer) {
      if (responded || res.writableEnded) return;
      responded = true;
      // A watch that started answers 200 with no body; its events follow.
      if (answer.status === 200 && answer.body == null) {
        streaming = true;
        res.writeHead(200, { 'content-type': 'application/json', ...answer.headers, 'transfer-encoding': 'chunked' });
        res.flushHeaders();
        return;
      }
      writeResponse(res, answer);
    },
    event(ev: WatchEventMessage) {
      if (!streaming || res.writableEnded) return;
      res.write(JSON.stringify(ev) + '\n');
    },
    end() {
      if (streaming && !res.writableEnded) res.end();
    },
  };
  res.on('close', () => {
    if (!res.writableEnded || streaming) cancel?.cancel();
  });
  try {
    cancel = handle(request, sink);
  } catch (e) {
    if (!responded) writeResponse(res, { status: 500, headers: {}, body: status(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`) });
  }
}

/** status is a metav1.Status failure, for the few errors the transport itself gives. */
export function status(code: number, reason: string, message: string): object {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

/**
 * createFront makes the HTTPS server: client certificates are requested and
 * verified against the cluster CA but not required (a token, or nothing, is
 * also a way to arrive: the API server answers 401 itself).
 */
export function createFront(tls: FrontTls, handle: Handle): Server {
  return createServer({ key: tls.keyPem, cert: tls.certPem, ca: tls.caPem, requestCert: true, rejectUnauthorized: false }, (req, res) => serveRequest(req, res, handle));
}
