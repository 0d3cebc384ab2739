/**
 * parseManifests reads what `kubectl apply -f` reads: JSON, or YAML with
 * several documents separated by `---`; a List kind (v1 List, PodList …)
 * is flattened into its items; empty documents are skipped. Errors name the
 * document (1-based, as kubectl counts) and the line in the whole text.
 */
import { parseAllDocuments } from 'yaml';
import { isPlainObject, type KubeObject } from '../object';

/** ManifestError is a manifest that does not parse into objects. */
export class ManifestError extends Error {
  constructor(
    message: string,
    readonly documentIndex: number,
    readonly line: number,
  ) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** ParsedObject is one object with where it came from. */
export interface ParsedObject {
  object: KubeObject;
  /** documentIndex is the 1-based document the object came from. */
  documentIndex: number;
  /** line is the 1-based line its document starts on. */
  line: number;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function checkObject(v: unknown, doc: number, line: number): KubeObject[] {
  if (!isPlainObject(v)) throw new ManifestError(`error validating data: document ${doc} (line ${line}): not an object`, doc, line);
  const obj = v as KubeObject;
  if (typeof obj.kind !== 'string' || obj.kind === '') throw new ManifestError(`error validating data: document ${doc} (line ${line}): kind not set`, doc, line);
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') throw new ManifestError(`error validating data: document ${doc} (line ${line}): apiVersion not set`, doc, line);
  if (obj.kind === 'List' || (obj.kind.endsWith('List') && Array.isArray(obj.items))) {
    const items = Array.isArray(obj.items) ? obj.items : [];
    return items.flatMap((item) => checkObject(item, doc, line));
  }
  return [obj];
}

/** parseManifests parses text into objects, in order. */
export function parseManifests(text: string): ParsedObject[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      // JSON is valid YAML in most cases; fall through to the YAML parser for its line numbers.
      return parseYamlManifests(text, (e as Error).message);
    }
    const docs = Array.isArray(v) ? v : [v];
    return docs.flatMap((d, i) => checkObject(d, i + 1, 1).map((object) => ({ object, documentIndex: i + 1, line: 1 })));
  }
  return parseYamlManifests(text);
}

function parseYamlManifests(text: string, jsonError?: string): ParsedObject[] {
  const out: ParsedObject[] = [];
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, i) => {
    const index = i + 1;
    const start = doc.range?.[0] ?? 0;
    if (doc.errors.length) {
      const err = doc.errors[0];
      const line = err.linePos?.[0]?.line ?? lineOf(text, err.pos?.[0] ?? start);
      throw new ManifestError(`error parsing document ${index} (line ${line}): ${jsonError ?? err.message.split('\n')[0]}`, index, line);
    }
    const v = doc.toJS();
    if (v === null || v === undefined) return;
    const contentStart = doc.contents?.range?.[0] ?? start;
    const line = lineOf(text, contentStart);
    for (const object of checkObject(v, index, line)) out.push({ object, documentIndex: index, line });
  });
  return out;
}
