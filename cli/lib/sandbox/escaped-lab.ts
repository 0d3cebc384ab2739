/**
 * escaped-lab is a test fixture for the sandbox process itself: a lab whose
 * grader plays lab code that has already got out of its realm into the
 * grading worker, and tries the host. Its one scenario fails with a JSON
 * record of what each attempt did, for node-platform.test.ts to check.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { AnyLabGrader } from '../../../graders/core/lab';

/** ESCAPE_PATHS are the files the escaped code reads and writes: the test puts a secret in the first. */
export const ESCAPE_PATHS = { secret: '/tmp/kube-internals-sandbox-secret', written: '/tmp/kube-internals-sandbox-written' };

/** EscapeRecord says, for each attempt, "allowed: …" or "refused: <code or message>". */
export type EscapeRecord = Record<'readSecret' | 'readHostEnv' | 'writeFile' | 'spawn' | 'signalHost' | 'newWorker' | 'binding', string> & { env: string[] };

function attempt(fn: () => unknown): string {
  try {
    const value = fn();
    return `allowed: ${String(JSON.stringify(value)).slice(0, 80)}`;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return `refused: ${err.code ?? err.message}`;
  }
}

const escapedLab: AnyLabGrader = {
  info: { id: 'escaped', title: 'Escaped (test fixture)', summary: 'Code that got out of its realm tries the host.', lesson: '/', files: ['x.ts'], reference: { 'x.ts': 'labs/escaped/x.ts' }, solution: [] },
  examples: [{ id: 'try-the-host', title: 'read, write, spawn, signal', data: {} }],
  families: [],
  run() {
    const record: EscapeRecord = {
      readSecret: attempt(() => readFileSync(ESCAPE_PATHS.secret, 'utf8')),
      readHostEnv: attempt(() => readFileSync(`/proc/${process.ppid}/environ`, 'utf8')),
      writeFile: attempt(() => writeFileSync(ESCAPE_PATHS.written, 'escaped')),
      spawn: attempt(() => execFileSync('/bin/true')),
      signalHost: attempt(() => process.kill(process.ppid, 0)),
      newWorker: attempt(() => new Worker('0', { eval: true }).threadId),
      binding: attempt(() => (process as unknown as { binding(name: string): unknown }).binding('fs')),
      env: Object.keys(process.env),
    };
    return { passed: false, property: 'escape', message: JSON.stringify(record) };
  },
  describe: () => 'the host',
};

/** labs is this fixture's registry (nodePlatform({ registry }) bundles it in place of graders/registry.ts). */
export const labs: readonly AnyLabGrader[] = [escapedLab];
