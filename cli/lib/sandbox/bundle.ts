import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { REPO_ROOT } from '../repo';

/** SandboxCode is what a sandbox process runs: its main thread (the relay) and its grading worker. */
export interface SandboxCode {
  relay: string;
  worker: string;
}

const built = new Map<string, Promise<SandboxCode>>();

/**
 * sandboxCode bundles the sandbox's code with esbuild, once per registry per
 * process: the relay, and the grading worker with the lab registry
 * `registry` (a path or file URL; default graders/registry.ts). The sandbox
 * gets the code as text, so it needs no file system and no TypeScript loader.
 */
export function sandboxCode(registry?: string): Promise<SandboxCode> {
  const path = registry === undefined ? join(REPO_ROOT, 'graders/registry.ts') : registry.startsWith('file:') ? fileURLToPath(registry) : registry;
  let code = built.get(path);
  if (!code) {
    code = Promise.all([bundle(`import ${JSON.stringify(join(REPO_ROOT, 'cli/lib/sandbox/relay.ts'))};`), bundle(workerEntry(path))]).then(([relay, worker]) => ({ relay, worker }));
    // A failed build is not remembered: the next grade tries again.
    code.catch(() => built.delete(path));
    built.set(path, code);
  }
  return code;
}

function workerEntry(registry: string): string {
  return [
    `import { labs } from ${JSON.stringify(registry)};`,
    `import { serveGradeWorker } from ${JSON.stringify(join(REPO_ROOT, 'cli/lib/grade-worker.ts'))};`,
    'serveGradeWorker(labs);',
  ].join('\n');
}

async function bundle(entry: string): Promise<string> {
  const result = await build({
    stdin: { contents: entry, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: 'sandbox-entry.ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Strict host frames: a stack frame of the grader never hands out its function or receiver.
    banner: { js: '"use strict";' },
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}
