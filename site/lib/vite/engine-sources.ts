import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles, REPO_ROOT } from '../../../cli/lib/repo';

/**
 * isEditorSource says whether a repository file is one the lab editor's
 * TypeScript worker sees: an engine module, not a test and not a global
 * declaration file. Lab code may import only the engine, and the CLI's type
 * check reaches engine modules only through imports, so global .d.ts files
 * (engine/platform.d.ts) stay out here too: both accept the same code.
 */
export function isEditorSource(path: string): boolean {
  return path.startsWith('engine/') && path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.endsWith('.d.ts');
}

/**
 * TYPE_PACKAGES are the npm packages of type declarations the engine's
 * types refer to (kubernetes-types for the API objects): the worker gets
 * their .d.ts files under node_modules/, where its node module resolution
 * finds them, as the CLI's type check finds them in the repository.
 */
export const TYPE_PACKAGES: readonly string[] = ['kubernetes-types'];

/**
 * engineSources maps every editor source (see isEditorSource) and every
 * declaration file of TYPE_PACKAGES to its TypeScript text, keyed by
 * repository path, in path order.
 */
export function engineSources(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of listFiles('engine')) {
    if (isEditorSource(path)) out[path] = readFileSync(join(REPO_ROOT, path), 'utf8');
  }
  for (const pkg of TYPE_PACKAGES) {
    for (const path of listFiles(`node_modules/${pkg}`)) {
      if (path.endsWith('.d.ts')) out[path] = readFileSync(join(REPO_ROOT, path), 'utf8');
    }
  }
  return out;
}
