import type { GradeMessage, WorkerMessage } from '../../../graders/core/protocol';
import type { SessionPlatform, WorkerCallbacks, WorkerHandle } from '../../../graders/core/session';

/** WorkerLike is the part of a Web Worker the session drives. */
export interface WorkerLike {
  postMessage(message: GradeMessage): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<WorkerMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
}

/** PageClock is the page's timers and clock (the window's, in a browser). */
export interface PageClock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

/**
 * browserPlatform is the lab page's SessionPlatform: each worker is a module
 * Web Worker made by `createWorker` (its body is grade-worker.ts); timers and
 * the clock are the page's. A worker's uncaught error ends it (onExit), as a
 * dead worker thread does in Node; terminate() is how the session's watchdog
 * stops an infinite loop in lab code.
 */
export function browserPlatform(createWorker: () => WorkerLike, clock: PageClock): SessionPlatform {
  return {
    spawn(callbacks: WorkerCallbacks): WorkerHandle {
      const worker = createWorker();
      let ended = false;
      const end = (reason: string) => {
        if (ended) return;
        ended = true;
        worker.terminate();
        callbacks.onExit(reason);
      };
      worker.onmessage = (event) => {
        if (!ended) callbacks.onMessage(event.data);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        end(event.message ? `uncaught ${event.message}` : 'the worker failed to load or crashed');
      };
      worker.onmessageerror = () => end('a message from the worker could not be read');
      return {
        send: (message) => worker.postMessage(message),
        terminate: () => {
          ended = true;
          worker.terminate();
        },
      };
    },
    setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
    clearTimeout: (h) => clock.clearTimeout(h),
    now: () => clock.now(),
  };
}
