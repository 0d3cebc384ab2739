import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, parseCsv, rosterCsv } from './csv';
import { HOSTILE_TEXT, sampleRoster } from './testing/rosters';

describe('csvField', () => {
  it('writes numbers, booleans and plain text as they are, and empty for no value', () => {
    expect([csvField(12), csvField(true), csvField('ada'), csvField(null), csvField(undefined)]).toEqual(['12', 'true', 'ada', '', '']);
  });

  it('quotes a field holding a comma, a quote or a line break, doubling its quotes (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-1)).toBe('-1');
  });
});

describe('rosterCsv', () => {
  const roster = sampleRoster();
  const text = rosterCsv(roster);
  const rows = parseCsv(text);
  const row = (learner: string, lab: string) => {
    const r = rows.find((x) => x[0] === learner && x[4] === lab)!;
    return Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i]]));
  };

  it('has a header row, then one row per learner and lab, with CRLF line ends', () => {
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + roster.learners.length * roster.labs.length);
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(rows.length + 1);
  });

  it('writes a graded row field by field', () => {
    expect(row('bob', 'alpha')).toEqual({
      learner: 'bob',
      repo: 'https://git.example/bob.git',
      branch: 'main',
      commit: 'a'.repeat(40),
      lab: 'alpha',
      status: 'graded',
      reason: '',
      score: '6',
      total: '10',
      percent: '60',
      passed: 'false',
      compile_error: '',
      failing_scenarios: 'partitions-1 partitions-3 crashes-2 three-nodes',
      failing_properties: 'election safety; log matching',
      attempts: '2',
      last_activity: '2026-03-01T10:00:00.000Z',
      own_result: 'none',
      own_passed: '',
      own_score: '',
      own_total: '',
      own_matches_files: '',
      differs: 'false',
      differences: '',
    });
  });

  it('writes the learner’s own result and how it differs', () => {
    expect(row('cy', 'alpha')).toMatchObject({ own_result: 'valid', own_passed: 'true', own_score: '10', own_total: '10', own_matches_files: 'true', differs: 'true', differences: 'own result passed, the regrade failed; own score 10/10, regrade 9/10' });
    expect(row('cy', 'beta')).toMatchObject({ status: 'graded', score: '0', total: '4', percent: '0', compile_error: 'labs/beta/b.ts:1:1 - error TS1005: ";" expected.' });
  });

  it('leaves the score empty where nothing was graded, and keeps hostile text inert', () => {
    expect(row('dee', 'alpha')).toMatchObject({ status: 'refused', score: '', total: '', percent: '', passed: 'false', reason: `labs/alpha/a.ts is a symbolic link ${HOSTILE_TEXT}` });
    expect(row('dee', 'beta')).toMatchObject({ status: 'missing', own_result: 'invalid', differences: `own result unreadable: ${HOSTILE_TEXT}` });
    expect(row('eve', 'beta')).toMatchObject({ status: 'error', branch: '', commit: '', reason: 'cannot reach http://127.0.0.1:1: connection refused' });
  });

  it('has no seeds', () => {
    expect(text).not.toContain('1000');
  });
});
