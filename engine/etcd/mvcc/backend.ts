/**
 * Backend is the store's simulated bbolt file (server/storage/backend): named
 * buckets of byte keys to byte values, kept in key order, with bbolt's page
 * accounting.
 *
 * Size model, as etcd reports it (backend.Size / SizeInUse):
 * - size() is the file: its page count times 4096. It grows when the
 *   content needs more pages and never shrinks when content is deleted; the
 *   freed pages go on the freelist and are reused by later writes.
 * - sizeInUse() is size() less the free pages: it drops after compaction.
 * - Only defragmentation (a fresh Backend filled with the same content)
 *   brings size() down to what is in use.
 * The page count of the content is bbolt's layout (see bbolt.ts). The file
 * keeps the high-water mark of that count: it is sampled before any change
 * that can free space and whenever a size is asked for.
 *
 * Mutations apply at once; commit() ends a bbolt transaction (the meta
 * page's txid counts them). The backend never writes anything by itself.
 */

import { FRESH_DB_PAGES, PAGE_SIZE, pageUsage, readDb, writeDb, type BucketContent, type PageUsage } from './bbolt';
import { binToBytes, bytesToBin } from './codec';
import { EtcdError } from './errors';

class Bucket {
  readonly map = new Map<string, Uint8Array>();
  /** sorted holds map's keys in byte order whenever `sortedValid`. */
  private sorted: string[] = [];
  private sortedValid = true;

  constructor(readonly name: string) {}

  keys(): string[] {
    if (!this.sortedValid) {
      this.sorted = [...this.map.keys()].sort();
      this.sortedValid = true;
    }
    return this.sorted;
  }

  put(key: string, value: Uint8Array): void {
    if (!this.map.has(key)) {
      // Appends (the key bucket's revisions only grow) keep the order for free.
      const last = this.sorted[this.sorted.length - 1];
      if (this.sortedValid && (last === undefined || key > last)) this.sorted.push(key);
      else this.sortedValid = false;
    }
    this.map.set(key, value);
  }

  delete(key: string): boolean {
    if (!this.map.delete(key)) return false;
    if (this.sortedValid && this.sorted[this.sorted.length - 1] === key) this.sorted.pop();
    else this.sortedValid = false;
    return true;
  }

  content(): BucketContent {
    const keys = this.keys();
    return { name: this.name, keys, values: keys.map((k) => this.map.get(k)!) };
  }
}

/** lowerBound is the index of the first element of sorted that is >= key. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** DbCorruptError lists what is wrong with a db file that could not be opened. */
export class DbCorruptError extends EtcdError {
  constructor(readonly problems: string[]) {
    super('ErrCorrupt', `db file integrity check failed. ${problems.length} errors found.\n${problems.join('\n')}`);
  }
}

export class Backend {
  static readonly PAGE_SIZE = PAGE_SIZE;

  private readonly buckets = new Map<string, Bucket>();
  /** highWater is the file's page count so far; it only grows, until a defrag makes a new file. */
  private highWater: number;
  /** grew is set when content may have grown since highWater was last sampled. */
  private grew = true;
  private usageCache: PageUsage | undefined;
  private txid: number;

  private constructor(highWater: number, txid: number) {
    this.highWater = highWater;
    this.txid = txid;
  }

  /** create returns an empty db, as bbolt creates a new file (4 pages). */
  static create(): Backend {
    return new Backend(FRESH_DB_PAGES, 1);
  }

  /**
   * open reads a bbolt file (extra bytes after its last page are ignored).
   * It throws an EtcdError when no meta page is valid and a DbCorruptError
   * listing every problem when the file's structure is damaged.
   */
  static open(bytes: Uint8Array): Backend {
    const { image, problems } = readDb(bytes);
    if (problems.length > 0) throw new DbCorruptError(problems);
    const b = new Backend(image.pages, image.txid);
    for (const content of image.buckets) {
      const bucket = b.bucket(content.name, true);
      content.keys.forEach((k, i) => bucket.put(k, content.values[i]!));
    }
    return b;
  }

  /** createBucket makes a bucket if there is none of that name. Names are ASCII, as etcd's are. */
  createBucket(name: string): void {
    this.bucket(name, true);
    this.changed(true);
  }

  hasBucket(name: string): boolean {
    return this.buckets.has(name);
  }

  /** bucketNames lists the buckets in byte order, as bbolt's root cursor visits them. */
  bucketNames(): string[] {
    return [...this.buckets.keys()].sort();
  }

  get(bucket: string, key: Uint8Array): Uint8Array | undefined {
    return this.bucket(bucket).map.get(bytesToBin(key));
  }

  /** put stores a copy of value under key; the caller may reuse its arrays. */
  put(bucket: string, key: Uint8Array, value: Uint8Array): void {
    const b = this.bucket(bucket);
    const k = bytesToBin(key);
    const old = b.map.get(k);
    if (old !== undefined && old.length > value.length) this.sampleHighWater();
    b.put(k, value.slice());
    this.changed(true);
  }

  /**
   * putOwned is put without the copy, for a value the caller made for the
   * backend and never touches again (the store's records).
   */
  putOwned(bucket: string, key: Uint8Array, value: Uint8Array): void {
    const b = this.bucket(bucket);
    const k = bytesToBin(key);
    const old = b.map.get(k);
    if (old !== undefined && old.length > value.length) this.sampleHighWater();
    b.put(k, value);
    this.changed(true);
  }

  /** delete removes key; it returns whether the key was there. */
  delete(bucket: string, key: Uint8Array): boolean {
    const b = this.bucket(bucket);
    const k = bytesToBin(key);
    if (!b.map.has(k)) return false;
    this.sampleHighWater();
    b.delete(k);
    this.changed(false);
    return true;
  }

  /**
   * range returns the entries with start <= key < end in key order, at most
   * `limit` of them when limit > 0 (bbolt's UnsafeRange). Without `end` it
   * returns the entry at exactly `start`, if any.
   */
  range(bucket: string, start: Uint8Array, end?: Uint8Array, limit = 0): Array<[Uint8Array, Uint8Array]> {
    const b = this.bucket(bucket);
    const s = bytesToBin(start);
    if (end === undefined) {
      const v = b.map.get(s);
      return v === undefined ? [] : [[start.slice(), v]];
    }
    const e = bytesToBin(end);
    const keys = b.keys();
    const out: Array<[Uint8Array, Uint8Array]> = [];
    for (let i = lowerBound(keys, s); i < keys.length && keys[i]! < e; i++) {
      out.push([binToBytes(keys[i]!), b.map.get(keys[i]!)!]);
      if (limit > 0 && out.length >= limit) break;
    }
    return out;
  }

  /** forEach visits every entry of a bucket in key order (bbolt's Bucket.ForEach). */
  forEach(bucket: string, fn: (key: Uint8Array, value: Uint8Array) => void): void {
    const b = this.bucket(bucket);
    for (const k of [...b.keys()]) fn(binToBytes(k), b.map.get(k)!);
  }

  /** count is the number of entries in a bucket. */
  count(bucket: string): number {
    return this.bucket(bucket).map.size;
  }

  /** commit ends the current transaction. */
  commit(): void {
    this.txid++;
  }

  /** usage is the page accounting of the file as it stands. */
  usage(): PageUsage {
    this.sampleHighWater();
    this.usageCache ??= pageUsage(this.contents(), this.highWater);
    return this.usageCache;
  }

  /** size is the db file size in bytes (etcd's backend.Size, the "DB SIZE" column). */
  size(): number {
    return this.usage().pages * PAGE_SIZE;
  }

  /** sizeInUse is size() less the free pages (etcd's backend.SizeInUse, "IN USE"). */
  sizeInUse(): number {
    return this.usage().inUse * PAGE_SIZE;
  }

  /**
   * writeTo returns the whole db file, free pages included, as bbolt's
   * Tx.WriteTo streams it for a snapshot: exactly size() bytes.
   */
  writeTo(): Uint8Array {
    this.sampleHighWater();
    return writeDb(this.contents(), this.highWater, this.txid);
  }

  private contents(): BucketContent[] {
    return this.bucketNames().map((n) => this.buckets.get(n)!.content());
  }

  private bucket(name: string, create = false): Bucket {
    let b = this.buckets.get(name);
    if (b === undefined) {
      if (!create) throw new Error(`backend: bucket ${JSON.stringify(name)} does not exist`);
      b = new Bucket(name);
      this.buckets.set(name, b);
    }
    return b;
  }

  private changed(grew: boolean): void {
    this.usageCache = undefined;
    if (grew) this.grew = true;
  }

  /**
   * sampleHighWater raises the high-water mark to what the content needs now.
   * Called before anything that may free pages, so the file keeps its peak.
   */
  private sampleHighWater(): void {
    if (!this.grew) return;
    this.usageCache = pageUsage(this.contents(), this.highWater);
    this.highWater = this.usageCache.pages;
    this.grew = false;
  }
}
