/**
 * Serving a resource at more than one version over one stored object, as
 * upstream serves autoscaling/v1 and autoscaling/v2 HorizontalPodAutoscalers
 * from the same /registry/horizontalpodautoscalers keys: the object is
 * stored at the storage version and converted on the way in and out.
 *
 * servedVersionDef derives the ResourceDef of another served version: the
 * same resource (plural, storage key, verbs …), its hooks run on the object
 * converted to the storage version, so defaulting, validation and the
 * printer are written once. servedStorage gives the REST layer a storage
 * that speaks the served version: everything the request path does
 * (patches, admission, managedFields, Tables) then happens at the version
 * the client asked for, as it does upstream.
 */
import { isStatusError, newInternalError } from '../errors';
import type { KubeObject } from '../object';
import type { ResourceStorage, TryUpdate, WatchEvent } from '../storage/types';
import { groupVersion, type ResourceDef, type ServedVersion, type VersionConversion } from './types';

/** replaceContents makes target hold exactly what source holds (hooks change their argument in place). */
function replaceContents(target: KubeObject, source: KubeObject): void {
  for (const k of Object.keys(target)) delete target[k];
  Object.assign(target, source);
}

/** inStorageForm runs an in-place hook of the storage version on an object of a served version. */
function inStorageForm(conv: VersionConversion, hook: (obj: KubeObject) => void): (obj: KubeObject) => void {
  return (obj) => {
    const stored = conv.toStorage(obj);
    hook(stored);
    replaceContents(obj, conv.fromStorage(stored));
  };
}

/** servedVersionDef derives the ResourceDef of storage served at sv.version. */
export function servedVersionDef(storage: ResourceDef, sv: ServedVersion): ResourceDef {
  const conv: VersionConversion = { toStorage: sv.toStorage, fromStorage: sv.fromStorage };
  const { defaults, prepareForCreate, validate } = storage;
  return {
    ...storage,
    version: sv.version,
    alsoServedAs: undefined,
    storedAs: { def: storage, conversion: conv },
    columns: storage.columns.map((c) => ({ ...c, cell: (obj, now) => c.cell(conv.toStorage(obj), now) })),
    selectableFields: Object.fromEntries(Object.entries(storage.selectableFields).map(([f, read]) => [f, (obj: KubeObject) => read(conv.toStorage(obj))])),
    defaults: defaults && inStorageForm(conv, defaults),
    prepareForCreate: prepareForCreate && inStorageForm(conv, prepareForCreate),
    validate: validate && ((obj, old) => validate(conv.toStorage(obj), old && conv.toStorage(old))),
  };
}

/**
 * convertingStorage is a view of a storage version's storage at a served
 * version: objects are converted to storage on create and update, and from
 * it in every result and watch event. Keys, preconditions and selectors
 * are the storage's. stop does nothing: the view does not own the storage.
 */
export function convertingStorage(inner: ResourceStorage, conv: VersionConversion, apiVersion: string): ResourceStorage {
  const out = (obj: KubeObject) => conv.fromStorage(obj);
  const event = (ev: WatchEvent): WatchEvent => {
    if (ev.type === 'ERROR') return ev;
    // A bookmark carries only a resourceVersion: it changes version, nothing to convert.
    if (ev.type === 'BOOKMARK') return { type: ev.type, object: { ...ev.object, apiVersion } };
    return { type: ev.type, object: out(ev.object) };
  };
  return {
    resource: inner.resource,
    keyFor: (namespace, name) => inner.keyFor(namespace, name),
    prefixFor: (namespace) => inner.prefixFor(namespace),
    create: (key, obj, done) => inner.create(key, conv.toStorage(obj), (err, res) => done(err, res && out(res))),
    get: (key, opts, done) => inner.get(key, opts, (err, res) => done(err, res ? out(res) : res)),
    getList: (prefix, opts, done) => inner.getList(prefix, opts, (err, res) => done(err, res && { ...res, items: res.items.map(out) })),
    guaranteedUpdate: (key, opts, tryUpdate: TryUpdate, done) =>
      inner.guaranteedUpdate(
        key,
        opts,
        (current) => {
          try {
            const next = tryUpdate(current && out(current));
            return isStatusError(next) ? next : conv.toStorage(next);
          } catch (e) {
            return newInternalError(e instanceof Error ? e.message : String(e));
          }
        },
        (err, res) => done(err, res && out(res)),
      ),
    delete: (key, preconditions, done, validateDeletion) =>
      inner.delete(key, preconditions, (err, res) => done(err, res && out(res)), validateDeletion && ((current) => validateDeletion(out(current)))),
    count: (prefix, done) => inner.count(prefix, done),
    watch: (prefix, opts, onEvent, onClose) => inner.watch(prefix, opts, (ev) => onEvent(event(ev)), onClose),
    stop: () => {},
  };
}

/**
 * servedStorage is the storage the REST layer uses for def: the resource's
 * own, or for a derived served version a converting view of its storage
 * version's.
 */
export function servedStorage(def: ResourceDef, storageFor: (def: ResourceDef) => ResourceStorage): ResourceStorage {
  if (!def.storedAs) return storageFor(def);
  return convertingStorage(storageFor(def.storedAs.def), def.storedAs.conversion, groupVersion(def));
}
