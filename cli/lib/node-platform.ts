/**
 * node-platform is the sandbox in which the CLI and the instructor's roster
 * run learner code. Learner code is untrusted; on an instructor's machine it
 * sits next to the class secret and every other learner's work. It is
 * confined in three layers, each for what the others cannot do:
 *
 * 1. The realm (graders/core/realm, cli/lib/vm-realm.ts) keeps the grade
 *    honest. Every scenario run gets a fresh vm context, locked down: frozen
 *    built-ins, no clock, randomness, timers, process, require or network,
 *    only strings crossing to the grader, engine modules frozen and the lab's
 *    reference solution replaced by modules that refuse to load. Its own
 *    microtask queue is drained after every call, so callbacks run where the
 *    watchdog can see them.
 * 2. A worker thread with heap and stack limits holds the grader and its
 *    realms; the session's watchdog (graders/core/session.ts) stops it when
 *    one run of lab code takes too long, and a fresh one resumes.
 * 3. A separate process per worker protects the machine, should lab code
 *    ever get out of V8's vm context. It starts with Node's permission model
 *    and no grant but --allow-worker (for its own grading thread): it can
 *    read and write no file (its code arrives over IPC, bundled by esbuild
 *    beforehand, so not even its own sources) and start no process; what
 *    the permission model leaves open to the grading thread (signals to
 *    other processes, native bindings and addons, more threads) is closed
 *    before lab code runs (grade-worker.ts). Its environment is empty, it is
 *    given only the lab's modules and the scenario seed (never the secret the
 *    roster derives seeds from), its stdout goes nowhere, its memory as a
 *    whole is bounded (typed arrays are outside the heap limit), it is
 *    SIGKILLed on a time-out and when grading ends, and it exits when its
 *    host goes away. Its death (a V8 abort, the OOM killer) costs one
 *    scenario of one learner, never the roster.
 *
 * Costs, measured on the 2-core machine (busy with other work, so ±30%): a
 * sandbox starts and announces its plan in about 90 ms (the worker threads it
 * replaces took about 430 ms to load the grader through tsx); bundling its
 * code takes about 0.2 s once per host process; locking a context down adds
 * about 1.6 ms to each scenario run and draining microtasks about 0.5 µs to
 * each call. `npm run bench` medians went from 1.76 s to 1.54 s (etcd-quorum)
 * and from 1.03 s to 0.94 s (etcd-backup-restore).
 *
 * Not chosen: SES. Evaluating it and calling lockdown() in a fresh context
 * costs about 13 ms per scenario run (our lockdown: 1.6 ms). Locking down the
 * worker once and giving each run a Compartment instead (0.9 ms) would freeze
 * the grader's own realm too, share the worker's microtask queue with lab
 * code (a callback would run after its scenario, outside the watchdog's
 * view), and add a dependency. The vm context already gives fresh globals and
 * its own microtask queue; the freezing that matters (so no
 * Error.prepareStackTrace can reach host frames) is done in PRELUDE.
 *
 * Not confined: Node 20's permission model has no network scope, so code that
 * escaped V8's vm context could open a socket (it still could read no file
 * nor the secret). And the grader runs in the same thread as the realm
 * (a call per Raft message across processes would cost seconds per
 * scenario), so such an escape could forge that learner's own verdict; it
 * could not touch anyone else's.
 */
import { spawn as spawnProcess, type ChildProcess } from 'node:child_process';
import type { GradeMessage } from '../../graders/core/protocol';
import type { SessionPlatform, WorkerCallbacks, WorkerHandle } from '../../graders/core/session';
import { sandboxCode } from './sandbox/bundle';
import type { Boot, SandboxMessage } from './sandbox/protocol';

/** WORKER_LIMITS confine a grading worker's memory; time is limited by the session's watchdog. */
export const WORKER_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 };

/**
 * RSS_HEADROOM_MB is what a sandbox process may hold beyond its worker's heap
 * limit (code, buffers, the relay) before it is stopped. Grading the Raft lab's
 * reference peaks at about 120 MB in all.
 */
export const RSS_HEADROOM_MB = 512;

/** PERMISSION_FLAG turns Node's permission model on (renamed from --experimental-permission in Node 22). */
const PERMISSION_FLAG = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';

/** SANDBOX_FLAGS start a sandbox process: the permission model with no grant but a worker thread. */
export const SANDBOX_FLAGS = [PERMISSION_FLAG, '--allow-worker', '--no-warnings'];

const STDERR_TAIL = 4096;

export interface NodePlatformOptions {
  /** registry overrides the lab registry module, as a path or file URL (tests use a fixture lab). */
  registry?: string;
  maxOldGenerationSizeMb?: number;
  /** maxRssMb bounds a sandbox process's resident memory (default: the heap limit plus RSS_HEADROOM_MB). */
  maxRssMb?: number;
}

/**
 * nodePlatform runs each grading worker in its own sandbox process (see the
 * top of this file). Workers start as soon as the sandbox's code is bundled
 * (once per process and registry).
 */
export function nodePlatform(options: NodePlatformOptions = {}): SessionPlatform {
  const limits = { ...WORKER_LIMITS, maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? WORKER_LIMITS.maxOldGenerationSizeMb };
  const maxRssMb = options.maxRssMb ?? limits.maxOldGenerationSizeMb + RSS_HEADROOM_MB;
  const code = sandboxCode(options.registry);
  // An unused platform must not report a failed build as unhandled.
  code.catch(() => {});
  return {
    spawn(callbacks: WorkerCallbacks): WorkerHandle {
      let child: ChildProcess | undefined;
      let ended = false;
      let pending: GradeMessage | undefined;
      let stderr = '';
      const end = (reason: string) => {
        if (ended) return;
        ended = true;
        child?.kill('SIGKILL');
        callbacks.onExit(reason);
      };
      const start = (relay: string, worker: string, grade: GradeMessage) => {
        const proc = spawnProcess(process.execPath, [...SANDBOX_FLAGS, '-e', relay], {
          env: {},
          stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
          serialization: 'json',
          windowsHide: true,
        });
        child = proc;
        proc.stderr!.setEncoding('utf8');
        proc.stderr!.on('data', (s: string) => {
          stderr = (stderr + s).slice(-STDERR_TAIL);
        });
        proc.on('message', (m: SandboxMessage) => {
          if (ended) return;
          if (m === null || typeof m !== 'object' || typeof m.type !== 'string') return end('the sandbox sent a malformed message');
          if (m.type === 'died') return end(String(m.reason).slice(0, 500));
          try {
            callbacks.onMessage(m);
          } catch (e) {
            end(`the sandbox sent a message the grader could not use (${(e as Error).message})`);
          }
        });
        proc.on('error', (e) => end(`the sandbox process failed: ${e.message}`));
        proc.on('exit', (exitCode, signal) => {
          if (/heap out of memory|allocation failed|out of memory/i.test(stderr)) end(`out of memory: the sandbox process stopped (${lastLine(stderr)})`);
          else end(`the sandbox process exited (${signal ?? `code ${exitCode}`})${stderr ? `: ${lastLine(stderr)}` : ''}`);
        });
        const boot: Boot = { type: 'boot', worker, limits, maxRssMb, grade };
        proc.send(boot, (e) => {
          if (e) end(`the sandbox process did not take its work: ${e.message}`);
        });
      };
      const launch = (grade: GradeMessage) => {
        code.then(
          ({ relay, worker }) => {
            if (!ended) start(relay, worker, grade);
          },
          (e: Error) => end(`the sandbox could not be built: ${e.message}`),
        );
      };
      return {
        send(message) {
          if (pending || child || ended) return;
          pending = message;
          launch(message);
        },
        terminate() {
          ended = true;
          child?.kill('SIGKILL');
        },
      };
    },
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    now: () => performance.now(),
  };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1].slice(0, 300);
}
