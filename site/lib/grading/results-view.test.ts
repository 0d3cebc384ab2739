import { describe, expect, it } from 'vitest';
import { buildReport, type ScenarioResult } from '../../../graders/core/report';
import { progressLabel, runningLine, scenarioView, scoreLabel, summaryText } from './results-view';

const pass: ScenarioResult = { id: 'a', title: 'A', visible: true, passed: true, message: 'ok', replay: 'npm run grade -- l --seed 1 --only a' };
const fail: ScenarioResult = { id: 'b-1', title: 'B', visible: false, passed: false, property: 'election-safety', message: 'two leaders', replay: 'npm run grade -- l --seed 1 --only b-1' };

describe('scenarioView', () => {
  it('shows a failure with its property, visibility and replay', () => {
    expect(scenarioView(fail)).toEqual({ id: 'b-1', title: 'B', visibility: 'hidden', verdict: 'fail', property: 'election-safety', message: 'two leaders', replay: fail.replay });
  });

  it('shows a pass without a property', () => {
    expect(scenarioView({ ...pass, property: 'stale' })).not.toHaveProperty('property');
    expect(scenarioView(pass)).toMatchObject({ visibility: 'visible', verdict: 'pass' });
  });
});

describe('labels', () => {
  it('count progress and score', () => {
    expect(progressLabel(12, 28)).toBe('12/28');
    expect(scoreLabel(buildReport('l', '1', [pass, fail], 5))).toBe('1/2');
  });

  it('say what is being graded, with progress once the total is known', () => {
    expect(runningLine('etcd-quorum', '42', 0, undefined)).toBe('Grading etcd-quorum with seed 42…');
    expect(runningLine('etcd-quorum', '42', 3, 28)).toBe('Grading etcd-quorum with seed 42… 3/28');
  });

  it('sum up a report as the CLI does, with the seed', () => {
    expect(summaryText(buildReport('l', '7', [pass, fail], 1500))).toBe('l: 1/2 scenarios passed, 1 failed (seed 7, 1.5 s)');
  });
});
