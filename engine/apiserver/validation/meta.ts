/**
 * Generic ObjectMeta validation (apimachinery/pkg/api/validation/objectmeta.go):
 * name or generateName, namespace presence by scope, labels and annotation
 * keys, and what an update may not change.
 */
import type { KubeObject } from '../object';
import type { ResourceDef } from '../registry/types';
import { forbidden, invalid, required, tooLong, type FieldError } from './field';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPathSegmentName } from './names';

/** nameValidator picks the name check a resource uses. */
export function nameValidator(def: Pick<ResourceDef, 'nameValidation' | 'plural' | 'group'>): (name: string) => string[] {
  if (def.nameValidation === 'path-segment') return isValidPathSegmentName;
  if (def.nameValidation === 'label') return def.plural === 'services' && def.group === '' ? isDNS1035Label : isDNS1123Label;
  return isDNS1123Subdomain;
}

/** validateLabels checks every key and value of metadata.labels. */
export function validateLabels(labels: unknown, field: string): FieldError[] {
  if (labels === undefined || labels === null) return [];
  if (typeof labels !== 'object' || Array.isArray(labels)) return [invalid(field, labels, 'must be a map of string keys to string values')];
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    for (const msg of isQualifiedName(k)) errs.push(invalid(field, k, msg));
    if (typeof v !== 'string') errs.push(invalid(`${field}`, v, 'label values must be strings'));
    else for (const msg of isValidLabelValue(v)) errs.push(invalid(field, v, msg));
  }
  return errs;
}

/** validateAnnotationKeys checks annotation keys (values are free text, total size at most 256 KiB). */
export function validateAnnotations(annotations: unknown, field: string): FieldError[] {
  if (annotations === undefined || annotations === null) return [];
  if (typeof annotations !== 'object' || Array.isArray(annotations)) return [invalid(field, annotations, 'must be a map of string keys to string values')];
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations as Record<string, unknown>)) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(field, k, msg));
    size += k.length + (typeof v === 'string' ? v.length : 0);
  }
  if (size > 256 * 1024) errs.push(tooLong(field, 256 * 1024));
  return errs;
}

/** validateObjectMeta is ValidateObjectMeta for a create (or the new object of an update). */
export function validateObjectMeta(obj: KubeObject, def: ResourceDef): FieldError[] {
  const meta = obj.metadata ?? {};
  const errs: FieldError[] = [];
  const name = meta.name;
  if (!name) {
    if (!meta.generateName) errs.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of nameValidator(def)(name)) errs.push(invalid('metadata.name', name, msg));
  }
  if (def.namespaced) {
    if (!meta.namespace) errs.push(required('metadata.namespace'));
    else for (const msg of isDNS1123Label(meta.namespace)) errs.push(invalid('metadata.namespace', meta.namespace, msg));
  } else if (meta.namespace) {
    errs.push(forbidden('metadata.namespace', 'not allowed on this type'));
  }
  errs.push(...validateLabels(meta.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(meta.annotations, 'metadata.annotations'));
  for (const [i, ref] of (meta.ownerReferences ?? []).entries()) {
    const f = `metadata.ownerReferences[${i}]`;
    if (!ref.apiVersion) errs.push(invalid(`${f}.apiVersion`, ref.apiVersion ?? '', 'version must not be empty'));
    if (!ref.kind) errs.push(invalid(`${f}.kind`, ref.kind ?? '', 'kind must not be empty'));
    if (!ref.name) errs.push(invalid(`${f}.name`, ref.name ?? '', 'name must not be empty'));
    if (!ref.uid) errs.push(invalid(`${f}.uid`, ref.uid ?? '', 'uid must not be empty'));
  }
  if ((meta.ownerReferences ?? []).filter((r) => r.controller).length > 1)
    errs.push(invalid('metadata.ownerReferences', meta.ownerReferences, 'Only one reference can have Controller set to true'));
  for (const [i, f] of (meta.finalizers ?? []).entries()) {
    for (const msg of isQualifiedName(f)) errs.push(invalid(`metadata.finalizers[${i}]`, f, msg));
  }
  return errs;
}

/** validateObjectMetaUpdate adds ValidateObjectMetaUpdate's immutability checks. */
export function validateObjectMetaUpdate(obj: KubeObject, old: KubeObject, def: ResourceDef): FieldError[] {
  const errs = validateObjectMeta(obj, def);
  const m = obj.metadata ?? {};
  const o = old.metadata ?? {};
  const immutable = (field: string, a: unknown, b: unknown) => {
    if (a !== b) errs.push(invalid(`metadata.${field}`, a ?? '', 'field is immutable'));
  };
  immutable('name', m.name, o.name);
  immutable('namespace', m.namespace, o.namespace);
  immutable('uid', m.uid, o.uid);
  immutable('creationTimestamp', m.creationTimestamp, o.creationTimestamp);
  if (o.deletionTimestamp && m.deletionTimestamp !== o.deletionTimestamp) immutable('deletionTimestamp', m.deletionTimestamp, o.deletionTimestamp);
  if (o.deletionTimestamp) {
    // A terminating object may lose finalizers but gain none.
    const added = (m.finalizers ?? []).filter((f) => !(o.finalizers ?? []).includes(f));
    if (added.length) errs.push(forbidden('metadata.finalizers', `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`));
  }
  return errs;
}
