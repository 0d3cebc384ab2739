import { describe, expect, it } from 'vitest';
import { checkLinearizable, type KvOp } from './linearizability';

/** op builds a KvOp whose trace positions double as milliseconds. */
function op(client: string, kind: 'put' | 'get', value: string | null, invoke: number, complete?: number, key = 'x'): KvOp {
  return { client, key, kind, value, invoke, complete, invokeMs: invoke, completeMs: complete };
}

describe('checkLinearizable', () => {
  it('accepts a sequential history', () => {
    expect(checkLinearizable([op('c1', 'put', 'a', 1, 2), op('c2', 'get', 'a', 3, 4), op('c1', 'put', 'b', 5, 6), op('c2', 'get', 'b', 7, 8)])).toEqual({
      valid: true,
    });
  });

  it('accepts concurrent operations in either order', () => {
    // The get overlaps the put: it may see the old or the new value.
    const before = [op('c1', 'put', 'a', 1, 2), op('c1', 'put', 'b', 3, 10), op('c2', 'get', 'a', 4, 5)];
    const after = [op('c1', 'put', 'a', 1, 2), op('c1', 'put', 'b', 3, 10), op('c2', 'get', 'b', 4, 5)];
    expect(checkLinearizable(before).valid).toBe(true);
    expect(checkLinearizable(after).valid).toBe(true);
  });

  it('rejects a stale read and says which write overwrote it', () => {
    const r = checkLinearizable([op('c1', 'put', 'a', 1, 2), op('c1', 'put', 'b', 3, 4), op('c2', 'get', 'a', 5, 6)]);
    expect(r.valid).toBe(false);
    if (r.valid !== false) return;
    expect(r.key).toBe('x');
    expect(r.explanation).toBe(
      'on key "x", c2\'s get (5ms–6ms) returned the stale value "a": c1\'s put of "b" (3ms–4ms) had already overwritten c1\'s put of "a" (1ms–2ms) before the get was sent',
    );
  });

  it('rejects a lost acknowledged write', () => {
    const r = checkLinearizable([op('c1', 'put', 'a', 1, 2), op('c2', 'get', null, 3, 4)]);
    expect(r).toMatchObject({ valid: false, explanation: expect.stringMatching(/an acknowledged write was lost/) });
  });

  it('rejects a value nobody wrote', () => {
    const r = checkLinearizable([op('c2', 'get', 'ghost', 3, 4)]);
    expect(r).toMatchObject({ valid: false, explanation: expect.stringMatching(/a value no client wrote there/) });
  });

  it('rejects reads that go back in time', () => {
    // Both puts overlap both gets' windows only partly: a then b are concurrent with nothing.
    const r = checkLinearizable([
      op('c1', 'put', 'a', 1, 2),
      op('c1', 'put', 'b', 3, 20),
      op('c2', 'get', 'b', 4, 5),
      op('c3', 'get', 'a', 6, 7),
    ]);
    expect(r).toMatchObject({ valid: false, explanation: expect.stringMatching(/reads went back in time/) });
  });

  it('lets an unanswered put take effect late or never', () => {
    const late = [op('c1', 'put', 'a', 1, 2), op('c1', 'put', 'b', 3), op('c2', 'get', 'a', 4, 5), op('c2', 'get', 'b', 6, 7)];
    const never = [op('c1', 'put', 'a', 1, 2), op('c1', 'put', 'b', 3), op('c2', 'get', 'a', 4, 5), op('c2', 'get', 'a', 6, 7)];
    expect(checkLinearizable(late).valid).toBe(true);
    expect(checkLinearizable(never).valid).toBe(true);
  });

  it('still rejects a value from an unanswered put read before it was sent', () => {
    const r = checkLinearizable([op('c2', 'get', 'b', 1, 2), op('c1', 'put', 'b', 3)]);
    expect(r).toMatchObject({ valid: false, explanation: expect.stringMatching(/before c1's put of "b" \(3ms–never answered\) had even been sent/) });
  });

  it('checks keys independently', () => {
    const ok = [op('c1', 'put', 'a', 1, 2, 'k1'), op('c1', 'put', 'a', 3, 4, 'k2'), op('c2', 'get', 'a', 5, 6, 'k1')];
    expect(checkLinearizable(ok).valid).toBe(true);
    const bad = [...ok, op('c1', 'put', 'z', 7, 8, 'k2'), op('c2', 'get', 'a', 9, 10, 'k2')];
    expect(checkLinearizable(bad)).toMatchObject({ valid: false, key: 'k2' });
  });

  it('ignores reads that were never answered', () => {
    expect(checkLinearizable([op('c1', 'put', 'a', 1, 2), op('c2', 'get', 'zzz', 3)]).valid).toBe(true);
  });

  it('reports unknown, not a violation, when the search limit is hit', () => {
    const many: KvOp[] = [];
    for (let i = 0; i < 10; i++) many.push(op(`c${i}`, 'put', `v${i}`, 1 + i, 100 + i));
    many.push(op('r', 'get', 'nope', 200, 201));
    expect(checkLinearizable(many, 50).valid).toBe('unknown');
    expect(checkLinearizable(many).valid).toBe(false);
  });

  it('handles a large concurrent history quickly', () => {
    const ops: KvOp[] = [];
    let t = 0;
    for (let round = 0; round < 40; round++) {
      const base = t;
      ops.push(op('c1', 'put', `r${round}`, base + 1, base + 6));
      ops.push(op('c2', 'get', round === 0 ? null : `r${round - 1}`, base + 2, base + 3));
      ops.push(op('c3', 'get', `r${round}`, base + 7, base + 8));
      t += 10;
    }
    expect(checkLinearizable(ops).valid).toBe(true);
  });
});
