import { afterAll, describe, expect, it } from 'vitest';
import { TaskError, TaskPool } from './pool';

const pool = new TaskPool(1);
afterAll(() => pool.close());

const source = (text: string) => ({ sources: [{ path: 'labs/etcd-quorum/raft.ts', displayPath: 'labs/etcd-quorum/raft.ts', text }] });

describe('TaskPool', () => {
  it('type-checks and compiles lab code in a helper worker', async () => {
    const out = await pool.run('compile', source('export const answer: number = 42;\n'), 60_000);
    expect('modules' in out && Object.keys(out.modules)).toEqual(['labs/etcd-quorum/raft.ts']);
    expect('modules' in out && out.modules['labs/etcd-quorum/raft.ts']).toContain('exports.answer = 42');
  });

  it('returns the compiler’s first error for code that does not compile', async () => {
    const out = await pool.run('compile', source('export const answer: number = "42";\n'), 60_000);
    expect(out).toEqual({ compileError: "labs/etcd-quorum/raft.ts:1:14 - error TS2322: Type 'string' is not assignable to type 'number'." });
  });

  it('stops a task past its time limit, and a fresh helper takes the next one', async () => {
    await expect(pool.run('compile', source('export const x = 1;\n'), 1)).rejects.toThrow(new TaskError('timed out after 0 s'));
    const out = await pool.run('compile', source('export const y = 2;\n'), 60_000);
    expect('modules' in out).toBe(true);
  });

  it('refuses work once closed', async () => {
    const closed = new TaskPool(1);
    await closed.close();
    await expect(closed.run('compile', source(''), 1000)).rejects.toThrow('the pool is closed');
  });
});
