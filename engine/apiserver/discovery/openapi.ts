/**
 * openapi serves the OpenAPI v3 discovery kubectl reads: /openapi/v3 lists
 * one document per group version, and each document has the resource paths
 * with their operations (tagged with x-kubernetes-group-version-kind) and
 * components.schemas: the schema of every kind the group version serves and
 * of everything those reach (generated from kubernetes-types, see
 * schema/types.ts). `kubectl explain` renders those schemas; kubectl's
 * query-param verifier looks for the `fieldValidation` parameter on a kind's
 * PATCH to decide that the server validates fields itself (without these
 * documents `kubectl apply` refuses to run: "failed to download openapi").
 *
 * A PATCH's request body lists JSON patch, merge patch and apply patch but
 * not strategic merge patch: kubectl computes a strategic merge patch from
 * the OpenAPI schema only when the server offers that media type, and these
 * schemas lack the x-kubernetes-patch-merge-key / patch-strategy extensions
 * it would need, so kubectl keeps to its compiled-in patch metadata.
 *
 * Descriptions are optional (an injected SchemaDescriptions): without them
 * the documents have the same structure and explain prints no doc text.
 */
import type { Registry } from '../registry/registry';
import type { ResourceDef } from '../registry/types';
import { closure, definitionOf, DELETE_OPTIONS_DEFINITION, SCALE_DEFINITION, STATUS_DEFINITION } from '../schema/schema';
import { STRUCTURE } from '../schema/structure.gen';
import type { SchemaDescriptions, StructSchema } from '../schema/types';

/** gvPath is a group version's key in the root document: "api/v1", "apis/apps/v1". */
export function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** hashOf is a short, stable fingerprint of a document (the root lists it so clients can cache). */
function hashOf(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619) >>> 0;
    h2 = Math.imul(h2 + c, 2246822519) >>> 0;
  }
  return (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).toUpperCase();
}

/** Documents memoizes each group version's document and hash: a registry and descriptions never change once served. */
type Documents = Map<string, { doc: object; hash: string } | undefined>;
const memo = new WeakMap<Registry, Map<SchemaDescriptions | null, Documents>>();

/** cached is a group version's document and its hash, built on first use; undefined when the registry serves none there. */
function cached(registry: Registry, group: string, version: string, descriptions: SchemaDescriptions | undefined): { doc: object; hash: string } | undefined {
  let byDesc = memo.get(registry);
  if (!byDesc) memo.set(registry, (byDesc = new Map()));
  let docs = byDesc.get(descriptions ?? null);
  if (!docs) byDesc.set(descriptions ?? null, (docs = new Map()));
  const key = gvPath(group, version);
  if (!docs.has(key)) {
    const doc = buildGroupVersion(registry, group, version, descriptions);
    docs.set(key, doc && { doc, hash: hashOf(JSON.stringify(doc)) });
  }
  return docs.get(key);
}

/** openApiRoot is the /openapi/v3 document: every group version's document URL. */
export function openApiRoot(registry: Registry, descriptions?: SchemaDescriptions): object {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const g of registry.groups()) {
    for (const v of g.versions) {
      const key = gvPath(g.group, v);
      paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${cached(registry, g.group, v, descriptions)!.hash}` };
    }
  }
  return { paths };
}

/** openApiGroupVersion is one group version's document, or undefined when the registry has none. */
export function openApiGroupVersion(registry: Registry, group: string, version: string, descriptions?: SchemaDescriptions): object | undefined {
  return cached(registry, group, version, descriptions)?.doc;
}

const QUERY = (name: string, description: string) => ({ name, in: 'query', description, schema: { type: 'string' }, uniqueItems: true });
const COMMON = {
  dryRun: QUERY('dryRun', 'When present, indicates that modifications should not be persisted. The only valid value is All.'),
  fieldManager: QUERY('fieldManager', 'A name associated with the actor or entity that is making these changes.'),
  fieldValidation: QUERY('fieldValidation', 'How the server handles unknown or duplicate fields in the object: Ignore, Warn or Strict.'),
  pretty: QUERY('pretty', "If 'true', then the output is pretty printed."),
};

const REF = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const JSON_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json'];
const PATCH_DEFINITION = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';

/** content is an OpenAPI content map: the same schema under each media type. */
const content = (types: string[], schema: object) => Object.fromEntries(types.map((t) => [t, { schema }]));

/** operation is one path operation: parameters, typed request body and answers, and the kind it acts on. */
function operation(def: ResourceDef, action: string, id: string, params: object[], io: { body?: string; bodyTypes?: string[]; answers: Record<string, string> }): object {
  const responses: Record<string, object> = {};
  for (const [code, schema] of Object.entries(io.answers)) responses[code] = { description: code === '201' ? 'Created' : 'OK', content: content(JSON_TYPES, REF(schema)) };
  responses['401'] = { description: 'Unauthorized' };
  const op: Record<string, unknown> = {
    tags: [def.group === '' ? 'core_v1' : `${def.group.replace(/\./g, '_')}_${def.version}`],
    description: `${action} ${def.kind}`,
    operationId: id,
    parameters: params,
  };
  if (io.body) op.requestBody = { content: content(io.bodyTypes ?? ['*/*'], REF(io.body)), required: true };
  op.responses = responses;
  op['x-kubernetes-action'] = action;
  op['x-kubernetes-group-version-kind'] = { group: def.group, version: def.version, kind: def.kind };
  return op;
}

/**
 * openApiSchema is a definition's schema as the document writes it: refs to
 * components, and descriptions where known. A described ref is wrapped in
 * allOf (OpenAPI 3.0 ignores a $ref's siblings), as upstream writes it.
 */
function openApiSchema(s: StructSchema, description: string | undefined, own?: Record<string, string>): object {
  if (s.ref) return description ? { allOf: [REF(s.ref)], description } : REF(s.ref);
  const out: Record<string, unknown> = {};
  if (description) out.description = description;
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Record<string, StructSchema>).map(([name, p]) => [name, openApiSchema(p, own?.[name])]));
    else if (k === 'items' || k === 'additionalProperties') out[k] = openApiSchema(v as StructSchema, undefined);
    else if (k === 'oneOf') out.oneOf = (v as StructSchema[]).map((o) => openApiSchema(o, undefined));
    else out[k] = v;
  }
  return out;
}

/**
 * buildGroupVersion builds one group version's document: its kinds' paths,
 * and components.schemas with everything those paths' bodies reach.
 */
function buildGroupVersion(registry: Registry, group: string, version: string, descriptions: SchemaDescriptions | undefined): object | undefined {
  const defs = registry.inGroupVersion(group, version);
  if (defs.length === 0) return undefined;
  const paths: Record<string, object> = {};
  const roots = [STATUS_DEFINITION, DELETE_OPTIONS_DEFINITION];
  const base = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  for (const def of defs) {
    const opName = `${def.kind}`;
    // A kind without a generated schema (none today) still gets its paths, answering untyped objects.
    const kind = definitionOf(def.group, def.version, def.kind) ?? PATCH_DEFINITION;
    const list = definitionOf(def.group, def.version, `${def.kind}List`) ?? kind;
    roots.push(kind, list);
    const collection = def.namespaced ? `${base}/namespaces/{namespace}/${def.plural}` : `${base}/${def.plural}`;
    const item = `${collection}/{name}`;
    const verbs = new Set(def.verbs);
    const writeParams = [COMMON.dryRun, COMMON.fieldManager, COMMON.fieldValidation, COMMON.pretty];
    const col: Record<string, object> = {};
    if (verbs.has('list')) col.get = operation(def, 'list', `list${opName}`, [COMMON.pretty], { answers: { '200': list } });
    if (verbs.has('create')) col.post = operation(def, 'post', `create${opName}`, writeParams, { body: kind, answers: { '200': kind, '201': kind } });
    if (verbs.has('deletecollection'))
      col.delete = operation(def, 'deletecollection', `deleteCollection${opName}`, [COMMON.dryRun, COMMON.pretty], { body: DELETE_OPTIONS_DEFINITION, answers: { '200': STATUS_DEFINITION } });
    if (Object.keys(col).length) paths[collection] = col;
    const one: Record<string, object> = {};
    if (verbs.has('get')) one.get = operation(def, 'get', `read${opName}`, [COMMON.pretty], { answers: { '200': kind } });
    if (verbs.has('update')) one.put = operation(def, 'put', `replace${opName}`, writeParams, { body: kind, answers: { '200': kind, '201': kind } });
    if (verbs.has('patch'))
      one.patch = operation(def, 'patch', `patch${opName}`, [...writeParams.slice(0, 3), QUERY('force', 'Force is going to "force" Apply requests.'), COMMON.pretty], {
        body: PATCH_DEFINITION,
        bodyTypes: PATCH_TYPES,
        answers: { '200': kind, '201': kind },
      });
    if (verbs.has('delete')) one.delete = operation(def, 'delete', `delete${opName}`, [COMMON.dryRun, COMMON.pretty], { body: DELETE_OPTIONS_DEFINITION, answers: { '200': STATUS_DEFINITION } });
    if (Object.keys(one).length) paths[item] = one;
    if (def.subresources.includes('scale') && STRUCTURE[SCALE_DEFINITION]) roots.push(SCALE_DEFINITION);
  }
  const schemas: Record<string, object> = {
    // Patch: the body of any PATCH, whatever its media type (upstream's metav1.Patch).
    [PATCH_DEFINITION]: { type: 'object', description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.' },
  };
  for (const name of closure(roots)) {
    const own = descriptions?.[name];
    schemas[name] = openApiSchema(STRUCTURE[name], own?.[''], own);
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas },
  };
}
