/**
 * LimitRanger (plugin/pkg/admission/limitranger): the namespace's
 * LimitRanges first fill in the resources a container left out (admit:
 * `default` → limits, `defaultRequest` → requests), then bound what the pod
 * asks for (validate: min, max and maxLimitRequestRatio, per Container and
 * per Pod, and the storage a PersistentVolumeClaim requests). Pods are seen
 * on CREATE only: their containers' resources are immutable afterwards.
 */
import type { LimitRange, LimitRangeItem } from 'kubernetes-types/core/v1';
import type { StatusError } from '../errors';
import { aggregate } from '../errors';
import { isPlainObject, type KubeObject } from '../object';
import {
  addQuantities,
  compareQuantities,
  formatQuantity,
  milliValue,
  parseQuantity,
  value,
  type Quantity,
} from '../quantity';
import { admissionForbidden } from './forbidden';
import type { AdmissionAttributes, AdmitDone, MutatingPlugin, ValidatingPlugin } from './types';

/** LIMIT_RANGER_ANNOTATION records which defaults the plugin set on a pod. */
export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

/** LimitRangeLister lists a namespace's LimitRanges. */
export type LimitRangeLister = (namespace: string, done: (err: StatusError | null, items: LimitRange[]) => void) => void;

export interface LimitRangerOptions {
  listLimitRanges: LimitRangeLister;
}

/** Resources is a container's (or a pod's, summed) requests or limits, parsed. */
type Resources = Map<string, Quantity>;

interface ContainerLike {
  name?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/** MAX_MILLI_VALUE is resource.MaxMilliValue: beyond it, values compare in whole units. */
const MAX_MILLI_VALUE = 9_223_372_036_854_775n; // math.MaxInt64 / 1000

/**
 * defaultedLimitRange applies SetDefaults_LimitRangeItem to a copy: for a
 * Container item, max stands in for a missing default, and default (then
 * min) for a missing defaultRequest. Stored LimitRanges already have this;
 * doing it again changes nothing.
 */
export function defaultedLimitRange(lr: LimitRange): LimitRange {
  const limits = (lr.spec?.limits ?? []).map((item): LimitRangeItem => {
    if (item.type !== 'Container') return item;
    const def: Record<string, string> = { ...(item.default ?? {}) };
    const defReq: Record<string, string> = { ...(item.defaultRequest ?? {}) };
    for (const [k, v] of Object.entries(item.max ?? {})) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in defReq)) defReq[k] = v;
    for (const [k, v] of Object.entries(item.min ?? {})) if (!(k in defReq)) defReq[k] = v;
    return { ...item, default: def, defaultRequest: defReq };
  });
  return { ...lr, spec: { ...lr.spec, limits } };
}

function parseList(list: Record<string, string> | undefined): Resources {
  const out: Resources = new Map();
  for (const [k, v] of Object.entries(list ?? {})) {
    try {
      out.set(k, parseQuantity(String(v)));
    } catch {
      // An unreadable quantity is validation's to refuse (422), not admission's.
    }
  }
  return out;
}

function podContainers(obj: KubeObject, field: 'containers' | 'initContainers'): ContainerLike[] {
  const spec = obj.spec;
  if (!isPlainObject(spec) || !Array.isArray(spec[field])) return [];
  return (spec[field] as unknown[]).filter(isPlainObject) as ContainerLike[];
}

/** mergeDefaults fills the container's missing limits and requests from the defaults; it returns the annotation phrases. */
function mergeDefaults(c: ContainerLike, defaults: { limits: Record<string, string>; requests: Record<string, string> }, prefix: string): string[] {
  const has = (field: 'limits' | 'requests', k: string) => isPlainObject(c.resources?.[field]) && k in c.resources![field]!;
  const setLimits = Object.keys(defaults.limits).filter((k) => !has('limits', k)).sort();
  const setRequests = Object.keys(defaults.requests).filter((k) => !has('requests', k)).sort();
  // Maps are made only when something goes in, so a container the defaults miss is left as it came.
  if (setLimits.length) {
    const limits = ((c.resources ??= {}).limits ??= {});
    for (const k of setLimits) limits[k] = defaults.limits[k];
  }
  if (setRequests.length) {
    const requests = ((c.resources ??= {}).requests ??= {});
    for (const k of setRequests) requests[k] = defaults.requests[k];
  }
  const phrases: string[] = [];
  if (setRequests.length) phrases.push(`${setRequests.join(', ')} request for ${prefix} ${c.name ?? ''}`);
  if (setLimits.length) phrases.push(`${setLimits.join(', ')} limit for ${prefix} ${c.name ?? ''}`);
  return phrases;
}

/** canonical writes a default as the API server stores quantities. */
function canonicalList(list: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(list ?? {})) {
    try {
      out[k] = formatQuantity(parseQuantity(String(v)));
    } catch {
      out[k] = String(v);
    }
  }
  return out;
}

/**
 * applyPodDefaults is PodMutateLimitFunc: every Container item's default and
 * defaultRequest (later items win) go into each container and init
 * container that lacks them, and the pod is annotated with what was set.
 */
export function applyPodDefaults(lr: LimitRange, pod: KubeObject): void {
  const defaults = { limits: {} as Record<string, string>, requests: {} as Record<string, string> };
  for (const item of defaultedLimitRange(lr).spec?.limits ?? []) {
    if (item.type !== 'Container') continue;
    Object.assign(defaults.limits, canonicalList(item.default));
    Object.assign(defaults.requests, canonicalList(item.defaultRequest));
  }
  const phrases: string[] = [];
  for (const c of podContainers(pod, 'containers')) phrases.push(...mergeDefaults(c, defaults, 'container'));
  for (const c of podContainers(pod, 'initContainers')) phrases.push(...mergeDefaults(c, defaults, 'init container'));
  if (phrases.length) {
    const meta = (pod.metadata ??= {});
    meta.annotations = { ...(meta.annotations ?? {}), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${phrases.join('; ')}` };
  }
}

/** comparable is requestLimitEnforcedValues: milli-units unless a value is too large for them. */
function comparable(...qs: (Quantity | undefined)[]): bigint[] {
  const whole = qs.map((q) => (q ? value(q) : 0n));
  if (whole.every((v) => v <= MAX_MILLI_VALUE)) return qs.map((q) => (q ? milliValue(q) : 0n));
  return whole;
}

function minConstraint(type: string, res: string, enforced: Quantity, requests: Resources, limits: Resources): string | null {
  const req = requests.get(res);
  const lim = limits.get(res);
  const [r, l, e] = comparable(req, lim, enforced);
  const bound = `minimum ${res} usage per ${type} is ${formatQuantity(enforced)}`;
  if (!req) return `${bound}.  No request is specified`;
  if (r < e) return `${bound}, but request is ${formatQuantity(req)}`;
  if (lim && l < e) return `${bound}, but limit is ${formatQuantity(lim)}`;
  return null;
}

function maxConstraint(type: string, res: string, enforced: Quantity, requests: Resources, limits: Resources): string | null {
  const req = requests.get(res);
  const lim = limits.get(res);
  const [r, l, e] = comparable(req, lim, enforced);
  const bound = `maximum ${res} usage per ${type} is ${formatQuantity(enforced)}`;
  if (!lim) return `${bound}.  No limit is specified`;
  if (l > e) return `${bound}, but limit is ${formatQuantity(lim)}`;
  if (req && r > e) return `${bound}, but request is ${formatQuantity(req)}`;
  return null;
}

function maxRequestConstraint(type: string, res: string, enforced: Quantity, requests: Resources): string | null {
  const req = requests.get(res);
  const [r, e] = comparable(req, enforced);
  const bound = `maximum ${res} usage per ${type} is ${formatQuantity(enforced)}`;
  if (!req) return `${bound}.  No request is specified`;
  if (r > e) return `${bound}, but request is ${formatQuantity(req)}`;
  return null;
}

function ratioConstraint(type: string, res: string, enforced: Quantity, requests: Resources, limits: Resources): string | null {
  const req = requests.get(res);
  const lim = limits.get(res);
  const [r, l] = comparable(req, lim, enforced);
  const bound = `${res} max limit to request ratio per ${type} is ${formatQuantity(enforced)}`;
  if (!req || r === 0n) return `${bound}, but no request is specified or request is 0`;
  if (!lim || l === 0n) return `${bound}, but no limit is specified or limit is 0`;
  const observed = Number(l) / Number(r);
  // Upstream compares in milli-units when the bound allows, so a ratio of 1.5 can be enforced.
  const precise = value(enforced) <= MAX_MILLI_VALUE;
  const over = precise ? observed * 1000 > Number(milliValue(enforced)) : observed > Number(value(enforced));
  return over ? `${bound}, but provided ratio is ${observed.toFixed(6)}` : null;
}

/** checkItem applies one item's min, max and ratio bounds (resources in name order, for a stable message). */
function checkItem(item: LimitRangeItem, type: string, requests: Resources, limits: Resources, errs: string[]): void {
  const each = (list: Record<string, string> | undefined, f: (res: string, q: Quantity) => string | null) => {
    for (const [res, q] of [...parseList(list)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const e = f(res, q);
      if (e) errs.push(e);
    }
  };
  each(item.min, (res, q) => minConstraint(type, res, q, requests, limits));
  each(item.max, (res, q) => maxConstraint(type, res, q, requests, limits));
  each(item.maxLimitRequestRatio, (res, q) => ratioConstraint(type, res, q, requests, limits));
}

/** podTotals is the pod's resources: the containers' sum, raised to any init container's larger value. */
function podTotals(pod: KubeObject, field: 'requests' | 'limits'): Resources {
  const total: Resources = new Map();
  for (const c of podContainers(pod, 'containers')) {
    for (const [k, q] of parseList(c.resources?.[field])) total.set(k, total.has(k) ? addQuantities(total.get(k)!, q) : q);
  }
  for (const c of podContainers(pod, 'initContainers')) {
    for (const [k, q] of parseList(c.resources?.[field])) if (!total.has(k) || compareQuantities(q, total.get(k)!) > 0) total.set(k, q);
  }
  return total;
}

/** podLimitErrors is PodValidateLimitFunc: every violated bound, in the LimitRange's item order. */
export function podLimitErrors(lr: LimitRange, pod: KubeObject): string[] {
  const errs: string[] = [];
  for (const item of lr.spec?.limits ?? []) {
    if (item.type === 'Container') {
      for (const c of [...podContainers(pod, 'containers'), ...podContainers(pod, 'initContainers')]) {
        checkItem(item, 'Container', parseList(c.resources?.requests), parseList(c.resources?.limits), errs);
      }
    } else if (item.type === 'Pod') {
      checkItem(item, 'Pod', podTotals(pod, 'requests'), podTotals(pod, 'limits'), errs);
    }
  }
  return errs;
}

/** pvcLimitErrors is PersistentVolumeClaimValidateLimitFunc: min and max bound the requested storage. */
export function pvcLimitErrors(lr: LimitRange, pvc: KubeObject): string[] {
  const errs: string[] = [];
  const spec = isPlainObject(pvc.spec) ? (pvc.spec as { resources?: { requests?: Record<string, string> } }) : {};
  const requests = parseList(spec.resources?.requests);
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== 'PersistentVolumeClaim') continue;
    for (const [res, q] of parseList(item.min)) {
      const e = minConstraint('PersistentVolumeClaim', res, q, requests, new Map());
      if (e) errs.push(e);
    }
    for (const [res, q] of parseList(item.max)) {
      const e = maxRequestConstraint('PersistentVolumeClaim', res, q, requests);
      if (e) errs.push(e);
    }
  }
  return errs;
}

type Target = 'pods' | 'persistentvolumeclaims' | null;

/** targetOf is SupportsAttributes: pods on CREATE, claims on CREATE and UPDATE, never a subresource. */
function targetOf(a: AdmissionAttributes): Target {
  if (a.subresource !== '' || a.resource.group !== '' || !a.object) return null;
  if (a.resource.resource === 'pods') return a.operation === 'CREATE' ? 'pods' : null;
  if (a.resource.resource === 'persistentvolumeclaims') return 'persistentvolumeclaims';
  return null;
}

/** limitRanger makes the plugin: it both mutates (defaults) and validates (bounds). */
export function limitRanger(opts: LimitRangerOptions): MutatingPlugin & ValidatingPlugin {
  const run = (a: AdmissionAttributes, done: AdmitDone, step: (lrs: LimitRange[], target: Exclude<Target, null>) => StatusError | null) => {
    const target = targetOf(a);
    if (!target) return done(null);
    opts.listLimitRanges(a.namespace, (err, items) => {
      if (err) return done(err);
      done(step(items, target));
    });
  };
  return {
    name: 'LimitRanger',
    handles: (op) => op === 'CREATE' || op === 'UPDATE',
    admit(a, done) {
      run(a, done, (lrs, target) => {
        if (target === 'pods') for (const lr of lrs) applyPodDefaults(lr, a.object!);
        return null;
      });
    },
    validate(a, done) {
      run(a, done, (lrs, target) => {
        const errs = lrs.flatMap((lr) => (target === 'pods' ? podLimitErrors(lr, a.object!) : pvcLimitErrors(lr, a.object!)));
        return errs.length ? admissionForbidden(a, aggregate(errs)) : null;
      });
    },
  };
}
