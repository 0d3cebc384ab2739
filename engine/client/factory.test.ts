import { describe, expect, it } from 'vitest';
import { Rng } from '../sim/rng';
import { SharedInformerFactory } from './factory';
import { metaNamespaceIndexFunc, NamespaceIndex } from './indexer';
import { FakeApiServer, FakeClock } from './testing';
import type { KubeObject } from './types';

function setup() {
  const clock = new FakeClock();
  const servers = new Map<string, FakeApiServer>();
  const factory = new SharedInformerFactory({
    clock,
    rng: new Rng(1),
    listerWatcherFor: (resource) => {
      const s = new FakeApiServer<KubeObject>(clock);
      servers.set(resource, s);
      return s;
    },
  });
  return { clock, servers, factory };
}

describe('SharedInformerFactory', () => {
  it('shares one informer, and so one list and watch, per resource', () => {
    const { clock, servers, factory } = setup();
    const a = factory.informerFor('pods');
    const b = factory.informerFor('pods', { [NamespaceIndex]: metaNamespaceIndexFunc });
    const c = factory.informerFor('services');
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(Object.keys(a.getIndexer().getIndexers())).toEqual([NamespaceIndex]);
    servers.get('pods')!.create({ metadata: { namespace: 'x', name: 'p' } });
    factory.start();
    expect(factory.hasSynced()).toBe(false);
    clock.step(10);
    expect(factory.hasSynced()).toBe(true);
    expect(a.getIndexer().byIndex(NamespaceIndex, 'x')).toHaveLength(1);
    expect(servers.get('pods')!.requests.filter((r) => r.verb === 'list')).toHaveLength(1);
    factory.shutdown();
    expect(servers.get('pods')!.openWatches()).toBe(0);
    expect(() => factory.informerFor('nodes')).toThrow('informer factory has been shut down');
  });

  it('starts informers created after the first start on the next start', () => {
    const { clock, factory } = setup();
    factory.informerFor('pods');
    factory.start();
    clock.step(10);
    const late = factory.informerFor('nodes');
    expect(late.hasStarted()).toBe(false);
    expect(factory.hasSynced()).toBe(true);
    factory.start();
    expect(late.hasStarted()).toBe(true);
    expect(factory.hasSynced()).toBe(false);
    clock.step(10);
    expect(factory.hasSynced()).toBe(true);
  });
});
