/**
 * serial: one file-system call at a time. lightning-fs keeps its directory
 * tree in memory and, 500 ms after its last call ends, saves it and lets go
 * of the database; with calls overlapping, a timer from an earlier call can
 * survive and fire in the middle of a later one, which then writes into a
 * closed database (an object that a ref already names goes missing). Calls
 * that never overlap leave it exactly one timer, which each call cancels.
 */

/** Methods is the part of an object whose listed members are async functions. */
type AsyncMethods<T, K extends keyof T> = { [P in K]: T[P] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : never };

/**
 * serialized returns an object with `methods` of `target` that run one at
 * a time, in call order (a call that fails does not stop the next).
 */
export function serialized<T extends object, K extends keyof T & string>(target: T, methods: readonly K[]): AsyncMethods<T, K> {
  let tail: Promise<unknown> = Promise.resolve();
  const out = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of methods) {
    const fn = target[name] as unknown as (...args: unknown[]) => Promise<unknown>;
    if (typeof fn !== 'function') throw new Error(`serialized: ${name} is not a method`);
    out[name] = (...args) => {
      const run = tail.then(() => fn.apply(target, args));
      tail = run.catch(() => {});
      return run;
    };
  }
  return out as AsyncMethods<T, K>;
}
