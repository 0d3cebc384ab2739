/**
 * Mutations are how a lab's corpus of wrong solutions is written: each
 * plausible mistake is a small, exact edit of the reference. A grader's own
 * tests play every mutation and require it to fail with one of the
 * properties in `expect`, on every seed they try: a mistake the grader lets
 * through is a bug in the grader.
 */

/** Patch is one exact string replacement in one module; `find` must occur exactly once there. */
export interface Patch {
  /** file is the repository path of the reference module patched, e.g. "engine/raft/node.ts". */
  file: string;
  find: string;
  replace: string;
}

/** Mutation is one wrong solution: a patch (and, for a mistake made in two places, `also`). */
export interface Mutation extends Patch {
  /** id is kebab-case and stable. */
  id: string;
  /** description says what the learner got wrong, in the lab's terms. */
  description: string;
  /** also lists further patches, for a mistake that needs two edits to show. */
  also?: Patch[];
  /** expect lists the violated property names that correctly point at this mistake. */
  expect: string[];
}

/** mutationPatches lists every patch of a mutation, the main one first. */
export function mutationPatches(m: Mutation): Patch[] {
  return [{ file: m.file, find: m.find, replace: m.replace }, ...(m.also ?? [])];
}

/**
 * applyPatches applies `patches` in order to the modules `sources` reads
 * (repository path → text) and returns the patched texts by path. A `find`
 * that does not occur exactly once throws: the corpus must keep up with the
 * reference.
 */
export function applyPatches(sources: (path: string) => string, patches: readonly Patch[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of patches) {
    const text = out[p.file] ?? sources(p.file);
    const count = text.split(p.find).length - 1;
    if (count !== 1) throw new Error(`patch for ${p.file}: ${JSON.stringify(p.find)} occurs ${count} times, want exactly once`);
    out[p.file] = text.replace(p.find, () => p.replace);
  }
  return out;
}
