import { describe, expect, it } from 'vitest';
import { parseRoster, RosterFormatError } from './schema';
import { sampleRoster } from './testing/rosters';
import { readRosterFile } from './viewer';

describe('parseRoster', () => {
  it('reads back what the roster writes', () => {
    const roster = sampleRoster();
    expect(parseRoster(JSON.stringify(roster))).toEqual(roster);
  });

  it('names the first thing wrong', () => {
    const roster = sampleRoster();
    const broken = (mutate: (r: any) => void) => {
      const copy = JSON.parse(JSON.stringify(roster));
      mutate(copy);
      return JSON.stringify(copy);
    };
    const cases: [string, string][] = [
      ['[1', 'not JSON'],
      ['{"schema": 2}', 'schema is 2, expected 1 (is this a roster.json?)'],
      [broken((r) => delete r.settings), 'settings must be an object'],
      [broken((r) => (r.learners[1].labs = r.learners[1].labs.slice(1))), 'learners[1].labs has 1 entries for 2 labs'],
      [broken((r) => (r.learners[2].labs[1].lab = 'alpha')), 'learners[2].labs[1].lab is "alpha", expected "beta"'],
      [broken((r) => (r.learners[0].labs[0].status = 'great')), 'learners[0].labs[0].status is "great"'],
      [broken((r) => (r.learners[1].labs[0].failing[0].property = 3)), 'learners[1].labs[0].failing[0].property must be a string'],
      [broken((r) => (r.learners[2].labs[0].own.valid = 'yes')), 'learners[2].labs[0].own.valid must be true or false'],
      [broken((r) => (r.learners[0].labs[0].score.earned = -1)), 'learners[0].labs[0].score.earned must be a non-negative integer'],
    ];
    for (const [text, message] of cases) {
      expect(() => parseRoster(text)).toThrow(RosterFormatError);
      expect(() => parseRoster(text)).toThrow(message);
    }
  });
});

describe('readRosterFile', () => {
  it('says what was opened, or why it is not a roster', () => {
    const ok = readRosterFile('roster.json', JSON.stringify(sampleRoster()));
    expect(ok).toMatchObject({ message: 'roster.json: 5 learners × 2 labs, regraded 2026-03-02.' });
    expect(readRosterFile('class.json', '{"learners": []}')).toEqual({ error: 'class.json is not a roster.json: schema is undefined, expected 1 (is this a roster.json?).' });
  });
});
