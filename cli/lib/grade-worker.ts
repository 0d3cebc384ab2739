import threads from 'node:worker_threads';
import type { AnyLabGrader } from '../../graders/core/lab';
import type { GradeMessage, WorkerMessage } from '../../graders/core/protocol';
import { serveGrade } from '../../graders/core/worker';
import { vmRealm } from './vm-realm';

/**
 * serveGradeWorker is the body of a grading worker thread, inside the sandbox
 * process (see node-platform.ts): graders and the engine run here, lab code
 * runs in the locked-down vm contexts vmRealm makes. It grades the one
 * request it is sent and posts progress to the sandbox's relay.
 */
export function serveGradeWorker(labs: readonly AnyLabGrader[]): void {
  const port = threads.parentPort;
  if (!port) throw new Error('serveGradeWorker runs in a worker thread');
  closeHostDoors();
  // A promise lab code left rejected must not reach Node's default handler,
  // which would format (run code of) a value made inside the realm.
  process.on('unhandledRejection', () => {});
  port.once('message', (message: GradeMessage) => {
    serveGrade(message, labs, vmRealm, (m: WorkerMessage) => port.postMessage(m));
  });
}

/**
 * HOST_DOORS are what Node 20's permission model leaves open to code that got
 * out of a realm into this thread: signals to any process of the user (the
 * host's included), native bindings and addons, and more threads (each with
 * a fresh `process`). The grader needs none of them.
 */
const HOST_DOORS = ['kill', '_kill', 'dlopen', 'binding', '_linkedBinding', 'getBuiltinModule', 'chdir', 'umask'] as const;

/** closeHostDoors replaces HOST_DOORS and the Worker constructor with refusals, for good. */
function closeHostDoors(): void {
  const refuse = (what: string) =>
    function refused(): never {
      throw Object.assign(new Error(`${what} is not available in the grading sandbox`), { code: 'ERR_ACCESS_DENIED' });
    };
  for (const name of HOST_DOORS) {
    Object.defineProperty(process, name, { value: refuse(`process.${name}`), writable: false, enumerable: false, configurable: false });
  }
  Object.defineProperty(threads, 'Worker', { value: refuse('new Worker'), writable: false, enumerable: true, configurable: false });
}
