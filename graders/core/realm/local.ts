import { PRELUDE } from './prelude';
import { Realm, type RealmRuntime } from './realm';

/**
 * localRealm evaluates PRELUDE in the current JavaScript realm. The boundary
 * is the same JSON protocol as the Node vm sandbox, and lab code gets the
 * same denials (clock, randomness, host) and frozen engine modules, but it
 * shares this realm's globals, which are not locked down (the grader uses
 * them), and its Promise callbacks run when this realm's queue drains. Use
 * it where the code is already confined by its host (a browser Web Worker
 * that is terminated on time-out, whose grade the instructor's regrade
 * checks) or trusted (the grader's own tests on the reference and the bug
 * corpus).
 */
export function localRealm(): Realm {
  // Indirect eval via Function: PRELUDE must not see this module's scope.
  const runtime = new Function(`return ${PRELUDE};`)() as RealmRuntime;
  return new Realm(runtime);
}
