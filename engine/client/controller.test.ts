import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { describe, expect, it } from 'vitest';
import { Rng } from '../sim/rng';
import { metaNamespaceIndexFunc, NamespaceIndex } from './indexer';
import { SharedIndexInformer } from './informer';
import { deletionHandlingMetaNamespaceKeyFunc, splitMetaNamespaceKey } from './store';
import { expiredStatus, FakeApiServer, FakeClock } from './testing';
import type { KubeObject } from './types';
import { RateLimitingQueue } from './workqueue/rate_limiting_queue';
import { runWorkers } from './workqueue/worker';

interface Thing extends KubeObject {
  metadata: ObjectMeta;
  spec: { size: number };
}

const thing = (name: string, size: number): Thing => ({ metadata: { namespace: 'ns', name }, spec: { size } });

/**
 * The wiring every controller of later issues uses: informer handlers enqueue
 * keys, workers take keys and reconcile from the lister (the cache), never
 * from the event that caused them.
 */
function toyController(clock: FakeClock, server: FakeApiServer<Thing>, failFirst: Set<string>) {
  const informer = new SharedIndexInformer<Thing>({
    listerWatcher: server,
    clock,
    rng: new Rng('toy'),
    indexers: { [NamespaceIndex]: metaNamespaceIndexFunc },
  });
  const queue = new RateLimitingQueue<string>(clock, { name: 'toy' });
  const enqueue = (obj: unknown) => queue.add(deletionHandlingMetaNamespaceKeyFunc(obj));
  informer.addEventHandler({ onAdd: enqueue, onUpdate: (_old, obj) => enqueue(obj), onDelete: enqueue });
  const lister = informer.lister();
  /** observed is what the controller last reconciled each key to: a size, or gone. */
  const observed = new Map<string, number | 'gone'>();
  let reconciles = 0;
  informer.run();
  runWorkers(queue, 2, (key, done) => {
    reconciles++;
    const { namespace, name } = splitMetaNamespaceKey(key);
    if (failFirst.delete(key)) return done(new Error('transient'));
    const obj = lister.namespace(namespace).get(name);
    observed.set(key, obj ? obj.spec.size : 'gone');
    done();
  });
  return { informer, queue, observed, reconciles: () => reconciles };
}

describe('a controller wired from an informer, a lister and a rate-limited queue', () => {
  it('converges on the server\'s state through bursts, a failure, a watch drop and a relist', () => {
    const clock = new FakeClock();
    const server = new FakeApiServer<Thing>(clock);
    server.create(thing('a', 1));
    const c = toyController(clock, server, new Set(['ns/b']));
    clock.step(10);
    expect(c.observed.get('ns/a')).toBe(1);

    // A burst of updates to one key collapses into few reconciles; the last state wins.
    for (let size = 2; size <= 20; size++) server.update(thing('a', size));
    server.create(thing('b', 5));
    clock.step(100);
    expect(c.observed.get('ns/a')).toBe(20);
    expect(c.observed.get('ns/b')).toBe(5); // after one failed attempt and a 5ms retry
    expect(c.reconciles()).toBeLessThan(20);

    server.errorWatches(expiredStatus('too old resource version: 2 (30)'));
    server.delete('ns/b');
    server.update(thing('a', 21));
    server.compact();
    clock.step(60_000);
    expect(c.observed.get('ns/a')).toBe(21);
    expect(c.observed.get('ns/b')).toBe('gone');
    expect(c.queue.len()).toBe(0);
  });
});
