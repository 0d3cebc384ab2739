import { describe, expect, it } from 'vitest';
import { fieldErrorText } from '../errors';
import { Registry } from '../registry/registry';
import type { KubeObject } from '../object';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { isDNS1035Label, isDNS1123Label, isQualifiedName, isValidLabelValue } from './names';
import { validatePod, validateWorkload } from './resources';

const registry = new Registry();
const def = (plural: string, group = '') => registry.all.find((d) => d.plural === plural && d.group === group)!;
const texts = (errs: Parameters<typeof fieldErrorText>[0][]) => errs.map(fieldErrorText);

describe('name and label syntax', () => {
  it('gives apimachinery’s messages', () => {
    expect(isDNS1123Label('Bad')).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
    expect(isDNS1035Label('1svc')[0]).toMatch(/^a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character/);
    expect(isDNS1123Label('a'.repeat(64))[0]).toBe('must be no more than 63 characters');
    expect(isQualifiedName('example.com/app')).toEqual([]);
    expect(isQualifiedName('-x')[0]).toMatch(/^name part must consist of alphanumeric characters/);
    expect(isValidLabelValue('')).toEqual([]);
    expect(isValidLabelValue('bad value')[0]).toMatch(/^a valid label must be an empty string or consist of alphanumeric characters/);
  });
});

describe('metadata', () => {
  it('requires a name, a namespace on namespaced kinds and none on cluster-scoped ones', () => {
    expect(texts(validateObjectMeta({ metadata: {} }, def('pods')))).toEqual(['metadata.name: Required value: name or generateName is required', 'metadata.namespace: Required value']);
    expect(texts(validateObjectMeta({ metadata: { name: 'n', namespace: 'x' } }, def('nodes')))).toEqual(['metadata.namespace: Forbidden: not allowed on this type']);
    expect(texts(validateObjectMeta({ metadata: { name: 'a.b' } }, def('namespaces')))[0]).toMatch(/^metadata.name: Invalid value: "a.b": a lowercase RFC 1123 label/);
    expect(texts(validateObjectMeta({ metadata: { name: 'web', namespace: 'd', labels: { 'bad key!': 'v' } } }, def('configmaps')))[0]).toMatch(/^metadata.labels: Invalid value: "bad key!": name part must consist/);
    expect(texts(validateObjectMeta({ metadata: { name: 'a/b' } }, def('clusterroles', 'rbac.authorization.k8s.io')))).toEqual(["metadata.name: Invalid value: \"a/b\": may not contain '/'"]);
  });

  it('keeps identity fields immutable on update', () => {
    const old: KubeObject = { metadata: { name: 'w', namespace: 'd', uid: 'u1', creationTimestamp: 't' } };
    expect(texts(validateObjectMetaUpdate({ metadata: { ...old.metadata, uid: 'u2' } }, old, def('configmaps')))).toEqual(['metadata.uid: Invalid value: "u2": field is immutable']);
  });
});

describe('kinds', () => {
  it('pods need named containers with images, unique names', () => {
    const errs = validatePod({ spec: { containers: [{ name: 'a' }, { name: 'a', image: 'i' }, { image: 'i' }] } });
    expect(texts(errs)).toEqual(['spec.containers[0].image: Required value', 'spec.containers[1].name: Duplicate value: "a"', 'spec.containers[2].name: Required value']);
  });

  it('workloads need a selector matching the template, immutable once set', () => {
    const dep = (sel: Record<string, string>, labels: Record<string, string>): KubeObject => ({
      spec: { selector: { matchLabels: sel }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    });
    expect(validateWorkload(dep({ app: 'a' }, { app: 'a', tier: 'x' }))).toEqual([]);
    expect(texts(validateWorkload({ spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } }))).toEqual(['spec.selector: Required value']);
    expect(texts(validateWorkload(dep({ app: 'a' }, { app: 'a' }), dep({ app: 'b' }, { app: 'b' })))[0]).toMatch(/^spec.selector: Invalid value: .*: field is immutable$/);
  });
});
