/**
 * tasks: the work the roster hands to helper workers (pool.ts) rather than
 * do on its main thread, where the grading sessions' watchdogs run: reading
 * a repository (isomorphic-git unpacks and hashes objects, CPU-bound) and
 * type-checking lab code (TypeScript; a pathological file could keep it busy
 * for a long time). A worker can be stopped when a task runs too long; the
 * main thread cannot.
 */
import type { ModuleMap } from '../../../graders/core/realm/realm';
import type { LabInfo } from '../../../graders/core/lab';
import type { ClassLearner } from './class-list';
import type { FetchedLearner, FetchOptions } from './fetch';
import type { LabSource } from '../lab-source';

export interface Tasks {
  fetch: { input: { learner: ClassLearner; labs: LabInfo[]; options: FetchOptions }; output: FetchedLearner };
  compile: { input: { sources: LabSource[] }; output: { modules: ModuleMap } | { compileError: string } };
}

export type TaskKind = keyof Tasks;

/** TaskRequest and TaskReply are the helper worker's protocol: one request at a time, one reply each. */
export interface TaskRequest<K extends TaskKind = TaskKind> {
  id: number;
  kind: K;
  input: Tasks[K]['input'];
}

export type TaskReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** runTask runs one task in this thread (a helper worker, or a test). */
export async function runTask<K extends TaskKind>(kind: K, input: Tasks[K]['input']): Promise<Tasks[K]['output']> {
  if (kind === 'fetch') {
    const { fetchLearner } = await import('./fetch');
    const { learner, labs, options } = input as Tasks['fetch']['input'];
    return (await fetchLearner(learner, labs, options)) as Tasks[K]['output'];
  }
  const { compileLabSources, CompileError } = await import('../compile');
  try {
    return { modules: compileLabSources((input as Tasks['compile']['input']).sources) } as Tasks[K]['output'];
  } catch (e) {
    if (e instanceof CompileError) return { compileError: e.summary } as Tasks[K]['output'];
    throw e;
  }
}
