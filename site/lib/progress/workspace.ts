/**
 * workspace: what the pages do with the learner's repository, in the
 * repository's own terms. A graded attempt is a commit of the graded text
 * and its record (labs/<lab>/report.json, graders/core/record.ts); a "save"
 * commit keeps text that is about to be replaced or submitted; downloads
 * are the branch as a bundle or its files as a zip.
 */
import { buildRecord, recordPath, serializeRecord } from '../../../graders/core/record';
import type { Report } from '../../../graders/core/report';
import { createBundle } from './bundle';
import { attemptsOf, courseProgress, labHistory, type HistoryEntry, type LabProgress } from './history';
import { attemptMessage, saveMessage } from './message';
import type { CommitOutcome, LearnerRepo } from './repo';
import { listWorkFiles, readWorkFile, writeWorkFile, type WorkFs } from './worktree';
import { zipStore } from './zip';

/** labOfPath is the lab a repository path belongs to ("labs/<lab>/..."), or undefined. */
export function labOfPath(path: string): string | undefined {
  return /^labs\/([^/]+)\//.exec(path)?.[1];
}

export class Workspace {
  constructor(
    readonly repo: LearnerRepo,
    /** fs is the working tree's file system: the same one the repository uses. */
    readonly fs: WorkFs,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get dir(): string {
    return this.repo.dir;
  }

  /**
   * recordAttempt commits a full grading run: the graded texts (repository
   * path → text, exactly what was compiled) and their record, then puts the
   * record in the working tree too, where a clone has it after
   * `npm run grade`. It returns the commit.
   */
  async recordAttempt(report: Report, graded: Readonly<Record<string, string>>): Promise<string> {
    const record = serializeRecord(buildRecord(report, graded));
    const path = recordPath(report.lab);
    const { oid } = await this.repo.commitFiles({ ...graded, [path]: record }, attemptMessage(report));
    await writeWorkFile(this.fs, this.dir, path, record, this.now());
    return oid;
  }

  /**
   * keep commits `files` of `lab` as a save commit titled `title`, unless
   * the branch already holds exactly them (then nothing is committed).
   */
  keep(lab: string, files: Readonly<Record<string, string>>, title: string): Promise<CommitOutcome> {
    for (const path of Object.keys(files)) {
      if (labOfPath(path) !== lab) throw new Error(`${path} is not a file of lab ${lab}`);
    }
    return this.repo.commitFiles(files, saveMessage(lab, title), { unlessUnchanged: true });
  }

  /**
   * saveWorkingTree commits the working tree's lab files that differ from
   * the branch, one save commit per lab, so that a push or a download
   * carries the newest edits. Records are left out: only a graded attempt
   * writes one. It returns the labs it committed.
   */
  async saveWorkingTree(title: string): Promise<string[]> {
    const byLab = new Map<string, Record<string, string>>();
    for (const path of await listWorkFiles(this.fs, this.dir, 'labs')) {
      const lab = labOfPath(path);
      if (!lab || path === recordPath(lab)) continue;
      const file = await readWorkFile(this.fs, this.dir, path);
      if (!file) continue;
      const files = byLab.get(lab) ?? {};
      files[path] = file.text;
      byLab.set(lab, files);
    }
    const saved: string[] = [];
    for (const [lab, files] of byLab) {
      if ((await this.keep(lab, files, title)).created) saved.push(lab);
    }
    return saved;
  }

  /**
   * syncRecord puts the branch's record of `lab` in the working tree when
   * the tree's copy differs (a tab closed between the commit and that
   * write), so that the sidebar, which reads the tree, agrees with the
   * history. It returns whether it wrote.
   */
  async syncRecord(lab: string): Promise<boolean> {
    const head = await this.repo.head();
    const committed = head && (await this.repo.readFile(head, recordPath(lab)));
    if (!committed) return false;
    const tree = await readWorkFile(this.fs, this.dir, recordPath(lab));
    if (tree?.text === committed) return false;
    await writeWorkFile(this.fs, this.dir, recordPath(lab), committed, this.now());
    return true;
  }

  /** history is the lab's attempts and saves, newest first. */
  async history(lab: string): Promise<HistoryEntry[]> {
    return labHistory(await this.repo.log(), lab);
  }

  /** attemptCount is how many graded attempts the lab has. */
  async attemptCount(lab: string): Promise<number> {
    return attemptsOf(await this.history(lab)).length;
  }

  /** progress is each lab's line of the course's progress. */
  async progress(labs: readonly string[]): Promise<LabProgress[]> {
    return courseProgress(await this.repo.log(), labs);
  }

  /** textAt is a file's text at a commit (undefined when the commit lacks it). */
  textAt(commit: string, path: string): Promise<string | undefined> {
    return this.repo.readFile(commit, path);
  }

  /** bundle is the branch as a git bundle, or undefined before the first commit. */
  bundle(): Promise<Uint8Array | undefined> {
    return createBundle(this.repo);
  }

  /** zip is the branch's files as a zip (paths as in the repository), or undefined before the first commit. */
  async zip(): Promise<Uint8Array | undefined> {
    const head = await this.repo.head();
    if (!head) return undefined;
    const modified = new Date(this.now());
    const entries = [];
    for (const path of [...(await this.repo.files(head)).keys()].sort()) {
      const data = await this.repo.readBytes(head, path);
      if (data) entries.push({ path, data, modified });
    }
    return zipStore(entries);
  }
}
