/**
 * fieldChanges lists what differs between two JSON values, as field paths in
 * the notation of kubectl explain and field errors
 * ("spec.containers[0].resources.limits.cpu"): every leaf added or changed
 * with its new value, every field removed with value undefined. A map or
 * list that appears whole is reported at its leaves, so a defaulted
 * `resources` block reads as the quantities it set.
 */
import type { FieldChange } from './observations';

export function fieldChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isObject(before) && isObject(after)) {
    const out: FieldChange[] = [];
    for (const k of Object.keys(after)) out.push(...fieldChanges(before[k], after[k], join(path, k)));
    for (const k of Object.keys(before)) if (!(k in after)) out.push({ path: join(path, k), value: undefined });
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: FieldChange[] = [];
    for (let i = 0; i < after.length; i++) out.push(...fieldChanges(before[i], after[i], `${path}[${i}]`));
    for (let i = after.length; i < before.length; i++) out.push({ path: `${path}[${i}]`, value: undefined });
    return out;
  }
  if (before === undefined && (isObject(after) || Array.isArray(after))) return fieldChanges(isObject(after) ? {} : [], after, path);
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path, value: after }];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** join appends a key to a path, quoting keys that are not plain identifiers, as field paths do: metadata.annotations[kubernetes.io/limit-ranger]. */
function join(path: string, key: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${key}]`;
}
