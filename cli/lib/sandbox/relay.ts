/**
 * relay is the main thread of a sandbox process (see node-platform.ts). It
 * runs no lab code: it starts the grading worker thread from the code it is
 * sent, passes messages between it and the host, and watches the process's
 * memory, which the worker's heap limit does not cover (typed arrays), so a
 * runaway worker is reported and stopped while the relay is still responsive.
 */
import { Worker } from 'node:worker_threads';
import type { Boot, SandboxMessage } from './protocol';

const RSS_CHECK_MS = 20;

function send(m: SandboxMessage, then?: () => void): void {
  if (process.connected) process.send!(m, undefined, undefined, then);
}

function die(reason: string): void {
  send({ type: 'died', reason }, () => process.exit(0));
}

// The host went away (it exited, or killed the channel): so does the sandbox.
process.on('disconnect', () => process.exit(0));

process.once('message', (boot: Boot) => {
  const worker = new Worker(boot.worker, { eval: true, resourceLimits: boot.limits, env: {}, argv: [], stdout: true, stderr: true });
  worker.stdout.resume();
  worker.stderr.resume();
  let over = false;
  const watch = setInterval(() => {
    const rssMb = process.memoryUsage.rss() / 2 ** 20;
    if (over || rssMb <= boot.maxRssMb) return;
    over = true;
    void worker.terminate();
    die(`out of memory: the sandbox process used ${Math.round(rssMb)} MB, over its ${boot.maxRssMb} MB limit`);
  }, RSS_CHECK_MS);
  worker.on('message', (m: SandboxMessage) => send(m));
  worker.on('error', (e: Error & { code?: string }) => {
    if (over) return;
    over = true;
    clearInterval(watch);
    const oom = e?.code === 'ERR_WORKER_OUT_OF_MEMORY';
    die(oom ? `out of memory: the limit is ${boot.limits.maxOldGenerationSizeMb} MB` : `${String(e?.name)}: ${String(e?.message)}`);
  });
  worker.on('exit', (code) => {
    if (over) return;
    over = true;
    clearInterval(watch);
    die(`the grading worker exited (code ${code})`);
  });
  worker.postMessage(boot.grade);
});
