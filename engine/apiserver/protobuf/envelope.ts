/**
 * envelope reads a Kubernetes protobuf body: the magic "k8s\0" then a
 * runtime.Unknown {typeMeta {apiVersion = 1, kind = 2} = 1, raw = 2,
 * contentEncoding = 3, contentType = 4}, whose raw is the object's own
 * message. It decodes the object into its JSON form for the kinds in KINDS.
 */
import { utf8Decode } from '../auth/authn/bytes';
import { decodeMessage, type JsonObject } from './decode';
import { Schema } from './schema';
import { APPS, AUTHENTICATION, AUTHORIZATION, AUTOSCALING, BATCH, POLICY, RBAC, SCHEDULING } from './tables/apis';
import { CORE } from './tables/core';
import { META } from './tables/meta';
import { ProtoError, Reader, readTag, WireType } from './wire';

/** PROTOBUF_PREFIX is the magic every Kubernetes protobuf body starts with ("k8s\0"). */
export const PROTOBUF_PREFIX = [0x6b, 0x38, 0x73, 0x00] as const;

/** SCHEMA holds every table the envelope decodes with. */
export const SCHEMA = new Schema(META, CORE, APPS, BATCH, RBAC, SCHEDULING, AUTOSCALING, AUTHENTICATION, AUTHORIZATION, POLICY);

/**
 * KINDS lists, per apiVersion, the kinds whose protobuf form decodes; each
 * kind's message table has the kind's name. DeleteOptions is accepted in
 * every version, as the API server registers it in every group.
 */
export const KINDS: Record<string, readonly string[]> = {
  v1: ['Namespace', 'ConfigMap', 'Secret', 'ServiceAccount', 'Pod', 'Service', 'ResourceQuota', 'Event', 'Binding'],
  'apps/v1': ['Deployment'],
  'batch/v1': ['Job', 'CronJob'],
  'rbac.authorization.k8s.io/v1': ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'],
  'scheduling.k8s.io/v1': ['PriorityClass'],
  'autoscaling/v1': ['Scale', 'HorizontalPodAutoscaler'],
  'authorization.k8s.io/v1': ['SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview', 'LocalSubjectAccessReview'],
  'policy/v1': ['PodDisruptionBudget', 'Eviction'],
  'authentication.k8s.io/v1': ['TokenRequest', 'SelfSubjectReview'],
};

/** TypeMeta is an object's apiVersion and kind. */
export interface TypeMeta {
  apiVersion: string;
  kind: string;
}

/** Unknown is a decoded runtime.Unknown. */
export interface Unknown {
  typeMeta: TypeMeta;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

/** hasPrefix tells whether bytes start with the protobuf magic. */
export function hasPrefix(bytes: Uint8Array): boolean {
  return bytes.length >= PROTOBUF_PREFIX.length && PROTOBUF_PREFIX.every((b, i) => bytes[i] === b);
}

/** decodeUnknown reads the runtime.Unknown after the magic; it throws ProtoError on malformed input. */
export function decodeUnknown(bytes: Uint8Array): Unknown {
  const out: Unknown = { typeMeta: { apiVersion: '', kind: '' }, raw: new Uint8Array(0), contentEncoding: '', contentType: '' };
  const r = new Reader(bytes);
  while (!r.done()) {
    const { field, wire } = readTag(r, 'Unknown');
    if (field >= 1 && field <= 4 && wire !== WireType.Bytes)
      throw new ProtoError(`proto: wrong wireType = ${wire} for field ${['TypeMeta', 'Raw', 'ContentEncoding', 'ContentType'][field - 1]}`);
    if (field === 1) out.typeMeta = typeMeta(r.bytes());
    else if (field === 2) out.raw = r.bytes();
    else if (field === 3) out.contentEncoding = utf8Decode(r.bytes());
    else if (field === 4) out.contentType = utf8Decode(r.bytes());
    else r.skip(wire, 'Unknown');
  }
  return out;
}

function typeMeta(bytes: Uint8Array): TypeMeta {
  const out: TypeMeta = { apiVersion: '', kind: '' };
  const r = new Reader(bytes);
  while (!r.done()) {
    const { field, wire } = readTag(r, 'TypeMeta');
    if ((field === 1 || field === 2) && wire !== WireType.Bytes) throw new ProtoError(`proto: wrong wireType = ${wire} for field ${field === 1 ? 'APIVersion' : 'Kind'}`);
    if (field === 1) out.apiVersion = utf8Decode(r.bytes());
    else if (field === 2) out.kind = utf8Decode(r.bytes());
    else r.skip(wire, 'TypeMeta');
  }
  return out;
}

/** knownKind tells whether the kind's protobuf form decodes here. */
export function knownKind(t: TypeMeta): boolean {
  return t.kind === 'DeleteOptions' || (KINDS[t.apiVersion]?.includes(t.kind) ?? false);
}

/**
 * decodeObject decodes raw as the given kind into its JSON object, apiVersion
 * and kind first as the JSON form writes them. The kind must be knownKind;
 * malformed raw throws ProtoError.
 */
export function decodeObject(t: TypeMeta, raw: Uint8Array): JsonObject {
  if (!knownKind(t)) throw new Error(`protobuf: ${t.apiVersion} ${t.kind} has no table`);
  return { kind: t.kind, apiVersion: t.apiVersion, ...decodeMessage(SCHEMA, t.kind, raw) };
}
