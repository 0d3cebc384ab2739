/**
 * managed keeps metadata.managedFields as server-side apply does: who owns
 * which field, how an apply conflicts with other owners, which fields an
 * apply drops because its manager stopped setting them, and how any other
 * write (an Update) takes over the fields it changes.
 *
 * Entries are per (manager, operation, subresource). An Apply entry holds
 * exactly the fields of that manager's last applied configuration; an
 * Update entry grows with each field its manager changes. A field owned by
 * several managers is shared; one that nobody owns any more is left alone
 * unless it was an applier's own and the applier dropped it.
 */
import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1';
import { newApplyConflict, type StatusError } from '../errors';
import { rfc3339 } from '../time';
import { isLeafAt, NOT_FOUND, valueAt, fieldSetOf } from './fields';
import { FieldSet, pathString, type Path } from './fieldpath';

/** Conflict is one field another manager owns with a different value. */
export interface Conflict {
  entry: ManagedFieldsEntry;
  path: Path;
}

/** Writer is who writes: the manager's name, the operation, the subresource ("" for the main resource), the group/version it used, and when. */
export interface Writer {
  manager: string;
  operation: 'Apply' | 'Update';
  subresource: string;
  apiVersion: string;
  now: number;
}

function setOf(entry: ManagedFieldsEntry): FieldSet {
  return FieldSet.fromFieldsV1(entry.fieldsV1);
}

function isWriter(entry: ManagedFieldsEntry, w: Writer): boolean {
  return entry.manager === w.manager && entry.operation === w.operation && (entry.subresource ?? '') === w.subresource;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** applyConflicts lists the fields the applied configuration would change that other managers own, sorted by manager then path. */
export function applyConflicts(entries: readonly ManagedFieldsEntry[], w: Writer, applied: FieldSet, live: unknown, appliedObj: unknown): Conflict[] {
  const out: Conflict[] = [];
  for (const entry of entries) {
    if (isWriter(entry, w)) continue;
    for (const [, path] of applied.intersection(setOf(entry)).entries()) {
      const mine = valueAt(appliedObj, path);
      const theirs = valueAt(live, path);
      if (theirs === NOT_FOUND || !isLeafAt(path, mine) || same(mine, theirs)) continue;
      out.push({ entry, path });
    }
  }
  const managerOf = (c: Conflict) => JSON.stringify({ manager: c.entry.manager, operation: c.entry.operation, subresource: c.entry.subresource ?? '' });
  return out.sort((a, b) => (managerOf(a) < managerOf(b) ? -1 : managerOf(a) > managerOf(b) ? 1 : pathString(a.path) < pathString(b.path) ? -1 : 1));
}

/**
 * printManager names a manager as upstream's conflict messages do: Update
 * entries with the version they wrote. (The manager identifier a conflict
 * carries has its time stripped, so no time is printed.)
 */
export function printManager(entry: ManagedFieldsEntry): string {
  let s = JSON.stringify(entry.manager ?? '');
  if (entry.subresource) s += ` with subresource ${JSON.stringify(entry.subresource)}`;
  return entry.operation === 'Update' ? `${s} using ${entry.apiVersion}` : s;
}

/** conflictError is the 409 an apply with conflicts gets (without force). */
export function conflictError(conflicts: readonly Conflict[]): StatusError {
  const causes = conflicts.map((c) => ({ type: 'FieldManagerConflict', message: `conflict with ${printManager(c.entry)}`, field: pathString(c.path) }));
  if (conflicts.length === 1) {
    return newApplyConflict(causes, `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0].entry)}: ${pathString(conflicts[0].path)}`);
  }
  const byManager = new Map<string, Conflict[]>();
  for (const c of conflicts) {
    const k = printManager(c.entry);
    byManager.set(k, [...(byManager.get(k) ?? []), c]);
  }
  const lines: string[] = [];
  for (const k of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${k}:`);
    for (const c of byManager.get(k)!) lines.push(`- ${pathString(c.path)}`);
  }
  return newApplyConflict(causes, `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`);
}

/** droppedByApply is what the applier owned alone before and no longer sets: to be removed from the object. */
export function droppedByApply(entries: readonly ManagedFieldsEntry[], w: Writer, applied: FieldSet): FieldSet {
  const previous = entries.find((e) => isWriter(e, w));
  if (!previous) return new FieldSet();
  let others = new FieldSet();
  for (const e of entries) if (!isWriter(e, w)) others = others.union(setOf(e));
  return setOf(previous).difference(applied).difference(others);
}

function entryFor(w: Writer, set: FieldSet): ManagedFieldsEntry {
  const entry: ManagedFieldsEntry = { manager: w.manager, operation: w.operation, apiVersion: w.apiVersion, time: rfc3339(w.now), fieldsType: 'FieldsV1', fieldsV1: set.toFieldsV1() };
  if (w.subresource) entry.subresource = w.subresource;
  return entry;
}

/** withOwnership rebuilds the entries: `taken` leaves every other manager, the writer's entry becomes `own`; empty entries go. */
function withOwnership(entries: readonly ManagedFieldsEntry[], w: Writer, own: FieldSet, taken: FieldSet): ManagedFieldsEntry[] {
  const out: ManagedFieldsEntry[] = [];
  let placed = false;
  for (const e of entries) {
    if (isWriter(e, w)) {
      if (own.size > 0) out.push(entryFor(w, own));
      placed = true;
      continue;
    }
    const before = setOf(e);
    const after = before.difference(taken);
    if (after.size === before.size) out.push(e);
    else if (after.size > 0) out.push({ ...e, fieldsV1: after.toFieldsV1() });
  }
  if (!placed && own.size > 0) out.push(entryFor(w, own));
  return out;
}

/** ownAfterApply: the applier owns exactly what it applied; with force it takes the conflicting fields from their owners. */
export function ownAfterApply(entries: readonly ManagedFieldsEntry[], w: Writer, applied: FieldSet, forced: readonly Conflict[]): ManagedFieldsEntry[] {
  return withOwnership(entries, w, applied, FieldSet.of(forced.map((c) => c.path)));
}

/**
 * ownAfterUpdate: the writer takes every field whose value it changed or
 * added (from everyone else), and fields it removed are nobody's any more.
 * `status` says which part of the object this write may own.
 */
export function ownAfterUpdate(entries: readonly ManagedFieldsEntry[], w: Writer, oldObj: unknown, newObj: unknown, status: 'skip' | 'only' | 'include'): ManagedFieldsEntry[] {
  const before = fieldSetOf(oldObj, { status });
  const after = fieldSetOf(newObj, { status });
  const changed = new FieldSet();
  for (const [, path] of after.entries()) {
    const old = valueAt(oldObj, path);
    const now = valueAt(newObj, path);
    if (old === NOT_FOUND || (isLeafAt(path, now) && !same(old, now))) changed.add(path);
  }
  const removed = before.difference(after);
  if (changed.size === 0 && removed.size === 0) return [...entries];
  const mine = entries.find((e) => isWriter(e, w));
  const own = (mine ? setOf(mine) : new FieldSet()).union(changed).difference(removed);
  return withOwnership(entries, w, own, changed.union(removed));
}

/** LAST_APPLIED_ANNOTATION is where client-side `kubectl apply` keeps the configuration it applied. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * conflictsAllowedByLastApplied is upstream's lastAppliedManager: when the
 * manager "kubectl" (kubectl apply --server-side) takes over an object that
 * client-side apply managed, conflicts on fields the last-applied annotation
 * records with the live value are not conflicts: the same person set them,
 * the other way. It returns the conflicts that remain.
 */
export function conflictsAllowedByLastApplied(manager: string, conflicts: readonly Conflict[], live: { metadata?: { annotations?: Record<string, string> } }): Conflict[] {
  if (manager !== 'kubectl' || conflicts.length === 0) return [...conflicts];
  const text = live.metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
  if (!text) return [...conflicts];
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text);
  } catch {
    return [...conflicts];
  }
  return conflicts.filter((c) => {
    const was = valueAt(lastApplied, c.path);
    return was === NOT_FOUND || !same(was, valueAt(live, c.path));
  });
}
