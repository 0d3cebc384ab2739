/**
 * The REST semantics of a stored resource on top of ResourceStorage
 * (k8s.io/apiserver's registry/generic/registry.Store and the handlers in
 * endpoints/handlers): get, list, watch, create, update, patch, delete,
 * deletecollection; the status and scale subresources; generateName,
 * resourceVersion preconditions, finalizers and deletionTimestamp, dry run.
 * Writes go through mutating admission → validation → validating admission
 * before storage.
 */
import { parse as parseYaml } from 'yaml';
import { admit, validate as validateAdmission, type AdmissionAttributes, type AdmissionOperation } from '../admission/types';
import {
  isStatusError,
  newBadRequest,
  newConflict,
  newGenerateNameConflict,
  newInternalError,
  newInvalid,
  newNotFound,
  StatusError,
  type FailureStatus,
} from '../errors';
import { deepEqual, isPlainObject, type KubeObject } from '../object';
import { applyJsonPatch, JsonPatchError } from '../patch/jsonpatch';
import { mergePatch } from '../patch/merge';
import { strategicMergePatch } from '../patch/strategic';
import { groupVersion, type ResourceDef } from '../registry/types';
import { truthy } from '../requestinfo';
import { parseFieldSelector, parseLabelSelector } from '../selectors';
import type { SelectionPredicate, WatchEvent } from '../storage/types';
import { parseIncludeObject, tableVersion, toTable, wantsTable } from '../table/table';
import { applyRefusal, checkBody, fieldValidationOf, goValue, patchProblems, patchRefusal, unknownBefore, withWarnings } from '../schema/fieldvalidation';
import { rfc3339 } from '../time';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/meta';
import { allocateServiceAddresses } from './allocators';
import { fail, ok, type Call } from './context';
import { beforeCreate, beforeUpdate, managerFor, recordManager, type ManagerWrite } from './objectmeta';
import { fieldSetOf, removeAt } from '../apply/fields';
import { applyConflicts, conflictError, conflictsAllowedByLastApplied, droppedByApply, type Writer } from '../apply/managed';

/**
 * MAX_UPDATE_RETRIES bounds the retries of an unconditional update or patch
 * that lost a race. Upstream re-applies a patch inside GuaranteedUpdate and
 * so never loses one to contention; here admission runs between the read
 * and the write, so a write is retried from the read instead. Each round has
 * a winner, so N concurrent writers need at most N rounds.
 */
const MAX_UPDATE_RETRIES = 32;

const gr = (def: ResourceDef) => ({ group: def.group, resource: def.plural });

function statusErr(status: number, reason: FailureStatus['reason'], message: string): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code: status });
}

/** notFoundPath is the 404 of a path nothing serves (errors.NewGenericServerResponse 404). */
export function notFoundPath(): StatusError {
  const e = statusErr(404, 'NotFound', 'the server could not find the requested resource');
  e.status.details = {};
  return e;
}

/** methodNotAllowed is the 405 of a verb no route serves (go-restful's answer, as the API server writes it). */
export function methodNotAllowed(): StatusError {
  const e = statusErr(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  e.status.details = {};
  return e;
}

/** toStatusError keeps StatusErrors and wraps anything else as a 500. */
function toStatusError(e: unknown): StatusError {
  if (isStatusError(e)) return e;
  return newInternalError(e instanceof Error ? e.message : String(e));
}

/** decodeBody parses a request body (JSON, or YAML for apply) into an object. */
function decodeBody(call: Call, yaml = /\byaml\b/.test(call.headers['content-type'] ?? '')): KubeObject | StatusError {
  if (call.body === undefined || call.body.trim() === '') return newBadRequest('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf');
  let v: unknown;
  try {
    v = yaml ? parseYaml(call.body) : JSON.parse(call.body);
  } catch (e) {
    return newBadRequest(`couldn't get version/kind; ${yaml ? 'yaml' : 'json'} parse error: ${(e as Error).message}`);
  }
  if (!isPlainObject(v)) return newBadRequest(`Object 'Kind' is missing in '${call.body.slice(0, 100)}'`);
  return v as KubeObject;
}

const goType = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v);

/**
 * checkMetaShape refuses metadata that would not decode into ObjectMeta, with
 * the decoder's complaint as a 400 (what Go's json.Unmarshal reports).
 */
export function checkMetaShape(kind: string, obj: KubeObject): StatusError | null {
  const meta = obj.metadata as unknown;
  const bad = (field: string, v: unknown, want: string) =>
    newBadRequest(`json: cannot unmarshal ${goType(v)} into Go struct field ${field} of type ${want}`);
  if (meta === undefined) return null;
  if (!isPlainObject(meta)) return bad(`${kind}.metadata`, meta, 'v1.ObjectMeta');
  for (const f of ['name', 'generateName', 'namespace', 'resourceVersion', 'uid']) if (meta[f] !== undefined && typeof meta[f] !== 'string') return bad(`ObjectMeta.metadata.${f}`, meta[f], 'string');
  for (const f of ['labels', 'annotations'])
    if (meta[f] !== undefined && meta[f] !== null && (!isPlainObject(meta[f]) || Object.values(meta[f] as object).some((x) => typeof x !== 'string')))
      return bad(`ObjectMeta.metadata.${f}`, meta[f], 'map[string]string');
  if (meta.finalizers !== undefined && meta.finalizers !== null && (!Array.isArray(meta.finalizers) || meta.finalizers.some((x) => typeof x !== 'string')))
    return bad('ObjectMeta.metadata.finalizers', meta.finalizers, '[]string');
  if (meta.ownerReferences !== undefined && meta.ownerReferences !== null && (!Array.isArray(meta.ownerReferences) || meta.ownerReferences.some((x) => !isPlainObject(x))))
    return bad('ObjectMeta.metadata.ownerReferences', meta.ownerReferences, '[]v1.OwnerReference');
  return null;
}

/** applyDefaults runs the resource's defaulting; a body whose shape defeats it is a 400, as a failed decode is. */
function applyDefaults(def: ResourceDef, obj: KubeObject): StatusError | null {
  try {
    def.defaults?.(obj);
    return null;
  } catch (e) {
    return newBadRequest(`unable to decode ${def.kind}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** checkKind refuses a body of another kind or version than the endpoint serves. */
function checkKind(def: ResourceDef, obj: KubeObject): StatusError | null {
  const shape = checkMetaShape(def.kind, obj);
  if (shape) return shape;
  const gv = groupVersion(def);
  if (obj.apiVersion !== undefined && obj.apiVersion !== gv)
    return newBadRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${gv})`);
  if (obj.kind !== undefined && obj.kind !== def.kind) return newBadRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${def.kind})`);
  obj.apiVersion = gv;
  obj.kind = def.kind;
  return null;
}

/** ensureNamespace is EnsureObjectNamespaceMatchesRequestNamespace. */
function ensureNamespace(def: ResourceDef, obj: KubeObject, namespace: string): StatusError | null {
  const meta = (obj.metadata ??= {});
  if (!def.namespaced) {
    delete meta.namespace;
    return null;
  }
  if (!meta.namespace) meta.namespace = namespace;
  else if (meta.namespace !== namespace) return newBadRequest('the namespace of the provided object does not match the namespace sent on the request');
  return null;
}

function isDryRun(call: Call): boolean {
  return call.query.dryRun === 'All';
}

function attrsFor(call: Call, operation: AdmissionOperation, object: KubeObject | undefined, oldObject: KubeObject | undefined): AdmissionAttributes {
  const { def, info } = call;
  return {
    operation,
    kind: { group: def.group, version: def.version, kind: def.kind },
    resource: { group: def.group, version: def.version, resource: def.plural },
    subresource: info.subresource,
    namespace: def.namespaced ? info.namespace : '',
    name: object?.metadata?.name ?? info.name,
    object,
    oldObject,
    userInfo: call.user,
    dryRun: isDryRun(call),
  };
}

/**
 * admitAndValidate runs mutating admission, validation, then validating
 * admission on obj (in place), and calls next when all passed.
 */
function admitAndValidate(call: Call, operation: 'CREATE' | 'UPDATE', obj: KubeObject, old: KubeObject | undefined, beforeValidate: () => void, next: () => void): void {
  const attrs = attrsFor(call, operation, obj, old);
  admit(call.services.admission, attrs, (err) => {
    if (err) return fail(call, err);
    let errs;
    try {
      beforeValidate();
      errs = old ? validateObjectMetaUpdate(obj, old, call.def) : validateObjectMeta(obj, call.def);
      if (call.info.subresource !== 'status') errs.push(...(call.def.validate?.(obj, old) ?? []));
    } catch (e) {
      // A body of an unexpected shape that slipped past decoding: answer, never throw into the caller's event loop.
      return fail(call, toStatusError(e));
    }
    if (errs.length) return fail(call, newInvalid({ group: call.def.group, kind: call.def.kind }, obj.metadata?.name ?? '', errs));
    validateAdmission(call.services.admission, { ...attrs, name: obj.metadata?.name ?? attrs.name }, (verr) => (verr ? fail(call, verr) : next()));
  });
}

/** answerObject writes one object, as JSON or a one-row Table. */
function answerObject(call: Call, status: number, obj: KubeObject): void {
  // A write through the scale subresource answers with the Scale, as a read of it does.
  if (call.info.subresource === 'scale') obj = toScale(call.def, obj);
  if (wantsTable(call.headers.accept)) {
    const table = toTable(call.def, [obj], call.services.now(), { includeObject: parseIncludeObject(call.query.includeObject) }, { resourceVersion: obj.metadata?.resourceVersion }, tableVersion(call.headers.accept));
    return ok(call, status, table);
  }
  ok(call, status, obj);
}

// ---------------------------------------------------------------- reads

/** predicateFor parses ?labelSelector= and ?fieldSelector= (400 on a parse error or an unsupported field). */
export function predicateFor(def: ResourceDef, query: Record<string, string>): SelectionPredicate | StatusError {
  const pred: SelectionPredicate = {};
  if (query.labelSelector) {
    const parsed = parseLabelSelector(query.labelSelector);
    if (!parsed.ok) return newBadRequest(`unable to parse requirement: ${parsed.error}`);
    pred.label = parsed.selector;
  }
  if (query.fieldSelector) {
    const supported = (f: string) => f === 'metadata.name' || (def.namespaced && f === 'metadata.namespace') || f in def.selectableFields;
    const parsed = parseFieldSelector(query.fieldSelector, supported);
    if (!parsed.ok) return newBadRequest(parsed.error);
    pred.field = parsed.selector;
  }
  return pred;
}

export function get(call: Call): void {
  const { def, storage, info } = call;
  storage.get(storage.keyFor(info.namespace, info.name), { resourceVersion: call.query.resourceVersion }, (err, obj) => {
    if (err) return fail(call, err);
    if (info.subresource === 'scale') return ok(call, 200, toScale(def, obj!));
    answerObject(call, 200, obj!);
  });
}

export function list(call: Call): void {
  const { def, storage, info, query } = call;
  const pred = predicateFor(def, query);
  if (pred instanceof StatusError) return fail(call, pred);
  const limit = query.limit ? Number(query.limit) : 0;
  storage.getList(
    storage.prefixFor(def.namespaced ? info.namespace || undefined : undefined),
    {
      resourceVersion: query.resourceVersion,
      resourceVersionMatch: (query.resourceVersionMatch ?? '') as '' | 'NotOlderThan' | 'Exact',
      limit: Number.isFinite(limit) && limit > 0 ? limit : undefined,
      continue: query.continue,
      predicate: pred,
    },
    (err, res) => {
      if (err) return fail(call, err);
      const meta: Record<string, unknown> = { resourceVersion: res!.resourceVersion };
      if (res!.continue) meta.continue = res!.continue;
      if (res!.remainingItemCount !== undefined) meta.remainingItemCount = res!.remainingItemCount;
      if (wantsTable(call.headers.accept))
        return ok(call, 200, toTable(def, res!.items, call.services.now(), { includeObject: parseIncludeObject(query.includeObject) }, meta, tableVersion(call.headers.accept)));
      ok(call, 200, { kind: `${def.kind}List`, apiVersion: groupVersion(def), metadata: meta, items: res!.items });
    },
  );
}

/** watch streams events until the client cancels, the timeout passes or storage ends it with an ERROR. */
export function watch(call: Call): { cancel(): void } {
  const { def, storage, info, query, sink } = call;
  const pred = predicateFor(def, query);
  if (pred instanceof StatusError) {
    fail(call, pred);
    return { cancel() {} };
  }
  const asTable = wantsTable(call.headers.accept);
  const include = parseIncludeObject(query.includeObject);
  const version = tableVersion(call.headers.accept);
  let headersSent = false;
  let ended = false;
  // A watch of one object (by path, or a metadata.name field selector) watches its key only.
  const oneKey = info.name !== '' && (!def.namespaced || info.namespace !== '');
  const prefix = oneKey ? storage.keyFor(info.namespace, info.name) : storage.prefixFor(def.namespaced ? info.namespace || undefined : undefined);
  sink.respond({ status: 200, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body: null });
  let timer: { cancel(): void } | undefined;
  const end = () => {
    if (ended) return;
    ended = true;
    handle.stop();
    timer?.cancel();
    sink.end?.();
  };
  const handle = storage.watch(
    prefix,
    {
      resourceVersion: query.resourceVersion,
      predicate: pred,
      allowWatchBookmarks: truthy(query.allowWatchBookmarks),
      sendInitialEvents: query.sendInitialEvents === undefined ? undefined : truthy(query.sendInitialEvents),
    },
    (ev: WatchEvent) => {
      if (ended) return;
      let object: unknown = ev.object;
      if (asTable && ev.type !== 'ERROR' && ev.type !== 'BOOKMARK') {
        object = toTable(def, [ev.object as KubeObject], call.services.now(), { includeObject: include, noHeaders: headersSent }, {}, version);
        headersSent = true;
      }
      sink.event?.({ type: ev.type, object });
      if (ev.type === 'ERROR') end();
    },
  );
  const timeout = Number(query.timeoutSeconds);
  if (Number.isFinite(timeout) && timeout > 0) timer = call.services.after(timeout * 1000, end);
  return {
    cancel() {
      if (ended) return;
      ended = true;
      handle.stop();
      timer?.cancel();
    },
  };
}

// ---------------------------------------------------------------- create

export function create(call: Call): void {
  const { def, storage, info } = call;
  const directive = fieldValidationOf(call.query, 'CreateOptions');
  if (directive instanceof StatusError) return fail(call, directive);
  const obj = decodeBody(call);
  if (obj instanceof StatusError) return fail(call, obj);
  const checked = checkBody(call, directive, obj);
  if (checked instanceof StatusError) return fail(call, checked);
  call = checked;
  const err = checkKind(def, obj) ?? ensureNamespace(def, obj, info.namespace);
  if (err) return fail(call, err);
  const derr = applyDefaults(def, obj);
  if (derr) return fail(call, derr);
  const now = call.services.now();
  admitAndValidate(
    call,
    'CREATE',
    obj,
    undefined,
    () => {
      beforeCreate(def, obj, now, call.services.rng);
      recordManager(obj, undefined, def, { name: managerFor(call.query, call.headers['user-agent']), operation: 'Update', applied: undefined }, now, '');
    },
    () => allocate(call, obj, () => {
      if (isDryRun(call)) return answerObject(call, 201, obj);
      const name = obj.metadata!.name!;
      storage.create(storage.keyFor(obj.metadata!.namespace, name), obj, (cerr, created) => {
        if (cerr) {
          if (cerr.reason === 'AlreadyExists' && obj.metadata?.generateName && !JSON.parse(call.body ?? '{}').metadata?.name)
            return fail(call, newGenerateNameConflict(gr(def), name, 1));
          return fail(call, cerr);
        }
        answerObject(call, 201, created!);
      });
    }),
  );
}

/** allocate runs the resource's allocations before the object is stored (service IPs and node ports). */
function allocate(call: Call, obj: KubeObject, next: () => void): void {
  if (call.def.group !== '' || call.def.plural !== 'services') return next();
  allocateServiceAddresses(obj, call.storage, call.services.rng, (err) => (err ? fail(call, err) : next()));
}

// ---------------------------------------------------------------- update and patch

/** Mutation computes the object to write from the stored one, or refuses. */
type Mutation = (current: KubeObject) => KubeObject | StatusError;

/**
 * updateWith is the shared update path of PUT and PATCH: read the object,
 * compute the new one, admit and validate it, and write it only if the
 * object is still the one read (else retry, or 409 when the client pinned a
 * resourceVersion). A write that leaves a deleted object without finalizers
 * deletes it.
 */
function updateWith(call: Call, mutate: Mutation, manager: ManagerWrite, attempt = 0): void {
  const { def, storage, info } = call;
  const key = storage.keyFor(info.namespace, info.name);
  storage.get(key, {}, (gerr, current) => {
    if (gerr) return fail(call, gerr);
    const cur = current!;
    let next: KubeObject | StatusError;
    try {
      next = mutate(JSON.parse(JSON.stringify(cur)));
    } catch (e) {
      next = toStatusError(e);
    }
    if (next instanceof StatusError) return fail(call, next);
    const shape = checkMetaShape(def.kind, next);
    if (shape) return fail(call, shape);
    const obj = next;
    const pinned = obj.metadata?.resourceVersion;
    if (pinned && pinned !== cur.metadata?.resourceVersion) return fail(call, newConflict(gr(def), info.name));
    if (obj.metadata?.name !== undefined && obj.metadata.name !== info.name)
      return fail(call, newBadRequest('the name of the object (' + obj.metadata.name + ') does not match the name on the URL (' + info.name + ')'));
    const nsErr = ensureNamespace(def, obj, info.namespace);
    if (nsErr) return fail(call, nsErr);
    const derr = info.subresource !== 'status' ? applyDefaults(def, obj) : null;
    if (derr) return fail(call, derr);
    const now = call.services.now();
    admitAndValidate(
      call,
      'UPDATE',
      obj,
      cur,
      () => {
        beforeUpdate(def, obj, cur, info.subresource);
        if (!deepEqual(stripVolatile(obj), stripVolatile(cur)))
          recordManager(obj, cur, def, manager, now, info.subresource);
      },
      () => {
        const readRv = cur.metadata?.resourceVersion;
        // A dry run stores nothing, so the object keeps the version it was read at (as upstream's dry-run storage returns it).
        if (isDryRun(call)) return answerObject(call, 200, { ...obj, metadata: { ...obj.metadata, resourceVersion: readRv } });
        storage.guaranteedUpdate(
          key,
          { preconditions: { resourceVersion: readRv } },
          () => ({ ...obj, metadata: { ...obj.metadata, resourceVersion: readRv } }),
          (uerr, written) => {
            if (uerr) {
              if (uerr.reason === 'Conflict' && !pinned && attempt < MAX_UPDATE_RETRIES) return updateWith(call, mutate, manager, attempt + 1);
              return fail(call, uerr);
            }
            const w = written!;
            // ShouldDeleteDuringUpdate: the last finalizer gone from an object marked for deletion with no grace left.
            if (cur.metadata?.deletionTimestamp && cur.metadata.deletionGracePeriodSeconds === 0 && (w.metadata?.finalizers ?? []).length === 0 && !pendingNamespaceFinalizers(def, w))
              return storage.delete(key, { uid: w.metadata?.uid }, (derr, deleted) => (derr ? fail(call, derr) : answerObject(call, 200, deleted!)));
            answerObject(call, 200, w);
          },
        );
      },
    );
  });
}

/** stripVolatile drops what changes on every write, to tell a no-op update. */
function stripVolatile(o: KubeObject): KubeObject {
  const { resourceVersion: _r, managedFields: _m, ...meta } = o.metadata ?? {};
  return { ...o, metadata: meta };
}

/** pendingNamespaceFinalizers: a namespace also waits for spec.finalizers (the namespace controller's "kubernetes"). */
function pendingNamespaceFinalizers(def: ResourceDef, obj: KubeObject): boolean {
  return def.group === '' && def.plural === 'namespaces' && ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).length > 0;
}

export function update(call: Call): void {
  const directive = fieldValidationOf(call.query, 'UpdateOptions');
  if (directive instanceof StatusError) return fail(call, directive);
  const body = decodeBody(call);
  if (body instanceof StatusError) return fail(call, body);
  const checked = checkBody(call, directive, body);
  if (checked instanceof StatusError) return fail(call, checked);
  call = checked;
  const manager = { name: managerFor(call.query, call.headers['user-agent']), operation: 'Update' as const, applied: body };
  if (call.info.subresource === 'scale') return updateWith(call, (cur) => applyScale(call.def, cur, body), manager);
  const kindErr = checkKind(call.def, body);
  if (kindErr) return fail(call, kindErr);
  if (call.info.subresource === 'finalize') {
    // PUT /namespaces/x/finalize replaces spec.finalizers only.
    return updateWith(call, (cur) => ({ ...cur, spec: { ...(cur.spec as object), finalizers: (body.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [] } }), manager);
  }
  updateWith(call, () => JSON.parse(JSON.stringify(body)), manager);
}

/** PatchType is the media type of a PATCH body. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

/** applyPatch applies a patch document of the given type to a JSON object. */
export function applyPatch(type: PatchType, current: KubeObject, patch: unknown): KubeObject | StatusError {
  try {
    let out: unknown;
    if (type === 'json') out = applyJsonPatch(current, patch);
    else if (type === 'merge') out = mergePatch(current, patch);
    else out = strategicMergePatch(current, patch);
    if (!isPlainObject(out)) return newBadRequest('the patch produced something other than an object');
    return out as KubeObject;
  } catch (e) {
    if (e instanceof JsonPatchError) {
      if (e.phase === 'decode') return newBadRequest(e.message);
      // Upstream answers NewGenericServerResponse(422, …) here: the generic text, the patch error kept out.
      const generic = statusErr(422, 'Invalid', 'the server rejected our request due to an error in our request');
      generic.status.details = {};
      return generic;
    }
    throw e;
  }
}

export function patch(call: Call): void {
  const contentType = (call.headers['content-type'] ?? '').split(';')[0].trim();
  const type = PATCH_TYPES[contentType];
  if (!type)
    return fail(call, statusErr(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${Object.keys(PATCH_TYPES).join(', ')}`));
  const directive = fieldValidationOf(call.query, 'PatchOptions');
  if (directive instanceof StatusError) return fail(call, directive);
  if (type === 'apply') return apply(call);
  let doc: unknown;
  try {
    doc = JSON.parse(call.body ?? '');
  } catch (e) {
    return fail(call, newBadRequest(`error decoding patch: ${(e as Error).message}`));
  }
  if (type !== 'json' && !isPlainObject(doc)) return fail(call, newBadRequest('json: cannot unmarshal array into Go value of type map[string]interface {}'));
  const manager = { name: managerFor(call.query, call.headers['user-agent']), operation: 'Update' as const, applied: doc };
  const { def, info } = call;
  // problems: the warnings to answer with under Warn (each attempt's own: a retry re-applies the patch).
  let problems: string[] = [];
  // before: what was already unknown, read before the patch (which may change the object in place).
  const strict = (before: Set<string> | undefined, after: KubeObject): StatusError | null => {
    const found = before ? patchProblems(call, type, before, after) : [];
    problems = directive === 'Warn' ? found : [];
    if (directive !== 'Strict' || found.length === 0) return null;
    return patchRefusal(type === 'strategic' ? goValue(doc) : JSON.stringify(after), found);
  };
  updateWith(
    withWarnings(call, () => problems),
    (cur) => {
      if (info.subresource === 'scale') {
        const current = toScale(def, cur);
        const before = directive === 'Ignore' ? undefined : unknownBefore(call, current);
        const scale = applyPatch(type, current, doc);
        if (scale instanceof StatusError) return scale;
        return strict(before, scale) ?? applyScale(def, cur, scale);
      }
      const rv = cur.metadata?.resourceVersion;
      const before = directive === 'Ignore' ? undefined : unknownBefore(call, cur);
      const patched = applyPatch(type, cur, doc);
      if (patched instanceof StatusError) return patched;
      const refused = strict(before, patched);
      if (refused) return refused;
      // A patch pins a resourceVersion only when it sets one; otherwise it applies to whatever is current.
      if (patched.metadata?.resourceVersion === rv) delete patched.metadata!.resourceVersion;
      return patched;
    },
    manager,
  );
}

/**
 * apply is server-side apply: the applied
 * configuration creates the object when absent, else is merged into it
 * strategically; the manager (?fieldManager=, required) is recorded in
 * managedFields with operation Apply. Changing a field another manager owns
 * is a 409 conflict unless ?force=true, which takes the field over.
 */
function apply(call: Call): void {
  const body = decodeBody(call, true);
  if (body instanceof StatusError) return fail(call, body);
  // Whatever ?fieldValidation= says: the applied configuration must convert to the typed object.
  const undeclared = applyRefusal(body, call);
  if (undeclared) return fail(call, undeclared);
  const manager = call.query.fieldManager;
  if (!manager) return fail(call, newBadRequest('PATCH /apply requires fieldManager to be set'));
  const kindErr = checkKind(call.def, body);
  if (kindErr) return fail(call, kindErr);
  const { def, storage, info } = call;
  storage.get(storage.keyFor(info.namespace, info.name), { ignoreNotFound: true }, (err, cur) => {
    if (err) return fail(call, err);
    if (!cur) {
      const now = call.services.now();
      const obj = JSON.parse(JSON.stringify(body)) as KubeObject;
      (obj.metadata ??= {}).name ??= info.name;
      const nsErr = ensureNamespace(def, obj, info.namespace);
      if (nsErr) return fail(call, nsErr);
      const derr = applyDefaults(def, obj);
      if (derr) return fail(call, derr);
      return admitAndValidate(
        call,
        'CREATE',
        obj,
        undefined,
        () => {
          beforeCreate(def, obj, now, call.services.rng);
          recordManager(obj, undefined, def, { name: manager, operation: 'Apply', applied: body }, now, '');
        },
        () =>
          allocate(call, obj, () => {
            if (isDryRun(call)) return answerObject(call, 201, obj);
            storage.create(storage.keyFor(obj.metadata!.namespace, obj.metadata!.name!), obj, (cerr, created) => (cerr ? fail(call, cerr) : answerObject(call, 201, created!)));
          }),
      );
    }
    // Server-side apply proper: other managers' fields may not change without force, and what this
    // manager applied before but left out now is removed (unless someone else owns it too).
    const write: ManagerWrite = { name: manager, operation: 'Apply', applied: body, forced: [] };
    const status = def.subresources.includes('status') ? 'skip' : 'include';
    const force = call.query.force === 'true';
    updateWith(
      call,
      (c) => {
        const entries = c.metadata?.managedFields ?? [];
        const writer: Writer = { manager, operation: 'Apply', subresource: '', apiVersion: groupVersion(def), now: call.services.now() };
        const appliedSet = fieldSetOf(body, { status });
        const conflicts = applyConflicts(entries, writer, appliedSet, c, body);
        const remaining = force ? [] : conflictsAllowedByLastApplied(manager, conflicts, c);
        if (remaining.length > 0) throw conflictError(remaining);
        write.forced = conflicts;
        const merged = strategicMergePatch(c, body) as KubeObject;
        for (const [, path] of droppedByApply(entries, writer, appliedSet).entries()) removeAt(merged, path);
        return merged;
      },
      write,
    );
  });
}

// ---------------------------------------------------------------- binding

/**
 * bind is POST pods/<name>/binding (the scheduler's write): sets
 * spec.nodeName once and the PodScheduled condition, answering a Success
 * Status with code 201 (pkg/registry/core/pod/storage BindingREST).
 */
export function bind(call: Call): void {
  const binding = decodeBody(call);
  if (binding instanceof StatusError) return fail(call, binding);
  const target = (binding as { target?: { kind?: string; name?: string } }).target;
  const name = call.info.name;
  if (binding.metadata?.name && binding.metadata.name !== name)
    return fail(call, newBadRequest('the name of the object (' + binding.metadata.name + ') does not match the name on the URL (' + name + ')'));
  if (!target?.name || (target.kind && target.kind !== 'Node'))
    return fail(call, newInvalid({ group: '', kind: 'Binding' }, name, [{ type: 'FieldValueNotSupported', field: 'target.kind', badValue: target?.kind ?? '', detail: 'supported values: "Node", ""' }]));
  const attrs = attrsFor(call, 'CREATE', binding, undefined);
  admit(call.services.admission, attrs, (aerr) => {
    if (aerr) return fail(call, aerr);
    validateAdmission(call.services.admission, attrs, (verr) => {
      if (verr) return fail(call, verr);
      const bindingGr = { group: '', resource: 'pods/binding' };
      const now = call.services.now();
      call.storage.guaranteedUpdate(
        call.storage.keyFor(call.info.namespace, name),
        {},
        (cur) => {
          const pod = cur!;
          const spec = (pod.spec ?? {}) as { nodeName?: string };
          if (pod.metadata?.deletionTimestamp) return newConflict(bindingGr, name, `pod ${name} is being deleted, cannot be assigned to a host`);
          if (spec.nodeName) return newConflict(bindingGr, name, `pod ${name} is already assigned to node ${JSON.stringify(spec.nodeName)}`);
          const status = (pod.status ?? {}) as { conditions?: Array<Record<string, unknown>> };
          const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
          conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(now) });
          return { ...pod, spec: { ...spec, nodeName: target.name }, status: { ...status, conditions } };
        },
        (err) => (err ? fail(call, err) : ok(call, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 })),
      );
    });
  });
}

// ---------------------------------------------------------------- scale

/** toScale is the autoscaling/v1 Scale view of a scalable object. */
export function toScale(def: ResourceDef, obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as { replicas?: number; selector?: unknown };
  const status = (obj.status ?? {}) as { replicas?: number };
  const m = obj.metadata ?? {};
  const metadata: Record<string, unknown> = { name: m.name, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp };
  if (m.namespace) metadata.namespace = m.namespace;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata,
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: selectorString(spec.selector) },
  };
}

function selectorString(sel: unknown): string {
  if (!isPlainObject(sel)) return '';
  const parts: string[] = [];
  const labels = (sel.matchLabels ?? {}) as Record<string, string>;
  for (const k of Object.keys(labels).sort()) parts.push(`${k}=${labels[k]}`);
  for (const r of (sel.matchExpressions ?? []) as Array<{ key: string; operator: string; values?: string[] }>) {
    const vs = [...(r.values ?? [])].sort().join(',');
    if (r.operator === 'In') parts.push(`${r.key} in (${vs})`);
    else if (r.operator === 'NotIn') parts.push(`${r.key} notin (${vs})`);
    else if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
  }
  return parts.join(',');
}

/** applyScale writes a Scale's spec.replicas into the object (and its resourceVersion as a precondition). */
function applyScale(def: ResourceDef, cur: KubeObject, scale: KubeObject): KubeObject | StatusError {
  // Scale's spec.replicas is `omitempty`: a Scale to 0 arrives without it, and upstream decodes that as 0.
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
    return newInvalid({ group: 'autoscaling', kind: 'Scale' }, cur.metadata?.name ?? '', [
      { type: 'FieldValueInvalid', field: 'spec.replicas', badValue: replicas, detail: 'must be greater than or equal to 0' },
    ]);
  const out = JSON.parse(JSON.stringify(cur)) as KubeObject;
  out.spec = { ...(out.spec as object), replicas };
  const rv = scale.metadata?.resourceVersion;
  if (rv) out.metadata = { ...out.metadata, resourceVersion: rv };
  else delete out.metadata?.resourceVersion;
  return out;
}

// ---------------------------------------------------------------- delete

/** DeleteOptions are the parts of metav1.DeleteOptions this server honours. */
export interface DeleteOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  orphanDependents?: boolean;
  dryRun?: string[];
}

function deleteOptions(call: Call): DeleteOptions | StatusError {
  let opts: DeleteOptions = {};
  if (call.body && call.body.trim() !== '') {
    try {
      opts = JSON.parse(call.body) as DeleteOptions;
    } catch (e) {
      return newBadRequest(`error decoding DeleteOptions: ${(e as Error).message}`);
    }
  }
  if (call.query.propagationPolicy) opts.propagationPolicy = call.query.propagationPolicy as DeleteOptions['propagationPolicy'];
  if (call.query.gracePeriodSeconds !== undefined) opts.gracePeriodSeconds = Number(call.query.gracePeriodSeconds);
  if (opts.propagationPolicy && !['Orphan', 'Background', 'Foreground'].includes(opts.propagationPolicy))
    return newInvalid({ group: '', kind: 'DeleteOptions' }, '', [
      { type: 'FieldValueNotSupported', field: 'propagationPolicy', badValue: opts.propagationPolicy, detail: 'supported values: "Foreground", "Background", "Orphan", "nil"' },
    ]);
  if (opts.orphanDependents !== undefined && !opts.propagationPolicy) opts.propagationPolicy = opts.orphanDependents ? 'Orphan' : 'Background';
  return opts;
}

/** GC_FINALIZERS are the finalizers the garbage collector acts on. */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

export function remove(call: Call): void {
  const opts = deleteOptions(call);
  if (opts instanceof StatusError) return fail(call, opts);
  deleteOne(call, call.info.namespace, call.info.name, opts, isDryRun(call) || (opts.dryRun ?? []).includes('All'), (err, body) => {
    if (err) return fail(call, err);
    if (body!.deleted && !call.def.returnDeletedObject) {
      const uid = body!.object.metadata?.uid;
      const details: Record<string, unknown> = { name: call.info.name, kind: call.def.plural };
      if (call.def.group) details.group = call.def.group;
      if (uid) details.uid = uid;
      return ok(call, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details });
    }
    // Upstream answers 202 only for the deprecated orphanDependents=false on an object not yet deleted.
    ok(call, opts.orphanDependents === false && !body!.deleted ? 202 : 200, body!.object);
  });
}

type DeleteDone = (err: StatusError | null, res?: { deleted: boolean; object: KubeObject }) => void;

/**
 * deleteOne deletes one object: immediately when nothing holds it, else by
 * setting deletionTimestamp (finalizers, the GC's foreground and orphan
 * finalizers, a namespace's spec.finalizers, a bound pod's grace period).
 */
export function deleteOne(call: Call, namespace: string, name: string, opts: DeleteOptions, dryRun: boolean, done: DeleteDone): void {
  const { def, storage } = call;
  const key = storage.keyFor(namespace, name);
  storage.get(key, {}, (gerr, current) => {
    if (gerr) return done(gerr);
    const cur = current!;
    const pre = opts.preconditions ?? {};
    if (pre.uid && pre.uid !== cur.metadata?.uid)
      return done(newConflict(gr(def), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${cur.metadata?.uid ?? ''}`));
    if (pre.resourceVersion && pre.resourceVersion !== cur.metadata?.resourceVersion)
      return done(
        newConflict(gr(def), name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.metadata?.resourceVersion ?? ''}`),
      );
    const attrs = attrsFor({ ...call, info: { ...call.info, name, namespace } }, 'DELETE', undefined, cur);
    admit(call.services.admission, attrs, (aerr) => {
      if (aerr) return done(aerr);
      validateAdmission(call.services.admission, attrs, (verr) => {
        if (verr) return done(verr);
        const finalizers = [...(cur.metadata?.finalizers ?? [])];
        const policy = opts.propagationPolicy;
        if (policy === 'Foreground' && !finalizers.includes(FOREGROUND_FINALIZER)) finalizers.push(FOREGROUND_FINALIZER);
        if (policy === 'Orphan' && !finalizers.includes(ORPHAN_FINALIZER)) finalizers.push(ORPHAN_FINALIZER);
        // Graceful deletion: a pod bound to a node waits out its grace period for the kubelet; a grace of 0 forces it.
        const spec = cur.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
        const boundPod = def.group === '' && def.plural === 'pods' && !!spec?.nodeName;
        const grace = boundPod ? Math.max(0, opts.gracePeriodSeconds ?? spec?.terminationGracePeriodSeconds ?? 30) : 0;
        const held = finalizers.length > 0 || pendingNamespaceFinalizers(def, cur) || grace > 0;
        if (!held) {
          if (dryRun) return done(null, { deleted: true, object: cur });
          return storage.delete(key, { uid: cur.metadata?.uid }, (derr, deleted) => (derr ? done(derr) : done(null, { deleted: true, object: deleted! })));
        }
        // Held: mark it (once; a later delete may only shorten a grace period) and let finalizers, controllers or the kubelet finish.
        const now = call.services.now();
        const marked = JSON.parse(JSON.stringify(cur)) as KubeObject;
        const meta = marked.metadata!;
        if (!meta.deletionTimestamp || (boundPod && grace < (meta.deletionGracePeriodSeconds ?? 0))) {
          meta.deletionTimestamp = rfc3339(now + grace * 1000);
          meta.deletionGracePeriodSeconds = grace;
        }
        if (finalizers.length) meta.finalizers = finalizers;
        if (def.group === '' && def.plural === 'namespaces') marked.status = { ...(marked.status as object), phase: 'Terminating' };
        if (deepEqual(marked, cur)) return done(null, { deleted: false, object: cur });
        if (dryRun) return done(null, { deleted: false, object: marked });
        storage.guaranteedUpdate(
          key,
          { preconditions: { resourceVersion: cur.metadata?.resourceVersion } },
          () => ({ ...marked }),
          (uerr, written) => {
            if (uerr?.reason === 'Conflict') return deleteOne(call, namespace, name, opts, dryRun, done);
            if (uerr) return done(uerr);
            done(null, { deleted: false, object: written! });
          },
        );
      });
    });
  });
}

export function deleteCollection(call: Call): void {
  const { def, storage, info, query } = call;
  const opts = deleteOptions(call);
  if (opts instanceof StatusError) return fail(call, opts);
  const pred = predicateFor(def, query);
  if (pred instanceof StatusError) return fail(call, pred);
  const dryRun = isDryRun(call) || (opts.dryRun ?? []).includes('All');
  storage.getList(storage.prefixFor(def.namespaced ? info.namespace || undefined : undefined), { predicate: pred }, (err, res) => {
    if (err) return fail(call, err);
    const items = res!.items;
    const out: KubeObject[] = [];
    let i = 0;
    const next = (): void => {
      if (i >= items.length)
        return ok(call, 200, { kind: `${def.kind}List`, apiVersion: groupVersion(def), metadata: { resourceVersion: res!.resourceVersion }, items: out });
      const item = items[i++];
      deleteOne(call, item.metadata?.namespace ?? '', item.metadata?.name ?? '', opts, dryRun, (derr, r) => {
        // An object deleted meanwhile is not an error for a collection delete.
        if (derr && derr.reason !== 'NotFound') return fail(call, derr);
        if (r) out.push(r.object);
        next();
      });
    };
    next();
  });
}
