/**
 * bench/grade: the full grader run of each lab on its reference, in Node,
 * exactly as `npm run grade -- <lab> --reference` does it (worker threads, vm
 * realms, parallel lanes). Prints min / median / max over several seeds.
 *
 *   npm run bench                  every lab, 5 seeds
 *   npm run bench -- etcd-quorum 9 one lab, 9 seeds
 */
import { availableParallelism } from 'node:os';
import { referenceModules } from '../graders/core/modules';
import { gradeInWorkers } from '../graders/core/session';
import { labs } from '../graders/registry';
import { engineModules } from '../cli/lib/modules';
import { nodePlatform } from '../cli/lib/node-platform';

const [only, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const workers = Math.min(2, availableParallelism());

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return `min ${s[0].toFixed(0)} ms, median ${median.toFixed(0)} ms, max ${s[s.length - 1].toFixed(0)} ms`;
}

for (const lab of labs.filter((l) => !only || l.info.id === only)) {
  const modules = { ...engineModules(), ...referenceModules(lab.info) };
  const durations: number[] = [];
  let scenarios = 0;
  for (let seed = 1; seed <= runs; seed++) {
    const report = await gradeInWorkers(nodePlatform(), { lab: lab.info.id, request: { seed: String(seed) }, modules, runTimeoutMs: 30_000, workers });
    // durationMs runs from starting the workers to the last result.
    durations.push(report.durationMs);
    scenarios = report.score.total;
    if (!report.passed) console.error(`  ! the reference failed ${lab.info.id} with seed ${seed}`);
  }
  console.log(`${lab.info.id}: ${scenarios} scenarios, ${runs} seeds, ${workers} workers: ${stats(durations)}`);
}
