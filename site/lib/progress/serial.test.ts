import { describe, expect, it } from 'vitest';
import { serialized } from './serial';

/** Recorder is a fake file system that notes when calls overlap. */
class Recorder {
  running = 0;
  overlaps = 0;
  readonly log: string[] = [];
  async op(name: string, ms: number, fail = false): Promise<string> {
    this.running++;
    if (this.running > 1) this.overlaps++;
    this.log.push(`start ${name}`);
    await new Promise((r) => setTimeout(r, ms));
    this.log.push(`end ${name}`);
    this.running--;
    if (fail) throw new Error(`${name} failed`);
    return name;
  }
  async other(): Promise<number> {
    return this.running;
  }
}

describe('serialized', () => {
  it('runs overlapping calls one at a time, in call order, with their results', async () => {
    const r = new Recorder();
    const s = serialized(r, ['op', 'other']);
    const results = await Promise.all([s.op('a', 20), s.op('b', 1), s.other(), s.op('c', 5)]);
    expect(results).toEqual(['a', 'b', 0, 'c']);
    expect(r.overlaps).toBe(0);
    expect(r.log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('passes a failure to its caller and goes on with the next call', async () => {
    const r = new Recorder();
    const s = serialized(r, ['op']);
    const failed = s.op('a', 1, true);
    const next = s.op('b', 1);
    await expect(failed).rejects.toThrow('a failed');
    await expect(next).resolves.toBe('b');
  });

  it('refuses a member that is not a method', () => {
    expect(() => serialized({ x: 1 } as unknown as { x: () => Promise<void> }, ['x'])).toThrow(/x is not a method/);
  });
});
