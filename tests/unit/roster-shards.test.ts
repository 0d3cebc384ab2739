/**
 * `--shard i/n` and `roster merge`: the shards of a class, merged, are the
 * roster of one unsharded run, byte for byte (JSON, CSV and dashboard), and
 * merge refuses an incomplete set.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/roster';
import { parseRoster } from '../../cli/lib/roster/schema';
import { courseRepo, graded, T0 } from '../../cli/lib/roster/testing/course';
import { buggyTexts, solutionText, starterText } from '../../cli/lib/roster/testing/submissions';
import { labs } from '../../graders/registry';

const LAB = labs.find((l) => l.info.id === 'etcd-backup-restore')!.info;
const NOW = new Date('2026-05-01T09:00:00.000Z');
const FILES = ['roster.json', 'roster.csv', 'index.html'];

let root: string;
const read = (dir: string, file: string) => readFileSync(join(root, dir, file), 'utf8');

/** roster runs main() quietly and returns its exit status and what it wrote to stderr. */
async function roster(argv: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await main(argv, { out: { write: () => true }, err: { write: (s: string) => (err += s) }, env: { KUBE_INTERNALS_ROSTER_SECRET: 'sharding secret, long enough' }, now: () => NOW });
  return { code, err };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'roster-shards-'));
  const bugs = buggyTexts(LAB);
  const texts = [solutionText(LAB), starterText(LAB), bugs[0].text, solutionText(LAB), bugs[1].text];
  const learners = texts.map((text, i) => {
    courseRepo(join(root, 'repos', `l${i}`), [{ message: 'work', time: T0 + i * 60, files: graded(LAB, text, { passed: true, earned: 23, total: 23 }) }]);
    return { id: `l${i}`, repo: `repos/l${i}` };
  });
  writeFileSync(join(root, 'class.json'), JSON.stringify({ learners }));
  const common = ['--class', join(root, 'class.json'), '--labs', LAB.id, '--workers', '2'];
  for (const [out, extra] of [['whole', []], ['s1', ['--shard', '1/2']], ['s2', ['--shard', '2/2']]] as const) {
    const { code, err } = await roster([...common, '--out', join(root, out), ...extra]);
    expect(code, err).toBe(0);
  }
}, 600_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('sharded rosters', () => {
  it('split the class round-robin, each shard saying which it is', () => {
    const s1 = parseRoster(read('s1', 'roster.json'));
    const s2 = parseRoster(read('s2', 'roster.json'));
    expect(s1.shard).toEqual({ index: 1, count: 2, classSize: 5 });
    expect(s2.shard).toEqual({ index: 2, count: 2, classSize: 5 });
    expect(s1.learners.map((l) => l.id)).toEqual(['l0', 'l2', 'l4']);
    expect(s2.learners.map((l) => l.id)).toEqual(['l1', 'l3']);
  });

  it('merge into exactly the roster of one run', async () => {
    const { code, err } = await roster(['merge', '--out', join(root, 'merged'), join(root, 's2'), join(root, 's1')]);
    expect(code, err).toBe(0);
    for (const f of FILES) expect(read('merged', f), f).toBe(read('whole', f));
    const whole = parseRoster(read('whole', 'roster.json'));
    expect(whole.shard).toBeUndefined();
    expect(whole.learners.map((l) => [l.id, l.labs[0].status, l.labs[0].passed])).toEqual([
      ['l0', 'graded', true],
      ['l1', 'graded', false],
      ['l2', 'graded', false],
      ['l3', 'graded', true],
      ['l4', 'graded', false],
    ]);
    expect(whole.learners.map((l) => l.labs[0].differs)).toEqual([false, true, true, false, true]);
  });

  it('refuse to merge an incomplete set, or something that is not a shard', async () => {
    expect(await roster(['merge', '--out', join(root, 'bad'), join(root, 's1')])).toEqual({ code: 2, err: 'roster: merge: shard 2/2 missing\n' });
    expect(await roster(['merge', '--out', join(root, 'bad'), join(root, 'whole')])).toEqual({ code: 2, err: `roster: merge: ${join(root, 'whole')} is not a shard's output (it has no "shard"): it is a whole roster already\n` });
    expect(await roster(['merge', '--out', join(root, 'bad'), join(root, 'repos')])).toMatchObject({ code: 2, err: expect.stringContaining(`roster: merge: cannot read ${join(root, 'repos', 'roster.json')}: ENOENT`) });
  });
});
