import { sha256, toHex } from '../../engine/etcd/hash';
import { utf8 } from '../../engine/etcd/mvcc/codec';
import { REPORT_SCHEMA, type Report } from './report';

/**
 * LabRecord is a learner's own latest result for a lab, as committed in
 * their repository at labs/<lab>/report.json — written by `npm run grade`
 * and by the lab page's Grade button alike. The roster shows it next to its
 * own regrade; `files` lets it tell whether the result is for the code that
 * was committed with it.
 */
export interface LabRecord {
  schema: typeof RECORD_SCHEMA;
  lab: string;
  /** files maps each graded learner file (repository path) to the SHA-256 of its text, in hex. */
  files: Record<string, string>;
  report: Report;
}

export const RECORD_SCHEMA = 1;

/** recordPath is where a lab's record lives in the learner's repository. */
export function recordPath(lab: string): string {
  return `labs/${lab}/report.json`;
}

/** fileDigest is the SHA-256 (hex) of a file's text as UTF-8: what LabRecord.files holds. */
export function fileDigest(text: string): string {
  return toHex(sha256(utf8(text)));
}

/** buildRecord makes the record of a grading run of `files` (repository path → text). */
export function buildRecord(report: Report, files: Readonly<Record<string, string>>): LabRecord {
  const digests: Record<string, string> = {};
  for (const path of Object.keys(files).sort()) digests[path] = fileDigest(files[path]);
  return { schema: RECORD_SCHEMA, lab: report.lab, files: digests, report };
}

/** serializeRecord renders a record as the file's text (stable, diff-friendly). */
export function serializeRecord(record: LabRecord): string {
  return JSON.stringify(record, null, 2) + '\n';
}

/**
 * parseRecord reads a record file, which comes from a learner's repository
 * and so may be anything: it returns the record, or a one-line reason why it
 * is not one. It never throws.
 */
export function parseRecord(text: string, lab: string): { record: LabRecord } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: `${recordPath(lab)} is not valid JSON` };
  }
  const v = value as Partial<LabRecord> | null;
  if (!v || typeof v !== 'object') return { error: `${recordPath(lab)} is not a JSON object` };
  if (v.schema !== RECORD_SCHEMA) return { error: `${recordPath(lab)} has schema ${JSON.stringify(v.schema)}, expected ${RECORD_SCHEMA}` };
  if (v.lab !== lab) return { error: `${recordPath(lab)} is for lab ${JSON.stringify(v.lab)}` };
  if (!v.files || typeof v.files !== 'object' || Object.values(v.files).some((d) => typeof d !== 'string' || !/^[0-9a-f]{64}$/.test(d))) {
    return { error: `${recordPath(lab)} has no valid file digests` };
  }
  const r = v.report as Partial<Report> | undefined;
  if (
    !r ||
    r.schema !== REPORT_SCHEMA ||
    r.lab !== lab ||
    typeof r.seed !== 'string' ||
    typeof r.passed !== 'boolean' ||
    !r.score ||
    !Number.isInteger(r.score.earned) ||
    !Number.isInteger(r.score.total) ||
    !Array.isArray(r.scenarios)
  ) {
    return { error: `${recordPath(lab)} holds no valid report` };
  }
  return { record: v as LabRecord };
}
