/**
 * Table output (meta.k8s.io/v1 Table): what the API server answers when a
 * client's Accept header asks for `application/json;as=Table;v=v1;g=meta.k8s.io`
 * (kubectl get does). Columns come from the resource's printer; each row
 * carries its cells and, per includeObject, nothing, the object's metadata
 * (PartialObjectMetadata, the default) or the whole object.
 */
import type { KubeObject } from '../object';
import type { ResourceDef } from '../registry/types';
import { rowCells } from './printers';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  includeObject: IncludeObject;
  /** noHeaders leaves columnDefinitions empty (watch events after the first). */
  noHeaders?: boolean;
}

/** wantsTable is true when an Accept header asks for a Table (any of its media ranges). */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((range) => {
    const params = range.split(';').map((p) => p.trim());
    return params.includes('as=Table') && params.includes('g=meta.k8s.io') && (params.includes('v=v1') || params.includes('v=v1beta1'));
  });
}

/** tableVersion is the Table version the Accept header asks for first (v1 or v1beta1). */
export function tableVersion(accept: string | undefined): 'v1' | 'v1beta1' {
  for (const range of (accept ?? '').split(',')) {
    const params = range.split(';').map((p) => p.trim());
    if (params.includes('as=Table')) return params.includes('v=v1beta1') ? 'v1beta1' : 'v1';
  }
  return 'v1';
}

/** parseIncludeObject reads ?includeObject=, defaulting to Metadata as upstream. */
export function parseIncludeObject(value: string | undefined): IncludeObject {
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

function rowObject(obj: KubeObject, include: IncludeObject, apiVersion: string): KubeObject | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion, metadata: obj.metadata ?? {} };
}

/**
 * toTable converts objects to a Table. listMeta is the list's metadata
 * (resourceVersion, continue) or a single object's resourceVersion.
 */
export function toTable(
  def: ResourceDef,
  objects: KubeObject[],
  now: number,
  opts: TableOptions,
  listMeta: { resourceVersion?: string; continue?: string; remainingItemCount?: number } = {},
  version: 'v1' | 'v1beta1' = 'v1',
): KubeObject {
  const apiVersion = `meta.k8s.io/${version}`;
  const columnDefinitions = opts.noHeaders
    ? []
    : def.columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description, priority: c.priority }));
  const rows = objects.map((obj) => {
    const row: Record<string, unknown> = { cells: rowCells(def.columns, obj, now) };
    const o = rowObject(obj, opts.includeObject, apiVersion);
    if (o) row.object = o;
    return row;
  });
  const metadata: Record<string, unknown> = {};
  if (listMeta.resourceVersion) metadata.resourceVersion = listMeta.resourceVersion;
  if (listMeta.continue) metadata.continue = listMeta.continue;
  if (listMeta.remainingItemCount !== undefined) metadata.remainingItemCount = listMeta.remainingItemCount;
  return { kind: 'Table', apiVersion, metadata, columnDefinitions, rows };
}
