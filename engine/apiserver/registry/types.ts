/**
 * The shape of one resource the API server serves: everything the generic
 * request path, discovery, storage layout and `kubectl get` need, so that
 * adding a resource is one ResourceDef entry (registry/resources.ts).
 */
import type { FieldError } from '../validation/field';
import type { KubeObject } from '../object';

/** STANDARD_VERBS are the verbs of a stored resource, sorted as discovery lists them. */
export const STANDARD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

/** ColumnType is a Table column's OpenAPI type. */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

/**
 * Column is one column of the server-side printer (metav1.TableColumnDefinition
 * plus the function computing its cell). priority 0 columns are what
 * `kubectl get` shows; priority 1 only with `-o wide`.
 */
export interface Column {
  name: string;
  type: ColumnType;
  format?: string;
  description: string;
  priority: 0 | 1;
  cell(obj: KubeObject, now: number): string | number | boolean | null;
}

/**
 * ScaleSpec says where a resource keeps what its scale subresource shows:
 * spec.replicas, status.replicas and the label selector (as a string in
 * status.selector of autoscaling/v1 Scale).
 */
export interface ScaleSpec {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath: string;
}

/** Subresource names this server implements: status and scale generically, binding for pods. */
export type SubresourceName = 'status' | 'scale' | 'binding';

/** Operation is what a defaulting or validation hook is run for. */
export type Operation = 'CREATE' | 'UPDATE';

/**
 * VersionConversion converts a resource's objects between one served
 * version and the version it is stored at (upstream converts through an
 * internal version; the storage version stands in for it here). Both
 * return new objects and leave their input alone; toStorage throws when the
 * object cannot be converted (a malformed conversion annotation).
 */
export interface VersionConversion {
  toStorage(obj: KubeObject): KubeObject;
  fromStorage(obj: KubeObject): KubeObject;
}

/** ServedVersion is one more version a resource is served at, with its conversion to the storage version. */
export interface ServedVersion extends VersionConversion {
  version: string;
}

/**
 * ResourceDef is one resource. Fields named after discovery's APIResource
 * carry the same meaning; the rest are the server's own.
 */
export interface ResourceDef {
  group: string;
  version: string;
  kind: string;
  /** plural is the resource name in paths and RBAC rules ("pods"). */
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  verbs: readonly string[];
  subresources: SubresourceName[];
  categories: string[];
  /**
   * etcdPrefix is the resource's segment of the storage key
   * (/registry/<etcdPrefix>/<namespace>/<name>): the plural, except where
   * upstream kept historical names ("minions", "services/specs").
   */
  etcdPrefix: string;
  /** stored is false for virtual resources (access reviews) that are computed, never persisted. */
  stored: boolean;
  /** returnDeletedObject: a delete answers with the deleted object rather than a Success Status (pods, as upstream). */
  returnDeletedObject?: boolean;
  /** tracksGeneration: metadata.generation starts at 1 and is bumped when anything but metadata and status changes. */
  tracksGeneration: boolean;
  /** columns are the server-side printer's (what `kubectl get` shows). */
  columns: Column[];
  /**
   * selectableFields are the field-selector fields beyond metadata.name and
   * metadata.namespace, with how to read each (pods: spec.nodeName, status.phase …).
   */
  selectableFields: Record<string, (obj: KubeObject) => string>;
  scale?: ScaleSpec;
  /** defaults fills in unset fields in place, as the type's SetDefaults_ functions do. */
  defaults?(obj: KubeObject): void;
  /** prepareForCreate resets what a client may not set on create (typically status), in place. */
  prepareForCreate?(obj: KubeObject): void;
  /** validate returns the type-specific field errors (metadata is validated generically). */
  validate?(obj: KubeObject, old: KubeObject | undefined): FieldError[];
  /** nameValidation is how metadata.name is checked: most names are DNS-1123 subdomains. */
  nameValidation: 'subdomain' | 'label' | 'path-segment';
  /**
   * alsoServedAs lists the resource's other served versions, after this
   * one (the storage version, preferred in discovery). The Registry derives
   * one ResourceDef per entry (see storedAs).
   */
  alsoServedAs?: readonly ServedVersion[];
  /**
   * storedAs is set on a ResourceDef the Registry derived for another served
   * version: the storage version's def and the conversion to and from it.
   * Its objects live in the storage def's storage, converted on the way in
   * and out (registry/served.ts).
   */
  storedAs?: { def: ResourceDef; conversion: VersionConversion };
}

/** groupVersion prints "v1" for the core group and "group/version" otherwise. */
export function groupVersion(def: Pick<ResourceDef, 'group' | 'version'>): string {
  return def.group === '' ? def.version : `${def.group}/${def.version}`;
}

/** qualifiedResource prints the resource as errors name it: "pods", "deployments.apps". */
export function qualifiedResource(def: Pick<ResourceDef, 'group' | 'plural'>): string {
  return def.group === '' ? def.plural : `${def.plural}.${def.group}`;
}
