import { Worker } from 'node:worker_threads';
import type { TaskKind, TaskReply, Tasks } from './tasks';

const BOOT = new URL('./task-worker-boot.mjs', import.meta.url);

/** HELPER_LIMITS bound a helper worker's heap (TypeScript checking the engine needs a few hundred MB). */
export const HELPER_LIMITS = { maxOldGenerationSizeMb: 1536 };

/** TaskError is a task that did not finish: it timed out, its worker died, or it threw. */
export class TaskError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskError';
  }
}

interface Job {
  kind: TaskKind;
  input: unknown;
  timeoutMs: number;
  resolve: (value: unknown) => void;
  reject: (e: Error) => void;
}

/** Helper is one worker thread of the pool, running one job at a time. */
interface Helper {
  worker: Worker;
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
}

/**
 * TaskPool runs tasks (tasks.ts) in up to `size` helper worker threads, in
 * the order asked. A task that outlives its time limit has its worker
 * terminated (and replaced on demand), and fails with TaskError, as does a
 * task whose worker dies. Helpers start with an empty environment.
 */
export class TaskPool {
  private readonly helpers = new Set<Helper>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly size: number) {}

  run<K extends TaskKind>(kind: K, input: Tasks[K]['input'], timeoutMs: number): Promise<Tasks[K]['output']> {
    if (this.closed) return Promise.reject(new TaskError('the pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ kind, input, timeoutMs, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** close stops every helper; queued and running tasks fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new TaskError('the pool is closed'));
    await Promise.all([...this.helpers].map((h) => this.retire(h, 'the pool is closed')));
  }

  private dispatch(): void {
    for (const helper of this.helpers) {
      if (this.queue.length === 0) return;
      if (helper.ready && !helper.job) this.start(helper, this.queue.shift()!);
    }
    // Start helpers for what is left, up to the pool's size; each takes a job once ready.
    const starting = [...this.helpers].filter((h) => !h.ready).length;
    for (let n = Math.min(this.queue.length - starting, this.size - this.helpers.size); n > 0; n--) this.spawn();
  }

  private start(helper: Helper, job: Job): void {
    helper.job = job;
    const id = this.nextId++;
    helper.timer = setTimeout(() => {
      void this.retire(helper, `timed out after ${Math.round(job.timeoutMs / 1000)} s`);
    }, job.timeoutMs);
    helper.worker.postMessage({ id, kind: job.kind, input: job.input });
  }

  private spawn(): void {
    const worker = new Worker(BOOT, { env: {}, resourceLimits: HELPER_LIMITS, stdout: true, stderr: true });
    worker.stdout.resume();
    worker.stderr.resume();
    const helper: Helper = { worker, ready: false };
    this.helpers.add(helper);
    worker.on('message', (m: TaskReply | { type: 'ready' }) => {
      if ('type' in m) {
        helper.ready = true;
        this.dispatch();
        return;
      }
      const job = helper.job;
      clearTimeout(helper.timer);
      helper.job = undefined;
      if (job) {
        if (m.ok) job.resolve(m.value);
        else job.reject(new TaskError(m.error));
      }
      this.dispatch();
    });
    const died = (why: string) => void this.retire(helper, why);
    worker.on('error', (e: Error & { code?: string }) => died(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `ran out of memory (limit ${HELPER_LIMITS.maxOldGenerationSizeMb} MB)` : `${e.name}: ${e.message}`));
    worker.on('exit', (code) => died(`stopped (exit code ${code})`));
  }

  private async retire(helper: Helper, why: string): Promise<void> {
    if (!this.helpers.delete(helper)) return;
    clearTimeout(helper.timer);
    const job = helper.job;
    helper.job = undefined;
    job?.reject(new TaskError(why));
    // A helper that dies before it is ready would die again: fail what waits rather than respawn forever.
    if (!helper.ready) for (const waiting of this.queue.splice(0)) waiting.reject(new TaskError(`a helper worker could not start: ${why}`));
    await helper.worker.terminate();
    if (!this.closed) this.dispatch();
  }
}
