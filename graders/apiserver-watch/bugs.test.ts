import { describe, expect, it } from 'vitest';
import { listScenarios } from '../core/scenarios';
import { applyPatches, bugPatches, BUGS } from './bugs';
import { PROPERTIES } from './checks';
import { apiserverWatch } from './grader';
import { bugMap, grade, readRepoFile } from './testing';

const SEEDS = ['1', '2', '3'];
/** HIDDEN are the generated scenarios only: the examples do not depend on the seed. */
const HIDDEN = listScenarios(apiserverWatch)
  .filter((s) => !s.visible)
  .map((s) => s.id);
const properties = new Set<string>([...Object.values(PROPERTIES), 'bounded']);

describe('the bug corpus', () => {
  it('has at least eight bugs with unique ids, each expecting properties the lab checks', () => {
    expect(BUGS.length).toBeGreaterThanOrEqual(8);
    expect(new Set(BUGS.map((b) => b.id)).size).toBe(BUGS.length);
    for (const bug of BUGS) for (const p of bug.expect) expect(properties.has(p), `${bug.id} expects ${p}`).toBe(true);
  });

  it.each(BUGS.map((b) => [b.id, b] as const))('%s patches text that occurs exactly once', (_id, bug) => {
    const patched = applyPatches(readRepoFile, bugPatches(bug));
    for (const [path, text] of Object.entries(patched)) expect(text).not.toBe(readRepoFile(path));
  });

  it.each(BUGS.map((b) => [b.id, b] as const))('%s fails hidden scenarios on every seed tried, with a property that points at it', { timeout: 60_000 }, (_id, bug) => {
    const modules = bugMap(bug);
    for (const seed of SEEDS) {
      const failed = grade(modules, { seed, only: HIDDEN, failFast: true, maxShrinkRuns: 0 }).find((r) => !r.passed);
      expect(failed, `${bug.id} passed seed ${seed}`).toBeDefined();
      expect(bug.expect, `${bug.id}, seed ${seed}: ${failed!.message}`).toContain(failed!.property);
      expect(failed!.message.startsWith(`${failed!.property}: `)).toBe(true);
    }
  });
});
