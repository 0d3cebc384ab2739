/**
 * describeBugCorpus is the test every lab's bug corpus gets: the corpus has
 * at least eight bugs with unique ids expecting only properties the lab
 * checks; each bug's patch applies to text that occurs exactly once; each
 * bug fails the hidden scenarios on every seed tried, with a property it
 * expects, named at the start of the message; and, when `shrunkSeed` is
 * given, it still names its property once the failure is shrunk.
 */
import { describe, expect, it } from 'vitest';
import type { AnyLabGrader } from '../lab';
import { applyPatches, mutationPatches, type Mutation } from '../mutations';
import { listScenarios } from '../scenarios';
import { labHarness, readRepoFile } from './lab-harness';

export interface BugCorpusOptions {
  grader: AnyLabGrader;
  bugs: readonly Mutation[];
  /** properties the lab's checkers (and runner) can name. */
  properties: Iterable<string>;
  /** seeds each bug must fail on, unshrunk (default 1, 2, 3). */
  seeds?: readonly string[];
  /** shrunkSeed, when set, is graded with shrinking: the property must survive it. */
  shrunkSeed?: string;
}

export function describeBugCorpus(options: BugCorpusOptions): void {
  const { grader, bugs } = options;
  const seeds = options.seeds ?? ['1', '2', '3'];
  const properties = new Set(options.properties);
  const { mutantMap, grade } = labHarness(grader);
  // The examples do not depend on the seed: only the generated scenarios are graded.
  const hidden = listScenarios(grader)
    .filter((s) => !s.visible)
    .map((s) => s.id);
  const cases = bugs.map((b) => [b.id, b] as const);

  describe('the bug corpus', () => {
    it('has at least eight bugs with unique ids, each expecting properties the lab checks', () => {
      expect(bugs.length).toBeGreaterThanOrEqual(8);
      expect(new Set(bugs.map((b) => b.id)).size).toBe(bugs.length);
      for (const bug of bugs) for (const p of bug.expect) expect(properties.has(p), `${bug.id} expects ${p}`).toBe(true);
    });

    it.each(cases)('%s patches text that occurs exactly once', (_id, bug) => {
      const patched = applyPatches(readRepoFile, mutationPatches(bug));
      for (const [path, text] of Object.entries(patched)) expect(text).not.toBe(readRepoFile(path));
    });

    it.each(cases)('%s fails hidden scenarios on every seed tried, with a property that points at it', { timeout: 60_000 }, (_id, bug) => {
      const modules = mutantMap(bug);
      for (const seed of seeds) {
        const failed = grade(modules, { seed, only: hidden, failFast: true, maxShrinkRuns: 0 }).find((r) => !r.passed);
        expect(failed, `${bug.id} passed seed ${seed}`).toBeDefined();
        expect(bug.expect, `${bug.id}, seed ${seed}: ${failed!.message}`).toContain(failed!.property);
        expect(failed!.message.startsWith(`${failed!.property}: `)).toBe(true);
      }
    });

    const shrunkSeed = options.shrunkSeed;
    if (shrunkSeed !== undefined) {
      it.each(cases)('%s still names its property once shrunk', { timeout: 60_000 }, (_id, bug) => {
        const failed = grade(mutantMap(bug), { seed: shrunkSeed, only: hidden, failFast: true }).find((r) => !r.passed);
        expect(failed, `${bug.id} passed seed ${shrunkSeed}`).toBeDefined();
        expect(bug.expect, `${bug.id}: ${failed!.message}`).toContain(failed!.property);
        expect(failed!.message).toContain('Minimal reproduction');
      });
    }
  });
}
