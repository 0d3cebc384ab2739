/**
 * Test support for the etcd-backup-restore grader's own tests (Node only):
 * the realm module maps cli/grade.ts would build for the reference, for a
 * bug of the corpus and for the lab's starter, and a one-call grading run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { learnerModules, referenceModules } from '../core/modules';
import { localRealm } from '../core/realm/local';
import type { ModuleMap } from '../core/realm/realm';
import type { ScenarioResult } from '../core/report';
import { gradeLab, type GradeRequest } from '../core/runner';
import { compileLabSources } from '../../cli/lib/compile';
import { compileEngineModule, engineModules } from '../../cli/lib/modules';
import { REPO_ROOT } from '../../cli/lib/repo';
import { applyPatches, bugPatches, type MaintenanceBug } from './bugs';
import { etcdBackupRestore } from './grader';

/** readRepoFile reads a repository file by its repository path. */
export function readRepoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

/** referenceMap is what `npm run grade -- etcd-backup-restore --reference` grades. */
export function referenceMap(): ModuleMap {
  return { ...engineModules(), ...referenceModules(etcdBackupRestore.info) };
}

/** bugMap is the reference with a bug's patched modules compiled over their originals. */
export function bugMap(bug: MaintenanceBug): ModuleMap {
  const patched = applyPatches(readRepoFile, bugPatches(bug));
  const out: Record<string, string> = { ...referenceMap() };
  for (const [path, text] of Object.entries(patched)) out[path] = compileEngineModule(text, path);
  return out;
}

/** starterMap is what `npm run grade -- etcd-backup-restore` grades on a fresh clone: the starter, type-checked. */
export function starterMap(): ModuleMap {
  const path = 'labs/etcd-backup-restore/maintenance.ts';
  return { ...learnerModules(engineModules(), etcdBackupRestore.info), ...compileLabSources([{ path, displayPath: path, text: readRepoFile(path) }]) };
}

/** grade grades `modules` in local realms (the code is the reference or a mutation of it, so trusted). */
export function grade(modules: ModuleMap, request: GradeRequest): ScenarioResult[] {
  return gradeLab(etcdBackupRestore, request, { modules, makeRealm: localRealm });
}
