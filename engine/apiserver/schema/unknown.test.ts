import { describe, expect, it } from 'vitest';
import type { Definitions } from './types';
import { jsonPatchOpProblems, jsonPath, smdPath, strictJsonProblems, unknownFieldPaths } from './unknown';

const deployment = (extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' }, annotations: { 'a/b': 'c' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx', resources: { limits: { cpu: '1', memory: 1024 } } }] },
    },
    ...extra,
  },
  status: { replicas: 2, conditions: [{ type: 'Available', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }] },
});

const paths = (v: unknown, def: string) => unknownFieldPaths(v, def).map(jsonPath);

describe('unknownFieldPaths against the generated schemas', () => {
  it('finds nothing in a well-formed Deployment: maps, int-or-strings, quantities and times are all declared', () => {
    expect(paths(deployment(), 'io.k8s.api.apps.v1.Deployment')).toEqual([]);
  });

  it('names misspelt fields at any depth, with list indexes, keys in sorted order (as Go re-decodes a map)', () => {
    const d = deployment({ replica: 3 });
    (d.spec.template.spec.containers as Array<Record<string, unknown>>).push({ name: 'side', image: 'busybox', imagePullPolicyy: 'Always' });
    (d.metadata as Record<string, unknown>).lables = { x: 'y' };
    (d.status as Record<string, unknown>).ready = 1;
    expect(paths(d, 'io.k8s.api.apps.v1.Deployment')).toEqual([
      'metadata.lables',
      'spec.replica',
      'spec.template.spec.containers[1].imagePullPolicyy',
      'status.ready',
    ]);
  });

  it('does not descend into values of the wrong type nor into objects that hold anything', () => {
    expect(paths({ spec: { template: 'oops' }, metadata: { managedFields: [{ fieldsV1: { 'f:x': {} } }] } }, 'io.k8s.api.apps.v1.Deployment')).toEqual([]);
    expect(paths({ metadata: { managedFields: [{ fieldsV1: { 'f:spec': { '.': {} } }, bogus: 1 }] } }, 'io.k8s.api.core.v1.Pod')).toEqual(['metadata.managedFields[0].bogus']);
  });

  it('walks maps of objects by key and refs through aliases', () => {
    const defs: Definitions = {
      A: { type: 'object', properties: { m: { type: 'object', additionalProperties: { ref: 'B' } } } },
      B: { ref: 'C' },
      C: { type: 'object', properties: { x: { type: 'string' } } },
    };
    expect(unknownFieldPaths({ m: { k: { x: 'a', y: 'b' } } }, 'A', defs).map(jsonPath)).toEqual(['m.k.y']);
  });
});

describe('path forms', () => {
  it('writes Go strict-decoding paths and structured-merge-diff paths (list items by name)', () => {
    const steps = [{ key: 'spec' }, { key: 'containers' }, { index: 0, item: { name: 'web' } }, { key: 'foo' }];
    expect(jsonPath(steps)).toBe('spec.containers[0].foo');
    expect(smdPath(steps)).toBe('.spec.containers[name="web"].foo');
    expect(smdPath([{ key: 'args' }, { index: 2, item: 'x' }])).toBe('.args[2]');
  });
});

describe('strictJsonProblems', () => {
  // The shape of upstream's field validation integration test body: unknown, repeated, and both.
  const body = `{
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "a", "name": "b", "unknownMeta": "x", "labels": {"app": "web"}},
    "spec": {
      "unknown1": "v", "unknownDupe": "v1", "unknownDupe": "v2", "paused": true, "paused": false,
      "selector": {"matchLabels": {"app": "web"}},
      "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [
        {"name": "web", "image": "nginx", "unknownNested": {"deep": 1, "deep": 2}, "imagePullPolicy": "Always", "imagePullPolicy": "Never"}
      ]}}
    }
  }`;

  it('reports unknown and repeated fields in document order, an unknown repeated field once as unknown, nothing inside unknown values', () => {
    expect(strictJsonProblems(body, 'io.k8s.api.apps.v1.Deployment')).toEqual([
      'duplicate field "metadata.name"',
      'unknown field "metadata.unknownMeta"',
      'unknown field "spec.unknown1"',
      'unknown field "spec.unknownDupe"',
      'duplicate field "spec.paused"',
      'unknown field "spec.template.spec.containers[0].unknownNested"',
      'duplicate field "spec.template.spec.containers[0].imagePullPolicy"',
    ]);
  });

  it('without a type reports every repeated key (a patch decodes into a map), and none in a clean body', () => {
    expect(strictJsonProblems(body).filter((p) => p.includes('unknown'))).toEqual(['duplicate field "spec.unknownDupe"', 'duplicate field "spec.template.spec.containers[0].unknownNested.deep"']);
    expect(strictJsonProblems(JSON.stringify({ metadata: { name: 'x', labels: { a: 'b' } }, spec: { replicas: 1 } }), 'io.k8s.api.apps.v1.Deployment')).toEqual([]);
  });

  it('checks keys of maps but not inside values kept raw (RawExtension, FieldsV1)', () => {
    const text = '{"metadata":{"labels":{"a":"1","a":"2"},"managedFields":[{"fieldsV1":{"f:x":{},"f:x":{}},"fieldsV1":{}}]}}';
    expect(strictJsonProblems(text, 'io.k8s.api.core.v1.Pod')).toEqual(['duplicate field "metadata.labels.a"', 'duplicate field "metadata.managedFields[0].fieldsV1"']);
  });

  it('reads escaped keys, and gives up quietly on malformed text', () => {
    expect(strictJsonProblems('{"a\\"b":"q\\\\","a\\"b":[1, -2.5e3, true, null, "x"], "n": {}}')).toEqual(['duplicate field "a\\"b"']);
    expect(strictJsonProblems('{"a":1,"a":2,')).toEqual(['duplicate field "a"']);
    expect(strictJsonProblems('not json')).toEqual([]);
  });

  it('checks a JSON patch’s operations as upstream words it', () => {
    const ops = '[{"op":"add","path":"/spec/x","value":{"a":1,"a":2},"foo":"bar"},{"op":"add","path":"/a","path":"/b","value":1}]';
    expect(jsonPatchOpProblems(ops)).toEqual(['json patch unknown field "[0].foo"', 'json patch duplicate field "[1].path"']);
  });
});
