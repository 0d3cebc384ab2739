/**
 * Test suites shared by the etcd-quorum grader's test files, which are split
 * so that vitest runs them in parallel: the reference must pass every
 * scenario on many seeds, and every bug of the corpus must fail on every one
 * of CORPUS_SEEDS, with one of the properties it expects, named in the message.
 */
import { describe, expect, it } from 'vitest';
import type { RaftBug } from './bugs';
import { bugMap, firstFailure, grade, referenceMap } from './testing';
import { etcdQuorum } from './grader';

/** CORPUS_SEEDS are the grading seeds every bug is played with. */
export const CORPUS_SEEDS = ['1', '2', '3', '4', '5'];

/** SCENARIOS is how many scenarios one grading run plays. */
const SCENARIOS = etcdQuorum.examples.length + etcdQuorum.families.reduce((n, f) => n + f.count, 0);

/** describeReference registers one test per seed in [from, to]: the reference passes every scenario. */
export function describeReference(from: number, to: number): void {
  describe(`the reference, seeds ${from} to ${to}`, () => {
    const modules = referenceMap();
    const seeds = Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
    it.each(seeds)('passes every scenario with seed %s', (seed) => {
      const results = grade(modules, { seed, maxShrinkRuns: 0 });
      expect(results).toHaveLength(SCENARIOS);
      expect(results.filter((r) => !r.passed).map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    });
  });
}

/** describeBugs registers one test per bug and seed of CORPUS_SEEDS. */
export function describeBugs(bugs: readonly RaftBug[]): void {
  for (const bug of bugs) {
    describe(`${bug.id}: ${bug.description}`, () => {
      const modules = bugMap(bug);
      it.each(CORPUS_SEEDS)('fails with seed %s, naming the property it breaks', (seed) => {
        const failed = firstFailure(modules, seed);
        expect(failed, `${bug.id} passed every scenario with seed ${seed}`).toBeDefined();
        expect(bug.expect, `${failed!.id}: ${failed!.message}`).toContain(failed!.property);
        expect(failed!.message).toContain(`${failed!.property}: `);
      });
    });
  }
}
