/**
 * Confinement, part one: lab code that runs away (loops, callbacks that never
 * end, memory, recursion, thrown non-Errors) or is nondeterministic ends as a
 * clear failure of its own lab, graded through the CLI exactly as a learner
 * or the roster would, and the grading process carries on.
 */
import { describe, expect, it } from 'vitest';
import { expectFailedAs, grade, NONDETERMINISTIC, parseReport, RUNAWAY, sandboxesGone } from '../fixtures/hostile/corpus';

describe('runaway lab code ends as a failure of its lab', () => {
  for (const h of RUNAWAY) {
    it(`${h.name} (${h.lab}) fails with ${h.property}`, () => expectFailedAs(h));
  }
});

describe('nondeterministic lab code is reported as such, at the learner’s line', () => {
  for (const h of NONDETERMINISTIC) {
    it(`${h.name} (${h.lab}) fails with ${h.property}`, () => expectFailedAs(h));
  }
});

describe('after the corpus', () => {
  it('the grading process is healthy: the reference still passes, in fresh sandboxes that all end', async () => {
    const graded = await grade(['etcd-quorum', '--reference', '--seed', '1', '--only', 'three-member-election,lossy-links', '--json']);
    expect(graded.code, graded.stderr).toBe(0);
    expect(parseReport(graded.stdout)).toMatchObject({ passed: true, score: { earned: 2, total: 2 } });
    expect(process.exitCode ?? 0).toBe(0);
    expect(await sandboxesGone()).toEqual([]);
  });
});
