import { describe, expect, it } from 'vitest';
import type { Roster } from './schema';
import { MergeError, mergeRosters, shardSlice } from './shards';
import { sampleRoster } from './testing/rosters';

/** split makes the n shard outputs a sharded run of `roster` would have written. */
function split(roster: Roster, count: number): Roster[] {
  return Array.from({ length: count }, (_, k) => ({
    ...roster,
    generatedAt: `2026-03-02T08:3${k}:00.000Z`,
    shard: { index: k + 1, count, classSize: roster.learners.length },
    learners: shardSlice(roster.learners, { index: k + 1, count }),
  }));
}

describe('shardSlice', () => {
  it('deals items round-robin, so the shards together hold each once', () => {
    const items = [0, 1, 2, 3, 4, 5, 6];
    expect([1, 2, 3].map((index) => shardSlice(items, { index, count: 3 }))).toEqual([[0, 3, 6], [1, 4], [2, 5]]);
  });
});

describe('mergeRosters', () => {
  const roster = sampleRoster();

  it('restores class order from the shards in any order, with the latest generatedAt and no shard field', () => {
    for (const count of [1, 2, 3, 5, 7]) {
      const parts = split(roster, count).reverse();
      const merged = mergeRosters(parts);
      expect(merged).toEqual({ ...roster, generatedAt: `2026-03-02T08:3${count - 1}:00.000Z` });
      expect('shard' in merged).toBe(false);
    }
  });

  it('refuses what is not one complete sharded run', () => {
    const parts = split(roster, 3);
    const cases: [Roster[], string][] = [
      [[], 'no shards to merge'],
      [[roster], '#1 is not a shard\'s output (it has no "shard"): it is a whole roster already'],
      [[parts[0], parts[1]], 'shard 3/3 missing'],
      [[parts[0], parts[1], parts[1]], 'shard 2/3 is given twice (#2 and #3)'],
      [[parts[0], parts[1], { ...parts[2], secretId: 'ffffffff' }], '#3 was graded with another secret (id ffffffff, not 0badc0de)'],
      [[parts[0], parts[1], { ...parts[2], settings: { runTimeoutMs: 1000, maxShrinkRuns: 0 } }], '#3 was graded with other settings'],
      [[parts[0], parts[1], { ...parts[2], labs: roster.labs.slice(0, 1) }], '#3 regraded other labs (alpha)'],
      [[parts[0], parts[1], { ...parts[2], learners: [] }], '#3 (shard 3/3) has 0 learners; it should have 1'],
      [[parts[0], { ...parts[1], shard: { index: 2, count: 4, classSize: 5 } }], '#2 is shard 2/4 of a class of 5, but #1 is of 3 shards of a class of 5'],
    ];
    for (const [given, message] of cases) {
      expect(() => mergeRosters(given)).toThrow(MergeError);
      expect(() => mergeRosters(given)).toThrow(message);
    }
  });
});
