/**
 * bench/roster: `npm run roster` over a generated class. Makes N learners'
 * repositories on disk (course-shaped; every lab of graders/registry.ts
 * holds, in turn, the reference solution, the starter, or one of the lab's
 * corpus bugs; a third of the learners commit a report.json claiming a
 * pass), then times the roster on the given cores, and the same class as two
 * shards run one after the other (as two CI runners would each run one),
 * and checks that the merged shards equal the single run. Prints the time
 * per kind of submission, so the slow part is easy to find.
 *
 *   npx tsx bench/roster.ts                       100 learners, 2 workers
 *   npx tsx bench/roster.ts --learners 20 --workers 2 --keep
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../cli/roster';
import { courseRepo, graded, T0 } from '../cli/lib/roster/testing/course';
import { buggyTexts, solutionText, starterText } from '../cli/lib/roster/testing/submissions';
import { labs } from '../graders/registry';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const learners = Number(option('--learners', '100'));
const workers = option('--workers', '2');
const keep = args.includes('--keep');

const root = mkdtempSync(join(tmpdir(), 'roster-bench-'));
const kindOf = new Map<string, string>(); // "<learner>/<lab>" → kind

function generate(): void {
  const t0 = performance.now();
  const variants = labs.map(({ info }) => [
    { kind: 'correct', text: solutionText(info) },
    { kind: 'starter', text: starterText(info) },
    ...buggyTexts(info).map((b) => ({ kind: `bug:${b.id}`, text: b.text })),
  ]);
  const list = [];
  for (let i = 0; i < learners; i++) {
    const id = `learner-${String(i + 1).padStart(3, '0')}`;
    const files = {};
    labs.forEach(({ info }, j) => {
      // Correct, starter and buggy in equal shares; the bugs cycle through the corpus.
      const pick = (i + j) % 3 === 0 ? variants[j][0] : (i + j) % 3 === 1 ? variants[j][1] : variants[j][2 + (Math.floor(i / 3) % (variants[j].length - 2))];
      kindOf.set(`${id}/${info.id}`, pick.kind.startsWith('bug:') ? 'buggy' : pick.kind);
      Object.assign(files, graded(info, pick.text, i % 3 === 0 ? { passed: true, earned: 1, total: 1 } : undefined));
    });
    courseRepo(join(root, 'repos', id), [{ message: 'my work', time: T0 + i * 60, files }]);
    list.push({ id, repo: `repos/${id}` });
  }
  writeFileSync(join(root, 'class.json'), JSON.stringify({ learners: list }, null, 2));
  console.log(`generated ${learners} learners × ${labs.length} labs in ${((performance.now() - t0) / 1000).toFixed(1)} s (${root})`);
}

/** run runs the roster quietly and returns its wall time and the per-grading times it printed. */
async function run(argv: string[]): Promise<{ seconds: number; jobs: { key: string; seconds: number }[] }> {
  let text = '';
  const started = performance.now();
  const code = await main(argv, {
    out: { write: (s: string) => (text += s), isTTY: false },
    err: { write: (s: string) => (text += s) },
    env: { KUBE_INTERNALS_ROSTER_SECRET: 'benchmark secret, long enough to use' },
    now: () => new Date('2026-06-01T00:00:00.000Z'),
  });
  if (code !== 0) throw new Error(`roster exited ${code}:\n${text}`);
  const jobs = [...text.matchAll(/^\[\d+\/\d+\] (\S+) (\S+): .* \((\d+\.\d) s\)$/gm)].map((m) => ({ key: `${m[1]}/${m[2]}`, seconds: Number(m[3]) }));
  return { seconds: (performance.now() - started) / 1000, jobs };
}

function byKind(jobs: { key: string; seconds: number }[]): string {
  const rows = new Map<string, number[]>();
  for (const j of jobs) {
    const k = `${j.key.split('/')[1]} ${kindOf.get(j.key)}`;
    rows.set(k, [...(rows.get(k) ?? []), j.seconds]);
  }
  return [...rows]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, xs]) => `  ${k.padEnd(30)} ${String(xs.length).padStart(4)} gradings, mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1)} s, max ${Math.max(...xs).toFixed(1)} s`)
    .join('\n');
}

generate();
const common = ['--class', join(root, 'class.json'), '--workers', workers];
const whole = await run([...common, '--out', join(root, 'whole')]);
console.log(`roster: ${learners} learners, ${workers} workers: ${whole.seconds.toFixed(1)} s`);
console.log(byKind(whole.jobs));
const shards = [];
for (const i of [1, 2]) {
  const s = await run([...common, '--out', join(root, `shard-${i}`), '--shard', `${i}/2`]);
  console.log(`shard ${i}/2: ${s.seconds.toFixed(1)} s`);
  shards.push(s.seconds);
}
await run(['merge', '--out', join(root, 'merged'), join(root, 'shard-1'), join(root, 'shard-2')]);
const same = ['roster.json', 'roster.csv', 'index.html'].every((f) => readFileSync(join(root, 'merged', f), 'utf8') === readFileSync(join(root, 'whole', f), 'utf8'));
console.log(`merged shards ${same ? 'equal' : 'DIFFER FROM'} the single run; total ${(whole.seconds + shards[0] + shards[1]).toFixed(1)} s`);
if (!keep) rmSync(root, { recursive: true, force: true });
if (!same) process.exit(1);
