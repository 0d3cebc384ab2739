/**
 * The admission lab's checks: pure functions of a scenario and the outcome
 * of running it with the learner's plugins. What does not depend on the
 * order creates raced in — namespaces, LimitRange defaults and bounds, the
 * quota's "must specify" — is compared with what the engine's plugins
 * decide; what does — which of a wave's creates a quota admits — is judged
 * by invariants on the end state: never over hard, status.used equal to
 * what is stored, and no refusal the quota had room for.
 */
import type { LimitRange } from 'kubernetes-types/core/v1';
import { applyPodDefaults, podLimitErrors } from '../../engine/apiserver/admission/limit_ranger';
import { matchesResource, missingCompute, parseUsage, prettyPrint, usageOf, type Usage } from '../../engine/apiserver/admission/quota_usage';
import { aggregate } from '../../engine/apiserver/errors';
import type { KubeObject } from '../../engine/apiserver/object';
import { compareQuantities, formatQuantity, parseQuantity, zeroQuantity, type Quantity } from '../../engine/apiserver/quantity';
import { defaultPod } from '../../engine/apiserver/registry/defaults';
import type { CheckResult } from '../core/lab';
import { objectOf, type Answer, type Outcome } from './inside.driver';
import { describeRequest, type AdmissionScenario, type Request } from './scenario';

/** PROPERTIES are the names a failure can carry. */
export const PROPERTIES = {
  limitDefaults: 'limit-defaults',
  limitBounds: 'limit-bounds',
  quotaNeverExceeded: 'quota-never-exceeded',
  quotaUsageAccurate: 'quota-usage-accurate',
  mutatingBeforeValidating: 'mutating-before-validating',
  namespaceTerminating: 'namespace-terminating',
  namespaceMissing: 'namespace-missing',
  errorTexts: 'error-texts',
} as const;

const P = PROPERTIES;

/** Expected is what the engine's plugins decide for a create where no race can change it. */
export type Expected =
  | { kind: 'refuse'; property: string; code: number; message: string; why: string }
  /** admit-or-quota: admitted, unless a quota was full when it was decided. */
  | { kind: 'admit-or-quota'; pod?: KubeObject };

function bad(property: string, message: string): CheckResult {
  return { valid: false, property, message: `${property}: ${message}` };
}

const ok: CheckResult = { valid: true };

function limitRangesOf(s: AdmissionScenario, namespace: string): LimitRange[] {
  // Storage lists them by name: that is the order the plugin sees them in.
  return s.limitRanges
    .filter((l) => l.namespace === namespace)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((l) => ({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: l.name, namespace }, spec: { limits: l.limits.map((x) => ({ ...x })) } }));
}

function quotasOf(s: AdmissionScenario, namespace: string) {
  return s.quotas.filter((q) => q.namespace === namespace).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** defaultedPod is the pod as it should be stored: the API's defaulting, then every LimitRange's defaults. */
export function defaultedPod(s: AdmissionScenario, r: Request): { pod: KubeObject; beforeLimits: KubeObject } {
  const pod = objectOf(r);
  pod.metadata = { ...pod.metadata, namespace: r.namespace };
  defaultPod(pod);
  const beforeLimits = JSON.parse(JSON.stringify(pod)) as KubeObject;
  for (const lr of limitRangesOf(s, r.namespace)) applyPodDefaults(lr, pod);
  return { pod, beforeLimits };
}

function forbidden(r: Request, why: string): string {
  return `${r.resource} ${JSON.stringify(r.name)} is forbidden: ${why}`;
}

/** expectedFor is the engine's decision for a create, where it does not depend on races. */
export function expectedFor(s: AdmissionScenario, r: Request): Expected {
  const ns = s.namespaces.find((n) => n.name === r.namespace);
  if (!ns) return { kind: 'refuse', property: P.namespaceMissing, code: 404, message: `namespaces ${JSON.stringify(r.namespace)} not found`, why: `namespace ${r.namespace} does not exist` };
  if (ns.terminating)
    return {
      kind: 'refuse',
      property: P.namespaceTerminating,
      code: 403,
      message: forbidden(r, `unable to create new content in namespace ${r.namespace} because it is being terminated`),
      why: `namespace ${r.namespace} is Terminating`,
    };
  if (r.resource !== 'pods') return { kind: 'admit-or-quota' };
  const { pod } = defaultedPod(s, r);
  const errs = limitRangesOf(s, r.namespace).flatMap((lr) => podLimitErrors(lr, pod));
  if (errs.length) return { kind: 'refuse', property: P.limitBounds, code: 403, message: forbidden(r, aggregate(errs)), why: 'it breaks the LimitRange' };
  for (const q of quotasOf(s, r.namespace)) {
    const tracked = Object.keys(q.hard).filter((k) => matchesResource({ group: '', resource: 'pods' }, k));
    const missing = missingCompute(pod, tracked);
    if (missing) return { kind: 'refuse', property: P.quotaNeverExceeded, code: 403, message: forbidden(r, `failed quota: ${q.name}: ${missing}`), why: `quota ${q.name} tracks compute the pod leaves unspecified` };
  }
  return { kind: 'admit-or-quota', pod };
}

function answerText(a: Answer): string {
  if (a.code === 0) return 'no answer at all (a plugin never called done)';
  if (a.code < 300) return `${a.code} Created`;
  return `${a.code} ${a.reason}: ${a.message}`;
}

function requestsOf(s: AdmissionScenario): Request[] {
  return s.waves.flat();
}

function answerOf(o: Outcome, r: Request): Answer | undefined {
  return o.answers.find((a) => a.name === r.name && a.namespace === r.namespace && a.resource === r.resource);
}

/** checkNamespaces: creates in a missing or terminating namespace are refused with 404 and 403. */
export function checkNamespaces(s: AdmissionScenario, o: Outcome, which: 'missing' | 'terminating'): CheckResult {
  const property = which === 'missing' ? P.namespaceMissing : P.namespaceTerminating;
  for (const r of requestsOf(s)) {
    const e = expectedFor(s, r);
    if (e.kind !== 'refuse' || e.property !== property) continue;
    const a = answerOf(o, r)!;
    if (a.code !== e.code)
      return bad(property, `${describeRequest(r)}: ${e.why}, so it must be refused with ${e.code} \`${e.message}\`; it got ${answerText(a)}`);
  }
  return ok;
}

/** checkChangedInValidation: validating plugins only refuse; defaults belong to admit. */
export function checkChangedInValidation(s: AdmissionScenario, o: Outcome): CheckResult {
  for (const r of requestsOf(s)) {
    const a = answerOf(o, r);
    if (a?.changedInValidation)
      return bad(
        P.mutatingBeforeValidating,
        `${describeRequest(r)}: ${a.changedInValidation} changed the object during validating admission. Every mutating plugin runs before any validating one: set defaults in admit, check them in validate, which may only refuse.`,
      );
  }
  return ok;
}

function resourcesText(c: { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } } | undefined): string {
  const r = c?.resources ?? {};
  const l = (x?: Record<string, string>) => (x && Object.keys(x).length ? Object.entries(x).map(([k, v]) => `${k}=${v}`).join(',') : '-');
  return `requests ${l(r.requests)}, limits ${l(r.limits)}`;
}

function sameList(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {}).sort();
  const kb = Object.keys(b ?? {}).sort();
  if (ka.join() !== kb.join()) return false;
  return ka.every((k) => {
    try {
      return compareQuantities(parseQuantity(a![k]), parseQuantity(b![k])) === 0;
    } catch {
      return false;
    }
  });
}

type Containerish = { name?: string; resources?: { requests?: Record<string, string>; limits?: Record<string, string> } };

/**
 * checkDefaults: every stored pod has the LimitRange defaults where it set
 * nothing, and its own values where it did; and no pod is refused for
 * missing compute that the defaults supply.
 */
export function checkDefaults(s: AdmissionScenario, o: Outcome): CheckResult {
  for (const r of requestsOf(s)) {
    if (r.resource !== 'pods') continue;
    const e = expectedFor(s, r);
    const a = answerOf(o, r)!;
    if (e.kind === 'admit-or-quota' && a.code === 403 && a.message.includes('must specify'))
      return bad(
        P.limitDefaults,
        `${describeRequest(r)} was refused with \`${a.message}\`, but the LimitRange's defaults supply what it lacks (${expectedContainers(e.pod!)}): LimitRanger's defaults must be in place before ResourceQuota looks.`,
      );
    const stored = o.stored.find((x) => x.resource === 'pods' && x.namespace === r.namespace && x.name === r.name);
    if (!stored) continue;
    const { pod } = defaultedPod(s, r);
    for (const field of ['containers', 'initContainers'] as const) {
      const want = ((pod.spec as Record<string, unknown>)[field] ?? []) as Containerish[];
      const got = ((stored.object.spec as Record<string, unknown> | undefined)?.[field] ?? []) as Containerish[];
      for (let i = 0; i < want.length; i++) {
        const w = want[i];
        const g = got.find((c) => c.name === w.name);
        if (!sameList(w.resources?.requests, g?.resources?.requests) || !sameList(w.resources?.limits, g?.resources?.limits))
          return bad(
            P.limitDefaults,
            `${describeRequest(r)}: container ${w.name} was stored with ${resourcesText(g)}; with the LimitRange's defaults it should have ${resourcesText(w)} (defaults fill only what the container left out).`,
          );
      }
    }
  }
  return ok;
}

function expectedContainers(pod: KubeObject): string {
  const cs = ((pod.spec as Record<string, unknown>).containers ?? []) as Containerish[];
  return cs.map((c) => `${c.name}: ${resourcesText(c)}`).join('; ');
}

/** violations splits a LimitRanger refusal into its violations (an aggregate is "[a, b]"). */
export function violations(message: string): string[] {
  const body = message.replace(/^\S+ "[^"]*" is forbidden: /, '').replace(/^\[(.*)\]$/, '$1');
  return body.split(/, (?=minimum |maximum |\S+ max limit to request ratio )/).filter((v) => v !== '');
}

/** checkBounds: a pod that breaks a LimitRange is refused, one within it is not refused by LimitRanger. */
export function checkBounds(s: AdmissionScenario, o: Outcome): CheckResult {
  for (const r of requestsOf(s)) {
    if (r.resource !== 'pods') continue;
    const e = expectedFor(s, r);
    const a = answerOf(o, r)!;
    if (e.kind === 'refuse' && e.property === P.limitBounds && a.code !== 403)
      return bad(P.limitBounds, `${describeRequest(r)} breaks the LimitRange and must be refused with 403 \`${e.message}\`; it got ${answerText(a)}`);
    if (e.kind === 'refuse' && e.property === P.limitBounds) {
      const want = violations(e.message);
      const got = violations(a.message);
      // Which bounds are broken is this check's; how the numbers are written is error-texts'.
      const shape = (vs: string[]) => vs.map((v) => v.replace(/[0-9][^ ,]*/g, 'N')).sort().join('\n');
      if (shape(want) !== shape(got))
        return bad(
          P.limitBounds,
          `${describeRequest(r)} breaks the LimitRange in ${want.length} way${want.length === 1 ? '' : 's'}:\n${want.map((v) => `    ${v}`).join('\n')}\n  but the refusal reads \`${a.message}\``,
        );
    }
    const looksLimit = /usage per (Container|Pod)|max limit to request ratio/.test(a.message) || a.message.includes('LimitRanger');
    if (e.kind === 'admit-or-quota' && a.code >= 300 && looksLimit) {
      const { pod } = defaultedPod(s, r);
      const within = limitRangesOf(s, r.namespace).length ? `is within the LimitRange (after defaults: ${expectedContainers(pod)})` : `has no LimitRange in ${r.namespace} to break`;
      return bad(P.limitBounds, `${describeRequest(r)} ${within}, but was refused: ${answerText(a)}`);
    }
  }
  return ok;
}

/** usageIn is what the stored objects of a namespace cost on the quota's tracked resources. */
function usageIn(o: Outcome, namespace: string, tracked: (res: string, key: string) => boolean): Usage {
  const total: Usage = new Map();
  for (const x of o.stored) {
    if (x.namespace !== namespace) continue;
    for (const [k, v] of usageOf({ group: '', resource: x.resource }, x.object)) {
      if (!tracked(x.resource, k)) continue;
      total.set(k, total.has(k) ? { nanos: total.get(k)!.nanos + v.nanos, format: total.get(k)!.format } : v);
    }
  }
  return total;
}

function q(text: string | undefined): Quantity {
  try {
    return text === undefined ? zeroQuantity() : parseQuantity(text);
  } catch {
    return zeroQuantity();
  }
}

function storedNames(o: Outcome, namespace: string, resource: string): string {
  return o.stored
    .filter((x) => x.namespace === namespace && x.resource === resource)
    .map((x) => x.name)
    .join(', ');
}

/** checkNeverExceeded: at the end, what is stored never costs more than hard; pods missing tracked compute are refused. */
export function checkNeverExceeded(s: AdmissionScenario, o: Outcome): CheckResult {
  for (const r of requestsOf(s)) {
    const e = expectedFor(s, r);
    const a = answerOf(o, r)!;
    if (e.kind === 'refuse' && e.property === P.quotaNeverExceeded && a.code < 300)
      return bad(P.quotaNeverExceeded, `${describeRequest(r)} was created, but ${e.why} (\`${e.message}\`): its usage escapes the quota.`);
  }
  for (const quota of s.quotas) {
    const used = usageIn(o, quota.namespace, (res, k) => k in quota.hard && matchesResource({ group: '', resource: res }, k));
    for (const [k, hardText] of Object.entries(quota.hard)) {
      const u = used.get(k) ?? zeroQuantity();
      if (compareQuantities(u, q(hardText)) > 0) {
        const res = Object.entries({ pods: 'pods', configmaps: 'configmaps', secrets: 'secrets' }).find(([r]) => matchesResource({ group: '', resource: r }, k))?.[0] ?? 'pods';
        return bad(
          P.quotaNeverExceeded,
          `quota ${quota.namespace}/${quota.name} has hard ${k}=${hardText}, but the ${res} stored (${storedNames(o, quota.namespace, res)}) use ${k}=${formatQuantity(u)}. Creates that race must each see the others' reservations: reserve in status.used with a write conditioned on the quota's resourceVersion, and on a 409 read it again and decide again.${o.conflicts ? '' : ' (Not one write of a quota was refused for a conflict.)'}`,
        );
      }
    }
  }
  return ok;
}

/**
 * checkUsageAccurate: status.used is what is stored; no create was refused
 * for a quota that had room for it at the end (usage only grows here); and
 * no create came back with a conflict or error the quota should have retried.
 */
export function checkUsageAccurate(s: AdmissionScenario, o: Outcome): CheckResult {
  if (o.stuck) return bad(P.quotaUsageAccurate, `the run did not settle within ${o.steps} steps: a plugin kept going round (retrying a quota write without reading the quota again?).`);
  for (const quota of s.quotas) {
    const used = usageIn(o, quota.namespace, (res, k) => k in quota.hard && matchesResource({ group: '', resource: res }, k));
    const live = o.quotas.find((x) => x.metadata?.namespace === quota.namespace && x.metadata?.name === quota.name);
    const recorded = parseUsage(live?.status?.used);
    for (const k of Object.keys(quota.hard)) {
      const want = used.get(k) ?? zeroQuantity();
      const got = recorded.get(k) ?? zeroQuantity();
      if (compareQuantities(want, got) !== 0)
        return bad(
          P.quotaUsageAccurate,
          `quota ${quota.namespace}/${quota.name} records used ${k}=${formatQuantity(got)}, but what is stored uses ${k}=${formatQuantity(want)}: every admitted create must add its usage to status.used exactly once.`,
        );
    }
  }
  for (const r of requestsOf(s)) {
    const e = expectedFor(s, r);
    if (e.kind !== 'admit-or-quota') continue;
    const a = answerOf(o, r)!;
    if (a.code > 0 && a.code < 300) continue;
    const cost = usageOf({ group: '', resource: r.resource }, e.pod ?? objectOf(r));
    const room = quotasOf(s, r.namespace).every((quota) => {
      const tracked = Object.keys(quota.hard).filter((k) => matchesResource({ group: '', resource: r.resource }, k));
      const used = usageIn(o, quota.namespace, (res, k) => tracked.includes(k) && res === r.resource);
      return tracked.every((k) => compareQuantities({ nanos: (used.get(k)?.nanos ?? 0n) + (cost.get(k)?.nanos ?? 0n), format: 'DecimalSI' }, q(quota.hard[k])) <= 0);
    });
    const quotaRelated = quotasOf(s, r.namespace).length > 0 && (a.code === 409 || a.code === 500 || a.code === 0 || a.message.includes('quota'));
    if (room && (a.message.includes('exceeded quota') || quotaRelated))
      return bad(
        P.quotaUsageAccurate,
        `${describeRequest(r)} got ${answerText(a)}, but the quota had room for it (${prettyPrint(cost)} on top of what ended up stored). A conflict on the quota write means: read the quota again and decide again.`,
      );
  }
  return ok;
}

const EXCEEDED = /^(\w+) "([^"]+)" is forbidden: exceeded quota: ([^,]+), requested: (.*), used: (.*), limited: (.*)$/;

function parseList(text: string): Map<string, string> | null {
  const out = new Map<string, string>();
  for (const part of text.split(',')) {
    const m = /^([^=]+)=(.+)$/.exec(part);
    if (!m) return null;
    out.set(m[1], m[2]);
  }
  return out;
}

/** checkTexts: refusals read as upstream writes them. */
export function checkTexts(s: AdmissionScenario, o: Outcome): CheckResult {
  for (const r of requestsOf(s)) {
    const e = expectedFor(s, r);
    const a = answerOf(o, r)!;
    if (e.kind === 'refuse') {
      if (a.code === e.code && a.message !== e.message) return bad(P.errorTexts, `${describeRequest(r)}: the refusal reads\n    ${a.message}\n  where the API server writes\n    ${e.message}`);
      continue;
    }
    if (a.code !== 403 || !a.message.includes('exceeded quota')) continue;
    const m = EXCEEDED.exec(a.message);
    const shape = `${r.resource} "${r.name}" is forbidden: exceeded quota: <quota>, requested: <k=v,…>, used: <k=v,…>, limited: <k=v,…>`;
    if (!m || m[1] !== r.resource || m[2] !== r.name) return bad(P.errorTexts, `${describeRequest(r)}: the refusal reads\n    ${a.message}\n  where the API server writes\n    ${shape}`);
    const quota = quotasOf(s, r.namespace).find((x) => x.name === m[3]);
    const [requested, used, limited] = [parseList(m[4]), parseList(m[5]), parseList(m[6])];
    if (!quota || !requested || !used || !limited) return bad(P.errorTexts, `${describeRequest(r)}: the refusal \`${a.message}\` does not name a quota of ${r.namespace} with its lists as ${shape}`);
    const keys = [...limited.keys()];
    const cost = usageOf({ group: '', resource: r.resource }, e.pod ?? objectOf(r));
    const sorted = [...keys].sort();
    const problems: string[] = [];
    if (keys.join() !== sorted.join()) problems.push('the resources are listed in name order');
    if ([...requested.keys()].join() !== keys.join() || [...used.keys()].join() !== keys.join()) problems.push('requested, used and limited list the same resources: the exceeded ones');
    for (const k of keys) {
      if (!(k in quota.hard)) problems.push(`${k} is not in the quota's hard list`);
      else if (limited.get(k) !== formatQuantity(q(quota.hard[k]))) problems.push(`limited ${k} is hard, ${formatQuantity(q(quota.hard[k]))}, in canonical form`);
      const c = cost.get(k);
      if (c && requested.get(k) !== formatQuantity(c)) problems.push(`requested ${k} is what this create costs, ${formatQuantity(c)}`);
      // Hard never changes here, so the usage before a create is never over it.
      if (used.has(k) && requested.has(k) && (compareQuantities({ nanos: q(used.get(k)).nanos + q(requested.get(k)).nanos, format: 'DecimalSI' }, q(limited.get(k))) <= 0 || compareQuantities(q(used.get(k)), q(limited.get(k))) > 0))
        problems.push(`used ${k} is the usage before this create (at most limited, and with requested over it)`);
    }
    if (problems.length) return bad(P.errorTexts, `${describeRequest(r)}: the refusal reads\n    ${a.message}\n  but ${problems.join('; ')}.`);
  }
  return ok;
}

/** checkAnswered: every create got an answer, and nothing else went wrong on the way. */
export function checkAnswered(s: AdmissionScenario, o: Outcome): CheckResult {
  for (const r of requestsOf(s)) {
    const e = expectedFor(s, r);
    const a = answerOf(o, r)!;
    if (e.kind === 'admit-or-quota' && (a.code === 0 || (a.code >= 300 && !a.message.includes('exceeded quota')))) {
      const property = r.resource === 'pods' && /LimitRanger/.test(a.message) ? P.limitDefaults : /NamespaceLifecycle|namespace/.test(a.message) ? P.namespaceMissing : P.quotaUsageAccurate;
      return bad(property, `${describeRequest(r)} should have been created (or refused only for a full quota); it got ${answerText(a)}`);
    }
  }
  return ok;
}

/** CHECKS run in this order; the first failure is the verdict. */
export const CHECKS: readonly ((s: AdmissionScenario, o: Outcome) => CheckResult)[] = [
  (s, o) => checkNamespaces(s, o, 'missing'),
  (s, o) => checkNamespaces(s, o, 'terminating'),
  checkChangedInValidation,
  checkDefaults,
  checkBounds,
  checkNeverExceeded,
  checkUsageAccurate,
  checkAnswered,
  checkTexts,
];

/** checkOutcome runs every check. */
export function checkOutcome(s: AdmissionScenario, o: Outcome): CheckResult {
  if (o.setupError) return { valid: false, property: 'setup', message: `setup: ${o.setupError} (a grader problem: please report it)` };
  for (const check of CHECKS) {
    const r = check(s, o);
    if (r.valid !== true) return r;
  }
  return ok;
}

