/**
 * The roster's one output format, roster.json (schema 1). `npm run roster`
 * writes it, `roster merge` joins shards of it, and the dashboard (index.html
 * and the site's /instructor/ page) renders it. No Node APIs: the site
 * imports this module.
 *
 * Apart from `generatedAt`, a roster is a pure function of the learners'
 * repositories (their branch tips), the secret, the labs and the settings:
 * sharding, worker count and timing do not change it.
 *
 * roster.json holds each (learner, lab) seed: it is for the instructor. Do
 * not publish it to learners (roster.csv holds no seeds).
 */

export const ROSTER_SCHEMA = 1;

/**
 * Roster is a class's progress, regraded.
 * - `labs` lists the labs regraded, in course order; every learner has one
 *   LabEntry per lab, in the same order.
 * - `learners` are in class.json order.
 */
export interface Roster {
  schema: typeof ROSTER_SCHEMA;
  /** generatedAt is when the roster (or the last of its shards) was written, ISO 8601 UTC. */
  generatedAt: string;
  /**
   * secretId is a fingerprint of the secret (8 hex digits of an HMAC of a
   * fixed text): shards made with different secrets cannot be merged. It does
   * not reveal the secret.
   */
  secretId: string;
  settings: RosterSettings;
  labs: RosterLab[];
  /** shard is set on the output of `--shard i/n` (index is 1-based) and absent once merged. */
  shard?: { index: number; count: number; classSize: number };
  learners: LearnerEntry[];
}

/** RosterSettings are the grading settings every regrade of the roster used. */
export interface RosterSettings {
  /** runTimeoutMs bounds one run of lab code, as `npm run grade -- --timeout`. */
  runTimeoutMs: number;
  /**
   * maxShrinkRuns is the shrinking budget of a failing hidden scenario. The
   * roster's default is 0: a scenario passes or fails the same whatever the
   * budget (shrinking only looks for a smaller failing case), so scores do
   * not depend on it, and the failing case shown is the generated one. The
   * learner shrinks it with the replay command.
   */
  maxShrinkRuns: number;
}

/** RosterLab names a regraded lab; `scenarios` is its scenario count (every score's total). */
export interface RosterLab {
  id: string;
  title: string;
  scenarios: number;
}

/** LearnerEntry is one learner of class.json and what the roster made of their repository. */
export interface LearnerEntry {
  id: string;
  /** repo is the repository as class.json gives it. */
  repo: string;
  /** branch is the branch graded (class.json's, or the repository's default), null when the repository could not be read. */
  branch: string | null;
  /** commit is the branch tip graded (40 hex digits), null when the repository could not be read. */
  commit: string | null;
  /** error says why the repository could not be read at all; every lab is then status "error" with the same reason. */
  error?: string;
  labs: LabEntry[];
}

/**
 * LabStatus is what happened to one (learner, lab):
 * - "graded": the lab files were read and regraded (code that does not
 *   compile is graded: it fails every scenario, see compileError);
 * - "missing": the repository lacks the lab's folder or one of its files;
 * - "refused": the files are there but the roster will not read them (a
 *   symbolic link, a submodule, a file over the size limit, text that is not
 *   UTF-8, an unsafe name in a tree): `reason` says which;
 * - "error": the repository could not be fetched, or grading itself failed.
 */
export type LabStatus = 'graded' | 'missing' | 'refused' | 'error';

export const LAB_STATUSES: readonly LabStatus[] = ['graded', 'missing', 'refused', 'error'];

/** LabEntry is one learner's lab: the regrade, the history, and the learner's own result. */
export interface LabEntry {
  lab: string;
  status: LabStatus;
  /** reason explains a status other than "graded", in one line. */
  reason?: string;
  /** seed is the regrade's seed (graded only): HMAC-derived from the secret, the learner and the lab. */
  seed?: string;
  /** score is the regrade's, null unless graded; total is the lab's scenario count. */
  score: Score | null;
  /** passed is true when graded and every scenario passed. */
  passed: boolean;
  /** compileError is TypeScript's first error (and how many more) when the code does not compile. */
  compileError?: string;
  /** failing lists the regrade's failed scenarios, in grading order. */
  failing: FailingScenario[];
  /**
   * attempts counts the commits on the graded branch that changed
   * labs/<lab>/report.json: every Grade in the browser is one, and so is
   * each commit of a new `npm run grade` record. A commit counts when its
   * report.json differs from that of each of its parents (a root commit: when
   * it has one), as git's history simplification counts a change, so a merge
   * does not count an attempt twice. At most the newest 5,000 commits are
   * walked.
   */
  attempts: number;
  /**
   * lastActivity is the committer time (ISO 8601 UTC) of the newest commit
   * that changed anything under labs/<lab>/, by the same rule; null if none
   * did. It is the time the learner's git recorded, not a proof.
   */
  lastActivity: string | null;
  /** own is the learner's own latest result (labs/<lab>/report.json at the tip), null when there is none. */
  own: OwnResult | null;
  /**
   * differs flags an own result the regrade does not bear out: the record is
   * invalid, or does not match the committed files, or its passed or score
   * differs from the regrade's, or it exists while the lab could not be
   * regraded. `differences` says which, one line each.
   */
  differs: boolean;
  differences: string[];
}

export interface Score {
  earned: number;
  total: number;
}

/** FailingScenario is one failed scenario of a regrade. */
export interface FailingScenario {
  id: string;
  title: string;
  visible: boolean;
  /** property is the checked property that was violated (e.g. "election safety", "time-limit"). */
  property: string;
  /** message is the explanation's first line, at most MAX_MESSAGE_CHARS characters. */
  message: string;
}

/** MAX_MESSAGE_CHARS bounds a failure message kept in the roster (lab code can throw long ones). */
export const MAX_MESSAGE_CHARS = 300;

/**
 * OwnResult is the learner's committed record, as far as it can be trusted:
 * `valid: false` when it cannot be read (reason in `error`).
 */
export type OwnResult =
  | { valid: false; error: string }
  | {
      valid: true;
      /** seed is the seed the learner graded with (at most 40 characters kept). */
      seed: string;
      passed: boolean;
      score: Score;
      /** matchesFiles is true when the record's file digests are exactly those of the committed lab files. */
      matchesFiles: boolean;
    };

/** RosterFormatError is a roster.json that is not a roster (merge and the site report it). */
export class RosterFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RosterFormatError';
  }
}

/**
 * parseRoster reads roster.json text and checks its shape deeply enough that
 * the dashboard and merge can rely on it. It throws RosterFormatError with
 * the path of the first thing wrong.
 */
export function parseRoster(text: string): Roster {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RosterFormatError('not JSON');
  }
  const r = obj(value, 'the roster');
  if (r.schema !== ROSTER_SCHEMA) throw new RosterFormatError(`schema is ${JSON.stringify(r.schema)}, expected ${ROSTER_SCHEMA} (is this a roster.json?)`);
  str(r.generatedAt, 'generatedAt');
  str(r.secretId, 'secretId');
  const settings = obj(r.settings, 'settings');
  int(settings.runTimeoutMs, 'settings.runTimeoutMs');
  int(settings.maxShrinkRuns, 'settings.maxShrinkRuns');
  const labs = arr(r.labs, 'labs').map((l, i) => {
    const lab = obj(l, `labs[${i}]`);
    str(lab.id, `labs[${i}].id`);
    str(lab.title, `labs[${i}].title`);
    int(lab.scenarios, `labs[${i}].scenarios`);
    return lab.id as string;
  });
  if (r.shard !== undefined) {
    const s = obj(r.shard, 'shard');
    for (const k of ['index', 'count', 'classSize']) int(s[k], `shard.${k}`);
  }
  arr(r.learners, 'learners').forEach((l, i) => {
    const at = `learners[${i}]`;
    const learner = obj(l, at);
    str(learner.id, `${at}.id`);
    str(learner.repo, `${at}.repo`);
    nullable(learner.branch, `${at}.branch`, str);
    nullable(learner.commit, `${at}.commit`, str);
    if (learner.error !== undefined) str(learner.error, `${at}.error`);
    const entries = arr(learner.labs, `${at}.labs`);
    if (entries.length !== labs.length) throw new RosterFormatError(`${at}.labs has ${entries.length} entries for ${labs.length} labs`);
    entries.forEach((e, j) => checkLabEntry(e, `${at}.labs[${j}]`, labs[j]));
  });
  return value as Roster;
}

function checkLabEntry(value: unknown, at: string, lab: string): void {
  const e = obj(value, at);
  if (e.lab !== lab) throw new RosterFormatError(`${at}.lab is ${JSON.stringify(e.lab)}, expected ${JSON.stringify(lab)}`);
  if (!LAB_STATUSES.includes(e.status as LabStatus)) throw new RosterFormatError(`${at}.status is ${JSON.stringify(e.status)}`);
  nullable(e.score, `${at}.score`, score);
  bool(e.passed, `${at}.passed`);
  arr(e.failing, `${at}.failing`).forEach((f, k) => {
    const s = obj(f, `${at}.failing[${k}]`);
    for (const key of ['id', 'title', 'property', 'message']) str(s[key], `${at}.failing[${k}].${key}`);
    bool(s.visible, `${at}.failing[${k}].visible`);
  });
  int(e.attempts, `${at}.attempts`);
  nullable(e.lastActivity, `${at}.lastActivity`, str);
  nullable(e.own, `${at}.own`, (v, p) => {
    const own = obj(v, p);
    if (own.valid === false) return str(own.error, `${p}.error`);
    if (own.valid !== true) throw new RosterFormatError(`${p}.valid must be true or false`);
    str(own.seed, `${p}.seed`);
    bool(own.passed, `${p}.passed`);
    score(own.score, `${p}.score`);
    bool(own.matchesFiles, `${p}.matchesFiles`);
  });
  bool(e.differs, `${at}.differs`);
  arr(e.differences, `${at}.differences`).forEach((d, k) => str(d, `${at}.differences[${k}]`));
}

function obj(v: unknown, at: string): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new RosterFormatError(`${at} must be an object`);
  return v as Record<string, unknown>;
}
function arr(v: unknown, at: string): unknown[] {
  if (!Array.isArray(v)) throw new RosterFormatError(`${at} must be an array`);
  return v;
}
function str(v: unknown, at: string): void {
  if (typeof v !== 'string') throw new RosterFormatError(`${at} must be a string`);
}
function int(v: unknown, at: string): void {
  if (!Number.isInteger(v) || (v as number) < 0) throw new RosterFormatError(`${at} must be a non-negative integer`);
}
function bool(v: unknown, at: string): void {
  if (typeof v !== 'boolean') throw new RosterFormatError(`${at} must be true or false`);
}
function score(v: unknown, at: string): void {
  const s = obj(v, at);
  int(s.earned, `${at}.earned`);
  int(s.total, `${at}.total`);
}
function nullable(v: unknown, at: string, check: (v: unknown, at: string) => void): void {
  if (v !== null) check(v, at);
}
