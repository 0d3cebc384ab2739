import { describe, expect, it } from 'vitest';
import { along, circle, logWindow, TERM_COLOURS, termColour } from './layout';

describe('circle', () => {
  it('puts the first member at the top and the others clockwise, evenly spaced', () => {
    const at = circle(['n1', 'n2', 'n3', 'n4'], 100, 100, 50);
    expect([...at.values()]).toEqual([
      { x: 100, y: 50 },
      { x: 150, y: 100 },
      { x: 100, y: 150 },
      { x: 50, y: 100 },
    ]);
  });
});

describe('along', () => {
  const a = { x: 0, y: 0 };
  const b = { x: 100, y: 0 };

  it('runs from rim to rim when given the hosts’ radius', () => {
    expect(along(a, b, 0, 10)).toEqual({ x: 10, y: 0 });
    expect(along(a, b, 0.5, 10)).toEqual({ x: 50, y: 0 });
    expect(along(a, b, 1, 10)).toEqual({ x: 90, y: 0 });
  });

  it('clamps progress to the link', () => {
    expect(along(a, b, -1)).toEqual(a);
    expect(along(a, b, 2)).toEqual(b);
  });
});

describe('logWindow', () => {
  it('shows every index while the longest log fits', () => {
    expect(logWindow([{ lastIndex: 3 }, { lastIndex: 5 }], 8)).toEqual({ first: 1, last: 5 });
  });

  it('shows the newest indices once the longest log is longer than the panel', () => {
    expect(logWindow([{ lastIndex: 30 }, { lastIndex: 12 }], 8)).toEqual({ first: 23, last: 30 });
  });

  it('is empty when every log is', () => {
    const w = logWindow([{ lastIndex: 0 }], 8);
    expect(w.first).toBeGreaterThan(w.last);
  });
});

describe('termColour', () => {
  it('gives neighbouring terms different colours and cycles', () => {
    expect(termColour(1)).not.toBe(termColour(2));
    expect(termColour(1 + TERM_COLOURS.length)).toBe(termColour(1));
  });
});
