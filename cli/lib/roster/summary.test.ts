import { describe, expect, it } from 'vitest';
import { familyOf, summarize } from './summary';
import { sampleRoster } from './testing/rosters';

describe('summarize', () => {
  const summary = summarize(sampleRoster());

  it('counts each lab’s learners by outcome, with the pass rate over the whole class', () => {
    expect(summary.labs.map(({ lab, ...s }) => ({ lab: lab.id, ...s }))).toEqual([
      { lab: 'alpha', learners: 5, graded: 3, passed: 1, missing: 0, refused: 1, errors: 1, compileErrors: 0, differs: 1, passRate: 0.2, meanScore: (100 + 60 + 90) / 3 },
      { lab: 'beta', learners: 5, graded: 3, passed: 1, missing: 1, refused: 0, errors: 1, compileErrors: 1, differs: 1, passRate: 0.2, meanScore: (100 + 75 + 0) / 3 },
    ]);
  });

  it('counts hidden failures by family and examples by id, once per learner, most failed first', () => {
    expect(summary.scenarios.map((s) => [s.lab, s.key, s.hidden, s.learners, s.share])).toEqual([
      ['alpha', 'partitions', true, 2, 2 / 3],
      ['alpha', 'crashes', true, 1, 1 / 3],
      ['alpha', 'three-nodes', false, 1, 1 / 3],
      ['beta', 'defrag', true, 1, 1 / 3],
    ]);
    expect(summary.scenarios[0].title).toBe('partitions family');
  });

  it('counts violated properties by learners, and by failing scenarios', () => {
    expect(summary.properties.map((p) => [p.lab, p.property, p.learners, p.scenarios])).toEqual([
      ['alpha', 'election safety', 2, 4],
      ['alpha', 'log matching', 1, 1],
      ['beta', 'defrag keeps data', 1, 1],
    ]);
  });

  it('names a hidden scenario’s family by dropping its number', () => {
    expect(familyOf('leader-isolation-12')).toBe('leader-isolation');
    expect(familyOf('mixed')).toBe('mixed');
  });
});
