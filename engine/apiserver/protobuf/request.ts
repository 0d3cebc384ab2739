/**
 * request is the API server's protobuf hook: a request whose body is
 * Kubernetes protobuf (content-type application/vnd.kubernetes.protobuf)
 * becomes the same request with the body's JSON form, so the rest of the
 * handler sees JSON only. Decoding follows the protobuf serializer of
 * k8s.io/apimachinery: a missing apiVersion or kind is taken from the
 * endpoint, and failures are 400s with the create handler's texts.
 */
import { newBadRequest, StatusError } from '../errors';
import type { ApiRequest } from '../handler/types';
import type { ResourceDef } from '../registry/types';
import { decodeObject, decodeUnknown, hasPrefix, knownKind, PROTOBUF_PREFIX, type TypeMeta } from './envelope';
import { ProtoError } from './wire';

/** PROTOBUF_MEDIA_TYPE is Kubernetes protobuf's content type. */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** isProtobuf tells a protobuf body by its content type (parameters and case ignored). */
export function isProtobuf(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === PROTOBUF_MEDIA_TYPE;
}

/** binaryToBytes reads a binary string (one char per byte, see ApiRequest.body); undefined if a char is not a byte. */
export function binaryToBytes(body: string): Uint8Array | undefined {
  const out = new Uint8Array(body.length);
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c > 0xff) return undefined;
    out[i] = c;
  }
  return out;
}

/**
 * expectedType is what an endpoint decodes a body into: the resource's kind,
 * a subresource's own kind (Scale, Binding, Eviction), or DeleteOptions for
 * a delete.
 */
export function expectedType(def: Pick<ResourceDef, 'group' | 'version' | 'kind'>, verb: string, subresource: string): TypeMeta {
  if (verb === 'delete' || verb === 'deletecollection') return { apiVersion: 'meta.k8s.io/v1', kind: 'DeleteOptions' };
  if (subresource === 'scale') return { apiVersion: 'autoscaling/v1', kind: 'Scale' };
  if (subresource === 'binding') return { apiVersion: 'v1', kind: 'Binding' };
  if (subresource === 'eviction') return { apiVersion: 'policy/v1', kind: 'Eviction' };
  if (subresource === 'token') return { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest' };
  return { apiVersion: def.group ? `${def.group}/${def.version}` : def.version, kind: def.kind };
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** summarize is the create handler's summarizeData(body, 30): JSON text or hex, cut at 30 bytes. */
export function summarize(bytes: Uint8Array, max = 30): string {
  if (bytes.length === 0) return '<empty>';
  const cut = bytes.length > max;
  const head = cut ? bytes.subarray(0, max) : bytes;
  const text = bytes[0] === 0x7b ? String.fromCharCode(...head) : hex(head);
  return cut ? `${text} ...` : text;
}

/** unsupportedMediaType is errors.NewUnsupportedMediaType's 415. */
function unsupportedMediaType(message: string): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'UnsupportedMediaType', code: 415 });
}

function versionOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
}

/**
 * decodeProtobufRequest returns req unchanged unless its body is protobuf;
 * a protobuf body becomes its JSON form (content-type application/json).
 * A PATCH is left alone: patch bodies are never protobuf, and the patch
 * handler answers 415 for the media type. An expected kind without a table
 * here is a 415 naming the media types that do work.
 */
export function decodeProtobufRequest(req: ApiRequest, expected: TypeMeta): ApiRequest | StatusError {
  if (req.body === undefined || !isProtobuf(req.headers['content-type']) || req.method.toUpperCase() === 'PATCH') return req;
  const bytes = binaryToBytes(req.body);
  const unrecognized = (why: string) =>
    newBadRequest(`the object provided is unrecognized (must be of type ${expected.kind}): ${why} (${summarize(bytes ?? new Uint8Array(0))})`);
  if (!bytes || !hasPrefix(bytes)) return unrecognized(`provided data does not appear to be a protobuf message, expected prefix [${PROTOBUF_PREFIX.join(' ')}]`);
  if (bytes.length === PROTOBUF_PREFIX.length) return unrecognized('empty body');
  let actual: TypeMeta;
  let raw: Uint8Array;
  try {
    const unk = decodeUnknown(bytes.subarray(PROTOBUF_PREFIX.length));
    // As the serializer's copyKindDefaults: what the body leaves out, the endpoint supplies.
    actual = { apiVersion: unk.typeMeta.apiVersion || expected.apiVersion, kind: unk.typeMeta.kind || expected.kind };
    raw = unk.raw;
  } catch (e) {
    if (e instanceof ProtoError) return unrecognized(e.message);
    throw e;
  }
  const cannot = (why: string) => newBadRequest(`${actual.kind} in version "${versionOf(actual.apiVersion)}" cannot be handled as a ${expected.kind}: ${why}`);
  if (!knownKind(actual)) {
    if (actual.kind === expected.kind)
      return unsupportedMediaType('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
    return cannot(`no kind "${actual.kind}" is registered for version "${actual.apiVersion}" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"`);
  }
  let obj: object;
  try {
    obj = decodeObject(actual, raw);
  } catch (e) {
    if (e instanceof ProtoError) return cannot(e.message);
    throw e;
  }
  return { ...req, body: JSON.stringify(obj), headers: { ...req.headers, 'content-type': 'application/json' } };
}
