import { parentPort, workerData } from 'node:worker_threads';
import type { AnyLabGrader } from '../../graders/core/lab';
import type { GradeMessage, WorkerMessage } from '../../graders/core/protocol';
import { serveGrade } from '../../graders/core/worker';
import { vmRealm } from './vm-realm';

/**
 * The Node grading worker: graders and the engine run here, lab code runs in
 * vm contexts made by vmRealm. workerData.registry may name another registry
 * module (tests use a fixture lab); by default it is graders/registry.ts.
 */
const port = parentPort!;
const registryUrl: string = workerData?.registry ?? new URL('../../graders/registry.ts', import.meta.url).href;
const { labs } = (await import(registryUrl)) as { labs: readonly AnyLabGrader[] };
port.once('message', (message: GradeMessage) => {
  serveGrade(message, labs, vmRealm, (m: WorkerMessage) => port.postMessage(m));
});
port.postMessage({ type: 'ready' });
