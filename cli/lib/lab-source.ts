/**
 * lab-source: the learner's files as the CLI reads them, and the error that
 * stops them from being graded. Kept apart from compile.ts so that commands
 * that never type-check (--reference, --list) do not load TypeScript.
 */

/** LabSource is one learner file: where it is mounted, where it came from, and its text. */
export interface LabSource {
  /** path is the repository path it is graded as, e.g. "labs/etcd-quorum/raft.ts". */
  path: string;
  /** displayPath is how to name it to the user (the path they gave). */
  displayPath: string;
  text: string;
}

/** CompileError lists the type errors that stop lab code from being graded. */
export class CompileError extends Error {
  constructor(readonly diagnostics: string[]) {
    super(diagnostics[0] ?? 'does not compile');
    this.name = 'CompileError';
  }

  /** summary is one line: the first error, and how many more there are. */
  get summary(): string {
    const more = this.diagnostics.length - 1;
    return `${this.diagnostics[0]}${more > 0 ? ` (and ${more} more error${more > 1 ? 's' : ''})` : ''}`;
  }
}

