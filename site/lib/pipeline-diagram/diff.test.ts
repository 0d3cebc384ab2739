import { describe, expect, it } from 'vitest';
import { fieldChanges } from './diff';

describe('fieldChanges', () => {
  it('reports a map that appears whole at its leaves', () => {
    const before = { spec: { containers: [{ name: 'nginx' }] } };
    const after = { spec: { containers: [{ name: 'nginx', resources: { limits: { cpu: '500m' }, requests: { cpu: '100m' } } }] } };
    expect(fieldChanges(before, after)).toEqual([
      { path: 'spec.containers[0].resources.limits.cpu', value: '500m' },
      { path: 'spec.containers[0].resources.requests.cpu', value: '100m' },
    ]);
  });

  it('writes keys that are not identifiers in brackets, as field paths do', () => {
    expect(fieldChanges({ metadata: {} }, { metadata: { annotations: { 'kubernetes.io/limit-ranger': 'set' } } })).toEqual([
      { path: 'metadata.annotations[kubernetes.io/limit-ranger]', value: 'set' },
    ]);
  });

  it('reports changed and removed fields, and nothing for equal values', () => {
    expect(fieldChanges({ a: 1, b: [1, 2], c: 'x' }, { a: 2, b: [1], c: 'x' })).toEqual([
      { path: 'a', value: 2 },
      { path: 'b[1]', value: undefined },
    ]);
    expect(fieldChanges({ a: { b: [1] } }, { a: { b: [1] } })).toEqual([]);
  });
});
