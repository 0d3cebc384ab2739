/**
 * files: where the editor's TypeScript worker sees each file. Every file is
 * named by a file:/// URI over its repository path, so a learner file's
 * relative imports ("../../engine/raft/types") resolve in the worker exactly
 * as they do in the repository and in the realm.
 */

/** fileUri is the worker's name for a repository path: "labs/x/a.ts" → "file:///labs/x/a.ts". */
export function fileUri(path: string): string {
  return `file:///${path}`;
}

/** ExtraLib is one of Monaco's extra libraries: a file the worker knows without a model. */
export interface ExtraLib {
  filePath: string;
  content: string;
}

/** extraLibs turns sources by repository path into the worker's extra libraries, in path order. */
export function extraLibs(sources: Readonly<Record<string, string>>): ExtraLib[] {
  return Object.keys(sources)
    .sort()
    .map((path) => ({ filePath: fileUri(path), content: sources[path] }));
}
