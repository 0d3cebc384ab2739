import { describe, expect, it } from 'vitest';
import { buildRecord, fileDigest, parseRecord, recordPath, serializeRecord } from './record';
import { buildReport } from './report';

const report = buildReport('etcd-quorum', '42', [{ id: 'a', title: 'A', visible: true, passed: true, message: 'ok', replay: 'npm run grade -- etcd-quorum --seed 42 --only a' }], 900);

describe('LabRecord', () => {
  it('records the report and the SHA-256 of each graded file', () => {
    const rec = buildRecord(report, { 'labs/etcd-quorum/raft.ts': 'abc' });
    expect(rec.files).toEqual({ 'labs/etcd-quorum/raft.ts': 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' });
    expect(fileDigest('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(recordPath('etcd-quorum')).toBe('labs/etcd-quorum/report.json');
  });

  it('parses what it serializes', () => {
    const rec = buildRecord(report, { 'labs/etcd-quorum/raft.ts': 'x' });
    expect(parseRecord(serializeRecord(rec), 'etcd-quorum')).toEqual({ record: rec });
  });

  it('refuses, with a reason and without throwing, anything a hostile repository may hold', () => {
    const rec = buildRecord(report, { 'labs/etcd-quorum/raft.ts': 'x' });
    const cases: [string, RegExp][] = [
      ['{not json', /is not valid JSON/],
      ['null', /is not a JSON object/],
      [JSON.stringify({ ...rec, schema: 9 }), /has schema 9, expected 1/],
      [JSON.stringify({ ...rec, lab: 'rbac' }), /is for lab "rbac"/],
      [JSON.stringify({ ...rec, files: { a: 'zz' } }), /no valid file digests/],
      [JSON.stringify({ ...rec, report: { ...rec.report, passed: 'yes' } }), /holds no valid report/],
      [JSON.stringify({ ...rec, report: { ...rec.report, score: { earned: 'all', total: 1 } } }), /holds no valid report/],
    ];
    for (const [text, reason] of cases) {
      const r = parseRecord(text, 'etcd-quorum');
      expect('error' in r && r.error).toMatch(reason);
    }
  });
});
