import { Worker } from 'node:worker_threads';
import type { GradeMessage, WorkerMessage } from '../../graders/core/protocol';
import type { SessionPlatform, WorkerCallbacks, WorkerHandle } from '../../graders/core/session';

/** WORKER_LIMITS confine a grading worker's memory; time is limited by the session's watchdog. */
export const WORKER_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 };

const BOOT = new URL('./grade-worker-boot.mjs', import.meta.url);

/**
 * nodePlatform runs grading workers as worker threads with memory limits, an
 * empty environment and their output discarded. `registry` overrides the lab
 * registry module (for tests).
 */
export function nodePlatform(options: { registry?: string; maxOldGenerationSizeMb?: number } = {}): SessionPlatform {
  const limits = { ...WORKER_LIMITS, maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? WORKER_LIMITS.maxOldGenerationSizeMb };
  return {
    spawn(callbacks: WorkerCallbacks): WorkerHandle {
      const worker = new Worker(BOOT, {
        resourceLimits: limits,
        env: {},
        stdout: true,
        stderr: true,
        workerData: { registry: options.registry },
      });
      // Lab code has no console of its own (PRELUDE captures it); drain the
      // worker's streams anyway so a chatty grader cannot block.
      worker.stdout.resume();
      worker.stderr.resume();
      let ended = false;
      let pending: GradeMessage | undefined;
      let ready = false;
      worker.on('message', (m: WorkerMessage | { type: 'ready' }) => {
        if (m.type === 'ready') {
          ready = true;
          if (pending) worker.postMessage(pending);
          return;
        }
        callbacks.onMessage(m);
      });
      worker.on('error', (e: Error & { code?: string }) => {
        if (ended) return;
        ended = true;
        callbacks.onExit(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `out of memory: the limit is ${limits.maxOldGenerationSizeMb} MB` : `${e.name}: ${e.message}`);
      });
      worker.on('exit', (code) => {
        if (ended) return;
        ended = true;
        callbacks.onExit(`exit code ${code}`);
      });
      return {
        send(message) {
          if (ready) worker.postMessage(message);
          else pending = message;
        },
        terminate() {
          ended = true;
          void worker.terminate();
        },
      };
    },
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    now: () => performance.now(),
  };
}
