/**
 * Dynamic admission (k8s.io/apiserver/pkg/admission/plugin/webhook): the
 * MutatingAdmissionWebhook and ValidatingAdmissionWebhook plugins. Each
 * request is matched against the webhooks of every
 * Mutating/ValidatingWebhookConfiguration (configurations in name order,
 * webhooks in list order) by their rules, namespaceSelector and
 * objectSelector; a matching webhook is sent an admission.k8s.io/v1
 * AdmissionReview and its answer allows, refuses, or (mutating only)
 * patches the object with a base64 JSONPatch. A webhook that cannot be
 * reached or answers nonsense fails the request unless its failurePolicy
 * is Ignore.
 */
import type { LabelSelector as MetaLabelSelector } from 'kubernetes-types/meta/v1';
import type {
  MutatingWebhook,
  MutatingWebhookConfiguration,
  RuleWithOperations,
  ValidatingWebhook,
  ValidatingWebhookConfiguration,
} from 'kubernetes-types/admissionregistration/v1';
import { base64Decode, utf8Decode } from '../auth/authn/bytes';
import { newBadRequest, newInternalError, StatusError, type FailureStatus, type StatusReason } from '../errors';
import { isPlainObject, type KubeObject } from '../object';
import { applyJsonPatch } from '../patch/jsonpatch';
import { labelSelectorFromMeta } from '../selectors';
import type { AdmissionAttributes, AdmitDone, MutatingPlugin, ValidatingPlugin } from './types';

/** AdmissionReview is admission.k8s.io/v1 AdmissionReview as sent and received. */
export interface AdmissionReview {
  apiVersion: string;
  kind: string;
  request?: AdmissionRequest;
  response?: AdmissionResponse;
}

export interface AdmissionRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  resource: { group: string; version: string; resource: string };
  subResource?: string;
  requestKind: { group: string; version: string; kind: string };
  requestResource: { group: string; version: string; resource: string };
  requestSubResource?: string;
  name?: string;
  namespace?: string;
  operation: string;
  userInfo: { username: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
  object?: KubeObject | null;
  oldObject?: KubeObject | null;
  dryRun: boolean;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code?: number; message?: string; reason?: string; status?: string };
  patch?: string;
  patchType?: string;
  warnings?: string[];
}

/** Webhook is what both kinds share (the call callback gets it to find the endpoint). */
export type Webhook = MutatingWebhook | ValidatingWebhook;

/** WebhookCaller sends a review to a webhook: reply with an error text (unreachable, timed out) or the webhook's review. */
export type WebhookCaller = (webhook: Webhook, review: AdmissionReview, reply: (err: string | null, review: AdmissionReview | null) => void) => void;

/** LabelMatcher says whether labels match a metav1.LabelSelector. */
export type LabelMatcher = (selector: MetaLabelSelector, labels: Record<string, string>) => boolean;

/** NamespaceLabelsGetter reads a namespace's labels (null when the namespace does not exist). */
export type NamespaceLabelsGetter = (name: string, done: (err: StatusError | null, labels: Record<string, string> | null) => void) => void;

export interface WebhookOptions<C> {
  /** listConfigurations lists the Mutating- or ValidatingWebhookConfigurations. */
  listConfigurations: (done: (err: StatusError | null, items: C[]) => void) => void;
  call: WebhookCaller;
  namespaceLabels: NamespaceLabelsGetter;
  /** newUID mints each review's request uid (from the kernel's Rng). */
  newUID: () => string;
  /** matchLabels defaults to metav1.LabelSelectorAsSelector's semantics. */
  matchLabels?: LabelMatcher;
}

/** ADMISSION_REVIEW_VERSION is the only review version this server speaks. */
export const ADMISSION_REVIEW_VERSION = 'admission.k8s.io/v1';

/** defaultMatchLabels: a nil or empty selector matches everything, as the API's defaulting leaves webhooks' selectors. */
export const defaultMatchLabels: LabelMatcher = (selector, labels) => {
  const parsed = labelSelectorFromMeta(selector);
  return parsed.ok ? parsed.selector.matches(labels) : false;
};

function listHas(list: readonly string[] | undefined, value: string): boolean {
  return (list ?? []).some((x) => x === '*' || x === value);
}

/**
 * resourceMatches is rules.Matcher's resource test: "pods" (no subresource),
 * "pods/" + "*" (any of its subresources), "*" (any resource), "*" + "/" + "*" (anything),
 * "*" + "/status" (any resource's status).
 */
function resourceMatches(patterns: readonly string[] | undefined, resource: string, sub: string): boolean {
  for (const p of patterns ?? []) {
    if (p === '*/*') return true;
    const [res, subPattern] = p.split('/', 2) as [string, string | undefined];
    if (subPattern === undefined) {
      if (sub === '' && (res === '*' || res === resource)) return true;
    } else if ((res === '*' || res === resource) && (subPattern === '*' || subPattern === sub)) return true;
  }
  return false;
}

/** scopeMatches: the Namespace resource itself is cluster-scoped. */
function scopeMatches(scope: string | undefined, a: AdmissionAttributes): boolean {
  const isNamespace = a.resource.group === '' && a.resource.resource === 'namespaces';
  if (scope === 'Cluster') return isNamespace || a.namespace === '';
  if (scope === 'Namespaced') return !isNamespace && a.namespace !== '';
  return true;
}

/**
 * WebhookRule is admissionregistration/v1 RuleWithOperations with the fields
 * of the Rule it embeds (kubernetes-types leaves the embedded ones out).
 */
export type WebhookRule = RuleWithOperations & { resources?: string[]; scope?: string };

/** ruleMatches is rules.Matcher.Matches for one RuleWithOperations. */
export function ruleMatches(rule: WebhookRule, a: AdmissionAttributes): boolean {
  return (
    listHas(rule.operations, a.operation) &&
    listHas(rule.apiGroups, a.resource.group) &&
    listHas(rule.apiVersions, a.resource.version) &&
    resourceMatches(rule.resources, a.resource.resource, a.subresource) &&
    scopeMatches(rule.scope, a)
  );
}

function labelsOf(obj: KubeObject | undefined): Record<string, string> | null {
  return obj ? ((obj.metadata?.labels ?? {}) as Record<string, string>) : null;
}

/** objectSelectorMatches: the object or the old object matching is enough. */
function objectSelectorMatches(selector: MetaLabelSelector | undefined, a: AdmissionAttributes, match: LabelMatcher): boolean {
  if (!selector) return true;
  const now = labelsOf(a.object);
  const old = labelsOf(a.oldObject);
  return (now !== null && match(selector, now)) || (old !== null && match(selector, old));
}

/**
 * namespaceSelectorMatches: cluster-scoped requests (other than on
 * namespaces) ignore it; a Namespace is matched by its own labels; anything
 * else by its namespace's.
 */
function namespaceSelectorMatches(selector: MetaLabelSelector | undefined, a: AdmissionAttributes, opts: WebhookOptions<unknown>, match: LabelMatcher, done: (err: StatusError | null, ok: boolean) => void): void {
  if (!selector) return done(null, true);
  const isNamespace = a.resource.group === '' && a.resource.resource === 'namespaces';
  if (isNamespace) return done(null, match(selector, labelsOf(a.object ?? a.oldObject) ?? {}));
  if (a.namespace === '') return done(null, true);
  opts.namespaceLabels(a.namespace, (err, labels) => {
    if (err) return done(err, false);
    done(null, match(selector, labels ?? {}));
  });
}

/** reviewFor is CreateAdmissionObjects: the v1 review of a request. */
export function reviewFor(a: AdmissionAttributes, uid: string): AdmissionReview {
  const request: AdmissionRequest = {
    uid,
    kind: { ...a.kind },
    resource: { ...a.resource },
    requestKind: { ...a.kind },
    requestResource: { ...a.resource },
    name: a.name || undefined,
    namespace: a.namespace || undefined,
    operation: a.operation,
    userInfo: { username: a.userInfo.username, uid: a.userInfo.uid, groups: [...a.userInfo.groups], extra: a.userInfo.extra },
    object: a.object ? JSON.parse(JSON.stringify(a.object)) : null,
    oldObject: a.oldObject ? JSON.parse(JSON.stringify(a.oldObject)) : null,
    dryRun: a.dryRun,
  };
  if (a.subresource) {
    request.subResource = a.subresource;
    request.requestSubResource = a.subresource;
  }
  return { apiVersion: ADMISSION_REVIEW_VERSION, kind: 'AdmissionReview', request };
}

/** callingError is ErrCallingWebhook's text. */
function callingError(name: string, why: string): string {
  return `failed calling webhook ${JSON.stringify(name)}: ${why}`;
}

/** verifyResponse is VerifyAdmissionResponse: the answer's shape, or why it is invalid. */
function verifyResponse(uid: string, mutating: boolean, review: AdmissionReview | null): AdmissionResponse | string {
  if (!review || review.apiVersion !== ADMISSION_REVIEW_VERSION || review.kind !== 'AdmissionReview') {
    return `expected webhook response of ${ADMISSION_REVIEW_VERSION}, Kind=AdmissionReview, got ${review ? `${review.apiVersion}, Kind=${review.kind}` : 'nothing'}`;
  }
  const r = review.response;
  if (!r) return 'webhook response was absent';
  if (r.uid !== uid) return `expected response.uid=${JSON.stringify(uid)}, got ${JSON.stringify(r.uid)}`;
  if (r.patch !== undefined || r.patchType !== undefined) {
    if (!mutating) return 'validating webhook may not return a patch';
    if (r.patchType !== 'JSONPatch') return `webhook returned invalid patchType: ${JSON.stringify(r.patchType ?? '')}`;
  }
  return r;
}

/** toStatusErr is webhookerrors.ToStatusErr: a denial as the webhook worded it, at least a 400. */
export function toStatusErr(webhookName: string, result: AdmissionResponse['status']): StatusError {
  const deniedBy = `admission webhook ${JSON.stringify(webhookName)} denied the request`;
  const code = result?.code !== undefined && result.code >= 400 ? result.code : 400;
  let message: string;
  if (result?.message) message = `${deniedBy}: ${result.message}`;
  else if (result?.reason) message = `${deniedBy}: ${result.reason}`;
  else message = `${deniedBy} without explanation`;
  const status: FailureStatus = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: (result?.reason ?? '') as StatusReason, code };
  return new StatusError(status);
}

/** replaceInPlace makes target hold source's fields: mutating plugins change attrs.object in place. */
function replaceInPlace(target: KubeObject, source: unknown): void {
  for (const k of Object.keys(target)) delete target[k];
  if (isPlainObject(source)) Object.assign(target, source);
}

interface Candidate {
  hook: Webhook;
}

function candidates<C extends { metadata?: { name?: string }; webhooks?: Webhook[] }>(configs: C[]): Candidate[] {
  return [...configs]
    .sort((x, y) => ((x.metadata?.name ?? '') < (y.metadata?.name ?? '') ? -1 : (x.metadata?.name ?? '') > (y.metadata?.name ?? '') ? 1 : 0))
    .flatMap((c) => (c.webhooks ?? []).map((hook) => ({ hook })));
}

/**
 * dispatch runs the matching webhooks one after another. Each answer is
 * applied before the next webhook is matched and called, so a later
 * webhook sees an earlier one's patch.
 */
function dispatch<C extends { metadata?: { name?: string }; webhooks?: Webhook[] }>(opts: WebhookOptions<C>, mutating: boolean, a: AdmissionAttributes, done: AdmitDone): void {
  const match = opts.matchLabels ?? defaultMatchLabels;
  opts.listConfigurations((err, configs) => {
    if (err) return done(err);
    const hooks = candidates(configs);
    const next = (i: number): void => {
      if (i === hooks.length) return done(null);
      const hook = hooks[i].hook;
      if (!((hook.rules ?? []) as WebhookRule[]).some((r) => ruleMatches(r, a))) return next(i + 1);
      if (!objectSelectorMatches(hook.objectSelector, a, match)) return next(i + 1);
      namespaceSelectorMatches(hook.namespaceSelector, a, opts as WebhookOptions<unknown>, match, (nsErr, ok) => {
        if (nsErr) return done(nsErr);
        if (!ok) return next(i + 1);
        // A webhook with side effects would act on a write that never happens.
        if (a.dryRun && hook.sideEffects !== 'None' && hook.sideEffects !== 'NoneOnDryRun')
          return done(newBadRequest(`admission webhook ${JSON.stringify(hook.name)} does not support dry run`));
        const ignore = hook.failurePolicy === 'Ignore';
        const fail = (why: string) => (ignore ? next(i + 1) : done(newInternalError(callingError(hook.name, why))));
        const uid = opts.newUID();
        opts.call(hook, reviewFor(a, uid), (callErr, review) => {
          if (callErr !== null) return fail(callErr);
          const r = verifyResponse(uid, mutating, review);
          if (typeof r === 'string') return fail(`received invalid webhook response: ${r}`);
          if (!r.allowed) return done(toStatusErr(hook.name, r.status));
          if (mutating && r.patch !== undefined && a.object) {
            const bytes = base64Decode(r.patch);
            let patched: unknown;
            try {
              if (!bytes) throw new Error('illegal base64 data');
              patched = applyJsonPatch(a.object, JSON.parse(utf8Decode(bytes)));
            } catch (e) {
              // A patch that does not apply is the server's error, not the webhook's call failing: failurePolicy does not cover it.
              return done(newInternalError((e as Error).message));
            }
            replaceInPlace(a.object, patched);
          }
          next(i + 1);
        });
      });
    };
    next(0);
  });
}

const ALL_OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

/** mutatingWebhooks makes MutatingAdmissionWebhook. */
export function mutatingWebhooks(opts: WebhookOptions<MutatingWebhookConfiguration>): MutatingPlugin {
  return {
    name: 'MutatingAdmissionWebhook',
    handles: (op) => ALL_OPERATIONS.has(op),
    admit: (a, done) => dispatch(opts, true, a, done),
  };
}

/** validatingWebhooks makes ValidatingAdmissionWebhook. */
export function validatingWebhooks(opts: WebhookOptions<ValidatingWebhookConfiguration>): ValidatingPlugin {
  return {
    name: 'ValidatingAdmissionWebhook',
    handles: (op) => ALL_OPERATIONS.has(op),
    validate: (a, done) => dispatch(opts, false, a, done),
  };
}
