import vm from 'node:vm';
import { PRELUDE } from '../../graders/core/realm/prelude';
import { Realm, type RealmRuntime } from '../../graders/core/realm/realm';

/**
 * HARDEN runs first in every vm context: even code that reaches the context's
 * own globals (globalThis.Math) finds no clock and no unseeded randomness.
 */
const HARDEN = `(function () {
  var no = function (what) { return function () { throw new Error(what + ' is not available in lab code'); }; };
  Object.defineProperty(Math, 'random', { value: no('Math.random') });
  Object.defineProperty(Date, 'now', { value: no('Date.now') });
})();`;

/**
 * vmRealm makes a realm in a fresh Node vm context: its own globals, no
 * require, no process, no timers. Only strings and numbers cross into it (see
 * PRELUDE), so lab code cannot reach the grader's objects. The context lives
 * in a worker thread with memory limits that the host terminates on time-out.
 */
export function vmRealm(): Realm {
  const context = vm.createContext(Object.create(null), {
    name: 'lab code',
    codeGeneration: { strings: true, wasm: false },
  });
  vm.runInContext(HARDEN, context, { timeout: 1000 });
  const runtime = vm.runInContext(PRELUDE, context, { timeout: 1000 }) as RealmRuntime;
  return new Realm(runtime);
}
