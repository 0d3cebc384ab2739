import { describe, expect, it } from 'vitest';
import { describeLog, LOG_COLUMNS } from './member-table';

const entry = (index: number, term: number, commit: number) => ({ index, term, committed: index <= commit, label: 'empty' });

describe('describeLog', () => {
  it('says when a log is empty', () => {
    expect(describeLog({ log: [], commit: 0 })).toBe('empty log');
  });

  it('lists the terms and how far the log is committed', () => {
    const log = [entry(1, 1, 2), entry(2, 1, 2), entry(3, 2, 2)];
    expect(describeLog({ log, commit: 2 })).toBe('3 entries, of terms 1 1 2; committed up to 2');
  });

  it('describes only the entries the table shows when the log is longer', () => {
    const n = LOG_COLUMNS + 3;
    const log = Array.from({ length: n }, (_, k) => entry(k + 1, 3, n));
    expect(describeLog({ log, commit: n })).toBe(`entries 4 to ${n}, of terms ${Array(LOG_COLUMNS).fill(3).join(' ')}; committed up to ${n}`);
  });
});
