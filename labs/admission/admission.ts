/**
 * admission: three of the API server's admission plugins — LimitRanger,
 * ResourceQuota and NamespaceLifecycle. The statement is README.md beside
 * this file; run the grader with
 *
 *   npm run grade -- admission
 *
 * Each export is a plugin factory with the engine's signature: the grader
 * calls it with callbacks that read and write the cluster (through the real
 * API server's storage) and puts the plugins in the admission chain, in
 * upstream's order: mutating LimitRanger; then validating
 * NamespaceLifecycle, LimitRanger, ResourceQuota.
 *
 * You may import from the engine: the plugin contracts
 * (engine/apiserver/admission/types), quantities (engine/apiserver/quantity:
 * parseQuantity, compareQuantities, formatQuantity, milliValue …), what an
 * object costs against a quota (engine/apiserver/admission/quota_usage:
 * usageOf, matchesResource, missingCompute, prettyPrint …), the 403 of a
 * refusing plugin (engine/apiserver/admission/forbidden: admissionForbidden)
 * and the API errors (engine/apiserver/errors). The engine's own three
 * plugins are the answer, so they do not load from lab code.
 */
import type { LimitRangerOptions } from '../../engine/apiserver/admission/limit_ranger';
import type { NamespaceLifecycleOptions } from '../../engine/apiserver/admission/namespace_lifecycle';
import type { ResourceQuotaOptions } from '../../engine/apiserver/admission/resource_quota';
import type { AdmissionAttributes, AdmitDone, MutatingPlugin, ValidatingPlugin } from '../../engine/apiserver/admission/types';

/**
 * limitRanger applies the namespace's LimitRanges to pods being created
 * (opts.listLimitRanges(namespace, done) lists them).
 *
 * - admit (mutating): every container and init container that lacks a limit
 *   or a request gets the `default` (limits) and `defaultRequest`
 *   (requests) of the LimitRanges' `Container` items. A Container item
 *   without `default` uses its `max`; without `defaultRequest`, its
 *   `default`, else its `min`. What the container set is kept.
 * - validate: refuse (403, via admissionForbidden) a pod that breaks a
 *   bound: per Container, each container's min (request ≥ min), max
 *   (limit ≤ max) and maxLimitRequestRatio (limit / request ≤ ratio); per
 *   Pod, the same on the sum of the containers (an init container larger
 *   than the sum counts instead). Quantities compare by value ("900m" <
 *   "1"), and every violation is reported, with upstream's texts, e.g.
 *   `pods "web" is forbidden: maximum cpu usage per Container is 500m, but limit is 1`.
 * - Only pods on CREATE; other requests pass (done(null)).
 */
export function limitRanger(opts: LimitRangerOptions): MutatingPlugin & ValidatingPlugin {
  return {
    name: 'LimitRanger',
    handles: (op) => op === 'CREATE' || op === 'UPDATE',
    admit(a: AdmissionAttributes, done: AdmitDone) {
      // TODO: list the namespace's LimitRanges and fill in the missing limits and requests.
      void opts;
      throw new Error(`LimitRanger admit is not implemented yet (${a.operation} ${a.resource.resource} ${done.length})`);
    },
    validate(a: AdmissionAttributes, done: AdmitDone) {
      // TODO: check every Container and Pod bound of every LimitRange, and refuse with all the violations.
      throw new Error(`LimitRanger validate is not implemented yet (${a.operation} ${a.resource.resource} ${done.length})`);
    },
  };
}

/**
 * resourceQuota refuses what would take a namespace's usage over a quota's
 * hard limits, and reserves what it admits.
 *
 * - The request's cost is usageOf(resource, object) (pods, count/<resource>,
 *   requests.cpu, limits.memory …), counted against each quota
 *   (opts.listQuotas(namespace, done)) only for the resources the quota's
 *   hard list tracks (matchesResource). A quota's hard is status.hard, else
 *   spec.hard; its used is status.used (a missing entry is 0).
 * - A pod must specify every compute resource a quota tracks in every
 *   container: `failed quota: <quota>: must specify limits.cpu for: app` (missingCompute).
 * - Over hard: `exceeded quota: <quota>, requested: pods=1, used: pods=2, limited: pods=2`,
 *   listing only the exceeded resources (prettyPrint).
 * - Otherwise reserve: write the quota with status.used raised by the cost
 *   through opts.updateQuotaStatus(quota, done). The write carries the
 *   quota's metadata.resourceVersion: if another request changed the quota
 *   since you read it, the answer is a 409 Conflict — read the quotas again
 *   and decide again. Concurrent creates must never take usage past hard.
 * - Quotas are visited in name order; pods on CREATE only; no subresources.
 */
export function resourceQuota(opts: ResourceQuotaOptions): ValidatingPlugin {
  return {
    name: 'ResourceQuota',
    handles: (op) => op === 'CREATE' || op === 'UPDATE',
    validate(a: AdmissionAttributes, done: AdmitDone) {
      // TODO: decide against every quota, then reserve the usage with an optimistic write; on 409, start again.
      void opts;
      throw new Error(`ResourceQuota is not implemented yet (${a.operation} ${a.resource.resource} ${done.length})`);
    },
  };
}

/**
 * namespaceLifecycle refuses to create anything in a namespace that does
 * not exist (404 `namespaces "<ns>" not found`) or is being terminated
 * (status.phase Terminating: 403 `unable to create new content in namespace
 * <ns> because it is being terminated`), and refuses to delete the
 * namespaces default, kube-system and kube-public (403 `this namespace may
 * not be deleted`). opts.getNamespace(name, done) reads a namespace (null
 * when it does not exist).
 */
export function namespaceLifecycle(opts: NamespaceLifecycleOptions): ValidatingPlugin {
  return {
    name: 'NamespaceLifecycle',
    handles: (op) => op === 'CREATE' || op === 'UPDATE' || op === 'DELETE',
    validate(a: AdmissionAttributes, done: AdmitDone) {
      // TODO: read the namespace of every create and refuse when it is missing or terminating.
      void opts;
      throw new Error(`NamespaceLifecycle is not implemented yet (${a.operation} ${a.resource.resource} ${done.length})`);
    },
  };
}
