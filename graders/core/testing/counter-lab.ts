import * as fc from 'fast-check';
import type { LabGrader } from '../lab';

/**
 * counterLab is a tiny lab for testing the grading machinery itself: the
 * learner writes createCounter() returning {add(n), value()}, and scenarios
 * check the sum. Its lab code is given as sources in COUNTER_SOURCES.
 */
export interface CounterScenario {
  adds: number[];
}

export const counterLab: LabGrader<CounterScenario> = {
  info: {
    id: 'counter',
    title: 'Counter (test fixture)',
    summary: 'Sum the numbers you are given.',
    lesson: '/',
    files: ['counter.ts'],
    reference: { 'counter.ts': 'labs/counter/reference.ts' },
    solution: [],
  },
  examples: [{ id: 'one-two-three', title: 'adds 1, 2 and 3', data: { adds: [1, 2, 3] } }],
  families: [
    {
      name: 'random-adds',
      title: 'Random additions',
      count: 4,
      arbitrary: fc.record({ adds: fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 25 }) }),
    },
  ],
  run(data, { realm }) {
    const counter = realm.create('labs/counter/counter.ts', 'createCounter');
    for (const n of data.adds) counter.call('add', n);
    const got = counter.call('value');
    const want = data.adds.reduce((a, b) => a + b, 0);
    return got === want
      ? { passed: true, message: `sum is ${want}` }
      : { passed: false, property: 'sum', message: `sum: expected ${want}, got ${JSON.stringify(got)}` };
  },
  describe: (data) => `add ${data.adds.join(', ')}`,
};

/** counterModule wraps a createCounter body as a CommonJS lab module. */
const counterModule = (body: string) => `exports.createCounter = function () { ${body} };`;

/** COUNTER_SOURCES are lab files for the fixture: a correct one and typical failures. */
export const COUNTER_SOURCES = {
  correct: counterModule('let s = 0; return { add(n) { s += n; }, value() { return s; } };'),
  ignoresNegatives: counterModule('let s = 0; return { add(n) { if (n > 0) s += n; }, value() { return s; } };'),
  loops: counterModule('let s = 0; return { add(n) { if (n === 3) for (;;) {} s += n; }, value() { return s; } };'),
  loopsAlways: counterModule('return { add(n) { for (;;) {} }, value() { return 0; } };'),
  throws: counterModule('return { add(n) { throw new TypeError("not yet"); }, value() { return 0; } };'),
  random: counterModule('let s = 0; return { add(n) { s += n * Math.random(); }, value() { return s; } };'),
  requiresFs: `const fs = require('fs'); ${counterModule('return { add() {}, value() { return 0; } };')}`,
  escapes: counterModule(
    'let s = 0; return { add(n) { s += n; }, value() { try { return typeof process + ":" + typeof require("fs"); } catch (e) { return "blocked:" + typeof globalThis.process; } } };',
  ),
  globalState: `let total = 0; ${counterModule('return { add(n) { total += n; }, value() { return total; } };')}`,
  hogsMemory: counterModule('const a = []; return { add(n) { for (;;) a.push(new Array(1e6).fill(n)); }, value() { return 0; } };'),
  logs: counterModule('let s = 0; return { add(n) { console.log("adding", n); s += n; }, value() { return s; } };'),
} as const;

/** counterModules is a realm module map holding one of COUNTER_SOURCES as the learner's file. */
export function counterModules(source: string): Record<string, string> {
  return { 'labs/counter/counter.ts': source };
}
