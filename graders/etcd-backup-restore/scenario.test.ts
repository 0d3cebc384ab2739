import { describe, expect, it } from 'vitest';
import { planFor, PROBE_READS } from './play';
import { corruptionOffset, describeOp, kvOp, resolveRev, scoped, valueOf, whereIs } from './scenario';

describe('scenario steps', () => {
  const st = { revision: 12, compacted: 6 };

  it('resolves revisions relative to the current or the compacted one', () => {
    expect(resolveRev({ from: 'current', delta: -2 }, st)).toBe(10);
    expect(resolveRev({ from: 'compacted', delta: -1 }, st)).toBe(5);
  });

  it('widens a key to its directory or to every key', () => {
    expect(scoped(0, 'key')).toEqual({ key: '/registry/pods/default/web' });
    expect(scoped(0, 'dir')).toEqual({ key: '/registry/pods/default/', range_end: '/registry/pods/default0' });
    expect(scoped(3, 'all')).toEqual({ key: '/registry/', range_end: '/registry0' });
  });

  it('writes values unique to the step, of the size asked for', () => {
    expect(valueOf(3, 8)).toBe('v3-ddddd');
    expect(valueOf(30, 300)).toHaveLength(300);
  });

  it('renders requests as etcdctl command lines', () => {
    expect(describeOp(kvOp({ do: 'get', key: 1, scope: 'dir', at: { from: 'compacted', delta: 0 } }, 0, st))).toBe('get /registry/pods/default/ --prefix --rev 6');
    expect(describeOp(kvOp({ do: 'delete', key: 2, scope: 'key', prevKv: true }, 0, st))).toBe('del /registry/pods/kube-system/coredns --prev-kv');
  });
});

describe('corruption offsets', () => {
  // A 40960-byte db (10 pages): metas 0-1, trees 2-5, free 6-9, then 32 bytes of SHA-256.
  const dbSize = 40960;
  const inUse = 6;

  it('lands in the region asked for', () => {
    expect(corruptionOffset('meta', 0, dbSize, inUse)).toBe(0);
    expect(corruptionOffset('meta', 9999, dbSize, inUse)).toBeGreaterThanOrEqual(4096);
    expect(corruptionOffset('meta', 9999, dbSize, inUse)).toBeLessThan(4096 + 80);
    expect(corruptionOffset('page-header', 0, dbSize, inUse)).toBe(8192);
    expect(corruptionOffset('page-header', 9999, dbSize, inUse) % 4096).toBeLessThan(16);
    expect(corruptionOffset('free', 0, dbSize, inUse)).toBe(6 * 4096);
    expect(corruptionOffset('trailer', 9999, dbSize, inUse)).toBe(dbSize + 31);
  });

  it('falls back to the tree pages when there is no free page', () => {
    const o = corruptionOffset('free', 5000, 6 * 4096, inUse);
    expect(o).toBeGreaterThanOrEqual(8192);
    expect(o).toBeLessThan(6 * 4096);
  });

  it('names where a byte is', () => {
    expect(whereIs(10, dbSize, inUse)).toBe('meta page 0');
    expect(whereIs(4096 + 100, dbSize, inUse)).toBe('meta page 1, past the meta');
    expect(whereIs(8192 + 3, dbSize, inUse)).toBe('the header of page 2');
    expect(whereIs(8192 + 300, dbSize, inUse)).toBe('page 2');
    expect(whereIs(7 * 4096, dbSize, inUse)).toBe('free page 7');
    expect(whereIs(dbSize + 2, dbSize, inUse)).toBe('the SHA-256 trailer (byte 2 of 32)');
  });
});

describe('planFor', () => {
  it('reads from just below the compacted revision to one past the current one', () => {
    expect(planFor({ revision: 8, compacted: 5 })).toEqual({ reads: [4, 5, 6, 7, 8, 9], watches: [4, 5] });
    expect(planFor({ revision: 3, compacted: 0 })).toEqual({ reads: [1, 2, 3, 4], watches: [1] });
  });

  it('keeps both edges and spreads the rest when the history is long', () => {
    const { reads } = planFor({ revision: 60, compacted: 5 });
    expect(reads).toHaveLength(PROBE_READS);
    expect(reads.slice(0, 4)).toEqual([4, 5, 6, 7]);
    expect(reads.slice(-4)).toEqual([58, 59, 60, 61]);
    expect([...reads].sort((a, b) => a - b)).toEqual(reads);
  });
});
