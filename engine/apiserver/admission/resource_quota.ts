/**
 * ResourceQuota (plugin/pkg/admission/resourcequota with
 * k8s.io/apiserver/pkg/admission/plugin/resourcequota): a write that would
 * take a namespace's usage over a quota's hard limit is refused; one that
 * fits reserves its usage in the quota's status.used *before* the object is
 * stored, by an optimistic-concurrency write of the quota. Two creates that
 * race both read the same used, but only one write of the quota succeeds:
 * the loser gets a 409, re-reads the quota and decides again, so concurrent
 * creates can never take usage past hard.
 */
import type { ResourceQuota } from 'kubernetes-types/core/v1';
import { newInternalError, type StatusError } from '../errors';
import type { KubeObject } from '../object';
import { admissionForbidden } from './forbidden';
import {
  addUsage,
  exceededNames,
  handlesUpdate,
  isZeroUsage,
  maskUsage,
  matchesResource,
  missingCompute,
  parseUsage,
  prettyPrint,
  subtractNonNegative,
  usageOf,
  usageToList,
  type QuotaResource,
  type Usage,
} from './quota_usage';
import type { AdmissionAttributes, AdmitDone, ValidatingPlugin } from './types';

/** QuotaLister lists a namespace's ResourceQuotas, fresh (a quorum read): after a conflict it must show the winner's write. */
export type QuotaLister = (namespace: string, done: (err: StatusError | null, items: ResourceQuota[]) => void) => void;

/**
 * QuotaStatusUpdater writes quota (its status.used changed) with its
 * metadata.resourceVersion as a precondition, as PUT …/resourcequotas/q/status
 * does: a 409 Conflict when the quota changed since it was read.
 */
export type QuotaStatusUpdater = (quota: ResourceQuota, done: (err: StatusError | null, updated: ResourceQuota | null) => void) => void;

export interface ResourceQuotaOptions {
  listQuotas: QuotaLister;
  updateQuotaStatus: QuotaStatusUpdater;
  /** maxRetries bounds re-evaluations after conflicts (default 64). */
  maxRetries?: number;
}

/** hardOf is the quota's enforced limits: status.hard as the quota controller copies it, else spec.hard (no controller has run yet). */
export function hardOf(quota: ResourceQuota): Usage {
  return parseUsage(quota.status?.hard ?? quota.spec?.hard);
}

/** usedOf is the quota's recorded usage; a tracked resource with no entry counts as zero (there is no quota controller to fill it in). */
export function usedOf(quota: ResourceQuota): Usage {
  return parseUsage(quota.status?.used);
}

/** matchesScopes is the pod evaluator's scope matching; a scoped quota never matches other resources. */
function matchesScopes(quota: ResourceQuota, gr: QuotaResource, obj: KubeObject): boolean {
  const scopes = quota.spec?.scopes ?? [];
  if (scopes.length === 0) return true;
  if (gr.group !== '' || gr.resource !== 'pods') return false;
  const spec = (obj.spec ?? {}) as { activeDeadlineSeconds?: number; containers?: { resources?: { requests?: object; limits?: object } }[]; initContainers?: typeof spec.containers };
  const terminating = typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds >= 0;
  const all = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  const bestEffort = all.every((c) => Object.keys(c.resources?.requests ?? {}).length === 0 && Object.keys(c.resources?.limits ?? {}).length === 0);
  return scopes.every((s) => {
    if (s === 'Terminating') return terminating;
    if (s === 'NotTerminating') return !terminating;
    if (s === 'BestEffort') return bestEffort;
    if (s === 'NotBestEffort') return !bestEffort;
    return false;
  });
}

/** Decision is one quota's verdict on a request: nothing to do, refuse, or the quota to write. */
export type Decision = { kind: 'skip' } | { kind: 'refuse'; why: string } | { kind: 'charge'; quota: ResourceQuota };

/**
 * decide is checkRequest for one quota: the request's usage delta on the
 * resources the quota tracks, refused when it takes used over hard,
 * otherwise the quota with status.used raised by the delta.
 */
export function decide(quota: ResourceQuota, gr: QuotaResource, a: AdmissionAttributes, delta: Usage): Decision {
  const hard = hardOf(quota);
  const tracked = [...hard.keys()].filter((k) => matchesResource(gr, k));
  if (tracked.length === 0 || !matchesScopes(quota, gr, a.object!)) return { kind: 'skip' };
  const name = quota.metadata?.name ?? '';
  if (gr.group === '' && gr.resource === 'pods' && a.operation === 'CREATE') {
    const missing = missingCompute(a.object!, tracked);
    if (missing) return { kind: 'refuse', why: `failed quota: ${name}: ${missing}` };
  }
  const requested = maskUsage(delta, tracked);
  if (isZeroUsage(requested)) return { kind: 'skip' };
  const used = usedOf(quota);
  const newUsed = addUsage(used, requested);
  const exceeded = exceededNames(maskUsage(newUsed, requested.keys()), hard);
  if (exceeded.length) {
    // A resource with no used entry yet shows as 0, which is what it is.
    const usedShown = new Map([...maskUsage(hard, exceeded).keys()].map((k) => [k, used.get(k) ?? { nanos: 0n, format: 'DecimalSI' as const }]));
    return {
      kind: 'refuse',
      why: `exceeded quota: ${name}, requested: ${prettyPrint(maskUsage(requested, exceeded))}, used: ${prettyPrint(usedShown)}, limited: ${prettyPrint(maskUsage(hard, exceeded))}`,
    };
  }
  const charged: ResourceQuota = {
    ...quota,
    status: { ...quota.status, hard: quota.status?.hard ?? quota.spec?.hard, used: usageToList(addUsage(newUsed, zeroFor([...hard.keys()], newUsed))) },
  };
  return { kind: 'charge', quota: charged };
}

/** zeroFor gives every hard resource with no used entry a 0, as the quota controller would. */
function zeroFor(tracked: string[], used: Usage): Usage {
  return new Map(tracked.filter((k) => !used.has(k)).map((k) => [k, { nanos: 0n, format: 'DecimalSI' as const }]));
}

/** deltaOf is the usage the request adds: the new object's, less the old one's on an update. */
export function deltaOf(gr: QuotaResource, a: AdmissionAttributes): Usage | null {
  if (!a.object) return null;
  const usage = usageOf(gr, a.object);
  if (a.operation === 'CREATE') return usage;
  if (a.operation === 'UPDATE' && handlesUpdate(gr) && a.oldObject) return subtractNonNegative(usage, usageOf(gr, a.oldObject));
  return null;
}

function isConflict(err: StatusError): boolean {
  return err.status.code === 409 && err.status.reason === 'Conflict';
}

/** resourceQuota makes the plugin (validating: it changes quotas, never the object). */
export function resourceQuota(opts: ResourceQuotaOptions): ValidatingPlugin {
  const maxRetries = opts.maxRetries ?? 64;
  return {
    name: 'ResourceQuota',
    handles: (op) => op === 'CREATE' || op === 'UPDATE',
    validate(a: AdmissionAttributes, done: AdmitDone) {
      // Subresources, cluster-scoped writes and a namespace's own creation are never charged.
      const namespaceCreation = a.operation === 'CREATE' && a.resource.group === '' && a.resource.resource === 'namespaces';
      if (a.subresource !== '' || a.namespace === '' || namespaceCreation) return done(null);
      const gr: QuotaResource = { group: a.resource.group, resource: a.resource.resource };
      const delta = deltaOf(gr, a);
      if (!delta || isZeroUsage(delta)) return done(null);
      // charged holds the quotas this request has already reserved usage in; a retry leaves them alone.
      const charged = new Set<string>();
      let retries = 0;
      const attempt = (): void => {
        opts.listQuotas(a.namespace, (err, quotas) => {
          if (err) return done(err);
          const writes: ResourceQuota[] = [];
          for (const quota of [...quotas].sort((x, y) => ((x.metadata?.name ?? '') < (y.metadata?.name ?? '') ? -1 : 1))) {
            if (charged.has(quota.metadata?.name ?? '')) continue;
            const d = decide(quota, gr, a, delta);
            if (d.kind === 'refuse') return done(admissionForbidden(a, d.why));
            if (d.kind === 'charge') writes.push(d.quota);
          }
          // A dry run is decided like any request but reserves nothing.
          if (a.dryRun) return done(null);
          writeAll(writes, 0);
        });
      };
      const writeAll = (writes: ResourceQuota[], i: number): void => {
        if (i === writes.length) return done(null);
        opts.updateQuotaStatus(writes[i], (err) => {
          if (!err) {
            charged.add(writes[i].metadata?.name ?? '');
            return writeAll(writes, i + 1);
          }
          if (!isConflict(err)) return done(err);
          if (++retries > maxRetries) return done(newInternalError('resource quota evaluation timed out'));
          attempt();
        });
      };
      attempt();
    },
  };
}
