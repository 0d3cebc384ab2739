import { describe, expect, it } from 'vitest';
import { localRealm } from './realm/local';
import { LabCodeError } from './realm/realm';
import { gradeLab, selectScenarios, UnknownScenarioError, verdictForDenial, verdictForError, type GradeEvent } from './runner';
import { counterLab, counterModules, COUNTER_SOURCES } from './testing/counter-lab';

const env = (source: string) => ({ modules: counterModules(source), makeRealm: localRealm });

describe('gradeLab', () => {
  it('passes every scenario of a correct solution, with progress events', () => {
    const events: GradeEvent[] = [];
    const results = gradeLab(counterLab, { seed: '7' }, env(COUNTER_SOURCES.correct), (e) => events.push(e));
    expect(results.map((r) => r.id)).toEqual(['one-two-three', 'random-adds-1', 'random-adds-2', 'random-adds-3', 'random-adds-4']);
    expect(results.every((r) => r.passed)).toBe(true);
    expect(events.filter((e) => e.type === 'start')).toHaveLength(5);
    expect(results[0]).toMatchObject({ visible: true, replay: 'npm run grade -- counter --seed 7 --only one-two-three' });
    expect(results[1].visible).toBe(false);
  });

  it('shrinks a failing hidden scenario to a minimal reproduction', () => {
    const results = gradeLab(counterLab, { seed: '11' }, env(COUNTER_SOURCES.ignoresNegatives));
    const failed = results.filter((r) => !r.passed && !r.visible);
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) {
      expect(r.property).toBe('sum');
      // "Negative numbers are ignored" shrinks to a lone -1 (fast-check may keep a trailing 0).
      expect(r.message).toMatch(/Minimal reproduction \(shrunk \d+ times\): add -1(, 0)?$/);
    }
  });

  it('fails a scenario whose lab code throws, naming the error and where', () => {
    const [example] = gradeLab(counterLab, { seed: '1', only: ['one-two-three'] }, env(COUNTER_SOURCES.throws));
    expect(example.passed).toBe(false);
    expect(example.property).toBe('no-exceptions');
    expect(example.message).toMatch(/^your code threw TypeError: not yet \(at labs\/counter\/counter\.ts:\d+:\d+\)/);
  });

  it('fails lab code that reaches for Math.random as nondeterministic, at its line', () => {
    const [example] = gradeLab(counterLab, { seed: '1', only: ['one-two-three'] }, env(COUNTER_SOURCES.random));
    expect(example).toMatchObject({ passed: false, property: 'deterministic' });
    expect(example.message).toMatch(/^nondeterministic: your code called Math\.random \(at labs\/counter\/counter\.ts:\d+:\d+\); use the seeded rng/);
  });

  it('fails lab code that used a denied capability even when the scenario otherwise passed', () => {
    const sneaky = 'exports.createCounter = function () { let s = 0; return { add(n) { try { setTimeout(() => {}, 1); } catch (e) {} s += n; }, value() { return s; } }; };';
    const [example] = gradeLab(counterLab, { seed: '1', only: ['one-two-three'] }, env(sneaky));
    expect(example).toMatchObject({ passed: false, property: 'deterministic' });
    expect(example.message).toMatch(/^nondeterministic: your code called setTimeout \(at labs\/counter\/counter\.ts:/);
  });

  it('fails lab code that reaches for the host as confined', () => {
    const [example] = gradeLab(counterLab, { seed: '1', only: ['one-two-three'] }, env(COUNTER_SOURCES.requiresFs));
    expect(example).toMatchObject({ passed: false, property: 'confined' });
    expect(example.message).toMatch(/^confined: your code tried to use require\("fs"\) \(at labs\/counter\/counter\.ts:\d+:\d+\); lab code runs confined/);
  });

  it('replays identically: same seed, same results; --only gives the same result as the full run', () => {
    const a = gradeLab(counterLab, { seed: '99' }, env(COUNTER_SOURCES.ignoresNegatives));
    const b = gradeLab(counterLab, { seed: '99' }, env(COUNTER_SOURCES.ignoresNegatives));
    expect(b).toEqual(a);
    const [only] = gradeLab(counterLab, { seed: '99', only: ['random-adds-3'] }, env(COUNTER_SOURCES.ignoresNegatives));
    expect(only).toEqual(a.find((r) => r.id === 'random-adds-3'));
  });

  it('draws different hidden scenarios for different seeds', () => {
    const messages = (seed: string) => gradeLab(counterLab, { seed }, env(COUNTER_SOURCES.correct)).map((r) => r.message).join('|');
    expect(messages('1')).not.toBe(messages('2'));
  });

  it('isolates runs: module state does not leak between scenarios', () => {
    const results = gradeLab(counterLab, { seed: '5' }, env(COUNTER_SOURCES.globalState));
    expect(results.every((r) => r.passed)).toBe(true);
  });

  it('stops at the first failure with failFast, and reports unshrunk cases with no shrink budget', () => {
    const results = gradeLab(counterLab, { seed: '11', failFast: true, maxShrinkRuns: 0 }, env(COUNTER_SOURCES.ignoresNegatives));
    expect(results.at(-1)!.passed).toBe(false);
    expect(results.filter((r) => !r.passed)).toHaveLength(1);
    expect(results.at(-1)!.message).toMatch(/Minimal reproduction: add /);
  });

  it('carries replay arguments into every replay command', () => {
    const [r] = gradeLab(counterLab, { seed: '3', only: ['random-adds-1'], replayArgs: ['--file', 'my counter.ts'] }, env(COUNTER_SOURCES.correct));
    expect(r.replay).toBe("npm run grade -- counter --file 'my counter.ts' --seed 3 --only random-adds-1");
  });
});

describe('selectScenarios', () => {
  it('rejects an unknown scenario id', () => {
    expect(() => selectScenarios(counterLab, { only: ['nope'] })).toThrow(UnknownScenarioError);
    expect(() => selectScenarios(counterLab, { only: ['nope'] })).toThrow(/lab counter has no scenario "nope"/);
  });

  it('skips scenarios already graded', () => {
    expect(selectScenarios(counterLab, { skip: ['one-two-three', 'random-adds-1'] }).map((s) => s.id)).toEqual([
      'random-adds-2',
      'random-adds-3',
      'random-adds-4',
    ]);
  });
});

describe('verdicts for what lab code did', () => {
  it('explains denials by kind, with the line when there is one', () => {
    expect(verdictForDenial({ kind: 'nondeterministic', what: 'Math.random', advice: 'use config.rng', where: 'labs/x/a.ts:3:9' })).toEqual({
      passed: false,
      property: 'deterministic',
      message: 'nondeterministic: your code called Math.random (at labs/x/a.ts:3:9); use config.rng',
    });
    expect(verdictForDenial({ kind: 'confined', what: 'process.env', advice: 'no environment', where: undefined })).toEqual({
      passed: false,
      property: 'confined',
      message: 'confined: your code tried to use process.env; no environment',
    });
  });

  it('names thrown non-Errors, runaway recursion and writes to frozen objects', () => {
    expect(verdictForError(new LabCodeError('NonError', 'an object', ''))).toMatchObject({
      property: 'no-exceptions',
      message: 'your code threw a non-Error value: an object; throw an Error, so the grader can show where',
    });
    expect(verdictForError(new LabCodeError('RangeError', 'Maximum call stack size exceeded', '')).message).toBe(
      'your code threw RangeError: Maximum call stack size exceeded: unbounded recursion?',
    );
    expect(verdictForError(new LabCodeError('TypeError', 'Cannot add property x, object is not extensible', '')).message).toMatch(/: the built-ins and the engine's modules are frozen, lab code cannot change them$/);
    expect(verdictForError(new LabCodeError('TypeError', 'x is not a function', '')).message).toBe('your code threw TypeError: x is not a function');
    expect(verdictForError(new LabCodeError('NondeterminismError', 'Date.now is not available in lab code: use ticks', ''))).toMatchObject({
      property: 'deterministic',
      message: 'nondeterministic: Date.now is not available in lab code: use ticks',
    });
  });
});
