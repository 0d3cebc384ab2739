/**
 * The bbolt file format (etcd-io/bbolt, format version 2), written and read
 * byte for byte, so that a snapshot from this store is a db file the real
 * `bbolt` and `etcdutl snapshot status` can open.
 *
 * A file is a run of 4096-byte pages. Pages 0 and 1 are meta pages (magic,
 * version, page size, the root bucket's page, the freelist's page, the
 * high-water mark `pgid` = number of pages, the transaction id, and an
 * FNV-1a-64 checksum). The root bucket is a B+tree whose leaf elements name
 * the buckets; each bucket is a B+tree of its own, or, when small, is stored
 * inline in its parent's leaf. Little-endian throughout, as bbolt writes on
 * the machines etcd runs on.
 *
 * etcd opens bbolt with NoFreelistSync, so its files carry no freelist page
 * (the meta's freelist field is 0xffffffffffffffff) and every page the trees
 * do not reach is free; this writer does the same. The reader also accepts
 * files with a freelist page.
 *
 * Layout model (what "pages in use" means here): every tree is laid out as
 * bbolt lays out a node it splits at commit (node.split / splitIndex) with
 * the fill percent etcd uses for its sequential writes and for defrag, 0.9:
 * a node takes elements in key order until the next would pass 90% of a
 * page, keeps at least two keys a side, and a node larger than a page spills
 * into overflow pages. Real bbolt reuses pages in place and so scatters them;
 * the counts here are those of a freshly written tree, which is what
 * defragmentation produces.
 */

import { fnv1a64 } from '../hash/fnv';
import { EtcdError } from './errors';
import { binToBytes, bytesToBin } from './codec';

export const PAGE_SIZE = 4096;
/** FRESH_DB_PAGES is the size of a new bbolt file: two metas, an empty freelist, an empty root leaf. */
export const FRESH_DB_PAGES = 4;

const PAGE_HEADER_SIZE = 16;
/** ELEMENT_SIZE is both leafPageElement's and branchPageElement's size. */
const ELEMENT_SIZE = 16;
const BUCKET_HEADER_SIZE = 16;
const META_CHECKSUMMED = 56; // bytes of the meta before its checksum
const MAGIC = 0xed0cdaed;
const VERSION = 2;
const FILL_PERCENT = 0.9;
const MIN_KEYS_PER_PAGE = 2;
const MAX_INLINE_BUCKET_SIZE = PAGE_SIZE / 4;

const FLAG_BRANCH = 0x01;
const FLAG_LEAF = 0x02;
const FLAG_META = 0x04;
const FLAG_FREELIST = 0x10; // read only: this writer keeps no freelist page
const BUCKET_LEAF_FLAG = 0x01;

/**
 * BucketContent is one bucket's entries in key order. Keys are binary
 * strings (see codec.ts); keys[i] goes with values[i]; keys strictly increase.
 */
export interface BucketContent {
  name: string;
  keys: readonly string[];
  values: readonly Uint8Array[];
}

// ---------------------------------------------------------------------------
// Layout

interface NodeLayout {
  leaf: boolean;
  /** start, end: the node's elements, as indexes into the level below (or the entries). */
  start: number;
  end: number;
  /** size is the node's serialized size in bytes, header included. */
  size: number;
  pages: number;
  firstKey: string;
  pgid: number;
}

/** levels[0] are leaves; the last level has exactly one node, the root. */
type TreeLayout = NodeLayout[][];

interface BucketLayout {
  content: BucketContent;
  tree: TreeLayout;
  inline: boolean;
  pages: number;
  /** rootValueLen is the length of this bucket's element value in the root bucket. */
  rootValueLen: number;
}

/**
 * splitLevel groups `count` elements into nodes as bbolt's node.split does,
 * returning [start, end, size] of each node.
 */
function splitLevel(count: number, elemSize: (i: number) => number): Array<[number, number, number]> {
  const prefix = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) prefix[i + 1] = prefix[i]! + elemSize(i);
  const spans: Array<[number, number, number]> = [];
  const threshold = Math.floor(PAGE_SIZE * FILL_PERCENT);
  let start = 0;
  for (;;) {
    const n = count - start;
    const size = PAGE_HEADER_SIZE + prefix[count]! - prefix[start]!;
    if (n <= MIN_KEYS_PER_PAGE * 2 || size < PAGE_SIZE) {
      spans.push([start, count, size]);
      return spans;
    }
    let sz = PAGE_HEADER_SIZE;
    let index = 0;
    for (let i = 0; i < n - MIN_KEYS_PER_PAGE; i++) {
      index = i;
      const el = prefix[start + i + 1]! - prefix[start + i]!;
      if (i >= MIN_KEYS_PER_PAGE && sz + el > threshold) break;
      sz += el;
    }
    spans.push([start, start + index, PAGE_HEADER_SIZE + prefix[start + index]! - prefix[start]!]);
    start += index;
  }
}

function buildTree(count: number, key: (i: number) => string, valueLen: (i: number) => number): TreeLayout {
  const toNode = (leaf: boolean, first: (s: number) => string) => ([s, e, size]: [number, number, number]) => ({
    leaf,
    start: s,
    end: e,
    size,
    pages: Math.max(1, Math.ceil(size / PAGE_SIZE)),
    firstKey: s < e ? first(s) : '',
    pgid: 0,
  });
  let nodes = splitLevel(count, (i) => ELEMENT_SIZE + key(i).length + valueLen(i)).map(toNode(true, key));
  const levels: TreeLayout = [nodes];
  while (nodes.length > 1) {
    const below = nodes;
    nodes = splitLevel(below.length, (i) => ELEMENT_SIZE + below[i]!.firstKey.length).map(
      toNode(false, (s) => below[s]!.firstKey),
    );
    levels.push(nodes);
  }
  return levels;
}

function treePages(tree: TreeLayout): number {
  let n = 0;
  for (const level of tree) for (const node of level) n += node.pages;
  return n;
}

function layoutBucket(content: BucketContent): BucketLayout {
  const tree = buildTree(content.keys.length, (i) => content.keys[i]!, (i) => content.values[i]!.length);
  // bbolt keeps a bucket inline when it is one leaf no larger than a quarter page.
  const inline = tree.length === 1 && tree[0]!.length === 1 && tree[0]![0]!.size <= MAX_INLINE_BUCKET_SIZE;
  return {
    content,
    tree,
    inline,
    pages: inline ? 0 : treePages(tree),
    rootValueLen: BUCKET_HEADER_SIZE + (inline ? tree[0]![0]!.size : 0),
  };
}

/** PageUsage accounts for every page of the file. pages = inUse + free. */
export interface PageUsage {
  /** pages is the file's page count (bbolt's high-water mark `pgid`). */
  pages: number;
  /** inUse counts the two meta pages and every tree page. */
  inUse: number;
  free: number;
}

function usageFor(dataPages: number, highWater: number): PageUsage {
  const inUse = 2 + dataPages;
  const pages = Math.max(highWater, inUse);
  return { pages, inUse, free: pages - inUse };
}

interface DbLayout {
  buckets: BucketLayout[];
  root: TreeLayout;
  usage: PageUsage;
}

function layoutDb(input: readonly BucketContent[], highWater: number): DbLayout {
  const buckets = [...input].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(layoutBucket);
  const root = buildTree(buckets.length, (i) => buckets[i]!.content.name, (i) => buckets[i]!.rootValueLen);
  let dataPages = treePages(root);
  for (const b of buckets) dataPages += b.pages;
  return { buckets, root, usage: usageFor(dataPages, highWater) };
}

/**
 * pageUsage is the page accounting of a file holding `buckets` whose
 * high-water mark so far is `highWater` pages: the file never shrinks below
 * its high-water mark, and grows when the content needs more.
 */
export function pageUsage(buckets: readonly BucketContent[], highWater: number): PageUsage {
  return layoutDb(buckets, highWater).usage;
}

// ---------------------------------------------------------------------------
// Writing

function putU16(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 0xff;
  b[off + 1] = (v >>> 8) & 0xff;
}

function putU32(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 0xff;
  b[off + 1] = (v >>> 8) & 0xff;
  b[off + 2] = (v >>> 16) & 0xff;
  b[off + 3] = (v >>> 24) & 0xff;
}

function putU64(b: Uint8Array, off: number, v: number): void {
  putU32(b, off, v >>> 0);
  putU32(b, off + 4, Math.floor(v / 0x100000000));
}

function putU64Big(b: Uint8Array, off: number, v: bigint): void {
  putU32(b, off, Number(v & 0xffffffffn));
  putU32(b, off + 4, Number((v >> 32n) & 0xffffffffn));
}

interface LeafItem {
  flags: number;
  key: Uint8Array;
  value: Uint8Array;
}

interface BranchItem {
  key: Uint8Array;
  pgid: number;
}

function writeHeader(b: Uint8Array, off: number, id: number, flags: number, count: number, overflow: number): void {
  putU64(b, off, id);
  putU16(b, off + 8, flags);
  putU16(b, off + 10, count);
  putU32(b, off + 12, overflow);
}

function writeLeaf(b: Uint8Array, off: number, id: number, overflow: number, items: LeafItem[]): void {
  writeHeader(b, off, id, FLAG_LEAF, items.length, overflow);
  let data = PAGE_HEADER_SIZE + items.length * ELEMENT_SIZE;
  items.forEach((item, i) => {
    const el = PAGE_HEADER_SIZE + i * ELEMENT_SIZE;
    putU32(b, off + el, item.flags);
    putU32(b, off + el + 4, data - el);
    putU32(b, off + el + 8, item.key.length);
    putU32(b, off + el + 12, item.value.length);
    b.set(item.key, off + data);
    data += item.key.length;
    b.set(item.value, off + data);
    data += item.value.length;
  });
}

function writeBranch(b: Uint8Array, off: number, id: number, overflow: number, items: BranchItem[]): void {
  writeHeader(b, off, id, FLAG_BRANCH, items.length, overflow);
  let data = PAGE_HEADER_SIZE + items.length * ELEMENT_SIZE;
  items.forEach((item, i) => {
    const el = PAGE_HEADER_SIZE + i * ELEMENT_SIZE;
    putU32(b, off + el, data - el);
    putU32(b, off + el + 4, item.key.length);
    putU64(b, off + el + 8, item.pgid);
    b.set(item.key, off + data);
    data += item.key.length;
  });
}

function assignPages(tree: TreeLayout, next: number): number {
  for (const level of tree) {
    for (const node of level) {
      node.pgid = next;
      next += node.pages;
    }
  }
  return next;
}

function writeTree(buf: Uint8Array, tree: TreeLayout, leafItem: (i: number) => LeafItem): void {
  tree.forEach((level, depth) => {
    for (const node of level) {
      const off = node.pgid * PAGE_SIZE;
      if (node.leaf) {
        const items: LeafItem[] = [];
        for (let i = node.start; i < node.end; i++) items.push(leafItem(i));
        writeLeaf(buf, off, node.pgid, node.pages - 1, items);
      } else {
        const below = tree[depth - 1]!;
        const items: BranchItem[] = [];
        for (let i = node.start; i < node.end; i++) {
          items.push({ key: binToBytes(below[i]!.firstKey), pgid: below[i]!.pgid });
        }
        writeBranch(buf, off, node.pgid, node.pages - 1, items);
      }
    }
  });
}

function bucketValue(layout: BucketLayout): Uint8Array {
  const value = new Uint8Array(layout.rootValueLen);
  if (layout.inline) {
    // root pgid 0 marks an inline bucket; its leaf page follows the header.
    const node = layout.tree[0]![0]!;
    const items: LeafItem[] = [];
    for (let i = node.start; i < node.end; i++) {
      items.push({ flags: 0, key: binToBytes(layout.content.keys[i]!), value: layout.content.values[i]! });
    }
    const page = new Uint8Array(node.size);
    writeLeaf(page, 0, 0, 0, items);
    value.set(page, BUCKET_HEADER_SIZE);
  } else {
    putU64(value, 0, layout.tree[layout.tree.length - 1]![0]!.pgid);
  }
  return value;
}

function writeMeta(buf: Uint8Array, id: number, root: number, pgid: number, txid: number): void {
  const off = id * PAGE_SIZE;
  writeHeader(buf, off, id, FLAG_META, 0, 0);
  const m = off + PAGE_HEADER_SIZE;
  putU32(buf, m, MAGIC);
  putU32(buf, m + 4, VERSION);
  putU32(buf, m + 8, PAGE_SIZE);
  putU32(buf, m + 12, 0); // flags
  putU64(buf, m + 16, root);
  putU64(buf, m + 24, 0); // root bucket sequence
  putU32(buf, m + 32, 0xffffffff); // no freelist page (NoFreelistSync)
  putU32(buf, m + 36, 0xffffffff);
  putU64(buf, m + 40, pgid);
  putU64(buf, m + 48, txid);
  putU64Big(buf, m + 56, fnv1a64(buf.subarray(m, m + META_CHECKSUMMED)));
}

/**
 * writeDb serializes buckets as a bbolt file of exactly `pageUsage(...).pages`
 * pages: metas, then the trees, then the free pages (zeroed). Like bbolt's Tx.WriteTo, meta page 0
 * carries `txid` and meta page 1 the same meta with txid - 1.
 */
export function writeDb(input: readonly BucketContent[], highWater: number, txid: number): Uint8Array {
  if (txid < 1) throw new Error(`bbolt: txid must be at least 1, got ${txid}`);
  const { buckets, root, usage } = layoutDb(input, highWater);
  let next = 2;
  for (const b of buckets) if (!b.inline) next = assignPages(b.tree, next);
  next = assignPages(root, next);
  if (next !== usage.inUse) throw new Error(`bbolt: layout allocated ${next} pages, accounted ${usage.inUse}`);

  const buf = new Uint8Array(usage.pages * PAGE_SIZE);
  for (const b of buckets) {
    if (b.inline) continue;
    writeTree(buf, b.tree, (i) => ({ flags: 0, key: binToBytes(b.content.keys[i]!), value: b.content.values[i]! }));
  }
  writeTree(buf, root, (i) => ({
    flags: BUCKET_LEAF_FLAG,
    key: binToBytes(buckets[i]!.content.name),
    value: bucketValue(buckets[i]!),
  }));

  const rootPgid = root[root.length - 1]![0]!.pgid;
  writeMeta(buf, 0, rootPgid, usage.pages, txid);
  writeMeta(buf, 1, rootPgid, usage.pages, txid - 1);
  return buf;
}

// ---------------------------------------------------------------------------
// Reading

/** DbImage is what a bbolt file holds, as read by readDb. */
export interface DbImage {
  txid: number;
  /** pages is the high-water mark from the meta page (the file's page count). */
  pages: number;
  freePages: number;
  buckets: BucketContent[];
}

/**
 * DbReadResult is a file's content plus every inconsistency found, in the
 * manner of bbolt's Tx.Check. An empty `problems` means the file is sound.
 */
export interface DbReadResult {
  image: DbImage;
  problems: string[];
}

function getU16(b: Uint8Array, off: number): number {
  return b[off]! | (b[off + 1]! << 8);
}

function getU32(b: Uint8Array, off: number): number {
  return (b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24)) >>> 0;
}

function getU64(b: Uint8Array, off: number): number {
  return getU32(b, off) + getU32(b, off + 4) * 0x100000000;
}

function getU64Big(b: Uint8Array, off: number): bigint {
  return BigInt(getU32(b, off)) | (BigInt(getU32(b, off + 4)) << 32n);
}

function pageType(flags: number): string {
  switch (flags) {
    case FLAG_BRANCH:
      return 'branch';
    case FLAG_LEAF:
      return 'leaf';
    case FLAG_META:
      return 'meta';
    case FLAG_FREELIST:
      return 'freelist';
    default:
      return `unknown<${flags.toString(16).padStart(2, '0')}>`;
  }
}

function toHexStr(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}

interface Meta {
  pageSize: number;
  root: number;
  freelist: number;
  noFreelist: boolean;
  pgid: number;
  txid: number;
}

function readMeta(bytes: Uint8Array, id: number): { meta: Meta; err?: EtcdError } {
  const m = id * PAGE_SIZE + PAGE_HEADER_SIZE;
  const meta: Meta = {
    pageSize: getU32(bytes, m + 8),
    root: getU64(bytes, m + 16),
    freelist: getU64(bytes, m + 32),
    noFreelist: getU32(bytes, m + 32) === 0xffffffff && getU32(bytes, m + 36) === 0xffffffff,
    pgid: getU64(bytes, m + 40),
    txid: getU64(bytes, m + 48),
  };
  // bbolt's Meta.Validate: magic, then version, then checksum.
  if (getU32(bytes, m) !== MAGIC) return { meta, err: new EtcdError('ErrInvalid', 'invalid database') };
  if (getU32(bytes, m + 4) !== VERSION) return { meta, err: new EtcdError('ErrVersionMismatch', 'version mismatch') };
  if (getU64Big(bytes, m + 56) !== fnv1a64(bytes.subarray(m, m + META_CHECKSUMMED))) {
    return { meta, err: new EtcdError('ErrChecksum', 'checksum error') };
  }
  return { meta };
}

interface LeafEntry {
  flags: number;
  key: Uint8Array;
  value: Uint8Array;
}

/**
 * readDb parses a bbolt file. It throws an EtcdError when no meta page is
 * valid (bbolt's own open errors: "invalid database", "version mismatch",
 * "checksum error") and otherwise returns what it could read together with
 * the problems it found. Bytes past the high-water mark (such as etcd's
 * SHA-256 trailer) are ignored, as bbolt ignores them.
 */
export function readDb(bytes: Uint8Array): DbReadResult {
  if (bytes.length < 2 * PAGE_SIZE) {
    throw new EtcdError(
      'ErrCorrupt',
      `file size too small: ${bytes.length} bytes, a bbolt file has at least two ${PAGE_SIZE}-byte meta pages`,
    );
  }
  const m0 = readMeta(bytes, 0);
  const m1 = readMeta(bytes, 1);
  if (m0.err && m1.err) throw m0.err;
  // bbolt uses the valid meta with the higher txid, falling back to the other.
  const [a, b] = m1.meta.txid > m0.meta.txid ? [m1, m0] : [m0, m1];
  const meta = (a.err ? b : a).meta;
  if (meta.pageSize !== PAGE_SIZE) {
    throw new EtcdError('ErrCorrupt', `unsupported page size ${meta.pageSize}: this store reads ${PAGE_SIZE}-byte pages`);
  }

  const problems: string[] = [];
  const hwm = meta.pgid;
  const filePages = Math.floor(bytes.length / PAGE_SIZE);
  if (filePages < hwm) {
    problems.push(
      `db file truncated: the meta page records ${hwm} pages (${hwm * PAGE_SIZE} bytes) but the file holds ${bytes.length} bytes`,
    );
  }
  const reachable = new Map<number, number>(); // page id -> the node's first page id
  reachable.set(0, 0);
  reachable.set(1, 1);
  const freed = new Set<number>();

  /** node returns the bytes of the node at pgid (overflow pages included), or undefined when unreadable. */
  const node = (pgid: number, stack: number[], expect: 'tree' | 'freelist'): Uint8Array | undefined => {
    const where = `(stack: [${stack.join(' ')}])`;
    if (pgid >= hwm) {
      problems.push(`page ${pgid}: out of bounds: ${hwm} ${where}`);
      return undefined;
    }
    if (pgid >= filePages) {
      problems.push(`page ${pgid}: beyond the end of the file (${filePages} whole pages) ${where}`);
      return undefined;
    }
    const off = pgid * PAGE_SIZE;
    const id = getU64(bytes, off);
    const flags = getU16(bytes, off + 8);
    const overflow = getU32(bytes, off + 12);
    if (id !== pgid) problems.push(`page ${pgid}: header names page ${id} ${where}`);
    if (pgid + overflow >= hwm || pgid + overflow >= filePages) {
      problems.push(`page ${pgid}: overflow of ${overflow} pages runs past the end of the file ${where}`);
      return undefined;
    }
    for (let i = 0; i <= overflow; i++) {
      if (reachable.has(pgid + i)) problems.push(`page ${pgid + i}: multiple references ${where}`);
      reachable.set(pgid + i, pgid);
    }
    const ok = expect === 'freelist' ? flags === FLAG_FREELIST : flags === FLAG_BRANCH || flags === FLAG_LEAF;
    if (!ok) {
      problems.push(`page ${pgid}: invalid type: ${pageType(flags)} ${where}`);
      return undefined;
    }
    return bytes.subarray(off, off + (overflow + 1) * PAGE_SIZE);
  };

  // Freelist first, so reachable-but-freed pages can be reported.
  if (!meta.noFreelist) {
    const fl = node(meta.freelist, [meta.freelist], 'freelist');
    if (fl) {
      let count = getU16(fl, 10);
      let idOff = PAGE_HEADER_SIZE;
      if (count === 0xffff) {
        count = getU64(fl, idOff);
        idOff += 8;
      }
      if (idOff + count * 8 > fl.length) {
        problems.push(`page ${meta.freelist}: freelist of ${count} ids does not fit its page`);
        count = Math.max(0, Math.floor((fl.length - idOff) / 8));
      }
      for (let i = 0; i < count; i++) {
        const id = getU64(fl, idOff + i * 8);
        if (freed.has(id)) problems.push(`page ${id}: already freed`);
        if (id >= hwm) problems.push(`page ${id}: freed page out of bounds: ${hwm}`);
        freed.add(id);
      }
    }
  }

  /** leafEntries reads one leaf node's elements, checking they lie inside it. */
  const leafEntries = (page: Uint8Array, pgid: number, out: LeafEntry[]): void => {
    const count = getU16(page, 10);
    for (let i = 0; i < count; i++) {
      const el = PAGE_HEADER_SIZE + i * ELEMENT_SIZE;
      if (el + ELEMENT_SIZE > page.length) {
        problems.push(`page ${pgid}: element ${i} of ${count} lies outside the page`);
        return;
      }
      const flags = getU32(page, el);
      const start = el + getU32(page, el + 4);
      const ksize = getU32(page, el + 8);
      const vsize = getU32(page, el + 12);
      if (start + ksize + vsize > page.length) {
        problems.push(`page ${pgid}: element ${i} (key ${ksize} bytes, value ${vsize} bytes) runs past the page`);
        return;
      }
      out.push({
        flags,
        key: page.slice(start, start + ksize),
        value: page.slice(start + ksize, start + ksize + vsize),
      });
    }
  };

  /** walk collects a tree's leaf entries in order. */
  const walk = (pgid: number, stack: number[], out: LeafEntry[]): void => {
    const path = [...stack, pgid];
    const page = node(pgid, path, 'tree');
    if (!page) return;
    if (freed.has(pgid)) problems.push(`page ${pgid}: reachable freed`);
    if (getU16(page, 8) === FLAG_LEAF) {
      leafEntries(page, pgid, out);
      return;
    }
    const count = getU16(page, 10);
    for (let i = 0; i < count; i++) {
      const el = PAGE_HEADER_SIZE + i * ELEMENT_SIZE;
      if (el + ELEMENT_SIZE > page.length) {
        problems.push(`page ${pgid}: element ${i} of ${count} lies outside the page`);
        return;
      }
      walk(getU64(page, el + 8), path, out);
    }
  };

  const checkOrder = (where: string, entries: LeafEntry[]): void => {
    for (let i = 1; i < entries.length; i++) {
      const prev = bytesToBin(entries[i - 1]!.key);
      const cur = bytesToBin(entries[i]!.key);
      if (cur <= prev) {
        problems.push(
          `${where}: key[${i}]=(hex)${toHexStr(entries[i]!.key)} needs to be > than previous element (hex)${toHexStr(entries[i - 1]!.key)}`,
        );
      }
    }
  };

  const rootEntries: LeafEntry[] = [];
  walk(meta.root, [], rootEntries);
  checkOrder('root bucket', rootEntries);
  const buckets: BucketContent[] = [];
  for (const e of rootEntries) {
    const name = bytesToBin(e.key);
    if ((e.flags & BUCKET_LEAF_FLAG) === 0) {
      problems.push(`cannot get hash of bucket ${name}`);
      continue;
    }
    if (e.value.length < BUCKET_HEADER_SIZE) {
      problems.push(`bucket ${name}: bucket header of ${e.value.length} bytes is too short`);
      continue;
    }
    const entries: LeafEntry[] = [];
    const bucketRoot = getU64(e.value, 0);
    if (bucketRoot === 0) {
      const page = e.value.subarray(BUCKET_HEADER_SIZE);
      if (page.length < PAGE_HEADER_SIZE || getU16(page, 8) !== FLAG_LEAF) {
        problems.push(`bucket ${name}: inline page is not a leaf`);
        continue;
      }
      leafEntries(page, 0, entries);
    } else {
      walk(bucketRoot, [meta.root], entries);
    }
    checkOrder(`bucket ${name}`, entries);
    const keys: string[] = [];
    const values: Uint8Array[] = [];
    for (const kv of entries) {
      if ((kv.flags & BUCKET_LEAF_FLAG) !== 0) {
        problems.push(`bucket ${name}: nested bucket ${bytesToBin(kv.key)} is not supported`);
        continue;
      }
      keys.push(bytesToBin(kv.key));
      values.push(kv.value);
    }
    buckets.push({ name, keys, values });
  }

  // With a freelist, every page below the high-water mark is reachable or
  // listed free. Without one (NoFreelistSync), unreachable pages are the free ones.
  let freePages = 0;
  for (let id = 0; id < hwm; id++) {
    if (reachable.has(id)) continue;
    if (meta.noFreelist || freed.has(id)) freePages++;
    else if (id < filePages) problems.push(`page ${id}: unreachable unfreed`);
  }

  return { image: { txid: meta.txid, pages: hwm, freePages, buckets }, problems };
}
