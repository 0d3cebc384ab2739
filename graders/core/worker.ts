import type { AnyLabGrader } from './lab';
import type { GradeMessage, WorkerMessage } from './protocol';
import type { Realm } from './realm/realm';
import { gradeLab, selectScenarios } from './runner';

/**
 * serveGrade is the body of a grading worker, the same in Node and in the
 * browser: it finds the lab, announces its plan, grades, and posts progress.
 * Only the realm factory differs between platforms (a vm context in Node, the
 * worker's own realm in the browser).
 */
export function serveGrade(
  message: GradeMessage,
  labs: readonly AnyLabGrader[],
  makeRealm: () => Realm,
  post: (m: WorkerMessage) => void,
): void {
  const grader = labs.find((l) => l.info.id === message.lab);
  if (!grader) {
    post({ type: 'fatal', message: `unknown lab "${message.lab}"` });
    return;
  }
  let plan;
  let total;
  try {
    plan = selectScenarios(grader, message.request);
    total = selectScenarios(grader, { only: message.request.only }).length;
  } catch (e) {
    post({ type: 'fatal', message: (e as Error).message });
    return;
  }
  post({ type: 'plan', scenarios: plan, total });
  gradeLab(
    grader,
    message.request,
    { modules: message.modules, makeRealm, onRun: () => post({ type: 'heartbeat' }) },
    (event) => post({ type: 'event', event }),
  );
  post({ type: 'done' });
}
