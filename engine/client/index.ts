/**
 * engine/client is client-go's machinery for controllers: informers that
 * keep a local cache of a resource (list, then watch; relist on 410; resync),
 * listers over the cache, and rate-limited, de-duplicating work queues.
 *
 * A controller wires them like this (everything runs on the host's clock):
 *
 *   const informer = new SharedIndexInformer<Pod>({
 *     listerWatcher: podsLW,           // adapts the API client's list/watch
 *     clock: ctx, rng: ctx.rng.fork('pods-informer'),
 *     indexers: { [NamespaceIndex]: metaNamespaceIndexFunc },
 *   });
 *   const queue = new RateLimitingQueue<string>(ctx);   // DefaultControllerRateLimiter
 *   const enqueue = (o: unknown) => queue.add(deletionHandlingMetaNamespaceKeyFunc(o));
 *   informer.addEventHandler({ onAdd: enqueue, onUpdate: (_, o) => enqueue(o), onDelete: enqueue });
 *   const pods = informer.lister();
 *   informer.run();
 *   waitForCacheSync(ctx, [() => informer.hasSynced()], () =>
 *     runWorkers(queue, 2, (key, done) => {
 *       const { namespace, name } = splitMetaNamespaceKey(key);
 *       const pod = pods.namespace(namespace).get(name);   // undefined: deleted
 *       ...; done(err);                                     // err → retried with backoff
 *     }));
 */
export * from './types';
export * from './errors';
export * from './store';
export * from './indexer';
export * from './lister';
export * from './backoff';
export * from './pager';
export * from './reflector';
export * from './informer';
export * from './workqueue/queue';
export * from './workqueue/delaying_queue';
export * from './workqueue/rate_limiters';
export * from './workqueue/rate_limiting_queue';
export * from './workqueue/worker';
export * from './factory';
