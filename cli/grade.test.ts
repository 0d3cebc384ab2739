import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withoutTimings, type Report } from '../graders/core/report';
import { fileDigest, parseRecord } from '../graders/core/record';
import { main, type Output } from './grade';
import { REPO_ROOT } from './lib/repo';

/** capture runs the grade command and collects what it prints. */
async function capture(...argv: string[]) {
  let out = '';
  let err = '';
  const stream = (sink: (s: string) => void): Output => ({ write: ((s: string) => (sink(s), true)) as Output['write'], isTTY: false });
  const code = await main(argv, stream((s) => (out += s)), stream((s) => (err += s)));
  return { code, out, err };
}

const tmp = mkdtempSync(join(tmpdir(), 'grade-test-'));
const quiet: Output = { write: (() => true) as Output['write'] };

describe('npm run grade', () => {
  it('lists the labs, one per line: id and title', async () => {
    const { code, out } = await capture('--list');
    expect(code).toBe(0);
    expect(out).toMatch(/^etcd-quorum +etcd quorum: Raft elections, replication and commit$/m);
  });

  it('exits 2 with a one-line reason for an unknown lab', async () => {
    const { code, err } = await capture('etcd-quorom');
    expect(code).toBe(2);
    expect(err).toMatch(/^grade: unknown lab "etcd-quorom" \(labs: etcd-quorum[^\n]*\)\n$/);
  });

  it('exits 2 for a missing file, an unknown option and a bad seed', async () => {
    expect((await capture('etcd-quorum', '--file', join(tmp, 'nope.ts'))).err).toMatch(/^grade: .*nope\.ts does not exist\n$/);
    expect((await capture('etcd-quorum', '--fast')).err).toBe('grade: unknown option --fast\n');
    expect((await capture('etcd-quorum', '--seed', 'abc')).err).toBe('grade: --seed must be a non-negative integer, got "abc"\n');
    expect((await capture('etcd-quorum', '--seed', '1', '--only', 'nope')).code).toBe(2);
  });

  it('exits 2 for a file that does not compile, naming the first error', async () => {
    const file = join(tmp, 'broken.ts');
    writeFileSync(file, "import type { RaftNodeFactory } from '../../engine/raft/types';\nexport const createRaftNode: RaftNodeFactory = 42;\n");
    const { code, err } = await capture('etcd-quorum', '--file', file, '--seed', '1');
    expect(code).toBe(2);
    expect(err).toMatch(/^grade: the lab code does not compile: .*broken\.ts:2:14 - error TS2322: Type 'number' is not assignable to type 'RaftNodeFactory'\.\n$/);
  });

  it('reports an exception in lab code at the line the learner wrote', async () => {
    const file = join(tmp, 'throws.ts');
    writeFileSync(
      file,
      [
        "import type { RaftNodeFactory } from '../../engine/raft/types';",
        '',
        '/** A node that cannot even start. */',
        'export const createRaftNode: RaftNodeFactory = (config) => {',
        '',
        '  throw new Error(`cannot start ${config.id}`);',
        '};',
        '',
      ].join('\n'),
    );
    const { code, out } = await capture('etcd-quorum', '--file', file, '--seed', '1', '--only', 'three-member-election');
    expect(code).toBe(1);
    expect(out).toMatch(/your code threw Error: cannot start n1 \(at labs\/etcd-quorum\/raft\.ts:6:9\)/);
  });

  it('grades the reference: a line per scenario, a summary, exit 0', async () => {
    const { code, out } = await capture('etcd-quorum', '--reference', '--seed', '3', '--only', 'three-member-election,partitions-1');
    expect(code).toBe(0);
    expect(out).toMatch(/^Grading etcd-quorum \(the reference\) with seed 3$/m);
    expect(out).toMatch(/^\[1\/2\] ✓ three-member-election {2}three members elect a leader/m);
    expect(out).toMatch(/^\[2\/2\] ✓ partitions-1 \(hidden\)/m);
    expect(out).toMatch(/^etcd-quorum: 2\/2 scenarios passed, all passed \(seed 3, [\d.]+ s\)$/m);
  });

  it('fails the starter with exit 1 and a replay command per failure', async () => {
    const { code, out } = await capture('etcd-quorum', '--seed', '3', '--only', 'three-member-election');
    expect(code).toBe(1);
    expect(out).toMatch(/✗ three-member-election/);
    expect(out).toMatch(/replay: npm run grade -- etcd-quorum --seed 3 --only three-member-election/);
  });

  it('records a full grade of the learner\'s own files in labs/<lab>/report.json, and nothing for partial runs', async () => {
    const root = mkdtempSync(join(tmpdir(), 'clone-'));
    mkdirSync(join(root, 'labs', 'etcd-backup-restore'), { recursive: true });
    const starter = readFileSync(join(REPO_ROOT, 'labs/etcd-backup-restore/maintenance.ts'), 'utf8');
    writeFileSync(join(root, 'labs/etcd-backup-restore/maintenance.ts'), starter);
    const record = join(root, 'labs/etcd-backup-restore/report.json');
    await main(['etcd-backup-restore', '--seed', '2', '--only', 'compact-and-read'], quiet, quiet, root);
    expect(existsSync(record)).toBe(false);
    let out = '';
    const code = await main(['etcd-backup-restore', '--seed', '2', '--json'], { write: ((s: string) => ((out += s), true)) as Output['write'] }, quiet, root);
    expect(code).toBe(1);
    const parsed = parseRecord(readFileSync(record, 'utf8'), 'etcd-backup-restore');
    expect('record' in parsed).toBe(true);
    if (!('record' in parsed)) return;
    expect(parsed.record.files).toEqual({ 'labs/etcd-backup-restore/maintenance.ts': fileDigest(starter) });
    expect(withoutTimings(parsed.record.report)).toEqual(withoutTimings(JSON.parse(out) as Report));
  });

  it('prints the schema-1 JSON report on stdout with --json, the same for the same seed', async () => {
    const run = async () => {
      const { code, out, err } = await capture('etcd-quorum', '--reference', '--seed', '8', '--only', 'leader-crash,crashes-2', '--json');
      expect(code).toBe(0);
      expect(err).toMatch(/Grading etcd-quorum/);
      return JSON.parse(out) as Report;
    };
    const a = await run();
    expect(a).toMatchObject({ schema: 1, lab: 'etcd-quorum', seed: '8', passed: true, score: { earned: 2, total: 2 } });
    expect(a.scenarios[1]).toMatchObject({ id: 'crashes-2', visible: false, passed: true, replay: 'npm run grade -- etcd-quorum --reference --seed 8 --only crashes-2' });
    expect(typeof a.durationMs).toBe('number');
    expect(withoutTimings(await run())).toEqual(withoutTimings(a));
  });
});
