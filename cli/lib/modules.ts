import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRealmModule } from '../../graders/core/modules';
import type { ModuleMap } from '../../graders/core/realm/realm';
import { listFiles, REPO_ROOT } from './repo';
import { transpile } from './transpile';

let cached: ModuleMap | undefined;

/**
 * engineModules is the realm's module universe, compiled to CommonJS: every
 * engine module and every lab's inside module. Lab code may require any of
 * them; nothing else is reachable. Computed once per process.
 */
export function engineModules(): ModuleMap {
  if (cached) return cached;
  const out: Record<string, string> = {};
  for (const path of [...listFiles('engine'), ...listFiles('graders')]) {
    if (!isRealmModule(path)) continue;
    out[path] = transpile(readFileSync(join(REPO_ROOT, path), 'utf8'), path);
  }
  cached = out;
  return out;
}
