import { ContractViolation } from '../../engine/sim/contract';
import { SimulationLimitError } from '../../engine/sim/kernel';
import type { AnyLabGrader, Verdict } from './lab';
import type { Denial, ModuleMap, Realm } from './realm/realm';
import { LabCodeError } from './realm/realm';
import { replayCommand, type ScenarioResult } from './report';
import { generationSeed, listScenarios, playHidden, simulationSeed, type ScenarioRef } from './scenarios';

/** GradeRequest says what to grade: a seed, and optionally a subset of scenarios. */
export interface GradeRequest {
  seed: string;
  /** only restricts the run to these scenario ids. */
  only?: readonly string[];
  /** skip leaves out scenarios already graded (a host resuming after a time-out). */
  skip?: readonly string[];
  /** replayArgs are extra CLI arguments every replay command must carry (e.g. --file x.ts). */
  replayArgs?: readonly string[];
  /** shard plays every count-th selected scenario, starting at index: hosts grade in parallel workers. */
  shard?: { index: number; count: number };
  /** failFast stops after the first failed scenario (graders' own tests use it). */
  failFast?: boolean;
  /** maxShrinkRuns overrides the shrinking budget (0: report the generated case as is). */
  maxShrinkRuns?: number;
}

/** GradeEnv is where lab code comes from: its modules, and a factory of fresh realms. */
export interface GradeEnv {
  modules: ModuleMap;
  makeRealm: () => Realm;
  /** onRun is called before every run of lab code, so a host's watchdog can tell progress from a hang. */
  onRun?: () => void;
}

/** GradeEvent reports progress: a scenario starting, then its result. */
export type GradeEvent =
  | { type: 'start'; id: string; title: string; visible: boolean; position: number; total: number }
  | { type: 'result'; result: ScenarioResult; position: number; total: number };

/** UnknownScenarioError is thrown for an --only id the lab does not have. */
export class UnknownScenarioError extends Error {
  constructor(lab: string, id: string, known: readonly string[]) {
    super(`lab ${lab} has no scenario "${id}" (it has ${known.slice(0, 6).join(', ')}${known.length > 6 ? ', …' : ''})`);
    this.name = 'UnknownScenarioError';
  }
}

/**
 * selectScenarios lists the scenarios a request covers, in grading order:
 * those named by `only` (or all), then this shard's share, minus `skip`.
 */
export function selectScenarios(grader: AnyLabGrader, request: Pick<GradeRequest, 'only' | 'skip' | 'shard'>): ScenarioRef[] {
  const all = listScenarios(grader);
  const ids = all.map((s) => s.id);
  let picked = all;
  if (request.only && request.only.length > 0) {
    for (const id of request.only) if (!ids.includes(id)) throw new UnknownScenarioError(grader.info.id, id, ids);
    picked = all.filter((s) => request.only!.includes(s.id));
  }
  const shard = request.shard;
  if (shard) picked = picked.filter((_, i) => i % shard.count === shard.index);
  const skip = new Set(request.skip ?? []);
  return picked.filter((s) => !skip.has(s.id));
}

/**
 * playOnce runs one scenario in a fresh realm and turns whatever lab code
 * throws into a failed verdict: an exception in the learner's component is a
 * failure of that scenario, never a crash of the grader. Lab code that used
 * the clock, unseeded randomness or the host fails as such, whatever the
 * scenario's own verdict (code inside the realm may have caught the error).
 */
export function playOnce(grader: AnyLabGrader, data: unknown, seed: string, env: GradeEnv): Verdict {
  env.onRun?.();
  const realm = env.makeRealm().binaryData(grader.binaryData === true).load(env.modules);
  let verdict: Verdict;
  try {
    verdict = grader.run(data, { seed, realm });
  } catch (e) {
    verdict = verdictForError(e);
  }
  const denial = realm.denial();
  return denial ? verdictForDenial(denial) : verdict;
}

/** verdictForDenial explains lab code's use of a denied capability, at the learner's line. */
export function verdictForDenial(d: Denial): Verdict {
  const at = d.where ? ` (at ${d.where})` : '';
  return d.kind === 'nondeterministic'
    ? { passed: false, property: 'deterministic', message: `nondeterministic: your code called ${d.what}${at}; ${d.advice}` }
    : { passed: false, property: 'confined', message: `confined: your code tried to use ${d.what}${at}; ${d.advice}` };
}

/** FROZEN matches V8's errors for writes to frozen objects (and PRELUDE's for tamed built-ins). */
const FROZEN = /Cannot (assign to read only property|add property|define property|redefine property|delete property)|object is not extensible|of a built-in prototype/;

/** verdictForError explains an exception that escaped a scenario run. */
export function verdictForError(e: unknown): Verdict {
  if (e instanceof LabCodeError) return verdictForLabError(e);
  if (e instanceof ContractViolation) {
    return { passed: false, property: 'contract', message: e.message };
  }
  if (e instanceof SimulationLimitError) {
    return { passed: false, property: 'bounded', message: `${e.message}` };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return {
    passed: false,
    property: 'contract',
    message: `the grader could not use your component's output (${err.name}: ${err.message}); check the types and the contract in the lab statement`,
  };
}

function verdictForLabError(e: LabCodeError): Verdict {
  const at = e.where ? ` (at ${e.where})` : '';
  switch (e.errorName) {
    case 'NondeterminismError':
      return { passed: false, property: 'deterministic', message: `nondeterministic: ${e.message}${at}` };
    case 'ConfinementError':
      return { passed: false, property: 'confined', message: `confined: ${e.message}${at}` };
    case 'NonError':
      return { passed: false, property: 'no-exceptions', message: `your code threw a non-Error value: ${e.message}; throw an Error, so the grader can show where` };
  }
  let hint = '';
  if (e.errorName === 'RangeError' && /Maximum call stack size exceeded/.test(e.message)) hint = ': unbounded recursion?';
  else if (e.errorName === 'TypeError' && FROZEN.test(e.message)) hint = ": the built-ins and the engine's modules are frozen, lab code cannot change them";
  return { passed: false, property: 'no-exceptions', message: `your code threw ${e.describe()}${hint}` };
}

/** gradeScenario plays one scenario (shrinking a failing hidden one) and reports it. */
export function gradeScenario(grader: AnyLabGrader, ref: ScenarioRef, request: GradeRequest, env: GradeEnv): ScenarioResult {
  const seed = simulationSeed(request.seed, ref.id);
  const replay = replayCommand(grader.info.id, request.seed, ref.id, request.replayArgs);
  const base = { id: ref.id, title: ref.title, visible: ref.visible, replay };
  if (ref.visible) {
    const example = grader.examples.find((e) => e.id === ref.id)!;
    return withVerdict(base, playOnce(grader, example.data, seed, env));
  }
  const family = grader.families.find((f) => f.name === ref.family)!;
  const outcome = playHidden(family.arbitrary, generationSeed(request.seed, ref.id), (data) => playOnce(grader, data, seed, env), request.maxShrinkRuns);
  if (outcome.verdict.passed) return withVerdict(base, outcome.verdict);
  const shrunk = outcome.shrinks > 0 ? ` (shrunk ${outcome.shrinks} times)` : '';
  return withVerdict(base, {
    ...outcome.verdict,
    message: `${outcome.verdict.message}\nMinimal reproduction${shrunk}: ${grader.describe(outcome.data)}`,
  });
}

/** gradeLab grades every selected scenario in order, reporting progress through onEvent. */
export function gradeLab(
  grader: AnyLabGrader,
  request: GradeRequest,
  env: GradeEnv,
  onEvent: (event: GradeEvent) => void = () => {},
): ScenarioResult[] {
  const refs = selectScenarios(grader, request);
  const results: ScenarioResult[] = [];
  for (const [i, ref] of refs.entries()) {
    onEvent({ type: 'start', id: ref.id, title: ref.title, visible: ref.visible, position: i + 1, total: refs.length });
    const result = gradeScenario(grader, ref, request, env);
    results.push(result);
    onEvent({ type: 'result', result, position: i + 1, total: refs.length });
    if (request.failFast && !result.passed) break;
  }
  return results;
}

function withVerdict(base: Omit<ScenarioResult, 'passed' | 'message'>, verdict: Verdict): ScenarioResult {
  return verdict.passed
    ? { ...base, passed: true, message: verdict.message }
    : { ...base, passed: false, property: verdict.property, message: verdict.message };
}
