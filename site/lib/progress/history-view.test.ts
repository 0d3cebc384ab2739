import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from './history';
import { historyRows, statusLine, statusOf } from './history-view';

const attempt = (oid: string, seed: string, earned: number, total: number): HistoryEntry => ({ kind: 'attempt', lab: 'a', oid, seed, earned, total, passed: earned === total, timeMs: 0 });

describe('historyRows', () => {
  it('numbers attempts from the oldest and leaves saves unnumbered', () => {
    const rows = historyRows(
      [attempt('c3', '9', 3, 3), { kind: 'save', lab: 'a', oid: 'c2', title: 'saved before Reset to starter', timeMs: 0 }, attempt('c1', '5', 1, 3)],
      () => '12:00',
    );
    expect(rows.map((r) => [r.name, r.score, r.seed, r.outcome])).toEqual([
      ['Attempt 2', '3/3', '9', 'passed'],
      ['Saved', '', '', 'saved before Reset to starter'],
      ['Attempt 1', '1/3', '5', 'failed'],
    ]);
  });

  it('gives each Restore button a name that says which code it brings back', () => {
    const [a, s] = historyRows([attempt('c1', '5', 1, 3), { kind: 'save', lab: 'a', oid: 'c0', title: 'saved before importing a file', timeMs: 0 }], () => 'T');
    expect(a.restoreLabel).toBe('Restore the code of attempt 1 (T, 1/3)');
    expect(s.restoreLabel).toBe('Restore the code saved before importing a file at T');
  });
});

describe('statusOf and statusLine', () => {
  it('take the status from the latest attempt, whatever saves came after', () => {
    const save: HistoryEntry = { kind: 'save', lab: 'a', oid: 's', title: 'saved for submission', timeMs: 0 };
    expect(statusOf([save, attempt('c2', '2', 1, 3), attempt('c1', '1', 3, 3)])).toBe('attempted');
    expect(statusOf([attempt('c2', '2', 3, 3)])).toBe('passed');
    expect(statusOf([save])).toBe('not-started');
    expect(statusLine('passed')).toBe('Status: passed. The latest graded attempt passed every scenario.');
  });
});
