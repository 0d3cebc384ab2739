/**
 * JSON Merge Patch (RFC 7386), `application/merge-patch+json`: objects merge
 * recursively, null removes a member, anything else (arrays included)
 * replaces.
 */
import { isPlainObject } from '../object';

/** mergePatch returns target patched by patch; neither argument is changed. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch === undefined ? target : clone(patch);
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
