/**
 * cloneJson copies plain JSON data (objects, arrays, strings, numbers,
 * booleans, null) as JSON.parse(JSON.stringify(v)) would, without the text
 * in between: every object and array is new, strings are shared (they are
 * immutable). Properties whose value is undefined are left out, as
 * JSON.stringify leaves them out. A range of 500 pods copied through JSON
 * re-escapes every quote of every stored object; this walks the structure only.
 */
export function cloneJson<T>(v: T): T {
  return copy(v) as T;
}

function copy(v: unknown): unknown {
  // JSON has no -0, NaN or Infinity: it writes 0, null, null.
  if (typeof v === 'number') return v === 0 ? 0 : Number.isFinite(v) ? v : null;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      // JSON turns holes and undefined in arrays into null.
      const x = v[i];
      out[i] = x === undefined ? null : copy(x);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined || typeof x === 'function') continue;
    // JSON.parse makes "__proto__" an own property; an assignment would set the prototype instead.
    if (k === '__proto__') Object.defineProperty(out, k, { value: copy(x), enumerable: true, writable: true, configurable: true });
    else out[k] = copy(x);
  }
  return out;
}
