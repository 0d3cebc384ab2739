/**
 * The API server's errors as clients see them: a `StatusError` carries the
 * metav1.Status a failed request answers with, and the builders below give
 * the code, reason, details and message k8s.io/apimachinery/pkg/api/errors
 * gives (NewNotFound, NewConflict …), texts included, because kubectl and
 * client-go branch on reason and code and learners compare messages.
 */
import type { Status, StatusCause } from 'kubernetes-types/meta/v1';
import type { Attributes } from './auth/types';

/** GroupResourceRef names a resource: group "" is the core group. */
export interface GroupResourceRef {
  group: string;
  resource: string;
}

/** StatusReason is metav1.StatusReason: what clients test (IsNotFound, IsConflict …). */
export type StatusReason =
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'ServerTimeout'
  | 'Timeout'
  | 'TooManyRequests'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'Expired'
  | 'ServiceUnavailable'
  | '';

/** FailureStatus is a metav1.Status of a failure, every field present as the API server writes it. */
export interface FailureStatus extends Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: { continue?: string; resourceVersion?: string };
  status: 'Failure';
  message: string;
  reason: StatusReason;
  code: number;
}

/**
 * StatusError is a failed API request: `status` is the body to answer with
 * and status.code its HTTP code. It is an Error so that code that throws can
 * throw it; storage and the handler pass it through callbacks.
 */
export class StatusError extends Error {
  constructor(readonly status: FailureStatus) {
    super(status.message);
    this.name = 'StatusError';
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): StatusReason {
    return this.status.reason;
  }
}

/** isStatusError is true for a StatusError (also across module copies: it checks the shape). */
export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError || (e instanceof Error && e.name === 'StatusError' && 'status' in e);
}

/** reasonOf is the error's reason, "" for anything that is not a StatusError (errors.ReasonForError). */
export function reasonOf(e: unknown): StatusReason {
  return isStatusError(e) ? e.status.reason : '';
}

function failure(code: number, reason: StatusReason, message: string, details?: Status['details']): StatusError {
  const status: FailureStatus = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) status.details = details;
  return new StatusError(status);
}

/** qualified is GroupResource.String(): "pods", "deployments.apps". */
export function qualified(gr: GroupResourceRef): string {
  return gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`;
}

/** quote is Go's %q for the names and values that appear in messages. */
export function quote(s: string): string {
  return JSON.stringify(s);
}

function resourceDetails(gr: GroupResourceRef, name: string): NonNullable<Status['details']> {
  const details: NonNullable<Status['details']> = { kind: gr.resource };
  if (gr.group !== '') details.group = gr.group;
  if (name !== '') details.name = name;
  return details;
}

/** newNotFound: 404 NotFound, `pods "web" not found`. */
export function newNotFound(gr: GroupResourceRef, name: string): StatusError {
  return failure(404, 'NotFound', `${qualified(gr)} ${quote(name)} not found`, resourceDetails(gr, name));
}

/** newAlreadyExists: 409 AlreadyExists, `pods "web" already exists`. */
export function newAlreadyExists(gr: GroupResourceRef, name: string): StatusError {
  return failure(409, 'AlreadyExists', `${qualified(gr)} ${quote(name)} already exists`, resourceDetails(gr, name));
}

/**
 * newGenerateNameConflict: 409 AlreadyExists when a generated name collided
 * (the client retries after retryAfterSeconds).
 */
export function newGenerateNameConflict(gr: GroupResourceRef, name: string, retryAfterSeconds: number): StatusError {
  return failure(
    409,
    'AlreadyExists',
    `${qualified(gr)} ${quote(name)} already exists, the server was not able to generate a unique name for the object`,
    { ...resourceDetails(gr, name), retryAfterSeconds },
  );
}

/** OPTIMISTIC_LOCK_MESSAGE is storage's text for a stale resourceVersion (registry.OptimisticLockErrorMsg). */
export const OPTIMISTIC_LOCK_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';

/**
 * newConflict: 409 Conflict, `Operation cannot be fulfilled on pods "web": <why>`;
 * why defaults to the optimistic-lock text.
 */
export function newConflict(gr: GroupResourceRef, name: string, why: string = OPTIMISTIC_LOCK_MESSAGE): StatusError {
  return failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(gr)} ${quote(name)}: ${why}`, resourceDetails(gr, name));
}

/** newGone: 410 Gone (deprecated upstream in favour of newResourceExpired, still used by some paths). */
export function newGone(message: string): StatusError {
  return failure(410, 'Gone', message);
}

/** newResourceExpired: 410 Expired, e.g. `too old resource version: 5 (12)`. */
export function newResourceExpired(message: string): StatusError {
  return failure(410, 'Expired', message);
}

/** tooOldResourceVersion is the watch cache's 410 for a resourceVersion it no longer holds. */
export function tooOldResourceVersion(requested: number, oldest: number): StatusError {
  return newResourceExpired(`too old resource version: ${requested} (${oldest})`);
}

/** FieldErrorType is field.ErrorType: the cause type and the text it prints as. */
export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

const FIELD_ERROR_TEXT: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** FieldError is one validation failure (field.Error): the field path, the type, the bad value and a detail. */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  badValue?: unknown;
  detail?: string;
}

/** Types whose message leaves out the bad value (field.Error.ErrorBody). */
const VALUELESS: ReadonlySet<FieldErrorType> = new Set(['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong', 'InternalError']);

/** fieldErrorBody is field.Error.ErrorBody: `Invalid value: "x": detail`, `Required value`. */
export function fieldErrorBody(e: FieldError): string {
  let s = FIELD_ERROR_TEXT[e.type];
  if (!VALUELESS.has(e.type) && e.badValue !== undefined) {
    const v = e.badValue;
    if (typeof v === 'string') s += `: ${quote(v)}`;
    else if (typeof v === 'number' || typeof v === 'boolean') s += `: ${String(v)}`;
    else s += `: ${JSON.stringify(v)}`;
  }
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** fieldErrorText is field.Error.Error(): `spec.containers: Required value`. */
export function fieldErrorText(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** Field-error builders, as field.Required, field.Invalid … */
export const field = {
  required: (path: string, detail?: string): FieldError => ({ type: 'FieldValueRequired', field: path, detail }),
  invalid: (path: string, value: unknown, detail?: string): FieldError => ({ type: 'FieldValueInvalid', field: path, badValue: value, detail }),
  notSupported: (path: string, value: unknown, valid: string[]): FieldError => ({
    type: 'FieldValueNotSupported',
    field: path,
    badValue: value,
    detail: valid.length ? `supported values: ${valid.map(quote).join(', ')}` : undefined,
  }),
  duplicate: (path: string, value: unknown): FieldError => ({ type: 'FieldValueDuplicate', field: path, badValue: value }),
  notFound: (path: string, value: unknown): FieldError => ({ type: 'FieldValueNotFound', field: path, badValue: value }),
  forbidden: (path: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field: path, detail }),
  tooLong: (path: string, maxLength: number): FieldError => ({
    type: 'FieldValueTooLong',
    field: path,
    detail: `must have at most ${maxLength} bytes`,
  }),
};

/**
 * aggregate is utilerrors.NewAggregate(...).Error(): one message alone, several
 * as "[a, b]" with duplicates dropped.
 */
export function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/**
 * newInvalid: 422 Invalid, `Pod "web" is invalid: spec.containers: Required value`,
 * one cause per field error. kind is qualified by group: `Deployment.apps "web" is invalid: …`.
 */
export function newInvalid(gk: { group: string; kind: string }, name: string, errs: FieldError[]): StatusError {
  const qualifiedKind = gk.group === '' ? gk.kind : `${gk.kind}.${gk.group}`;
  const causes: StatusCause[] = errs.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field }));
  const message = errs.length
    ? `${qualifiedKind} ${quote(name)} is invalid: ${aggregate(errs.map(fieldErrorText))}`
    : `${qualifiedKind} ${quote(name)} is invalid`;
  const details: NonNullable<Status['details']> = { kind: gk.kind, causes };
  if (gk.group !== '') details.group = gk.group;
  if (name !== '') details.name = name;
  return failure(422, 'Invalid', message, details);
}

/** newApplyConflict is errors.NewApplyConflict: 409 Conflict naming the fields other managers own. */
export function newApplyConflict(causes: Array<{ type: string; message: string; field: string }>, message: string): StatusError {
  return failure(409, 'Conflict', message, { causes: causes.map((c) => ({ reason: c.type, message: c.message, field: c.field })) });
}

/** newBadRequest: 400 BadRequest with the given message. */
export function newBadRequest(message: string): StatusError {
  return failure(400, 'BadRequest', message);
}

/** newUnauthorized: 401 Unauthorized; the API server's authentication failure answers `Unauthorized`. */
export function newUnauthorized(message = 'Unauthorized'): StatusError {
  return failure(401, 'Unauthorized', message === '' ? 'not authorized' : message);
}

/**
 * newForbidden: 403 Forbidden, `pods "web" is forbidden: <why>`, without a
 * name `pods is forbidden: <why>`, without a resource `forbidden: <why>`.
 */
export function newForbidden(gr: GroupResourceRef, name: string, why: string): StatusError {
  let message: string;
  if (gr.group === '' && gr.resource === '') message = `forbidden: ${why}`;
  else if (name === '') message = `${qualified(gr)} is forbidden: ${why}`;
  else message = `${qualified(gr)} ${quote(name)} is forbidden: ${why}`;
  return failure(403, 'Forbidden', message, resourceDetails(gr, name));
}

/**
 * forbiddenMessage is the authorization failure's text (endpoints/handlers/
 * responsewriters): `User "bob" cannot get resource "pods" in API group "" in
 * the namespace "default"`, `… at the cluster scope`, `User "bob" cannot get path "/healthz"`.
 */
export function forbiddenMessage(a: Attributes): string {
  const user = quote(a.user.username);
  if (!a.resourceRequest) return `User ${user} cannot ${a.verb} path ${quote(a.path)}`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace ${quote(a.namespace)}` : 'at the cluster scope';
  return `User ${user} cannot ${a.verb} resource ${quote(resource)} in API group ${quote(a.apiGroup)} ${scope}`;
}

/**
 * newForbiddenFor is the 403 of a denied request (responsewriters.Forbidden):
 * the resource and name of the attributes, and the authorizer's reason appended when given.
 */
export function newForbiddenFor(a: Attributes, reason = ''): StatusError {
  const why = reason ? `${forbiddenMessage(a)}: ${reason}` : forbiddenMessage(a);
  const gr = a.resourceRequest ? { group: a.apiGroup, resource: a.resource } : { group: '', resource: '' };
  return newForbidden(gr, a.resourceRequest ? a.name : '', why);
}

/** newMethodNotSupported: 405, `<action> is not supported on resources of kind "pods"`. */
export function newMethodNotSupported(gr: GroupResourceRef, action: string): StatusError {
  return failure(405, 'MethodNotAllowed', `${action} is not supported on resources of kind ${quote(qualified(gr))}`, resourceDetails(gr, ''));
}

/** newServerTimeout: 500 ServerTimeout, `The get operation against pods could not be completed at this time, please try again.` */
export function newServerTimeout(gr: GroupResourceRef, operation: string, retryAfterSeconds: number): StatusError {
  return failure(
    500,
    'ServerTimeout',
    `The ${operation} operation against ${qualified(gr)} could not be completed at this time, please try again.`,
    { ...resourceDetails(gr, operation), retryAfterSeconds },
  );
}

/** newTimeout: 504 Timeout, `Timeout: <message>` (errors.NewTimeoutError). */
export function newTimeout(message: string, retryAfterSeconds = 0): StatusError {
  return failure(504, 'Timeout', `Timeout: ${message}`, retryAfter(retryAfterSeconds));
}

/** retryAfter is StatusDetails with only retryAfterSeconds, which JSON leaves out when 0 (omitempty). */
function retryAfter(seconds: number): NonNullable<Status['details']> {
  return seconds > 0 ? { retryAfterSeconds: seconds } : {};
}

/** newInternalError: 500 InternalError, `Internal error occurred: <err>`, the error as the one cause. */
export function newInternalError(err: string): StatusError {
  return failure(500, 'InternalError', `Internal error occurred: ${err}`, { causes: [{ message: err }] });
}

/** newTooManyRequests: 429 TooManyRequests with the message as given and a retry-after hint (errors.NewTooManyRequests). */
export function newTooManyRequests(message: string, retryAfterSeconds: number): StatusError {
  return failure(429, 'TooManyRequests', message, retryAfter(retryAfterSeconds));
}

/** newTooManyRequestsError: 429, `Too many requests: <message>` (errors.NewTooManyRequestsError). */
export function newTooManyRequestsError(message: string): StatusError {
  return failure(429, 'TooManyRequests', `Too many requests: ${message}`);
}

/** newServiceUnavailable: 503 ServiceUnavailable. */
export function newServiceUnavailable(message: string): StatusError {
  return failure(503, 'ServiceUnavailable', message);
}

/**
 * newTooLargeResourceVersion: 504 Timeout, `Timeout: Too large resource version: 12, current: 5`,
 * with the ResourceVersionTooLarge cause (storage.NewTooLargeResourceVersionError);
 * clients retry after retryAfterSeconds.
 */
export function newTooLargeResourceVersion(requested: number, current: number, retryAfterSeconds = 1): StatusError {
  return failure(504, 'Timeout', `Timeout: Too large resource version: ${requested}, current: ${current}`, {
    retryAfterSeconds,
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
  });
}
