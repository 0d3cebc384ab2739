/**
 * The API server's request and response messages: plain data, so they can
 * travel as messages on the simulated network, and so the HTTPS front can
 * map real REST requests onto them one to one.
 */
import type { Credentials } from '../auth/types';

/**
 * ApiRequest is one HTTP request. Header names are lower-case; a header
 * sent several times (Impersonate-Group) is joined with ", ".
 * query holds decoded query parameters. body is the request body as text,
 * except a Kubernetes protobuf body (content-type
 * application/vnd.kubernetes.protobuf), which is binary and travels as one
 * char per byte (char codes 0-255, a "binary string").
 */
export interface ApiRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
  credentials: Credentials;
  sourceIP?: string;
  userAgent?: string;
}

/**
 * ApiResponse is the answer: body is a JSON object (Status, an object, a
 * list, a Table, a discovery document), text for health endpoints
 * (content-type text/plain), or null for the 200 that starts a watch (its
 * events follow through ResponseSink.event). Every response carries an
 * audit-id header.
 */
export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** WatchEventType is watch.EventType. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** WatchEventMessage is one line of a watch stream (metav1.WatchEvent). */
export interface WatchEventMessage {
  type: WatchEventType;
  object: unknown;
}

/**
 * ResponseSink receives a request's outcome: respond exactly once; for a
 * watch that started (respond with 200), then any number of events and a
 * final end.
 */
export interface ResponseSink {
  respond(res: ApiResponse): void;
  event?(ev: WatchEventMessage): void;
  end?(): void;
}

/** Cancel stops a request in flight (a watch: no event after cancel returns). */
export interface Cancel {
  cancel(): void;
}
