/**
 * shards: how `--shard i/n` slices a class and how `roster merge` joins the
 * slices back. Learners are dealt round-robin (learner k of class.json goes
 * to shard k mod n + 1), which spreads any run of similar learners evenly,
 * and merge interleaves them back into class.json order, so a merged roster
 * equals the roster of one unsharded run (apart from generatedAt). Pure (no
 * Node APIs).
 */
import type { Roster } from './schema';

/** shardSlice is shard `index` (1-based) of `count`: every count-th item, starting at index - 1. */
export function shardSlice<T>(items: readonly T[], shard: { index: number; count: number }): T[] {
  return items.filter((_, k) => k % shard.count === shard.index - 1);
}

/** MergeError is a set of shard outputs that do not make one roster; the message says why. */
export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

/**
 * mergeRosters joins the outputs of all n shards of one roster run (any
 * order). It checks that they are shards of the same run: the same count and
 * class size, each index once, the same secret, settings and labs, and the
 * learner count each index must have.
 */
export function mergeRosters(parts: readonly Roster[], names: readonly string[] = parts.map((_, i) => `#${i + 1}`)): Roster {
  if (parts.length === 0) throw new MergeError('no shards to merge');
  parts.forEach((p, i) => {
    if (!p.shard) throw new MergeError(`${names[i]} is not a shard's output (it has no "shard"): it is a whole roster already`);
  });
  const first = parts[0];
  const { count, classSize } = first.shard!;
  const byIndex = new Map<number, Roster>();
  parts.forEach((p, i) => {
    const s = p.shard!;
    const name = names[i];
    if (s.count !== count || s.classSize !== classSize) {
      throw new MergeError(`${name} is shard ${s.index}/${s.count} of a class of ${s.classSize}, but ${names[0]} is of ${count} shards of a class of ${classSize}`);
    }
    if (byIndex.has(s.index)) throw new MergeError(`shard ${s.index}/${count} is given twice (${names[parts.indexOf(byIndex.get(s.index)!)]} and ${name})`);
    if (p.secretId !== first.secretId) throw new MergeError(`${name} was graded with another secret (id ${p.secretId}, not ${first.secretId})`);
    if (JSON.stringify(p.settings) !== JSON.stringify(first.settings)) throw new MergeError(`${name} was graded with other settings (${JSON.stringify(p.settings)})`);
    if (JSON.stringify(p.labs) !== JSON.stringify(first.labs)) throw new MergeError(`${name} regraded other labs (${p.labs.map((l) => l.id).join(', ')})`);
    const expected = Math.floor((classSize - s.index) / count) + 1;
    if (p.learners.length !== expected) throw new MergeError(`${name} (shard ${s.index}/${count}) has ${p.learners.length} learners; it should have ${expected}`);
    byIndex.set(s.index, p);
  });
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((k) => !byIndex.has(k));
  if (missing.length > 0) throw new MergeError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')} missing`);
  const learners = Array.from({ length: classSize }, (_, k) => byIndex.get((k % count) + 1)!.learners[Math.floor(k / count)]);
  const generatedAt = parts.map((p) => p.generatedAt).sort().at(-1)!;
  const { shard: _shard, ...rest } = first;
  return { ...rest, generatedAt, learners };
}

