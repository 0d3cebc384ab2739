import { describe, expect, it } from 'vitest';
import { labStatus, tally } from './status';

describe('labStatus', () => {
  it('is not started without a graded attempt', () => {
    expect(labStatus(undefined)).toBe('not-started');
  });

  it('follows the latest graded attempt, not the best one', () => {
    expect(labStatus({ passed: true })).toBe('passed');
    expect(labStatus({ passed: false })).toBe('attempted');
  });
});

describe('tally', () => {
  it('counts each status, zero for the absent ones', () => {
    expect(tally(['passed', 'attempted', 'passed'])).toEqual({ 'not-started': 0, attempted: 1, passed: 2 });
    expect(tally([])).toEqual({ 'not-started': 0, attempted: 0, passed: 0 });
  });
});
