/**
 * testing: a learner's repository on the real file system, in a temporary
 * directory, for tests of the repository code (which the page runs over
 * lightning-fs) and for checking its output with the git CLI.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LearnerRepo } from './repo';
import { Workspace } from './workspace';
import type { WorkFs } from './worktree';

export interface TempWorkspace {
  dir: string;
  repo: LearnerRepo;
  ws: Workspace;
  fs: WorkFs;
  /** clock is the time commits and records get; tests move it. */
  clock: { ms: number };
  /** git runs the git CLI in the repository and returns its output. */
  git(...args: string[]): string;
  remove(): void;
}

/** tempWorkspace makes an empty working directory for a LearnerRepo. */
export function tempWorkspace(): TempWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'learner-repo-'));
  const clock = { ms: Date.UTC(2025, 0, 2, 10, 0, 0) };
  const repo = new LearnerRepo({ fs, dir, now: () => clock.ms, timezoneOffsetMin: () => 0 });
  const work = fs.promises as unknown as WorkFs;
  return {
    dir,
    repo,
    fs: work,
    ws: new Workspace(repo, work, () => clock.ms),
    clock,
    git: (...args) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir } }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
