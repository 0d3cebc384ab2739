import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { isRealmModule } from '../../graders/core/modules';
import type { ModuleMap } from '../../graders/core/realm/realm';
import { listFiles, REPO_ROOT } from './repo';

let cached: ModuleMap | undefined;

/**
 * compileEngineModule turns one engine module into CommonJS for a realm.
 * esbuild only strips types (no type checking: the engine is checked by
 * `npm run typecheck`), which takes a millisecond per file.
 */
export function compileEngineModule(source: string, path: string): string {
  return transformSync(source, { loader: 'ts', format: 'cjs', target: 'es2022', sourcefile: path }).code;
}

/**
 * engineModules is the realm's module universe, compiled to CommonJS: every
 * engine module and every lab's inside module. Lab code may require any of
 * them, except a lab's own solution (see LabInfo.solution); nothing else is
 * reachable. Computed once per process; the site embeds the same map.
 */
export function engineModules(): ModuleMap {
  if (cached) return cached;
  const out: Record<string, string> = {};
  for (const path of [...listFiles('engine'), ...listFiles('graders')]) {
    if (!isRealmModule(path)) continue;
    out[path] = compileEngineModule(readFileSync(join(REPO_ROOT, path), 'utf8'), path);
  }
  cached = out;
  return out;
}
