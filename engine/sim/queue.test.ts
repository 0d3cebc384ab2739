import { describe, expect, it } from 'vitest';
import { EventQueue } from './queue';

describe('EventQueue', () => {
  it('pops by time, then by scheduling order for simultaneous events', () => {
    const q = new EventQueue<string>();
    q.push(5, 'c');
    q.push(1, 'a');
    q.push(5, 'd');
    q.push(3, 'b');
    q.push(5, 'e');
    const out: string[] = [];
    for (let e = q.pop(); e; e = q.pop()) out.push(e.value);
    expect(out).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('keeps FIFO order among many equal times', () => {
    const q = new EventQueue<number>();
    for (let i = 0; i < 500; i++) q.push(i % 3, i);
    const out: number[] = [];
    for (let e = q.pop(); e; e = q.pop()) out.push(e.value);
    const expected = [0, 1, 2].flatMap((m) => Array.from({ length: 500 }, (_, i) => i).filter((i) => i % 3 === m));
    expect(out).toEqual(expected);
  });
});
