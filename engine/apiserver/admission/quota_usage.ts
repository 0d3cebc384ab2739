/**
 * Quota usage: what one object costs against a ResourceQuota, as the
 * evaluators of k8s.io/kubernetes/pkg/quota/v1/evaluator/core and the
 * generic object-count evaluator compute it. A usage is a resource list
 * keyed by quota resource name ("pods", "requests.cpu", "count/secrets",
 * "count/deployments.apps"); helpers compare and print such lists as
 * pkg/quota/v1 does.
 */
import { isPlainObject, type KubeObject } from '../object';
import { addQuantities, compareQuantities, formatQuantity, parseQuantity, quantityFromInt, subQuantities, type Quantity } from '../quantity';

/** Usage is a quota resource list: resource name → quantity. */
export type Usage = Map<string, Quantity>;

/** GroupResource names what is being counted. */
export interface QuotaResource {
  group: string;
  resource: string;
}

/** objectCountName is the generic object-count resource: `count/pods`, `count/deployments.apps`. */
export function objectCountName(gr: QuotaResource): string {
  return gr.group === '' ? `count/${gr.resource}` : `count/${gr.resource}.${gr.group}`;
}

/** LEGACY_COUNT names the core resources quota counted before count/<resource> existed. */
const LEGACY_COUNT: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  configmaps: 'configmaps',
  secrets: 'secrets',
  persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
};

/** POD_COMPUTE names the pod resources whose quota obliges every container to specify them (Constraints' validationSet). */
export const POD_COMPUTE = ['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'] as const;

function q(n: number): Quantity {
  return quantityFromInt(n);
}

function parseList(list: unknown): Usage {
  const out: Usage = new Map();
  if (!isPlainObject(list)) return out;
  for (const [k, v] of Object.entries(list)) {
    try {
      out.set(k, parseQuantity(String(v)));
    } catch {
      // Validation refuses an unreadable quantity after admission; it costs nothing here.
    }
  }
  return out;
}

function containersOf(pod: KubeObject, field: 'containers' | 'initContainers'): Record<string, unknown>[] {
  const spec = pod.spec;
  if (!isPlainObject(spec) || !Array.isArray(spec[field])) return [];
  return (spec[field] as unknown[]).filter(isPlainObject);
}

function resourcesOf(c: Record<string, unknown>, field: 'requests' | 'limits'): Usage {
  const r = c.resources;
  return isPlainObject(r) ? parseList(r[field]) : new Map();
}

/** podResources is resourcehelper.PodRequests/PodLimits: the containers' sum, raised to any larger init container, plus overhead. */
export function podResources(pod: KubeObject, field: 'requests' | 'limits'): Usage {
  const total: Usage = new Map();
  for (const c of containersOf(pod, 'containers')) for (const [k, v] of resourcesOf(c, field)) total.set(k, total.has(k) ? addQuantities(total.get(k)!, v) : v);
  for (const c of containersOf(pod, 'initContainers')) for (const [k, v] of resourcesOf(c, field)) if (!total.has(k) || compareQuantities(v, total.get(k)!) > 0) total.set(k, v);
  const overhead = isPlainObject(pod.spec) ? parseList(pod.spec.overhead) : new Map<string, Quantity>();
  for (const [k, v] of overhead) if (total.has(k)) total.set(k, addQuantities(total.get(k)!, v));
  return total;
}

/** computeUsage is podComputeUsageHelper: requests count under both "cpu" and "requests.cpu", limits under "limits.cpu". */
function computeUsage(requests: Usage, limits: Usage): Usage {
  const out: Usage = new Map();
  for (const res of ['cpu', 'memory', 'ephemeral-storage']) {
    const r = requests.get(res);
    if (r) {
      if (res !== 'ephemeral-storage') out.set(res, r);
      out.set(`requests.${res}`, r);
    }
    const l = limits.get(res);
    if (l) out.set(`limits.${res}`, l);
  }
  return out;
}

/** isTerminal is a pod that finished: it no longer counts against quota. */
function isTerminal(pod: KubeObject): boolean {
  const phase = isPlainObject(pod.status) ? pod.status.phase : undefined;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** podUsage is the pod evaluator's usage. */
export function podUsage(pod: KubeObject): Usage {
  const out: Usage = new Map([[objectCountName({ group: '', resource: 'pods' }), q(1)]]);
  if (isTerminal(pod)) return out;
  out.set('pods', q(1));
  for (const [k, v] of computeUsage(podResources(pod, 'requests'), podResources(pod, 'limits'))) out.set(k, v);
  return out;
}

/** serviceUsage counts the service, its node ports and whether it is a load balancer. */
function serviceUsage(svc: KubeObject): Usage {
  const spec = isPlainObject(svc.spec) ? svc.spec : {};
  const type = spec.type ?? 'ClusterIP';
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  const out: Usage = new Map([
    ['services', q(1)],
    ['count/services', q(1)],
    ['services.loadbalancers', q(type === 'LoadBalancer' ? 1 : 0)],
    ['services.nodeports', q(type === 'NodePort' || type === 'LoadBalancer' ? ports.length : 0)],
  ]);
  return out;
}

/** claimUsage counts the claim and the storage it requests, also per storage class. */
function claimUsage(pvc: KubeObject): Usage {
  const spec = isPlainObject(pvc.spec) ? pvc.spec : {};
  const out: Usage = new Map([
    ['persistentvolumeclaims', q(1)],
    ['count/persistentvolumeclaims', q(1)],
  ]);
  const requests = isPlainObject(spec.resources) ? parseList(spec.resources.requests) : new Map<string, Quantity>();
  const storage = requests.get('storage');
  if (storage) out.set('requests.storage', storage);
  const cls = typeof spec.storageClassName === 'string' ? spec.storageClassName : '';
  if (cls) {
    out.set(`${cls}.storageclass.storage.k8s.io/persistentvolumeclaims`, q(1));
    if (storage) out.set(`${cls}.storageclass.storage.k8s.io/requests.storage`, storage);
  }
  return out;
}

/** usageOf is what obj costs: the resource's evaluator, else the generic object count. */
export function usageOf(gr: QuotaResource, obj: KubeObject): Usage {
  if (gr.group === '') {
    if (gr.resource === 'pods') return podUsage(obj);
    if (gr.resource === 'services') return serviceUsage(obj);
    if (gr.resource === 'persistentvolumeclaims') return claimUsage(obj);
  }
  const out: Usage = new Map([[objectCountName(gr), q(1)]]);
  const legacy = gr.group === '' ? LEGACY_COUNT[gr.resource] : undefined;
  if (legacy) out.set(legacy, q(1));
  return out;
}

/**
 * matchesResource says whether the evaluator of gr can charge the quota
 * resource name (Evaluator.MatchingResources): its count names, and for
 * pods the compute names, for claims the storage names.
 */
export function matchesResource(gr: QuotaResource, name: string): boolean {
  if (name === objectCountName(gr)) return true;
  if (gr.group !== '') return false;
  if (LEGACY_COUNT[gr.resource] === name) return true;
  if (gr.resource === 'pods') return /^(cpu|memory|(requests|limits)\.(cpu|memory|ephemeral-storage))$/.test(name);
  if (gr.resource === 'services') return name === 'services.loadbalancers' || name === 'services.nodeports';
  if (gr.resource === 'persistentvolumeclaims') return name === 'requests.storage' || /\.storageclass\.storage\.k8s\.io\/(requests\.storage|persistentvolumeclaims)$/.test(name);
  return false;
}

/** handlesUpdate is Evaluator.Handles for UPDATE: only services and claims can change what they cost. */
export function handlesUpdate(gr: QuotaResource): boolean {
  return gr.group === '' && (gr.resource === 'services' || gr.resource === 'persistentvolumeclaims');
}

/**
 * missingCompute is the pod evaluator's Constraints: for each compute
 * resource the quota tracks, the containers that do not specify it.
 * It answers upstream's text (`must specify limits.cpu for: web; requests.memory for: web,side`) or null.
 */
export function missingCompute(pod: KubeObject, tracked: readonly string[]): string | null {
  const required = POD_COMPUTE.filter((r) => tracked.includes(r));
  if (required.length === 0) return null;
  const missing = new Map<string, Set<string>>();
  for (const c of [...containersOf(pod, 'containers'), ...containersOf(pod, 'initContainers')]) {
    const has = computeUsage(resourcesOf(c, 'requests'), resourcesOf(c, 'limits'));
    for (const r of required) {
      if (has.has(r)) continue;
      if (!missing.has(r)) missing.set(r, new Set());
      missing.get(r)!.add(String(c.name ?? ''));
    }
  }
  if (missing.size === 0) return null;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

/** parseUsage reads a quota's hard or used list. */
export function parseUsage(list: unknown): Usage {
  return parseList(list);
}

/** addUsage is quota.Add: every key of either, summed. */
export function addUsage(a: Usage, b: Usage): Usage {
  const out: Usage = new Map(a);
  for (const [k, v] of b) out.set(k, out.has(k) ? addQuantities(out.get(k)!, v) : v);
  return out;
}

/** subtractNonNegative is quota.SubtractWithNonNegativeResult: a − b, floored at zero. */
export function subtractNonNegative(a: Usage, b: Usage): Usage {
  const out: Usage = new Map();
  for (const [k, v] of a) {
    const d = b.has(k) ? subQuantities(v, b.get(k)!) : v;
    out.set(k, d.nanos < 0n ? { nanos: 0n, format: d.format } : d);
  }
  return out;
}

/** maskUsage is quota.Mask: only the named keys. */
export function maskUsage(u: Usage, names: Iterable<string>): Usage {
  const out: Usage = new Map();
  for (const n of names) if (u.has(n)) out.set(n, u.get(n)!);
  return out;
}

/** isZeroUsage is quota.IsZero: nothing, or only zeros. */
export function isZeroUsage(u: Usage): boolean {
  for (const v of u.values()) if (v.nanos !== 0n) return false;
  return true;
}

/** exceededNames is quota.LessThanOrEqual's second answer: the keys of a that b has and a exceeds. */
export function exceededNames(a: Usage, b: Usage): string[] {
  const out: string[] = [];
  for (const [k, v] of a) {
    const limit = b.get(k);
    if (limit && compareQuantities(v, limit) > 0) out.push(k);
  }
  return out;
}

/** prettyPrint is the quota admission's rendering: `pods=1,requests.cpu=500m`, keys sorted. */
export function prettyPrint(u: Usage): string {
  return [...u.keys()]
    .sort()
    .map((k) => `${k}=${formatQuantity(u.get(k)!)}`)
    .join(',');
}

/** usageToList writes a usage as a quota's status list (canonical quantities). */
export function usageToList(u: Usage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...u.keys()].sort()) out[k] = formatQuantity(u.get(k)!);
  return out;
}
