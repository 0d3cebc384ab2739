import { describe, expect, it } from 'vitest';
import { Indexer, metaNamespaceIndexFunc, NamespaceIndex } from './indexer';
import { Lister, listAllByNamespace } from './lister';
import { DeletedFinalStateUnknown, metaNamespaceKeyFunc, splitMetaNamespaceKey } from './store';
import type { KubeObject } from './types';

const obj = (namespace: string, name: string, labels: Record<string, string> = {}, rv = '1'): KubeObject => ({
  metadata: { namespace: namespace || undefined, name, labels, resourceVersion: rv },
});

const byApp = { app: (o: KubeObject) => (o.metadata?.labels?.app ? [o.metadata.labels.app] : []) };

describe('keys', () => {
  it('keys a namespaced object "ns/name" and a cluster-scoped one "name"', () => {
    expect(metaNamespaceKeyFunc(obj('default', 'web'))).toBe('default/web');
    expect(metaNamespaceKeyFunc(obj('', 'node-1'))).toBe('node-1');
  });

  it('keys an object afresh once its names change, whatever it was keyed as before', () => {
    const o = obj('default', 'web');
    expect(metaNamespaceKeyFunc(o)).toBe('default/web');
    o.metadata!.name = 'api';
    expect(metaNamespaceKeyFunc(o)).toBe('default/api');
    o.metadata!.namespace = 'prod';
    expect(metaNamespaceKeyFunc(o)).toBe('prod/api');
    delete o.metadata!.namespace;
    expect(metaNamespaceKeyFunc(o)).toBe('api');
  });

  it('keys a string as itself and refuses an object without metadata', () => {
    expect(metaNamespaceKeyFunc('a/b')).toBe('a/b');
    expect(() => metaNamespaceKeyFunc({})).toThrow(/object has no meta/);
  });

  it('splits keys back and rejects a key with two slashes', () => {
    expect(splitMetaNamespaceKey('default/web')).toEqual({ namespace: 'default', name: 'web' });
    expect(splitMetaNamespaceKey('node-1')).toEqual({ namespace: '', name: 'node-1' });
    expect(() => splitMetaNamespaceKey('a/b/c')).toThrow('unexpected key format: "a/b/c"');
  });
});

describe('Indexer', () => {
  it('files objects by key and answers getByKey, get, list and listKeys', () => {
    const s = new Indexer();
    s.add(obj('a', 'x'));
    s.add(obj('b', 'y'));
    s.update(obj('a', 'x', {}, '2'));
    expect(s.listKeys()).toEqual(['a/x', 'b/y']);
    expect(s.getByKey('a/x')?.metadata?.resourceVersion).toBe('2');
    expect(s.get(obj('b', 'y'))).toEqual(obj('b', 'y'));
    expect(s.list()).toHaveLength(2);
    s.delete(obj('a', 'x'));
    expect(s.getByKey('a/x')).toBeUndefined();
    s.delete(obj('a', 'gone')); // absent: not an error
    expect(s.listKeys()).toEqual(['b/y']);
  });

  it('deletes by a tombstone\'s key', () => {
    const s = new Indexer();
    s.add(obj('a', 'x'));
    s.delete(new DeletedFinalStateUnknown('a/x', obj('a', 'x')));
    expect(s.list()).toEqual([]);
  });

  it('keeps the namespace index and a multi-value index in step with adds, updates and deletes', () => {
    const s = new Indexer<KubeObject>(undefined, { [NamespaceIndex]: metaNamespaceIndexFunc, ...byApp });
    s.add(obj('a', 'x', { app: 'web' }));
    s.add(obj('a', 'y', { app: 'db' }));
    s.add(obj('b', 'z', { app: 'web' }));
    expect(s.byIndex(NamespaceIndex, 'a').map(metaNamespaceKeyFunc)).toEqual(['a/x', 'a/y']);
    expect(s.indexKeys('app', 'web')).toEqual(['a/x', 'b/z']);

    s.update(obj('a', 'x', { app: 'db' }, '2'));
    expect(s.indexKeys('app', 'web')).toEqual(['b/z']);
    expect(s.indexKeys('app', 'db')).toEqual(['a/y', 'a/x']);
    expect(s.index('app', obj('q', 'q', { app: 'db' })).map(metaNamespaceKeyFunc)).toEqual(['a/y', 'a/x']);

    s.delete(obj('b', 'z'));
    // An emptied index value is removed, not kept as an empty set.
    expect(s.listIndexFuncValues('app').sort()).toEqual(['db']);
    expect(s.byIndex(NamespaceIndex, 'b')).toEqual([]);
  });

  it('replace swaps the whole content and rebuilds the indices', () => {
    const s = new Indexer<KubeObject>(undefined, { [NamespaceIndex]: metaNamespaceIndexFunc });
    s.add(obj('a', 'x'));
    s.replace([obj('b', 'y'), obj('c', 'z')], '7');
    expect(s.listKeys()).toEqual(['b/y', 'c/z']);
    expect(s.byIndex(NamespaceIndex, 'a')).toEqual([]);
    expect(s.indexKeys(NamespaceIndex, 'c')).toEqual(['c/z']);
  });

  it('refuses unknown indices, indexers added to a filled store, and name conflicts', () => {
    const s = new Indexer<KubeObject>(undefined, byApp);
    expect(() => s.byIndex('nope', 'x')).toThrow('Index with name nope does not exist');
    expect(() => s.addIndexers(byApp)).toThrow('indexer conflict: app');
    s.add(obj('a', 'x'));
    expect(() => s.addIndexers({ [NamespaceIndex]: metaNamespaceIndexFunc })).toThrow('cannot add indexers to running index');
  });
});

describe('Lister', () => {
  const fill = (withIndex: boolean) => {
    const s = new Indexer<KubeObject>(undefined, withIndex ? { [NamespaceIndex]: metaNamespaceIndexFunc } : {});
    s.add(obj('a', 'x', { app: 'web' }));
    s.add(obj('a', 'y', { app: 'db' }));
    s.add(obj('b', 'x', { app: 'web' }));
    s.add(obj('', 'node-1', { app: 'web' }));
    return s;
  };
  const web = (labels: Readonly<Record<string, string>>) => labels.app === 'web';

  it.each([true, false])('lists by namespace and label selector (namespace index: %s)', (withIndex) => {
    const lister = new Lister(fill(withIndex));
    expect(lister.list(web).map(metaNamespaceKeyFunc)).toEqual(['a/x', 'b/x', 'node-1']);
    expect(lister.namespace('a').list().map(metaNamespaceKeyFunc)).toEqual(['a/x', 'a/y']);
    expect(lister.namespace('a').list(web).map(metaNamespaceKeyFunc)).toEqual(['a/x']);
    expect(lister.namespace('a').get('y')?.metadata?.labels).toEqual({ app: 'db' });
    expect(lister.namespace('b').get('y')).toBeUndefined();
    expect(lister.get('node-1')?.metadata?.name).toBe('node-1');
  });

  it('treats namespace "" as all namespaces', () => {
    expect(listAllByNamespace(fill(true), '', web)).toHaveLength(3);
  });
});
