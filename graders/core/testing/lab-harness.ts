/**
 * labHarness is the support a grader's own tests (and the corpus scripts in
 * bench/) need, in Node: the realm module maps cli/grade.ts would build for
 * the reference, for a mutation of it, and for the lab's starter, and
 * one-call grading runs in local realms (the code graded is the reference or
 * a mutation of it, so it is trusted).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileLabSources } from '../../../cli/lib/compile';
import { compileEngineModule, engineModules } from '../../../cli/lib/modules';
import { REPO_ROOT } from '../../../cli/lib/repo';
import type { AnyLabGrader } from '../lab';
import { labFilePath, learnerModules, referenceModules } from '../modules';
import { applyPatches, mutationPatches, type Mutation } from '../mutations';
import { localRealm } from '../realm/local';
import type { ModuleMap } from '../realm/realm';
import type { ScenarioResult } from '../report';
import { gradeLab, type GradeRequest } from '../runner';

/** readRepoFile reads a repository file by its repository path. */
export function readRepoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

export interface LabHarness {
  /** referenceMap is what `npm run grade -- <lab> --reference` grades. */
  referenceMap(): ModuleMap;
  /** mutantMap is the reference with a mutation's patched modules compiled over their originals. */
  mutantMap(m: Mutation): ModuleMap;
  /** starterMap is what `npm run grade -- <lab>` grades on a fresh clone: the starter, type-checked. */
  starterMap(): ModuleMap;
  grade(modules: ModuleMap, request: GradeRequest): ScenarioResult[];
  /** firstFailure grades up to the first failed scenario, without shrinking, and returns it (undefined: all passed). */
  firstFailure(modules: ModuleMap, seed: string): ScenarioResult | undefined;
}

export function labHarness(grader: AnyLabGrader): LabHarness {
  const info = grader.info;
  const referenceMap = () => ({ ...engineModules(), ...referenceModules(info) });
  const grade = (modules: ModuleMap, request: GradeRequest) => gradeLab(grader, request, { modules, makeRealm: localRealm });
  return {
    referenceMap,
    mutantMap(m) {
      const out: Record<string, string> = { ...referenceMap() };
      for (const [path, text] of Object.entries(applyPatches(readRepoFile, mutationPatches(m)))) out[path] = compileEngineModule(text, path);
      return out;
    },
    starterMap() {
      const sources = info.files.map((f) => {
        const path = labFilePath(info, f);
        return { path, displayPath: path, text: readRepoFile(path) };
      });
      return { ...learnerModules(engineModules(), info), ...compileLabSources(sources) };
    },
    grade,
    firstFailure: (modules, seed) => grade(modules, { seed, failFast: true, maxShrinkRuns: 0 }).find((r) => !r.passed),
  };
}
