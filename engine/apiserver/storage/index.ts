/**
 * The API server's storage layer: createStorage builds one resource's
 * storage (storage/etcd3 with a cacher in front). See ./types for the
 * contract.
 */
export type * from './types';
export { createStorage } from './create';
export { DEFAULT_PREFIX } from './create';
export { Etcd3Store, EXPIRED_LIST, INCONSISTENT_CONTINUE } from './etcd3/store';
export { etcdWatch, EXPIRED_WATCH } from './etcd3/watcher';
export { Cacher, DEFAULT_BOOKMARK_INTERVAL_MS } from './cacher/cacher';
export { WatchCache, DEFAULT_WATCH_CACHE_SIZE } from './cacher/watch_cache';
export { INITIAL_EVENTS_END } from './cacher/cache_watcher';
export { encodeContinue, decodeContinue } from './continue';
export { defaultAttrs, predicateMatches } from './objects';
