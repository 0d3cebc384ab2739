/**
 * Lookups over the generated definitions: which definition is a kind's, and
 * which definitions a set of roots reaches (what one OpenAPI document must
 * carry in components.schemas).
 */
import { STRUCTURE } from './structure.gen';
import type { Definitions, StructSchema } from './types';

/** STATUS_DEFINITION, DELETE_OPTIONS_DEFINITION, SCALE_DEFINITION: the non-resource types the request path answers or reads. */
export const STATUS_DEFINITION = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
export const DELETE_OPTIONS_DEFINITION = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
export const SCALE_DEFINITION = 'io.k8s.api.autoscaling.v1.Scale';

const byKind = new WeakMap<Definitions, Map<string, string>>();

/** definitionOf names the definition of a kind ("apps", "v1", "Deployment" → "io.k8s.api.apps.v1.Deployment"), or undefined. */
export function definitionOf(group: string, version: string, kind: string, defs: Definitions = STRUCTURE): string | undefined {
  let index = byKind.get(defs);
  if (!index) {
    index = new Map();
    for (const [name, s] of Object.entries(defs)) for (const gvk of s['x-kubernetes-group-version-kind'] ?? []) index.set(`${gvk.group}/${gvk.version}/${gvk.kind}`, name);
    byKind.set(defs, index);
  }
  return index.get(`${group}/${version}/${kind}`);
}

/** refsOf calls fn with every definition a schema refers to directly (through properties, items, maps, alternatives). */
export function refsOf(s: StructSchema, fn: (name: string) => void): void {
  if (s.ref) fn(s.ref);
  for (const p of Object.values(s.properties ?? {})) refsOf(p, fn);
  if (s.items) refsOf(s.items, fn);
  if (s.additionalProperties) refsOf(s.additionalProperties, fn);
  for (const o of s.oneOf ?? []) refsOf(o, fn);
}

/** closure is the roots and every definition they reach, sorted by name. Unknown roots are skipped. */
export function closure(roots: Iterable<string>, defs: Definitions = STRUCTURE): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || !defs[name]) return;
    seen.add(name);
    refsOf(defs[name], visit);
  };
  for (const r of roots) visit(r);
  return [...seen].sort();
}
