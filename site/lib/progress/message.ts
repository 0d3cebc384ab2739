/**
 * message: the commit messages of the learner's repository. Each commit the
 * site makes says in its first line what it is, for a person reading
 * `git log --oneline`, and carries git trailers ("Key: value" lines in the
 * last paragraph) for programs: the lab page's history and the home page
 * read them back with parseCommitMessage.
 *
 *   etcd-quorum: 25/28 (seed 1234)
 *
 *   Lab: etcd-quorum
 *   Kind: attempt
 *   Score: 25/28
 *   Seed: 1234
 *   Result: failed
 *
 * A "save" commit keeps the editor's text before something replaces it
 * (restoring an attempt, Reset to starter, importing a file) or before a
 * submission; it has Lab and Kind only.
 */
import type { Report } from '../../../graders/core/report';

/** AttemptMeta describes a graded attempt: a commit holding the lab's files and labs/<lab>/report.json. */
export interface AttemptMeta {
  kind: 'attempt';
  lab: string;
  seed: string;
  earned: number;
  total: number;
  passed: boolean;
}

/** SaveMeta describes a commit that only keeps the lab's files. */
export interface SaveMeta {
  kind: 'save';
  lab: string;
  /** title is the message's first line after "<lab>: ", e.g. "saved before Reset to starter". */
  title: string;
}

export type CommitMeta = AttemptMeta | SaveMeta;

/** attemptMessage is the message of the commit recording a full grading run. */
export function attemptMessage(report: Pick<Report, 'lab' | 'seed' | 'score' | 'passed'>): string {
  const { lab, seed, score, passed } = report;
  const points = `${score.earned}/${score.total}`;
  return [
    `${lab}: ${points} (seed ${seed})`,
    '',
    `Lab: ${lab}`,
    'Kind: attempt',
    `Score: ${points}`,
    `Seed: ${seed}`,
    `Result: ${passed ? 'passed' : 'failed'}`,
    '',
  ].join('\n');
}

/** saveMessage is the message of a commit keeping a lab's text; `title` says why, e.g. "saved before Reset to starter". */
export function saveMessage(lab: string, title: string): string {
  if (/[\r\n]/.test(title)) throw new Error(`saveMessage: the title must be one line, got ${JSON.stringify(title)}`);
  return [`${lab}: ${title}`, '', `Lab: ${lab}`, 'Kind: save', ''].join('\n');
}

/**
 * trailers returns the "Key: value" lines of a message's last paragraph,
 * or an empty map when that paragraph is not all trailers (or is the
 * subject line itself).
 */
export function trailers(message: string): Map<string, string> {
  const paragraphs = message.replace(/\r\n/g, '\n').trim().split(/\n{2,}/);
  const out = new Map<string, string>();
  if (paragraphs.length < 2) return out;
  for (const line of paragraphs[paragraphs.length - 1].split('\n')) {
    const m = /^([A-Za-z][A-Za-z0-9-]*):[ \t]*(.*?)\s*$/.exec(line);
    if (!m) return new Map();
    out.set(m[1], m[2]);
  }
  return out;
}

/**
 * parseCommitMessage reads back what attemptMessage and saveMessage wrote;
 * any other message (a commit the learner made in a clone, say) gives
 * undefined. A malformed attempt trailer gives undefined rather than a
 * guess: the history shows only what it can state.
 */
export function parseCommitMessage(message: string): CommitMeta | undefined {
  const t = trailers(message);
  const lab = t.get('Lab');
  if (!lab || !/^[a-z0-9][a-z0-9-]*$/.test(lab)) return undefined;
  const kind = t.get('Kind');
  if (kind === 'save') {
    const subject = message.split('\n', 1)[0];
    const prefix = `${lab}: `;
    return { kind: 'save', lab, title: subject.startsWith(prefix) ? subject.slice(prefix.length) : subject };
  }
  if (kind !== 'attempt') return undefined;
  const score = /^(\d+)\/(\d+)$/.exec(t.get('Score') ?? '');
  const seed = t.get('Seed') ?? '';
  const result = t.get('Result');
  if (!score || !/^\d+$/.test(seed) || (result !== 'passed' && result !== 'failed')) return undefined;
  const earned = Number(score[1]);
  const total = Number(score[2]);
  if (earned > total) return undefined;
  return { kind: 'attempt', lab, seed, earned, total, passed: result === 'passed' };
}
