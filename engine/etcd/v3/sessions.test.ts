import { describe, expect, it } from 'vitest';
import { SessionTable } from './sessions';

describe('SessionTable', () => {
  it('runs a write once and answers its retries with the first outcome', () => {
    const t = new SessionTable<string>();
    let runs = 0;
    const run = () => `rev ${++runs}`;
    expect(t.apply('c#1', 1, 1, run)).toBe('rev 1');
    expect(t.apply('c#1', 1, 1, run)).toBe('rev 1');
    expect(runs).toBe(1);
  });

  it('applies writes that reach the log out of seq order', () => {
    const t = new SessionTable<number>();
    expect(t.apply('c#1', 3, 2, () => 3)).toBe(3);
    expect(t.apply('c#1', 2, 2, () => 2)).toBe(2);
    expect(t.apply('c#1', 3, 2, () => 99)).toBe(3);
  });

  it('skips a write below the floor, and forgets outcomes below it', () => {
    const t = new SessionTable<number>();
    t.apply('c#1', 1, 1, () => 1);
    t.apply('c#1', 2, 1, () => 2);
    expect(t.remembered('c#1')).toBe(2);
    expect(t.apply('c#1', 4, 3, () => 4)).toBe(4);
    expect(t.remembered('c#1')).toBe(1);
    let ran = false;
    expect(
      t.apply('c#1', 2, 3, () => {
        ran = true;
        return 0;
      }),
    ).toBeUndefined();
    expect(ran).toBe(false);
  });

  it('keeps sessions apart: a restarted client starts afresh', () => {
    const t = new SessionTable<string>();
    t.apply('c#1', 1, 5, () => 'old');
    expect(t.apply('c#2', 1, 1, () => 'new')).toBe('new');
  });
});
