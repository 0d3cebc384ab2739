import vm from 'node:vm';
import { PRELUDE } from '../../graders/core/realm/prelude';
import { Realm, type RealmRuntime } from '../../graders/core/realm/realm';

/** RUNTIME is PRELUDE compiled once; each realm runs it in its own context. */
const RUNTIME = new vm.Script(PRELUDE, { filename: 'lab code runtime' });

/** DRAIN is an empty script: running it in a context runs the context's pending microtasks. */
const DRAIN = new vm.Script('undefined', { filename: 'lab code microtasks' });

/**
 * vmRealm makes a realm in a fresh Node vm context, locked down (see PRELUDE):
 * its own frozen built-ins, no require, process, timers or clock. Only strings
 * and numbers cross into it, so lab code cannot reach the grader's objects.
 *
 * The context keeps its own microtask queue (microtaskMode 'afterEvaluate'),
 * drained after every call into it: a Promise callback or the rest of an
 * async function runs within the call that started it, where the session's
 * watchdog sees it, rather than later in the worker between scenarios (or
 * never). The context lives in a worker thread with memory limits, in a
 * confined process that the host kills on time-out (see node-platform.ts).
 */
export function vmRealm(): Realm {
  const context = vm.createContext(Object.create(null), {
    name: 'lab code',
    codeGeneration: { strings: true, wasm: false },
    microtaskMode: 'afterEvaluate',
  });
  const inner = RUNTIME.runInContext(context) as RealmRuntime;
  inner.lockdown();
  const drained = <T>(result: T): T => {
    DRAIN.runInContext(context);
    return result;
  };
  const runtime: RealmRuntime = {
    define: (path, code) => inner.define(path, code),
    create: (path, name, args) => drained(inner.create(path, name, args)),
    call: (handle, method, args) => drained(inner.call(handle, method, args)),
    drainLogs: () => inner.drainLogs(),
    setBinary: (flag) => inner.setBinary(flag),
    denial: () => inner.denial(),
    lockdown: () => inner.lockdown(),
  };
  return new Realm(runtime);
}
