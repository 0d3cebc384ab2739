/**
 * MvccStore is etcd's multi-version key-value store (server/storage/mvcc
 * kvstore.go + watchable_store.go) together with the request handling etcd's
 * server does in front of it (etcdserver/txn), over a simulated bbolt backend.
 *
 * Revisions: the store starts at revision 1. Every write transaction that
 * changes something (a put, a delete that deletes, a txn with such ops) gets
 * the next revision; its changes are numbered 0, 1, 2 … within it (sub
 * revisions). A request that changes nothing does not move the revision.
 *
 * The maintenance operations (compaction, snapshots, status, defrag) are not
 * part of the core: they live beside it and work through the store's public
 * surface. The store needs one of them itself, compaction, and is given it:
 * StoreOptions.compactor (reference.ts wires in the engine's, compact.ts; the
 * etcd-backup-restore lab wires in the learner's).
 *
 * The store is a plain state machine: no clock, no I/O, no randomness.
 * Every call runs to completion; watch responses wait in a queue until the
 * host takes them.
 */

import { Backend } from './backend';
import { binToBytes, encodeKeyValue, keyToBin, type StoredKeyValue } from './codec';
import { recordView, rememberText } from './kv_cache';
import { errCompacted, errFutureRev } from './errors';
import { restoreIndex } from './restore';
import { revToBytes, type Revision } from './revision';
import { BUCKET_KEY, createSchema, readConsistentIndex, setConsistentIndex } from './schema';
import { TreeIndex } from './tree_index';
import { applyDeleteRange, applyPut, applyRange, applyTxn } from './txn';
import { WatchHub, type ChangeEvent, type WatchSource } from './watch';
import type {
  CompactionResponse,
  DeleteRangeResponse,
  PutResponse,
  RangeOptions,
  RangeResponse,
  TxnRequest,
  TxnResponse,
  WatchRequest,
  WatchResponse,
} from './types';
import { DEFAULT_MAX_TXN_OPS } from './validate';

/**
 * Compactor carries out a compaction of `store` at `rev` (see compact.ts for
 * etcd's rules). It is Maintenance.compact, handed to the store so that the
 * core never depends on an implementation of it.
 */
export type Compactor = (store: MvccStore, rev: number) => CompactionResponse;

export interface StoreOptions {
  /** maxTxnOps bounds the ops of one txn level (etcd's --max-txn-ops, default 128). */
  maxTxnOps?: number;
  /**
   * compactor runs store.compact(rev), and the compaction open() finishes
   * when the db records one as scheduled but not finished. A store without
   * one refuses to compact.
   */
  compactor?: Compactor;
}

/** RangeResult is the store-level answer to a range (etcd's mvcc.RangeResult). */
export interface RangeResult {
  /** kvs are shared with the store's decode cache (kv_cache.ts): read them, never modify them. */
  kvs: StoredKeyValue[];
  /** count is the number of keys in range, regardless of limit. */
  count: number;
  /** rev is the revision the read was served at (the transaction's revision, not the one asked for). */
  rev: number;
}

/** StoreRangeOptions are etcd's mvcc.RangeOptions. */
export interface StoreRangeOptions {
  /** rev 0 reads at the transaction's revision. */
  rev?: number;
  limit?: number;
  count?: boolean;
}

/**
 * rangeEndToBin maps a user range_end to the index's form: absent or "" is
 * the single key (null), "\0" is every key from key on (""), anything else
 * is the exclusive end's bytes.
 */
export function rangeEndToBin(rangeEnd: string | undefined): string | null {
  if (!rangeEnd) return null;
  if (rangeEnd === '\0') return '';
  return keyToBin(rangeEnd);
}

/**
 * prefixRangeEnd is the range_end that selects every key starting with
 * prefix (clientv3.GetPrefixRangeEnd): the prefix with its last character
 * incremented, or "\0" (all keys) when no character can be incremented.
 */
export function prefixRangeEnd(prefix: string): string {
  const cps = Array.from(prefix, (c) => c.codePointAt(0)!);
  while (cps.length > 0) {
    const last = cps.pop()!;
    if (last < 0x10ffff) {
      // Skip the surrogate block: no UTF-8 string contains those code points.
      cps.push(last + 1 === 0xd800 ? 0xe000 : last + 1);
      return String.fromCodePoint(...cps);
    }
  }
  return '\0';
}

/**
 * WriteTxn is one write transaction (etcd's storeTxnWrite): its changes share
 * the main revision beginRev + 1 and take sub revisions in order. Reads inside
 * it see its own earlier writes. end() publishes it.
 */
export class WriteTxn {
  readonly beginRev: number;
  readonly changes: ChangeEvent[] = [];
  private ended = false;

  constructor(private readonly store: MvccStore) {
    this.beginRev = store.currentRevision();
  }

  /** rev is the revision reads in this transaction are served at. */
  rev(): number {
    return this.changes.length > 0 ? this.beginRev + 1 : this.beginRev;
  }

  range(key: string, end: string | null, ro: StoreRangeOptions = {}): RangeResult {
    return this.store.rangeKeys(key, end, this.rev(), ro);
  }

  /**
   * put writes key (binary) = value and returns the transaction's revision.
   * `text`, when given, is the key and value as the client sent them
   * (strings whose UTF-8 are key and value): readers get them back without
   * decoding.
   */
  put(key: string, value: Uint8Array, text?: { key: string; value: string }): number {
    this.checkOpen();
    const rev = this.beginRev + 1;
    const prior = this.store.index.get(key, rev);
    const idxRev: Revision = { main: rev, sub: this.changes.length };
    const record = encodeKeyValue({
      key: binToBytes(key),
      create_revision: prior ? prior.created.main : rev,
      mod_revision: rev,
      version: (prior ? prior.ver : 0) + 1,
      value,
      lease: 0,
    });
    this.store.backend.putOwned(BUCKET_KEY, revToBytes(idxRev), record);
    // The change and later reads share one decoded view of the record.
    const kv = recordView(record);
    if (text) rememberText(kv, text.key, text.value);
    this.store.index.put(key, idxRev);
    this.changes.push({ type: 'PUT', key, kv });
    return rev;
  }

  /** deleteRange deletes the live keys of the range and returns how many. */
  deleteRange(key: string, end: string | null): number {
    this.checkOpen();
    const { keys } = this.store.index.range(key, end, this.rev());
    for (const k of keys) this.delete(k);
    return keys.length;
  }

  private delete(key: string): void {
    const rev = this.beginRev + 1;
    const idxRev: Revision = { main: rev, sub: this.changes.length };
    const stored: StoredKeyValue = {
      key: binToBytes(key),
      create_revision: 0,
      mod_revision: 0,
      version: 0,
      value: new Uint8Array(0),
      lease: 0,
    };
    this.store.backend.put(BUCKET_KEY, revToBytes(idxRev, true), encodeKeyValue(stored));
    if (!this.store.index.tombstone(key, idxRev)) {
      throw new Error(`mvcc: tombstone of a key that is not live: ${JSON.stringify(key)}`);
    }
    // A DELETE event carries the delete's revision, as etcd patches it in.
    this.changes.push({ type: 'DELETE', key, kv: { ...stored, mod_revision: rev } });
  }

  /** end commits the transaction: the store moves to the next revision if anything changed. */
  end(): void {
    this.checkOpen();
    this.ended = true;
    this.store.finishWrite(this);
  }

  private checkOpen(): void {
    if (this.ended) throw new Error('mvcc: write transaction used after end()');
  }
}

export class MvccStore implements WatchSource {
  private currentRev = 1;
  private compactRev = -1;
  private writing: WriteTxn | undefined;
  private readonly hub: WatchHub;
  readonly maxTxnOps: number;
  private readonly compactor: Compactor | undefined;

  private constructor(
    private backendRef: Backend,
    /** index is the in-memory key index; the compactor edits it. */
    readonly index: TreeIndex,
    opts: StoreOptions,
  ) {
    this.maxTxnOps = opts.maxTxnOps ?? DEFAULT_MAX_TXN_OPS;
    this.compactor = opts.compactor;
    this.hub = new WatchHub(this);
  }

  /** create returns an empty store on a new backend, at revision 1. */
  static create(opts: StoreOptions = {}): MvccStore {
    return MvccStore.open(Backend.create(), opts);
  }

  /**
   * open starts a store on an existing backend, as etcd does at boot and on
   * restore: it rebuilds the key index from the key bucket, takes the current
   * revision from the last entry (or the compacted revision, if later) and
   * finishes, with opts.compactor, a compaction that was scheduled but not
   * finished.
   */
  static open(backend: Backend, opts: StoreOptions = {}): MvccStore {
    createSchema(backend);
    backend.commit();
    const restored = restoreIndex(backend);
    const store = new MvccStore(backend, restored.index, opts);
    store.currentRev = restored.currentRev;
    store.compactRev = restored.compactMainRev;
    // 0 means none left to finish (etcd: `if scheduledCompact != 0`); a fresh
    // db must not get compaction records it never had.
    if (restored.scheduledCompact > 0) store.compact(restored.scheduledCompact);
    return store;
  }

  /** backend is the bbolt file the store writes; defrag replaces it. */
  get backend(): Backend {
    return this.backendRef;
  }

  /** currentRevision is the revision of the last write (1 for an empty store). */
  currentRevision(): number {
    return this.currentRev;
  }

  /** compactMainRev is the last compaction's revision, -1 when never compacted (etcd's compactMainRev). */
  get compactMainRev(): number {
    return this.compactRev;
  }

  /** compactRevision is the last compaction's revision, 0 when never compacted. */
  compactRevision(): number {
    return Math.max(0, this.compactRev);
  }

  // --- KV API ---------------------------------------------------------------

  /** range reads a key or a range (see RangeRequest for range_end). */
  range(key: string, rangeEnd?: string, opts: RangeOptions = {}): RangeResponse {
    return applyRange(this, { key, ...(rangeEnd === undefined ? {} : { range_end: rangeEnd }), ...opts });
  }

  /** put writes key = value at the next revision. */
  put(key: string, value: string, opts: { prev_kv?: boolean } = {}): PutResponse {
    return applyPut(this, { key, value, ...opts });
  }

  /** deleteRange deletes a key or a range; it moves the revision only when it deletes something. */
  deleteRange(key: string, rangeEnd?: string, opts: { prev_kv?: boolean } = {}): DeleteRangeResponse {
    return applyDeleteRange(this, { key, ...(rangeEnd === undefined ? {} : { range_end: rangeEnd }), ...opts });
  }

  /** txn evaluates compare against the current state, then runs success or failure as one revision. */
  txn(req: TxnRequest): TxnResponse {
    return applyTxn(this, req);
  }

  /**
   * compact drops history before rev, through the store's compactor (see
   * compact.ts). It throws "mvcc: required revision has been compacted" when
   * rev is not above the last compaction and "mvcc: required revision is a
   * future revision" when rev is above the current revision.
   */
  compact(rev: number): CompactionResponse {
    if (this.compactor === undefined) {
      throw new Error(`mvcc: cannot compact at revision ${rev}: this store was made without a compactor (StoreOptions.compactor)`);
    }
    return this.compactor(this, rev);
  }

  // --- Watch API ------------------------------------------------------------

  /** watch registers a watcher and returns its id (see WatchHub). */
  watch(req: WatchRequest): number {
    return this.hub.watch(req);
  }

  /** cancelWatch cancels a watcher; false when there is no such watcher. */
  cancelWatch(id: number): boolean {
    return this.hub.cancel(id);
  }

  /** requestProgress queues a progress notification at the current revision. */
  requestProgress(): void {
    this.hub.progress();
  }

  /** takeWatchResponses returns every queued watch response, oldest first, and clears the queue. */
  takeWatchResponses(): WatchResponse[] {
    return this.hub.take();
  }

  /** watcherCount is the number of live watchers. */
  watcherCount(): number {
    return this.hub.count;
  }

  // --- Raft bookkeeping -------------------------------------------------------

  /** setConsistentIndex records the raft entry last applied (meta bucket). */
  setConsistentIndex(index: number, term: number): void {
    setConsistentIndex(this.backendRef, index, term);
    this.backendRef.commit();
  }

  consistentIndex(): { index: number; term: number } {
    return readConsistentIndex(this.backendRef);
  }

  // --- For the transaction layer and the maintenance modules -------------------

  /** beginWrite opens the write transaction; only one may be open at a time. */
  beginWrite(): WriteTxn {
    if (this.writing) throw new Error('mvcc: a write transaction is already open');
    this.writing = new WriteTxn(this);
    return this.writing;
  }

  /** finishWrite is WriteTxn.end's second half: publish the revision, notify watchers, commit. */
  finishWrite(txn: WriteTxn): void {
    if (this.writing !== txn) throw new Error('mvcc: ending a write transaction that is not open');
    this.writing = undefined;
    if (txn.changes.length === 0) return;
    this.currentRev = txn.beginRev + 1;
    this.backendRef.commit();
    this.hub.notify(this.currentRev, txn.changes);
  }

  /**
   * rangeKeys is etcd's storeTxnCommon.rangeKeys: the keys of [key, end) as
   * of ro.rev, read by a transaction at curRev. A revision above curRev is a
   * future revision; one below the compacted revision is compacted; reading
   * at exactly the compacted revision is allowed.
   */
  rangeKeys(key: string, end: string | null, curRev: number, ro: StoreRangeOptions = {}): RangeResult {
    let rev = ro.rev ?? 0;
    if (rev > curRev) throw errFutureRev();
    if (rev <= 0) rev = curRev;
    if (rev < this.compactRev) throw errCompacted();
    if (ro.count) return { kvs: [], count: this.index.countRevisions(key, end, rev), rev: curRev };
    const limit = ro.limit ?? 0;
    const { revs, total } = this.index.revisions(key, end, rev, limit);
    const kvs = revs.map((r) => {
      const v = this.backendRef.get(BUCKET_KEY, revToBytes(r));
      if (v === undefined) throw new Error(`mvcc: index points at revision ${r.main}.${r.sub}, missing from the backend`);
      return recordView(v);
    });
    return { kvs, count: total, rev: curRev };
  }

  /** kvAt is one key (binary) as of rev, or undefined when absent, compacted or in the future. */
  kvAt(key: string, rev: number): StoredKeyValue | undefined {
    if (rev <= 0 || rev > this.currentRev || rev < this.compactRev) return undefined;
    return this.rangeKeys(key, null, this.currentRev, { rev }).kvs[0];
  }

  /** setCompactMainRev records the compacted revision in memory (the compactor persists it). */
  setCompactMainRev(rev: number): void {
    this.compactRev = rev;
  }

  /** replaceBackend swaps in a backend with the same content (defrag). */
  replaceBackend(b: Backend): void {
    if (this.writing) throw new Error('mvcc: cannot replace the backend during a write transaction');
    this.backendRef = b;
  }
}
