/**
 * The admission lab's cluster, as it runs in the realm: the engine's
 * registry and storage over etcd's MVCC store, with the learner's three
 * plugins in the admission chain, in upstream's order.
 * A scenario's setup (namespaces, LimitRanges, ResourceQuotas) goes in
 * first, past the plugins; then its waves of creates, each wave's requests
 * sent at once, their storage and etcd steps interleaved in an order drawn
 * from the run's seed, so two creates race for the same quota.
 *
 * The request path is the handler's create path over the engine's
 * storage (etcd's MVCC store behind storage/etcd3, resourceVersion
 * preconditions and all), run here rather than through ApiServer: the
 * handler cannot load in the realm (it imports an npm package), and
 * engine/apiserver/apiserver.ts builds in the engine's NamespaceLifecycle,
 * which lab code may not load.
 */
import type { LimitRange, Namespace, ResourceQuota } from 'kubernetes-types/core/v1';
import type { LimitRangerOptions } from '../../engine/apiserver/admission/limit_ranger';
import type { NamespaceLifecycleOptions } from '../../engine/apiserver/admission/namespace_lifecycle';
import type { ResourceQuotaOptions } from '../../engine/apiserver/admission/resource_quota';
import { admit, validate, type AdmissionAttributes, type AdmitDone, type MutatingPlugin, type ValidatingPlugin } from '../../engine/apiserver/admission/types';
import { isStatusError, newInternalError, newNotFound, type StatusError } from '../../engine/apiserver/errors';
import type { KubeObject } from '../../engine/apiserver/object';
import { deepEqual } from '../../engine/apiserver/object';
import { Registry } from '../../engine/apiserver/registry/registry';
import { groupVersion, type ResourceDef } from '../../engine/apiserver/registry/types';
import { createStorage } from '../../engine/apiserver/storage';
import type { AttrFunc, ResourceStorage, StorageClock, StorageConfig } from '../../engine/apiserver/storage/types';
import { createStore } from '../../engine/etcd/mvcc';
import { localKV } from '../../engine/etcd/v3/local';
import { Rng } from '../../engine/sim/rng';
import type { AdmissionScenario, Request } from './scenario';

/** Plugins is the learner's module: three factories with the engine's signatures. */
export interface Plugins {
  limitRanger(opts: LimitRangerOptions): MutatingPlugin & ValidatingPlugin;
  resourceQuota(opts: ResourceQuotaOptions): ValidatingPlugin;
  namespaceLifecycle(opts: NamespaceLifecycleOptions): ValidatingPlugin;
}

/** Answer is what one create of a wave got back. */
export interface Answer {
  wave: number;
  resource: Request['resource'];
  namespace: string;
  name: string;
  /** code is the HTTP status (201 created); 0 when no answer ever came. */
  code: number;
  reason: string;
  message: string;
  /** changedInValidation names the plugin that changed the object during validating admission, if one did. */
  changedInValidation?: string;
}

/** Outcome is a run's result, plain data for the grader's checks. */
export interface Outcome {
  answers: Answer[];
  /** stored are the objects of the requests' resources at the end. */
  stored: { resource: Request['resource']; namespace: string; name: string; object: KubeObject }[];
  quotas: ResourceQuota[];
  /** conflicts counts the 409s quota writes got: evidence that creates raced. */
  conflicts: number;
  /** setupError is a setup request that failed (a grader bug, not the learner's). */
  setupError?: string;
  /** steps is how many queued callbacks ran; stuck says the run hit its bound. */
  steps: number;
  stuck?: boolean;
}

/** MAX_STEPS bounds a run's callbacks: a plugin that loops through callbacks ends as stuck, not as a hung grader. */
export const MAX_STEPS = 400_000;

/** attrsFor extracts labels and selectable fields, as the assembly's attrsFor does. */
function attrsFor(def: ResourceDef): AttrFunc {
  return (obj: KubeObject) => {
    const fields: Record<string, string> = { 'metadata.name': obj.metadata?.name ?? '' };
    if (def.namespaced) fields['metadata.namespace'] = obj.metadata?.namespace ?? '';
    for (const [f, read] of Object.entries(def.selectableFields)) fields[f] = read(obj);
    return { labels: obj.metadata?.labels ?? {}, fields };
  };
}

/**
 * Loop is the run's event queue: every deferred callback and due timer
 * goes in, and the next one to run is drawn from the seeded Rng — any
 * order the callbacks' dependencies allow, never the same by accident.
 */
class Loop implements StorageClock {
  private queue: (() => void)[] = [];
  private timers: { at: number; fn: () => void; live: boolean }[] = [];
  // 2026-01-01T00:00:00Z: the realm has no Date.
  private time = 1_767_225_600_000;
  steps = 0;

  constructor(private readonly rng: Rng) {}

  get now(): number {
    return this.time;
  }

  defer = (fn: () => void): void => {
    this.queue.push(fn);
  };

  after(delayMs: number, fn: () => void): { cancel(): void } {
    if (delayMs <= 0) {
      const t = { live: true };
      this.queue.push(() => t.live && fn());
      return { cancel: () => void (t.live = false) };
    }
    const t = { at: this.time + delayMs, fn, live: true };
    this.timers.push(t);
    return { cancel: () => void (t.live = false) };
  }

  /** run drains the queue in random order, then timers in time order; false if it hit MAX_STEPS. */
  run(random: boolean): boolean {
    for (;;) {
      if (this.steps >= MAX_STEPS) return false;
      if (this.queue.length) {
        const i = random ? this.rng.intn(this.queue.length) : 0;
        const [fn] = this.queue.splice(i, 1);
        this.steps++;
        fn();
        continue;
      }
      this.timers = this.timers.filter((t) => t.live);
      if (this.timers.length === 0) return true;
      this.timers.sort((a, b) => a.at - b.at);
      const t = this.timers.shift()!;
      this.time = Math.max(this.time, t.at);
      this.queue.push(t.fn);
    }
  }
}

/**
 * Call is one plugin invocation: it answers the chain once, and turns an
 * exception of the plugin (also one thrown in a callback it gave storage)
 * into the request's 500, as the API server's panic recovery would.
 */
class Call {
  answered = false;
  constructor(
    private readonly pluginName: string,
    private readonly chainDone: AdmitDone,
  ) {}

  done: AdmitDone = (err) => {
    if (this.answered) return;
    this.answered = true;
    this.chainDone(err && !isStatusError(err) ? newInternalError(`${this.pluginName}: ${String((err as unknown as Error)?.message ?? err)}`) : err);
  };

  guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      if (this.answered) return;
      // The learner's own frame, for the grader to map back to their line.
      const at = e instanceof Error ? /(labs\/[\w./-]+\.ts:\d+:\d+)/.exec(String(e.stack ?? ''))?.[1] : undefined;
      this.done(newInternalError(`${this.pluginName} threw: ${e instanceof Error ? e.message : String(e)}${at ? ` (at ${at})` : ''}`));
    }
  }
}

/** run plays a scenario against plugins and returns its outcome. */
export function runScenario(s: AdmissionScenario, plugins: Plugins, seed: string): Outcome {
  const loop = new Loop(new Rng(`admission/${seed}`));
  const registry = new Registry();
  const kv = localKV(createStore(), loop.defer);
  const storages = new Map<ResourceDef, ResourceStorage>();
  const storageFor = (def: ResourceDef): ResourceStorage => {
    let st = storages.get(def);
    if (!st) {
      const config: StorageConfig = {
        kv,
        clock: loop,
        resource: { group: def.group, resource: def.plural },
        kind: def.kind,
        apiVersion: groupVersion(def),
        resourcePrefix: def.etcdPrefix,
        namespaced: def.namespaced,
        attrs: attrsFor(def),
        watchCache: false,
        defer: loop.defer,
      };
      st = createStorage(config);
      storages.set(def, st);
    }
    return st;
  };
  const core = (plural: string) => storageFor(registry.lookup('', 'v1', plural)!);
  let conflicts = 0;
  let setup = true;

  // The callbacks the plugins get: fresh (quorum) reads and an optimistic status write.
  const listLimitRanges = (call: Call) => (ns: string, done: (err: StatusError | null, items: LimitRange[]) => void) => {
    const st = core('limitranges');
    st.getList(st.prefixFor(ns), {}, (err, res) => call.guard(() => done(err ?? null, (res?.items ?? []) as LimitRange[])));
  };
  const listQuotas = (call: Call) => (ns: string, done: (err: StatusError | null, items: ResourceQuota[]) => void) => {
    const st = core('resourcequotas');
    st.getList(st.prefixFor(ns), {}, (err, res) => call.guard(() => done(err ?? null, (res?.items ?? []) as ResourceQuota[])));
  };
  const updateQuotaStatus = (call: Call) => (quota: ResourceQuota, done: (err: StatusError | null, updated: ResourceQuota | null) => void) => {
    const st = core('resourcequotas');
    const name = quota.metadata?.name ?? '';
    const rv = quota.metadata?.resourceVersion;
    // Without a resourceVersion the write is unconditional, as a PUT without one is for quotas.
    st.guaranteedUpdate(
      st.keyFor(quota.metadata?.namespace ?? '', name),
      rv ? { preconditions: { resourceVersion: rv } } : {},
      (cur) => (cur ? { ...cur, status: JSON.parse(JSON.stringify(quota.status ?? {})) } : newNotFound({ group: '', resource: 'resourcequotas' }, name)),
      (err, updated) => {
        if (err?.status.code === 409) conflicts++;
        call.guard(() => done(err ?? null, (updated ?? null) as ResourceQuota | null));
      },
    );
  };
  const getNamespace = (call: Call) => (name: string, done: (err: StatusError | null, ns: KubeObject | null) => void) => {
    const st = core('namespaces');
    st.get(st.keyFor(undefined, name), { ignoreNotFound: true }, (err, ns) => call.guard(() => done(err ?? null, ns ?? null)));
  };

  /** step wraps one of the learner's plugins: a fresh plugin per call, so each call's callbacks answer for that call. */
  const step = <P>(pluginName: string, make: (call: Call) => P, invoke: (p: P, a: AdmissionAttributes, done: AdmitDone) => void) =>
    (a: AdmissionAttributes, done: AdmitDone): void => {
      if (setup) return done(null);
      const call = new Call(pluginName, done);
      call.guard(() => {
        const plugin = make(call) as P & { handles(op: string): boolean };
        if (!plugin.handles(a.operation)) return call.done(null);
        invoke(plugin, a, call.done);
      });
    };

  const limitAdmit = step('LimitRanger', (c) => plugins.limitRanger({ listLimitRanges: listLimitRanges(c) }), (p, a, d) => p.admit(a, d));
  const limitValidate = step('LimitRanger', (c) => plugins.limitRanger({ listLimitRanges: listLimitRanges(c) }), (p, a, d) => p.validate(a, d));
  const quotaValidate = step('ResourceQuota', (c) => plugins.resourceQuota({ listQuotas: listQuotas(c), updateQuotaStatus: updateQuotaStatus(c) }), (p, a, d) => p.validate(a, d));
  const lifecycleValidate = step('NamespaceLifecycle', (c) => plugins.namespaceLifecycle({ getNamespace: getNamespace(c) }), (p, a, d) => p.validate(a, d));

  // Validating plugins may only refuse: the chain snapshots the object and, after each, looks for a change.
  const changed = new Map<string, string>();
  const keyOf = (a: AdmissionAttributes) => `${a.resource.resource}/${a.namespace}/${a.object?.metadata?.name ?? a.name}`;
  const watching = (name: string, inner: (a: AdmissionAttributes, done: AdmitDone) => void): ValidatingPlugin => ({
    name,
    handles: () => true,
    validate(a, done) {
      const before = a.object ? JSON.stringify(a.object) : '';
      inner(a, (err) => {
        if (a.object && !changed.has(keyOf(a)) && !deepEqual(JSON.parse(before), a.object)) changed.set(keyOf(a), name);
        done(err);
      });
    },
  });

  const chain = {
    mutating: [{ name: 'LimitRanger', handles: () => true, admit: limitAdmit }] as MutatingPlugin[],
    validating: [watching('NamespaceLifecycle', lifecycleValidate), watching('LimitRanger', limitValidate), watching('ResourceQuota', quotaValidate)],
  };

  /**
   * create is the API server's create path, as engine/apiserver/handler/rest.ts
   * runs it: the type's defaulting, mutating admission, validating admission,
   * storage. (The handler itself cannot load in the realm: it parses YAML
   * bodies with an npm package, and lab code reaches no packages.)
   */
  const create = (resource: string, namespace: string, body: KubeObject, respond: (code: number, err: StatusError | null) => void): void => {
    const def = registry.lookup('', 'v1', resource)!;
    const obj = JSON.parse(JSON.stringify(body)) as KubeObject;
    obj.metadata = { ...obj.metadata, ...(def.namespaced ? { namespace } : {}) };
    def.defaults?.(obj);
    const attrs: AdmissionAttributes = {
      operation: 'CREATE',
      kind: { group: def.group, version: def.version, kind: def.kind },
      resource: { group: def.group, version: def.version, resource: def.plural },
      subresource: '',
      namespace: def.namespaced ? namespace : '',
      name: obj.metadata.name ?? '',
      object: obj,
      userInfo: { username: 'system:admin', groups: ['system:masters', 'system:authenticated'] },
      dryRun: false,
    };
    admit(chain, attrs, (aerr) => {
      if (aerr) return respond(aerr.status.code, aerr);
      validate(chain, attrs, (verr) => {
        if (verr) return respond(verr.status.code, verr);
        def.prepareForCreate?.(obj);
        const st = storageFor(def);
        st.create(st.keyFor(def.namespaced ? namespace : undefined, obj.metadata!.name!), obj, (cerr) => respond(cerr ? cerr.status.code : 201, cerr ?? null));
      });
    });
  };

  // Setup, in order, past the plugins.
  let setupError: string | undefined;
  const expectOk = (what: string) => (code: number, err: StatusError | null) => {
    if (err) setupError ??= `${what}: ${code} ${err.message}`;
  };
  const settle = () => loop.run(false);
  for (const ns of s.namespaces) {
    const body: Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name } };
    create('namespaces', '', body as KubeObject, expectOk(`namespace ${ns.name}`));
    settle();
  }
  for (const lr of s.limitRanges) {
    const body: LimitRange = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: lr.name }, spec: { limits: lr.limits.map((l) => ({ ...l })) } };
    create('limitranges', lr.namespace, body as KubeObject, expectOk(`limitrange ${lr.namespace}/${lr.name}`));
    settle();
  }
  for (const q of s.quotas) {
    const body: ResourceQuota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: q.name }, spec: { hard: { ...q.hard } } };
    create('resourcequotas', q.namespace, body as KubeObject, expectOk(`resourcequota ${q.namespace}/${q.name}`));
    settle();
  }
  for (const ns of s.namespaces.filter((n) => n.terminating)) {
    // What a DELETE of a namespace with finalizers leaves: a deletionTimestamp and phase Terminating.
    const st = core('namespaces');
    st.guaranteedUpdate(
      st.keyFor(undefined, ns.name),
      {},
      (cur) => ({ ...cur!, metadata: { ...cur!.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' }, status: { ...(cur!.status as object), phase: 'Terminating' } }),
      (err) => err && expectOk(`deleting namespace ${ns.name}`)(err.status.code, err),
    );
    settle();
  }
  if (setupError) return { answers: [], stored: [], quotas: [], conflicts, setupError, steps: loop.steps };
  setup = false;

  const answers: Answer[] = [];
  let stuck = false;
  s.waves.forEach((wave, w) => {
    for (const r of wave) {
      const answer: Answer = { wave: w, resource: r.resource, namespace: r.namespace, name: r.name, code: 0, reason: '', message: '' };
      answers.push(answer);
      create(r.resource, r.namespace, objectOf(r), (code, err) => {
        if (answer.code !== 0) return;
        answer.code = code;
        answer.reason = err?.status.reason ?? '';
        answer.message = err?.message ?? '';
      });
    }
    if (!loop.run(true)) stuck = true;
  });
  for (const a of answers) {
    const by = changed.get(`${a.resource}/${a.namespace}/${a.name}`);
    if (by) a.changedInValidation = by;
  }

  // The end state, read straight from storage.
  const stored: Outcome['stored'] = [];
  const quotas: ResourceQuota[] = [];
  for (const resource of ['pods', 'configmaps', 'secrets'] as const) {
    const st = core(resource);
    st.getList(st.prefixFor(), {}, (_err, res) => {
      for (const o of res?.items ?? []) stored.push({ resource, namespace: o.metadata?.namespace ?? '', name: o.metadata?.name ?? '', object: o });
    });
  }
  const qs = core('resourcequotas');
  qs.getList(qs.prefixFor(), {}, (_err, res) => quotas.push(...((res?.items ?? []) as ResourceQuota[])));
  settle();
  return { answers, stored, quotas, conflicts, steps: loop.steps, ...(stuck ? { stuck } : {}) };
}

/** objectOf is the manifest a request creates. */
export function objectOf(r: Request): KubeObject {
  if (r.resource === 'pods') {
    const container = (c: NonNullable<Request['containers']>[number]) => {
      const resources: Record<string, Record<string, string>> = {};
      if (c.requests) resources.requests = { ...c.requests };
      if (c.limits) resources.limits = { ...c.limits };
      return { name: c.name, image: 'registry.k8s.io/pause:3.9', resources };
    };
    const spec: Record<string, unknown> = { containers: (r.containers ?? []).map(container) };
    if (r.initContainers?.length) spec.initContainers = r.initContainers.map(container);
    return { apiVersion: 'v1', kind: 'Pod', metadata: { name: r.name }, spec };
  }
  if (r.resource === 'configmaps') return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: r.name }, data: { key: 'value' } };
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: r.name }, type: 'Opaque', data: { key: 'dmFsdWU=' } };
}
