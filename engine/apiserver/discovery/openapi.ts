/**
 * openapi serves the OpenAPI v3 discovery kubectl reads before it writes:
 * /openapi/v3 lists one document per group version, and each document has
 * the resource paths with their operations, tagged with
 * x-kubernetes-group-version-kind. kubectl looks for the PATCH operation of
 * a kind and its `fieldValidation` query parameter to decide that the server
 * validates fields itself (cli-runtime's query param verifier); without
 * these documents `kubectl apply` refuses to run ("failed to download
 * openapi"). The documents describe paths and parameters, not schemas: a
 * PATCH lists no request body types, so kubectl computes strategic merge
 * patches from its compiled-in types, as it does for a server without
 * OpenAPI schemas.
 */
import type { Registry } from '../registry/registry';
import type { ResourceDef } from '../registry/types';

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

/** openApiRoot is the /openapi/v3 document: every group version's document URL. */
export function openApiRoot(registry: Registry): object {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const g of registry.groups()) {
    for (const v of g.versions) {
      const key = gvPath(g.group, v);
      const doc = openApiGroupVersion(registry, g.group, v);
      paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hashOf(JSON.stringify(doc))}` };
    }
  }
  return { paths };
}

const QUERY = (name: string, description: string) => ({ name, in: 'query', description, schema: { type: 'string' }, uniqueItems: true });
const COMMON = {
  dryRun: QUERY('dryRun', 'When present, indicates that modifications should not be persisted. The only valid value is All.'),
  fieldManager: QUERY('fieldManager', 'A name associated with the actor or entity that is making these changes.'),
  fieldValidation: QUERY('fieldValidation', 'How the server handles unknown or duplicate fields in the object: Ignore, Warn or Strict.'),
  pretty: QUERY('pretty', "If 'true', then the output is pretty printed."),
};

function operation(def: ResourceDef, action: string, id: string, params: object[]): object {
  return {
    tags: [def.group === '' ? 'core_v1' : `${def.group.replace(/\./g, '_')}_${def.version}`],
    description: `${action} ${def.kind}`,
    operationId: id,
    parameters: params,
    responses: { '200': { description: 'OK' }, '401': { description: 'Unauthorized' } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: def.group, version: def.version, kind: def.kind },
  };
}

/** openApiGroupVersion is one group version's document, or undefined when the registry has none. */
export function openApiGroupVersion(registry: Registry, group: string, version: string): object | undefined {
  const defs = registry.inGroupVersion(group, version);
  if (defs.length === 0) return undefined;
  const paths: Record<string, object> = {};
  const base = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  for (const def of defs) {
    const opName = `${def.kind}`;
    const collection = def.namespaced ? `${base}/namespaces/{namespace}/${def.plural}` : `${base}/${def.plural}`;
    const item = `${collection}/{name}`;
    const verbs = new Set(def.verbs);
    const col: Record<string, object> = {};
    if (verbs.has('list')) col.get = operation(def, 'list', `list${opName}`, [COMMON.pretty]);
    if (verbs.has('create')) col.post = operation(def, 'post', `create${opName}`, [COMMON.dryRun, COMMON.fieldManager, COMMON.fieldValidation, COMMON.pretty]);
    if (verbs.has('deletecollection')) col.delete = operation(def, 'deletecollection', `deleteCollection${opName}`, [COMMON.dryRun, COMMON.pretty]);
    if (Object.keys(col).length) paths[collection] = col;
    const one: Record<string, object> = {};
    if (verbs.has('get')) one.get = operation(def, 'get', `read${opName}`, [COMMON.pretty]);
    if (verbs.has('update')) one.put = operation(def, 'put', `replace${opName}`, [COMMON.dryRun, COMMON.fieldManager, COMMON.fieldValidation, COMMON.pretty]);
    if (verbs.has('patch')) one.patch = operation(def, 'patch', `patch${opName}`, [COMMON.dryRun, COMMON.fieldManager, COMMON.fieldValidation, QUERY('force', 'Force is going to "force" Apply requests.'), COMMON.pretty]);
    if (verbs.has('delete')) one.delete = operation(def, 'delete', `delete${opName}`, [COMMON.dryRun, COMMON.pretty]);
    if (Object.keys(one).length) paths[item] = one;
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas: {} },
  };
}
