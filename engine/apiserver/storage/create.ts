/**
 * createStorage assembles one resource's storage as the API server does
 * (genericregistry's Store.Storage): the etcd3 store for writes and
 * consistent reads, the cacher in front for watches and resourceVersion="0"
 * reads (or, with watchCache false, one etcd watch per API watch).
 */
import { Cacher, DEFAULT_BOOKMARK_INTERVAL_MS } from './cacher/cacher';
import { DEFAULT_WATCH_CACHE_SIZE } from './cacher/watch_cache';
import { Etcd3Store } from './etcd3/store';
import { etcdWatch } from './etcd3/watcher';
import { defaultAttrs } from './objects';
import type { ResourceStorage, StorageConfig, WatchHandle } from './types';

/** DEFAULT_PREFIX is the API server's --etcd-prefix. */
export const DEFAULT_PREFIX = '/registry';

/**
 * createStorage makes the ResourceStorage of config. The cacher starts
 * listing at once; calls made before it is ready wait for it (watches) or go
 * to etcd (reads).
 */
export function createStorage(config: StorageConfig): ResourceStorage {
  const prefix = config.prefix ?? DEFAULT_PREFIX;
  const resourcePrefix = `${prefix}/${config.resourcePrefix}/`;
  const defer = config.defer ?? ((fn: () => void) => void config.clock.after(0, fn));
  const attrs = config.attrs ?? defaultAttrs(config.namespaced);
  const store = new Etcd3Store(config.kv, config.resource, attrs, defer);
  const bookmarkIntervalMs = config.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS;
  const keys = {
    resource: config.resource,
    keyFor: (namespace: string | undefined, name: string) =>
      config.namespaced && namespace ? `${resourcePrefix}${namespace}/${name}` : `${resourcePrefix}${name}`,
    prefixFor: (namespace?: string) => (config.namespaced && namespace ? `${resourcePrefix}${namespace}/` : resourcePrefix),
  };
  const writes: Pick<ResourceStorage, 'create' | 'guaranteedUpdate' | 'delete' | 'count'> = {
    create: (key, obj, done) => store.create(key, obj, done),
    guaranteedUpdate: (key, opts, tryUpdate, done) => store.guaranteedUpdate(key, opts, tryUpdate, done),
    delete: (key, preconditions, done, validateDeletion) => store.delete(key, preconditions, done, validateDeletion),
    count: (key, done) => store.count(key, done),
  };
  if (config.watchCache === false) {
    const watchCfg = { kv: config.kv, clock: config.clock, defer, resource: config.resource, kind: config.kind, apiVersion: config.apiVersion, attrs, bookmarkIntervalMs };
    const open = new Set<WatchHandle>();
    return {
      ...keys,
      ...writes,
      get: (key, opts, done) => store.get(key, opts, done),
      getList: (key, opts, done) => store.getList(key, opts, done),
      watch: (key, opts, onEvent, onClose) => {
        const h: WatchHandle = etcdWatch(watchCfg, key, opts, onEvent, () => {
          open.delete(h);
          onClose?.();
        });
        open.add(h);
        return {
          stop: () => {
            open.delete(h);
            h.stop();
          },
        };
      },
      stop: () => {
        for (const h of open) h.stop();
        open.clear();
      },
    };
  }
  const cacher = new Cacher({
    kv: config.kv,
    store,
    clock: config.clock,
    defer,
    resource: config.resource,
    kind: config.kind,
    apiVersion: config.apiVersion,
    resourcePrefix,
    attrs,
    watchCacheSize: config.watchCacheSize ?? DEFAULT_WATCH_CACHE_SIZE,
    bookmarkIntervalMs,
  });
  // Lists from etcd reuse the objects the watch cache already decoded.
  store.decoded = (key, rv) => cacher.objectAt(key, rv);
  return {
    ...keys,
    ...writes,
    get: (key, opts, done) => cacher.get(key, opts, done),
    getList: (key, opts, done) => cacher.getList(key, opts, done),
    watch: (key, opts, onEvent, onClose) => cacher.watch(key, opts, onEvent, onClose),
    stop: () => cacher.stop(),
  };
}
