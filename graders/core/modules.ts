import type { LabInfo } from './lab';
import type { ModuleMap } from './realm/realm';

/**
 * labFilePath is where a learner file lives in the realm's module map (and in
 * the repository): "labs/<lab>/<file>". A file graded with --file is mounted
 * here whatever its real path, so its relative imports resolve as in the lab.
 */
export function labFilePath(info: LabInfo, file: string): string {
  return `labs/${info.id}/${file}`;
}

/** relativeSpecifier is the require() specifier from module `from` to module `to` (both repo paths). */
export function relativeSpecifier(from: string, to: string): string {
  const a = from.split('/').slice(0, -1);
  const b = to.replace(/\.ts$/, '').split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  const up = a.length - i;
  return (up === 0 ? './' : '../'.repeat(up)) + b.slice(i).join('/');
}

/**
 * referenceModules mounts the engine's own component at the learner files'
 * paths: each learner file becomes a one-line module re-exporting the engine
 * module that solves it. Grading these is grading the reference.
 */
export function referenceModules(info: LabInfo): ModuleMap {
  const out: Record<string, string> = {};
  for (const file of info.files) {
    const target = info.reference[file];
    if (!target) throw new Error(`lab ${info.id} names no reference for ${file}`);
    const path = labFilePath(info, file);
    out[path] = `module.exports = require(${JSON.stringify(relativeSpecifier(path, target))});\n`;
  }
  return out;
}

/** isRealmModule says whether a repository file belongs in the realm's module universe. */
export function isRealmModule(path: string): boolean {
  if (!path.endsWith('.ts') || path.endsWith('.test.ts') || path.endsWith('.d.ts')) return false;
  return path.startsWith('engine/') || /^graders\/[\w-]+\/inside(\.[\w-]+)?\.ts$/.test(path);
}

/**
 * learnerModules is the module universe as learner code sees it: the lab's
 * solution modules are replaced by modules that refuse, with a reason, to be
 * imported.
 */
export function learnerModules(engine: ModuleMap, info: LabInfo): ModuleMap {
  const out: Record<string, string> = { ...engine };
  for (const path of info.solution) {
    const message = `${path} is part of the reference solution of ${info.id}, so lab code cannot import it: the lab is to write it yourself`;
    out[path] = `throw new Error(${JSON.stringify(message)});\n`;
  }
  return out;
}
