/**
 * bench/corpus plays a lab's bug corpus (or its reference) on many seeds and
 * prints, per bug, how often each scenario family caught it and with which
 * property. It is how the families and checks were tuned; each grader's
 * bugs tests assert the outcome on fixed seeds.
 *
 *   npx tsx bench/corpus.ts <lab> [--seeds 1-20] [--first] [--show] [bug-id | reference ...]
 *
 * --first stops each run at its first failure, as the tests do (failFast);
 * --show prints the first failure of every run.
 */
import type { Mutation } from '../graders/core/mutations';
import { labHarness } from '../graders/core/testing/lab-harness';
import { BUGS as BACKUP_RESTORE_BUGS } from '../graders/etcd-backup-restore/bugs';
import { BUGS as QUORUM_BUGS } from '../graders/etcd-quorum/bugs';
import { labs } from '../graders/registry';

const CORPORA: Record<string, readonly Mutation[]> = { 'etcd-quorum': QUORUM_BUGS, 'etcd-backup-restore': BACKUP_RESTORE_BUGS };

const [lab, ...rest] = process.argv.slice(2);
const grader = labs.find((l) => l.info.id === lab);
const BUGS = CORPORA[lab ?? ''];
if (!grader || !BUGS) {
  console.error(`usage: npx tsx bench/corpus.ts <lab> [--seeds 1-20] [--first] [--show] [bug-id | reference ...]; labs: ${Object.keys(CORPORA).join(', ')}`);
  process.exit(2);
}
const { mutantMap: bugMap, grade, referenceMap } = labHarness(grader);

const args = rest;
let seeds = [1, 2, 3, 4, 5];
let first = false;
let show = false;
const ids: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seeds') {
    const [lo, hi] = args[++i]!.split('-').map(Number) as [number, number | undefined];
    seeds = Array.from({ length: (hi ?? lo) - lo + 1 }, (_, k) => lo + k);
  } else if (args[i] === '--first') first = true;
  else if (args[i] === '--show') show = true;
  else ids.push(args[i]!);
}

const targets = ids.length > 0 ? ids : BUGS.map((b) => b.id);
for (const id of targets) {
  const bug = BUGS.find((b) => b.id === id);
  if (!bug && id !== 'reference') throw new Error(`no bug ${id}`);
  const modules = bug ? bugMap(bug) : referenceMap();
  const t0 = performance.now();
  const missed: number[] = [];
  const wrong: string[] = [];
  const byFamily = new Map<string, { caught: number; played: number; properties: Map<string, number> }>();
  for (const seed of seeds) {
    const results = grade(modules, { seed: String(seed), failFast: first, maxShrinkRuns: 0 });
    const failed = results.filter((r) => !r.passed);
    if (bug && failed.length === 0) missed.push(seed);
    const firstFail = failed[0];
    if (show && firstFail) console.log(`  seed ${seed} ${firstFail.id}: ${firstFail.message.split('\n')[0]}`);
    if (bug && firstFail && !bug.expect.includes(firstFail.property!)) wrong.push(`seed ${seed} ${firstFail.id}: ${firstFail.message.split('\n')[0]}`);
    if (!bug) for (const f of failed) wrong.push(`seed ${seed} ${f.id}: ${f.message}`);
    for (const r of results) {
      const family = r.visible ? r.id : r.id.replace(/-\d+$/, '');
      const row = byFamily.get(family) ?? { caught: 0, played: 0, properties: new Map<string, number>() };
      row.played++;
      if (!r.passed) {
        row.caught++;
        row.properties.set(r.property!, (row.properties.get(r.property!) ?? 0) + 1);
      }
      byFamily.set(family, row);
    }
  }
  const ms = performance.now() - t0;
  console.log(`${id}: ${seeds.length} seeds in ${(ms / 1000).toFixed(1)} s${bug ? `, missed on ${missed.length ? missed.join(',') : 'none'}` : ''}`);
  for (const [family, row] of byFamily) {
    const props = [...row.properties].map(([p, n]) => `${p} ×${n}`).join(', ');
    console.log(`  ${family.padEnd(22)} ${row.caught}/${row.played}${props ? `  (${props})` : ''}`);
  }
  for (const w of wrong) console.log(`  ! ${w}`);
}
