/**
 * Types for serve-handler.mjs, which stays plain JavaScript so `npm start`
 * runs on Node without a TypeScript loader. See the .mjs for the contracts.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export declare const MIME_TYPES: Readonly<Record<string, string>>;

export declare function contentType(filePath: string): string;

export declare class MissingRootError extends Error {
  constructor(root: string);
  readonly root: string;
}

export declare function resolveRoot(root: string): Promise<string>;

export type ResolvedRequest =
  | { ok: true; filePath: string; pathname: string }
  | { ok: false; status: 400 | 403 };

export declare function resolveRequest(realRoot: string, rawTarget: string | undefined): ResolvedRequest;

export declare function createHandler(realRoot: string): (req: IncomingMessage, res: ServerResponse) => void;

export declare function displayUrl(host: string, port: number): string;

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

export declare function startServer(options: { root: string; port?: number; host?: string }): Promise<RunningServer>;
