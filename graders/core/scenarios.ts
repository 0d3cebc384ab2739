import * as fc from 'fast-check';
import { Rng } from '../../engine/sim/rng';
import type { AnyLabGrader, Verdict } from './lab';

/** ScenarioRef identifies one scenario of a grading run before it is generated. */
export interface ScenarioRef {
  id: string;
  title: string;
  visible: boolean;
  /** order is the scenario's position among all of the lab's scenarios. */
  order: number;
  /** family and index locate a hidden scenario's generator. */
  family?: string;
  index?: number;
}

/** listScenarios lists a lab's scenarios in grading order: examples, then each family's hidden ones. */
export function listScenarios(grader: AnyLabGrader): ScenarioRef[] {
  const refs: ScenarioRef[] = grader.examples.map((e, order) => ({ id: e.id, title: e.title, visible: true, order }));
  for (const f of grader.families) {
    for (let i = 1; i <= f.count; i++) {
      refs.push({ id: `${f.name}-${i}`, title: `${f.title} #${i}`, visible: false, order: refs.length, family: f.name, index: i });
    }
  }
  return refs;
}

/** simulationSeed is the seed of a scenario's simulation: a function of the grading seed and its id only. */
export function simulationSeed(seed: string, scenarioId: string): string {
  return String(new Rng(`${seed}/${scenarioId}/sim`).uint32());
}

/** generationSeed is fast-check's seed for a hidden scenario (a signed 32-bit integer). */
export function generationSeed(seed: string, scenarioId: string): number {
  return new Rng(`${seed}/${scenarioId}/gen`).uint32() | 0;
}

/** MAX_SHRINK_RUNS bounds the work spent minimizing one failure, deterministically. */
export const MAX_SHRINK_RUNS = 30;

/** HiddenOutcome is a hidden scenario's verdict, and on failure its minimal reproduction. */
export interface HiddenOutcome<S> {
  verdict: Verdict;
  data: S;
  /** shrinks is how many smaller failing cases were found on the way to `data`. */
  shrinks: number;
}

/**
 * playHidden generates a hidden scenario from its seed, plays it, and when it
 * fails shrinks it with fast-check to a minimal failing case, spending at most
 * MAX_SHRINK_RUNS extra runs. Everything is a function of the seeds, so the
 * same seed replays the same minimal case.
 */
export function playHidden<S>(
  arbitrary: fc.Arbitrary<S>,
  genSeed: number,
  play: (data: S) => Verdict,
  maxShrinkRuns = MAX_SHRINK_RUNS,
): HiddenOutcome<S> {
  let runs = 0;
  let initial: { data: S; verdict: Verdict } | undefined;
  let smallest: { data: S; verdict: Verdict } | undefined;
  let shrinks = 0;
  fc.check(
    fc.property(arbitrary, (data) => {
      runs++;
      // Past the budget, report success so fast-check stops exploring: the
      // smallest failure found so far stands as the reproduction.
      if (runs > maxShrinkRuns + 1) return true;
      const verdict = play(data);
      if (!initial) initial = { data, verdict };
      else if (!verdict.passed) shrinks++;
      if (!verdict.passed) smallest = { data, verdict };
      return verdict.passed;
    }),
    { seed: genSeed, numRuns: 1 },
  );
  if (!initial) throw new Error('fast-check generated no scenario');
  return smallest ? { ...smallest, shrinks } : { ...initial, shrinks: 0 };
}

/** sampleHidden returns the data of a hidden scenario without playing it. */
export function sampleHidden<S>(arbitrary: fc.Arbitrary<S>, genSeed: number): S {
  return fc.sample(arbitrary, { seed: genSeed, numRuns: 1 })[0];
}
