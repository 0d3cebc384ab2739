/**
 * describeRequest shows an ApiRequest as the reader should see it: the
 * request line, who it claims to be from (what the TLS handshake or the
 * Authorization header carried), and the body.
 */
import type { Credentials } from '../../../engine/apiserver/auth/types';
import type { ApiRequest } from '../../../engine/apiserver/handler/types';

export interface RequestView {
  method: string;
  /** target is the path with its query string, as on the request line. */
  target: string;
  /** credentials describes what the client presented. */
  credentials: string;
  /** body is the request body, pretty-printed when it is JSON. */
  body?: string;
}

/** credentialsText says what credentials a request carries; a token shows only its first 4 characters. */
export function credentialsText(c: Credentials): string {
  if (c.clientCertificate) {
    const o = c.clientCertificate.organizations.map((x) => `, O=${x}`).join('');
    return `client certificate CN=${c.clientCertificate.commonName}${o}`;
  }
  if (c.bearerToken) return `Authorization: Bearer ${c.bearerToken.slice(0, 4)}…`;
  return 'no credentials';
}

export function describeRequest(req: ApiRequest): RequestView {
  const query = Object.entries(req.query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  let body: string | undefined;
  if (req.body !== undefined) {
    try {
      body = JSON.stringify(JSON.parse(req.body), null, 2);
    } catch {
      body = req.body;
    }
  }
  return {
    method: req.method,
    target: query ? `${req.path}?${query}` : req.path,
    credentials: credentialsText(req.credentials),
    ...(body === undefined ? {} : { body }),
  };
}
