import { PRELUDE } from './prelude';
import { Realm, type RealmRuntime } from './realm';

/**
 * localRealm evaluates PRELUDE in the current JavaScript realm. The boundary
 * is the same JSON protocol as the Node vm sandbox, so behaviour is identical,
 * but lab code shares this realm's globals: use it where the code is already
 * confined by its host (a browser Web Worker that is terminated on time-out)
 * or trusted (the grader's own tests on the reference and the bug corpus).
 */
export function localRealm(): Realm {
  // Indirect eval via Function: PRELUDE must not see this module's scope.
  const runtime = new Function(`return ${PRELUDE};`)() as RealmRuntime;
  return new Realm(runtime);
}
