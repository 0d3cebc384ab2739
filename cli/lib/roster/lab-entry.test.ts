import { describe, expect, it } from 'vitest';
import type { LabInfo } from '../../../graders/core/lab';
import { buildRecord, serializeRecord } from '../../../graders/core/record';
import { buildReport, type ScenarioResult } from '../../../graders/core/report';
import type { LabSnapshot } from './git-read';
import { clip, labEntry, unreadEntry } from './lab-entry';
import { MAX_MESSAGE_CHARS } from './schema';

const INFO: LabInfo = { id: 'toy', title: 'Toy', summary: '', lesson: '/', files: ['toy.ts'], reference: {}, solution: [] };
const PATH = 'labs/toy/toy.ts';
const CODE = 'export const toy = 1;\n';

const result = (id: string, passed: boolean, visible = false): ScenarioResult => ({
  id,
  title: `${id} title`,
  visible,
  passed,
  ...(passed ? {} : { property: 'sum' }),
  message: passed ? 'ok' : `sum: expected 3, got 2\nMinimal reproduction: add 1, 2`,
  replay: `npm run grade -- toy --seed 9 --only ${id}`,
});
const report = (...passes: boolean[]) => buildReport('toy', '9', passes.map((p, i) => result(`family-${i + 1}`, p)), 10);
const record = (claim: ReturnType<typeof report>, text = CODE) => ({ text: serializeRecord(buildRecord(claim, { [PATH]: text })) });
const snapshot = (over: Partial<LabSnapshot> = {}): LabSnapshot => ({
  files: { status: 'ok', sources: [{ path: PATH, text: CODE }] },
  record: null,
  attempts: 2,
  lastActivity: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('labEntry', () => {
  it('takes the regrade’s score and failing scenarios (first line of each message)', () => {
    const e = labEntry(INFO, 3, snapshot(), '42', { kind: 'report', report: report(true, false, true) });
    expect(e).toEqual({
      lab: 'toy',
      status: 'graded',
      seed: '42',
      score: { earned: 2, total: 3 },
      passed: false,
      failing: [{ id: 'family-2', title: 'family-2 title', visible: false, property: 'sum', message: 'sum: expected 3, got 2' }],
      attempts: 2,
      lastActivity: '2026-01-01T00:00:00.000Z',
      own: null,
      differs: false,
      differences: [],
    });
  });

  it('agrees with an honest own result for the committed files', () => {
    const e = labEntry(INFO, 3, snapshot({ record: record(report(true, true, true)) }), '42', { kind: 'report', report: report(true, true, true) });
    expect(e.own).toEqual({ valid: true, seed: '9', passed: true, score: { earned: 3, total: 3 }, matchesFiles: true });
    expect(e).toMatchObject({ passed: true, differs: false, differences: [] });
  });

  it('flags a claimed pass the regrade refutes', () => {
    const e = labEntry(INFO, 3, snapshot({ record: record(report(true, true, true)) }), '42', { kind: 'report', report: report(true, false, false) });
    expect(e.differs).toBe(true);
    expect(e.differences).toEqual(['own result passed, the regrade failed', 'own score 3/3, regrade 1/3']);
  });

  it('flags a score that differs even when both fail', () => {
    const e = labEntry(INFO, 3, snapshot({ record: record(report(true, true, false)) }), '42', { kind: 'report', report: report(true, false, false) });
    expect(e.differences).toEqual(['own score 2/3, regrade 1/3']);
  });

  it('flags a record made for other files than those committed', () => {
    const e = labEntry(INFO, 3, snapshot({ record: record(report(true, true, true), 'export const toy = 2;\n') }), '42', { kind: 'report', report: report(true, true, true) });
    expect(e.own).toMatchObject({ valid: true, matchesFiles: false });
    expect(e.differences).toEqual(['own result is not for the committed files (its digests differ)']);
  });

  it('flags an unreadable record', () => {
    const e = labEntry(INFO, 3, snapshot({ record: { text: '{"schema": 1, "lab": "toy"' } }), '42', { kind: 'report', report: report(true, true, true) });
    expect(e.own).toEqual({ valid: false, error: 'labs/toy/report.json is not valid JSON' });
    expect(e.differences).toEqual(['own result unreadable: labs/toy/report.json is not valid JSON']);
  });

  it('grades code that does not compile as 0 of every scenario, with the compiler’s reason', () => {
    const e = labEntry(INFO, 3, snapshot(), '42', { kind: 'compile-error', message: "labs/toy/toy.ts:1:7 - error TS2322: Type 'string' is not assignable to type 'number'." });
    expect(e).toMatchObject({ status: 'graded', score: { earned: 0, total: 3 }, passed: false, failing: [], compileError: "labs/toy/toy.ts:1:7 - error TS2322: Type 'string' is not assignable to type 'number'." });
  });

  it('keeps a refusal’s reason, and flags a record claiming a pass for files that could not be regraded', () => {
    const refused = snapshot({ files: { status: 'refused', reason: 'labs/toy/toy.ts is a symbolic link' }, record: record(report(true, true, true)) });
    const e = labEntry(INFO, 3, refused, '42', undefined);
    expect(e).toMatchObject({ status: 'refused', reason: 'labs/toy/toy.ts is a symbolic link', score: null, passed: false, differs: true });
    expect(e.seed).toBeUndefined();
    expect(e.differences).toEqual(['own result is not for the committed files (its digests differ)', 'own result passed 3/3, but the lab could not be regraded (refused)']);
  });

  it('makes a grading failure an error of that lab', () => {
    expect(labEntry(INFO, 3, snapshot(), '42', { kind: 'error', reason: 'grading failed: the grading worker did not start within 30 s' })).toMatchObject({
      status: 'error',
      reason: 'grading failed: the grading worker did not start within 30 s',
      score: null,
    });
  });
});

describe('unreadEntry', () => {
  it('is a lab of a repository that could not be read', () => {
    expect(unreadEntry(INFO, 'error', 'no such host')).toEqual({ lab: 'toy', status: 'error', reason: 'no such host', score: null, passed: false, failing: [], attempts: 0, lastActivity: null, own: null, differs: false, differences: [] });
  });
});

describe('clip', () => {
  it('keeps the first line, at most MAX_MESSAGE_CHARS characters', () => {
    expect(clip('one\ntwo')).toBe('one');
    const long = clip('x'.repeat(10_000));
    expect(long).toHaveLength(MAX_MESSAGE_CHARS);
    expect(long.endsWith('…')).toBe(true);
  });
});
