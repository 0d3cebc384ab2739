/**
 * csv: roster.csv, one row per learner and lab under a header row, as RFC
 * 4180 has it (CRLF line ends; a field holding a comma, a quote or a line
 * break is quoted, its quotes doubled), for spreadsheets and LMS imports.
 * No seeds: the CSV may travel further than roster.json. Pure (no Node APIs).
 *
 * Text that a learner controls could start with "=", "+", "-" or "@", which
 * spreadsheets run as a formula; such text fields get a leading "'" (OWASP's
 * advice on CSV injection). Numeric columns are written as plain numbers.
 */
import type { LabEntry, LearnerEntry, Roster } from './schema';

/** CSV_COLUMNS are the header row, in order. */
export const CSV_COLUMNS = [
  'learner',
  'repo',
  'branch',
  'commit',
  'lab',
  'status',
  'reason',
  'score',
  'total',
  'percent',
  'passed',
  'compile_error',
  'failing_scenarios',
  'failing_properties',
  'attempts',
  'last_activity',
  'own_result',
  'own_passed',
  'own_score',
  'own_total',
  'own_matches_files',
  'differs',
  'differences',
] as const;

type Cell = string | number | boolean | null | undefined;

/** rosterCsv renders the roster as CSV text. */
export function rosterCsv(roster: Roster): string {
  const rows: Cell[][] = [[...CSV_COLUMNS]];
  for (const learner of roster.learners) for (const entry of learner.labs) rows.push(csvRecord(learner, entry));
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvRecord(learner: LearnerEntry, e: LabEntry): Cell[] {
  const own = e.own;
  const percent = e.score && e.score.total > 0 ? Math.round((1000 * e.score.earned) / e.score.total) / 10 : null;
  const unique = (xs: string[]) => [...new Set(xs)];
  return [
    learner.id,
    learner.repo,
    learner.branch,
    learner.commit,
    e.lab,
    e.status,
    e.reason,
    e.score?.earned,
    e.score?.total,
    percent,
    e.passed,
    e.compileError,
    e.failing.map((f) => f.id).join(' '),
    unique(e.failing.map((f) => f.property)).join('; '),
    e.attempts,
    e.lastActivity,
    own === null ? 'none' : own.valid ? 'valid' : 'invalid',
    own?.valid ? own.passed : null,
    own?.valid ? own.score.earned : null,
    own?.valid ? own.score.total : null,
    own?.valid ? own.matchesFiles : null,
    e.differs,
    e.differences.join('; '),
  ];
}

/** csvField renders one field: numbers and booleans as they are, text quoted when RFC 4180 needs it. */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** parseCsv reads RFC 4180 text back into rows (for tests and for checking an export). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
