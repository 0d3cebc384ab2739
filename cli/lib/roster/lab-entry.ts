/**
 * lab-entry: one (learner, lab) row of the roster, from what was read from
 * the repository and what the regrade gave. Pure (no Node APIs).
 */
import type { LabInfo } from '../../../graders/core/lab';
import { fileDigest, parseRecord } from '../../../graders/core/record';
import type { Report } from '../../../graders/core/report';
import type { LabSnapshot } from './git-read';
import { MAX_MESSAGE_CHARS, type FailingScenario, type LabEntry, type LabStatus, type OwnResult } from './schema';

/** Regrade is how a regrade ended: a report, code that does not compile, or a grading failure. */
export type Regrade = { kind: 'report'; report: Report } | { kind: 'compile-error'; message: string } | { kind: 'error'; reason: string };

/**
 * labEntry assembles a lab's entry. `regrade` is given when the files were
 * read (snapshot.files.status "ok"); `total` is the lab's scenario count.
 */
export function labEntry(info: LabInfo, total: number, snapshot: LabSnapshot, seed: string, regrade: Regrade | undefined): LabEntry {
  const history = { attempts: snapshot.attempts, lastActivity: snapshot.lastActivity, own: ownResult(info, snapshot) };
  let entry: Omit<LabEntry, 'differs' | 'differences'>;
  if (snapshot.files.status !== 'ok') {
    entry = { lab: info.id, status: snapshot.files.status, reason: snapshot.files.reason, score: null, passed: false, failing: [], ...history };
  } else if (!regrade || regrade.kind === 'error') {
    entry = { lab: info.id, status: 'error', reason: regrade?.reason ?? 'not regraded', score: null, passed: false, failing: [], ...history };
  } else if (regrade.kind === 'compile-error') {
    entry = { lab: info.id, status: 'graded', seed, score: { earned: 0, total }, passed: false, compileError: clip(regrade.message), failing: [], ...history };
  } else {
    const r = regrade.report;
    entry = { lab: info.id, status: 'graded', seed, score: { ...r.score }, passed: r.passed, failing: failingScenarios(r), ...history };
  }
  const differences = compare(entry);
  return { ...entry, differs: differences.length > 0, differences };
}

/** unreadEntry is a lab of a repository that could not be read at all. */
export function unreadEntry(info: LabInfo, status: Extract<LabStatus, 'error' | 'refused'>, reason: string): LabEntry {
  return { lab: info.id, status, reason, score: null, passed: false, failing: [], attempts: 0, lastActivity: null, own: null, differs: false, differences: [] };
}

function failingScenarios(report: Report): FailingScenario[] {
  return report.scenarios
    .filter((s) => !s.passed)
    .map((s) => ({ id: s.id, title: s.title, visible: s.visible, property: s.property ?? 'unknown', message: clip(s.message) }));
}

/** clip keeps a message's first line, at most MAX_MESSAGE_CHARS characters. */
export function clip(message: string): string {
  const line = message.split('\n', 1)[0];
  return line.length > MAX_MESSAGE_CHARS ? `${line.slice(0, MAX_MESSAGE_CHARS - 1)}…` : line;
}

/** ownResult reads the learner's record and checks its digests against the committed files. */
function ownResult(info: LabInfo, snapshot: LabSnapshot): OwnResult | null {
  const rec = snapshot.record;
  if (rec === null) return null;
  if ('error' in rec) return { valid: false, error: rec.error };
  const parsed = parseRecord(rec.text, info.id);
  if ('error' in parsed) return { valid: false, error: parsed.error };
  const { record } = parsed;
  const files = snapshot.files.status === 'ok' ? snapshot.files.sources : undefined;
  const committed = new Map((files ?? []).map((s) => [s.path, fileDigest(s.text)]));
  const claimed = Object.entries(record.files);
  const matchesFiles = files !== undefined && claimed.length === committed.size && claimed.every(([path, digest]) => committed.get(path) === digest);
  const report = record.report;
  return {
    valid: true,
    seed: report.seed.slice(0, 40),
    passed: report.passed,
    score: { earned: report.score.earned, total: report.score.total },
    matchesFiles,
  };
}

/** compare lists how the learner's own result disagrees with the regrade, one line each. */
function compare(entry: Omit<LabEntry, 'differs' | 'differences'>): string[] {
  const own = entry.own;
  if (own === null) return [];
  if (!own.valid) return [`own result unreadable: ${own.error}`];
  const out: string[] = [];
  if (!own.matchesFiles) out.push('own result is not for the committed files (its digests differ)');
  const claim = `${own.passed ? 'passed' : 'failed'} ${own.score.earned}/${own.score.total}`;
  if (entry.status !== 'graded' || !entry.score) {
    out.push(`own result ${claim}, but the lab could not be regraded (${entry.status})`);
    return out;
  }
  if (own.passed !== entry.passed) out.push(`own result ${own.passed ? 'passed' : 'failed'}, the regrade ${entry.passed ? 'passed' : 'failed'}`);
  if (own.score.earned !== entry.score.earned || own.score.total !== entry.score.total) {
    out.push(`own score ${own.score.earned}/${own.score.total}, regrade ${entry.score.earned}/${entry.score.total}`);
  }
  return out;
}
