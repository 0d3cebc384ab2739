/**
 * grade-worker is the body of a lab page's grading worker (a module Web
 * Worker): it grades the one request it is sent with serveGrade, the same
 * body the CLI's worker threads run, and the worker's own realm for lab code
 * (localRealm). The page's session terminates it when lab code runs too long.
 */
import type { GradeMessage, WorkerMessage } from '../../../graders/core/protocol';
import { localRealm } from '../../../graders/core/realm/local';
import { serveGrade } from '../../../graders/core/worker';
import { labs } from '../../../graders/registry';

/** WorkerScope is the part of the worker's global scope used here (the project compiles against DOM types). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<GradeMessage>) => void) | null;
  postMessage(message: WorkerMessage): void;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = (event) => {
  scope.onmessage = null;
  serveGrade(event.data, labs, localRealm, (m) => scope.postMessage(m));
};
