/**
 * The generic metadata bookkeeping of writes (k8s.io/apiserver's
 * rest.BeforeCreate / BeforeUpdate and the strategies' PrepareFor*): names,
 * uids, timestamps, generation, status isolation, managedFields.
 */
import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1';
import { generateName, uuidV4 } from '../ids';
import { deepEqual, isPlainObject, type KubeObject } from '../object';
import { groupVersion, type ResourceDef } from '../registry/types';
import type { Rng } from '../../sim/rng';
import { rfc3339 } from '../time';
import { fieldSetOf } from '../apply/fields';
import { ownAfterApply, ownAfterUpdate, type Conflict, type Writer } from '../apply/managed';

/** specOf is everything that is not apiVersion, kind, metadata or status: what generation tracks. */
function specOf(obj: KubeObject): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, metadata: _m, status: _s, ...rest } = obj;
  return rest;
}

/** beforeCreate stamps a new object (name from generateName, uid, creationTimestamp, generation). */
export function beforeCreate(def: ResourceDef, obj: KubeObject, now: number, rng: Rng): void {
  const meta = (obj.metadata ??= {});
  if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName, rng);
  meta.uid = uuidV4(rng);
  meta.creationTimestamp = rfc3339(now);
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.resourceVersion;
  delete meta.selfLink;
  if (def.tracksGeneration) meta.generation = 1;
  else delete meta.generation;
  def.prepareForCreate?.(obj);
}

/**
 * beforeUpdate carries the system fields over from the stored object and
 * applies the subresource's strategy: a main-resource write keeps the stored
 * status, a status write keeps everything but status. Generation is bumped
 * when the spec changed.
 */
export function beforeUpdate(def: ResourceDef, obj: KubeObject, old: KubeObject, subresource: string): void {
  const meta = (obj.metadata ??= {});
  const oldMeta = old.metadata ?? {};
  if (!meta.uid) meta.uid = oldMeta.uid;
  meta.creationTimestamp = oldMeta.creationTimestamp;
  if (oldMeta.deletionTimestamp) meta.deletionTimestamp = oldMeta.deletionTimestamp;
  else delete meta.deletionTimestamp;
  if (oldMeta.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
  else delete meta.deletionGracePeriodSeconds;
  if (oldMeta.generation !== undefined) meta.generation = oldMeta.generation;
  else delete meta.generation;
  obj.apiVersion = groupVersion(def);
  obj.kind = def.kind;
  if (subresource === 'status') {
    // The status strategy: only status changes (ResetObjectMetaForStatus keeps the rest of metadata too).
    const status = obj.status;
    const managed = meta.managedFields;
    for (const k of Object.keys(obj)) delete obj[k];
    Object.assign(obj, JSON.parse(JSON.stringify(old)));
    obj.metadata = { ...obj.metadata, resourceVersion: meta.resourceVersion, managedFields: managed ?? obj.metadata?.managedFields };
    if (status === undefined) delete obj.status;
    else obj.status = status;
    return;
  }
  if (def.subresources.includes('status')) {
    if (old.status === undefined) delete obj.status;
    else obj.status = JSON.parse(JSON.stringify(old.status));
  }
  if (def.tracksGeneration && !deepEqual(specOf(obj), specOf(old))) meta.generation = (oldMeta.generation ?? 0) + 1;
  // Namespaces keep their phase: it changes only through deletion (and the controller).
}

/** managerFor is the field manager of a write: ?fieldManager=, else the user agent's program name (upstream's default). */
export function managerFor(query: Record<string, string>, userAgent: string | undefined): string {
  if (query.fieldManager) return query.fieldManager;
  const ua = userAgent ?? 'unknown';
  const slash = ua.indexOf('/');
  return (slash < 0 ? ua : ua.slice(0, slash)).slice(0, 128);
}

/** ManagerWrite is who writes and how: an Apply carries the applied configuration and the conflicts it forced. */
export interface ManagerWrite {
  name: string;
  operation: 'Apply' | 'Update';
  applied: unknown;
  forced?: Conflict[];
}

/**
 * recordManager updates obj's managedFields for this write (see
 * apply/managed.ts): an Apply owns what it applied, an Update takes the
 * fields it changed from `old` (undefined for a create). The entries start
 * from the ones the request carries, if it sets managedFields (that is how
 * clients rewrite ownership, as kubectl's client-side-apply upgrade does),
 * else from the stored object's. A write to the main resource of a kind
 * with a status subresource owns no status fields, and a status write only
 * status fields.
 */
export function recordManager(obj: KubeObject, old: KubeObject | undefined, def: ResourceDef, write: ManagerWrite, now: number, subresource: string): void {
  const meta = (obj.metadata ??= {});
  const entries: ManagedFieldsEntry[] = meta.managedFields ?? old?.metadata?.managedFields ?? [];
  const status = subresource === 'status' ? 'only' : def.subresources.includes('status') ? 'skip' : 'include';
  const writer: Writer = { manager: write.name, operation: write.operation, subresource, apiVersion: groupVersion(def), now };
  const owned =
    write.operation === 'Apply' ? ownAfterApply(entries, writer, fieldSetOf(write.applied, { status }), write.forced ?? []) : ownAfterUpdate(entries, writer, old ?? {}, obj, status);
  if (owned.length > 0) meta.managedFields = owned;
  else delete meta.managedFields;
}
