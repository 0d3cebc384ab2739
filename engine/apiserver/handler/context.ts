/**
 * What every REST operation of one request shares: the resource, its
 * storage, the caller, the parsed request and the server's services
 * (clock, rng, admission, loopback for controllers).
 */
import type { UserInfo } from '../auth/types';
import type { AdmissionChain } from '../admission/types';
import type { StatusError } from '../errors';
import type { ResourceDef } from '../registry/types';
import type { RequestInfo } from '../requestinfo';
import type { Rng } from '../../sim/rng';
import type { ResourceStorage } from '../storage/types';
import type { ApiResponse, ResponseSink } from './types';

/** ServerServices are the server-wide services REST operations use. */
export interface ServerServices {
  /** now is the current time in Unix milliseconds. */
  now(): number;
  rng: Rng;
  admission: AdmissionChain;
  /** after schedules fn (watch timeouts). */
  after(delayMs: number, fn: () => void): { cancel(): void };
}

/** Call is one request at the REST layer. */
export interface Call {
  def: ResourceDef;
  storage: ResourceStorage;
  info: RequestInfo;
  user: UserInfo;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
  sink: ResponseSink;
  services: ServerServices;
}

/** JSON_HEADERS are the headers of a JSON answer. */
export const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'content-type': 'application/json' });

/** ok answers with a JSON body. */
export function ok(call: Pick<Call, 'sink'>, status: number, body: unknown): void {
  call.sink.respond({ status, headers: { ...JSON_HEADERS }, body } satisfies ApiResponse);
}

/** fail answers with a StatusError's Status. */
export function fail(call: Pick<Call, 'sink'>, err: StatusError): void {
  call.sink.respond({ status: err.status.code, headers: { ...JSON_HEADERS }, body: err.status });
}
