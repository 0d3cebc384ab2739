/**
 * The controller worker loop (sample-controller's runWorker /
 * processNextWorkItem) on callbacks: take a key from the queue, reconcile it,
 * then forget it on success or re-add it rate-limited on failure, and mark it
 * done. The queue guarantees one key is never reconciled twice at once.
 */
import type { RateLimitingQueue } from './rate_limiting_queue';

/** ReconcileResult asks for a retry without an error: after requeueAfterMs (rate limit forgotten), or rate-limited. */
export interface ReconcileResult {
  requeueAfterMs?: number;
  requeue?: boolean;
}

/**
 * Reconciler brings the world in line with one key and calls done exactly
 * once: done(err) to retry with backoff, done(undefined, result) to succeed or
 * to ask for a retry. done may be called synchronously or later.
 */
export type Reconciler<T> = (item: T, done: (err?: unknown, result?: ReconcileResult) => void) => void;

export interface WorkerOptions<T> {
  /** maxRetries: after this many rate-limited retries an item is dropped (forgotten) instead. Default: never. */
  maxRetries?: number;
  /** onError is told of each failed reconcile (utilruntime.HandleError) and whether the item was dropped. */
  onError?: (item: T, err: unknown, dropped: boolean) => void;
}

/**
 * processNextWorkItem waits for one item, reconciles it and handles the
 * outcome, then calls next(true); next(false) once the queue is shut down.
 */
export function processNextWorkItem<T>(
  queue: RateLimitingQueue<T>,
  reconcile: Reconciler<T>,
  next: (more: boolean) => void,
  options: WorkerOptions<T> = {},
): void {
  queue.get((item, shutdown) => {
    if (shutdown) return next(false);
    const key = item as T;
    let finished = false;
    reconcile(key, (err, result) => {
      if (finished) throw new Error(`reconcile of ${String(key)} called done twice`);
      finished = true;
      if (err !== undefined && err !== null) {
        const dropped = options.maxRetries !== undefined && queue.numRequeues(key) >= options.maxRetries;
        options.onError?.(key, err, dropped);
        if (dropped) queue.forget(key);
        else queue.addRateLimited(key);
      } else if (result?.requeueAfterMs !== undefined && result.requeueAfterMs > 0) {
        queue.forget(key);
        queue.addAfter(key, result.requeueAfterMs);
      } else if (result?.requeue) {
        queue.addRateLimited(key);
      } else {
        queue.forget(key);
      }
      queue.done(key);
      next(true);
    });
  });
}

/**
 * runWorkers starts `workers` worker loops on the queue; they end when the
 * queue is shut down and empty. onStopped is called once all have ended.
 */
export function runWorkers<T>(
  queue: RateLimitingQueue<T>,
  workers: number,
  reconcile: Reconciler<T>,
  options: WorkerOptions<T> & { onStopped?: () => void } = {},
): void {
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`runWorkers: workers must be a positive integer, got ${workers}`);
  let running = workers;
  const loop = () =>
    processNextWorkItem(
      queue,
      reconcile,
      (more) => {
        if (more) return loop();
        if (--running === 0) options.onStopped?.();
      },
      options,
    );
  for (let i = 0; i < workers; i++) loop();
}
