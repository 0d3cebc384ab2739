import { describe, expect, it } from 'vitest';
import { ManifestError, parseManifests } from './manifest';

describe('parseManifests', () => {
  it('reads multi-document YAML, skipping empty documents and flattening Lists', () => {
    const text = [
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: {name: shop}',
      '---',
      '---',
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}',
      '- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}',
    ].join('\n');
    const parsed = parseManifests(text);
    expect(parsed.map((p) => [p.object.kind, p.object.metadata?.name, p.documentIndex, p.line])).toEqual([
      ['Namespace', 'shop', 1, 1],
      ['ConfigMap', 'a', 3, 6],
      ['ConfigMap', 'b', 3, 6],
    ]);
  });

  it('reads JSON objects and arrays', () => {
    expect(parseManifests('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}').map((p) => p.object.metadata?.name)).toEqual(['p']);
    expect(parseManifests('[{"apiVersion":"v1","kind":"Pod"},{"apiVersion":"v1","kind":"Secret"}]').map((p) => p.object.kind)).toEqual(['Pod', 'Secret']);
  });

  it('names the document and line of an error', () => {
    const text = 'apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Pod: Service\n';
    expect(() => parseManifests(text)).toThrow(ManifestError);
    try {
      parseManifests(text);
    } catch (e) {
      expect((e as ManifestError).documentIndex).toBe(2);
      expect((e as ManifestError).message).toMatch(/^error parsing document 2 \(line 5\): /);
    }
    expect(() => parseManifests('apiVersion: v1\nmetadata: {}\n')).toThrow('error validating data: document 1 (line 1): kind not set');
  });
});
