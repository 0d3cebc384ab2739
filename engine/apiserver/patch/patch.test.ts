import { describe, expect, it } from 'vitest';
import { applyJsonPatch, JsonPatchError } from './jsonpatch';
import { mergePatch } from './merge';
import { strategicMergePatch } from './strategic';

describe('JSON merge patch (RFC 7386)', () => {
  it('follows the RFC’s examples', () => {
    const cases: Array<[unknown, unknown, unknown]> = [
      [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
      [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
      [{ a: 'b' }, { a: null }, {}],
      [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
      [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
      [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
      [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
      [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
      [['a', 'b'], ['c', 'd'], ['c', 'd']],
      [{ a: 'b' }, ['c'], ['c']],
      [{ e: null }, { a: 1 }, { e: null, a: 1 }],
      [[1, 2], { a: 'b', c: null }, { a: 'b' }],
      [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    ];
    for (const [target, patch, want] of cases) expect(mergePatch(target, patch)).toEqual(want);
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('applies add, remove, replace, move, copy and test', () => {
    const doc = { a: { b: [1, 2] }, c: 'x' };
    const out = applyJsonPatch(doc, [
      { op: 'add', path: '/a/b/1', value: 9 },
      { op: 'add', path: '/a/b/-', value: 3 },
      { op: 'replace', path: '/c', value: 'y' },
      { op: 'copy', from: '/c', path: '/d' },
      { op: 'move', from: '/d', path: '/e~1f' },
      { op: 'remove', path: '/a/b/0' },
      { op: 'test', path: '/e~1f', value: 'y' },
    ]);
    expect(out).toEqual({ a: { b: [9, 2, 3] }, c: 'y', 'e/f': 'y' });
    expect(doc).toEqual({ a: { b: [1, 2] }, c: 'x' });
  });

  it('fails operations that do not apply, with evanphx/json-patch’s texts', () => {
    const fails = (patch: unknown) => {
      try {
        applyJsonPatch({ a: 1 }, patch);
      } catch (e) {
        return [(e as JsonPatchError).phase, (e as Error).message];
      }
      return null;
    };
    expect(fails([{ op: 'replace', path: '/b', value: 1 }])).toEqual(['apply', 'replace operation does not apply: doc is missing key: /b: missing value']);
    expect(fails([{ op: 'remove', path: '/b' }])).toEqual(['apply', 'Unable to remove nonexistent key: b: missing value']);
    expect(fails([{ op: 'test', path: '/a', value: 2 }])).toEqual(['apply', 'testing value /a failed: test failed']);
    expect(fails({ op: 'add' })?.[0]).toBe('decode');
  });
});

describe('strategic merge patch', () => {
  const pod = {
    metadata: { labels: { a: '1' }, finalizers: ['x'] },
    spec: {
      containers: [
        { name: 'app', image: 'v1', ports: [{ containerPort: 80, name: 'http' }], env: [{ name: 'A', value: '1' }] },
        { name: 'side', image: 's' },
      ],
      tolerations: [{ key: 'k' }],
    },
  };

  it('merges keyed lists by their merge key and replaces the others', () => {
    const out = strategicMergePatch(pod, {
      metadata: { labels: { b: '2' }, finalizers: ['y'] },
      spec: {
        containers: [{ name: 'app', image: 'v2', ports: [{ containerPort: 443 }], env: [{ name: 'A', value: '9' }] }],
        tolerations: [{ key: 'other' }],
      },
    }) as typeof pod;
    expect(out.metadata).toEqual({ labels: { a: '1', b: '2' }, finalizers: ['x', 'y'] });
    expect(out.spec.containers).toEqual([
      { name: 'app', image: 'v2', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }], env: [{ name: 'A', value: '9' }] },
      { name: 'side', image: 's' },
    ]);
    expect(out.spec.tolerations).toEqual([{ key: 'other' }]);
  });

  it('honours $patch: delete and replace, $deleteFromPrimitiveList, and null', () => {
    const out = strategicMergePatch(pod, {
      metadata: { labels: null, '$deleteFromPrimitiveList/finalizers': ['x'] },
      spec: { containers: [{ name: 'side', $patch: 'delete' }], '$setElementOrder/containers': [{ name: 'app' }] },
    }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(out.metadata).toEqual({ finalizers: [] });
    expect(out.spec.containers.map((c: { name: string }) => c.name)).toEqual(['app']);
    expect(Object.keys(out.spec)).toEqual(['containers', 'tolerations']);
    const replaced = strategicMergePatch(pod, { spec: { $patch: 'replace', containers: [] } }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(replaced.spec).toEqual({ containers: [] });
    const svc = strategicMergePatch({ spec: { ports: [{ port: 80, targetPort: 8080 }] } }, { spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } });
    expect(svc).toEqual({ spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } });
  });
});
