import { describe, expect, it } from 'vitest';
import { Backend, DbCorruptError } from './backend';
import { PAGE_SIZE, readDb, writeDb, type BucketContent } from './bbolt';
import { bytesToBin, utf8 } from './codec';
import { fnv1a64 } from '../hash/fnv';

const enc = (s: string) => utf8(s);

/** filled returns a backend with one bucket "b" holding n entries of valueLen bytes. */
function filled(n: number, valueLen: number): Backend {
  const b = Backend.create();
  b.createBucket('b');
  for (let i = 0; i < n; i++) b.put('b', enc(`k${String(i).padStart(6, '0')}`), new Uint8Array(valueLen).fill(i & 0xff));
  b.commit();
  return b;
}

describe('backend size accounting', () => {
  it('starts as a new bbolt file: 4 pages, 3 of them in use', () => {
    const b = Backend.create();
    expect(b.size()).toBe(4 * PAGE_SIZE);
    expect(b.sizeInUse()).toBe(3 * PAGE_SIZE);
  });

  it('grows in whole pages as content is added', () => {
    const b = Backend.create();
    b.createBucket('b');
    let last = b.size();
    for (let i = 0; i < 500; i++) {
      b.put('b', enc(`k${i}`), new Uint8Array(100));
      expect(b.size() % PAGE_SIZE).toBe(0);
      expect(b.size()).toBeGreaterThanOrEqual(last);
      last = b.size();
    }
    expect(last).toBeGreaterThan(10 * PAGE_SIZE);
  });

  it('never shrinks the file when entries are deleted, but frees them from use', () => {
    const b = filled(400, 200);
    const size = b.size();
    for (let i = 0; i < 400; i += 2) b.delete('b', enc(`k${String(i).padStart(6, '0')}`));
    expect(b.size()).toBe(size);
    expect(b.sizeInUse()).toBeLessThan(size);
    expect(b.usage().free).toBe((size - b.sizeInUse()) / PAGE_SIZE);
  });

  it('reuses freed pages before growing the file again', () => {
    const b = filled(400, 200);
    const size = b.size();
    for (let i = 0; i < 400; i++) b.delete('b', enc(`k${String(i).padStart(6, '0')}`));
    for (let i = 0; i < 300; i++) b.put('b', enc(`n${i}`), new Uint8Array(200));
    expect(b.size()).toBe(size);
  });

  it('keeps the file at its peak even when content shrinks between two size queries', () => {
    const b = Backend.create();
    b.createBucket('b');
    for (let i = 0; i < 300; i++) b.put('b', enc(`k${i}`), new Uint8Array(300));
    const peak = b.usage().inUse; // not yet asked for: the delete below must not lose it
    for (let i = 0; i < 300; i++) b.delete('b', enc(`k${i}`));
    expect(b.size()).toBe(peak * PAGE_SIZE);
  });

  it('counts a value larger than a page as overflow pages', () => {
    const small = filled(1, 10);
    const big = Backend.create();
    big.createBucket('b');
    big.put('b', enc('k'), new Uint8Array(3 * PAGE_SIZE));
    expect(big.sizeInUse() - small.sizeInUse()).toBe(4 * PAGE_SIZE);
  });
});

describe('backend buckets', () => {
  it('ranges in byte order over [start, end) and honours the limit', () => {
    const b = Backend.create();
    b.createBucket('b');
    for (const k of ['b', 'a', 'c', 'ab', '\u00ff', 'a\u0000']) b.put('b', enc(k), enc(k));
    const keys = (start: string, end?: string, limit = 0) =>
      b.range('b', enc(start), end === undefined ? undefined : enc(end), limit).map(([k]) => bytesToBin(k));
    expect(keys('a', 'c')).toEqual(['a', 'a\u0000', 'ab', 'b']);
    expect(keys('a', 'c', 2)).toEqual(['a', 'a\u0000']);
    expect(keys('ab')).toEqual(['ab']);
    expect(keys('zz')).toEqual([]);
    // U+00FF is two UTF-8 bytes, c3 bf: after every ASCII key.
    expect(keys('c', '\u0100').map((k) => [...k].map((c) => c.charCodeAt(0)))).toEqual([[0x63], [0xc3, 0xbf]]);
  });

  it('lists buckets in name order and refuses an unknown bucket', () => {
    const b = Backend.create();
    b.createBucket('meta');
    b.createBucket('key');
    expect(b.bucketNames()).toEqual(['key', 'meta']);
    expect(() => b.get('nope', enc('x'))).toThrow(/bucket "nope" does not exist/);
  });

  it('copies values on put, so the caller may reuse its array', () => {
    const b = Backend.create();
    b.createBucket('b');
    const v = enc('abc');
    b.put('b', enc('k'), v);
    v[0] = 0x7a;
    expect(b.get('b', enc('k'))).toEqual(enc('abc'));
  });
});

describe('bbolt file', () => {
  const contents = (b: Backend): BucketContent[] => readDb(b.writeTo()).image.buckets;

  it('round-trips buckets of every shape: inline, multi-page with branches, overflow values', () => {
    const b = Backend.create();
    b.createBucket('empty');
    b.createBucket('tiny');
    b.put('tiny', enc('only'), enc('one'));
    b.createBucket('many');
    for (let i = 0; i < 3000; i++) b.put('many', enc(`key-${i}`), enc(`value-${i}`));
    b.createBucket('huge');
    b.put('huge', enc('big'), new Uint8Array(20000).fill(7));
    b.put('huge', enc('bigger'), new Uint8Array(50000).fill(9));
    b.commit();
    const back = Backend.open(b.writeTo());
    expect(back.bucketNames()).toEqual(['empty', 'huge', 'many', 'tiny']);
    expect(contents(back)).toEqual(contents(b));
    expect(back.get('huge', enc('bigger'))).toEqual(new Uint8Array(50000).fill(9));
    expect(back.count('many')).toBe(3000);
    expect(back.size()).toBe(b.size());
  });

  it('writes etcd-style meta pages: magic, version 2, 4096-byte pages, no freelist, FNV-1a checksum', () => {
    const db = filled(10, 10).writeTo();
    const dv = new DataView(db.buffer, db.byteOffset);
    for (const page of [0, 1]) {
      const m = page * PAGE_SIZE + 16;
      expect(dv.getUint16(page * PAGE_SIZE + 8, true)).toBe(0x04); // meta page flag
      expect(dv.getUint32(m, true)).toBe(0xed0cdaed);
      expect(dv.getUint32(m + 4, true)).toBe(2);
      expect(dv.getUint32(m + 8, true)).toBe(PAGE_SIZE);
      expect(dv.getBigUint64(m + 32, true)).toBe(0xffffffffffffffffn);
      expect(dv.getBigUint64(m + 40, true)).toBe(BigInt(db.length / PAGE_SIZE));
      expect(dv.getBigUint64(m + 56, true)).toBe(fnv1a64(db.subarray(m, m + 56)));
    }
    // Like bbolt's WriteTo, meta 1 carries the previous transaction id.
    expect(dv.getBigUint64(16 + 48, true) - dv.getBigUint64(PAGE_SIZE + 16 + 48, true)).toBe(1n);
  });

  it('falls back to the other meta page when one is damaged, as bbolt does', () => {
    const b = filled(50, 50);
    const db = b.writeTo();
    db[16 + 20] ^= 0xff; // meta 0's root field: its checksum no longer matches
    expect(Backend.open(db).count('b')).toBe(50);
  });

  it.each([
    ['magic', 16, 'invalid database'],
    ['version', 16 + 4, 'version mismatch'],
    ['checksum', 16 + 56, 'checksum error'],
  ])('refuses a file whose meta pages both have a bad %s (byte %i of the page) with "%s"', (_what, off, msg) => {
    const db = filled(5, 5).writeTo();
    db[off] ^= 0xff;
    db[PAGE_SIZE + off] ^= 0xff;
    expect(() => Backend.open(db)).toThrow(msg);
  });

  it('lists what is wrong with a damaged tree', () => {
    const db = filled(400, 100).writeTo();
    const { problems } = readDb(db);
    expect(problems).toEqual([]);
    // Swap two leaf pages' ids: each header now names the other page.
    db.set(db.subarray(2 * PAGE_SIZE, 2 * PAGE_SIZE + 8), 3 * PAGE_SIZE);
    const err = (() => {
      try {
        Backend.open(db);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(DbCorruptError);
    // The stack runs from the root bucket's page through the bucket's branch page to the leaf.
    expect((err as DbCorruptError).problems).toEqual([expect.stringMatching(/^page 3: header names page 2 \(stack: \[\d+ \d+ 3\]\)$/)]);
    expect((err as DbCorruptError).message).toMatch(/^db file integrity check failed\. 1 errors found\.\npage 3: /);
  });

  it('detects keys out of order', () => {
    const good = writeDb([{ name: 'b', keys: ['a', 'b'], values: [enc('1'), enc('2')] }], 4, 2);
    const swapped = good.slice();
    // The inline bucket's two one-byte keys follow their element headers; swap them.
    const at = indexOfBytes(swapped, enc('a1b2'));
    swapped.set(enc('b1a2'), at);
    expect(readDb(swapped).problems).toEqual(['bucket b: key[1]=(hex)61 needs to be > than previous element (hex)62']);
  });
});

function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  throw new Error('not found');
}
