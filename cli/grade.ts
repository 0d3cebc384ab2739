/**
 * grade is `npm run grade`: it grades a lab's learner files (or --file, or
 * the --reference) in a confined worker and prints a line per scenario and a
 * summary, or the JSON report. Exit status: 0 all passed, 1 some failed,
 * 2 bad usage or code that does not compile.
 */
import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { AnyLabGrader } from '../graders/core/lab';
import { labFilePath, learnerModules, referenceModules } from '../graders/core/modules';
import type { ModuleMap } from '../graders/core/realm/realm';
import { buildRecord, recordPath, serializeRecord } from '../graders/core/record';
import { selectScenarios } from '../graders/core/runner';
import { gradeInWorkers, GradingError } from '../graders/core/session';
import { labs } from '../graders/registry';
import { parseGradeArgs, USAGE, UsageError, type GradeArgs } from './lib/args';
import { CompileError, type LabSource } from './lib/lab-source';
import { engineModules } from './lib/modules';
import { nodePlatform } from './lib/node-platform';
import { resultLines, summaryLine } from './lib/render';
import { REPO_ROOT } from './lib/repo';
import { runAsCommand } from './lib/entry';

/** Output is where the command writes: a TTY gets a live progress line. */
export type Output = Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };

/** main runs the command and returns its exit status. */
export async function main(
  argv: readonly string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
  /** root is the clone whose labs/ hold the learner's files and records (tests use a copy). */
  root: string = REPO_ROOT,
): Promise<number> {
  const say = (s: string) => out.write(s + '\n');
  const complain = (s: string) => err.write(s + '\n');
  let args: GradeArgs;
  try {
    args = parseGradeArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      complain(`grade: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (args.kind === 'help') {
    say(USAGE);
    return 0;
  }
  if (args.kind === 'list') {
    const width = Math.max(...labs.map((l) => l.info.id.length));
    for (const l of labs) say(`${l.info.id.padEnd(width)}  ${l.info.title}`);
    return 0;
  }
  const grader = labs.find((l) => l.info.id === args.lab);
  if (!grader) {
    complain(`grade: unknown lab "${args.lab}" (labs: ${labs.map((l) => l.info.id).join(', ')})`);
    return 2;
  }
  const seed = args.seed ?? String(randomInt(0, 2 ** 31));
  let modules: ModuleMap;
  let replayArgs: string[] = [];
  let sources: LabSource[] = [];
  try {
    selectScenarios(grader, { only: args.only });
    if (args.reference) {
      modules = { ...engineModules(), ...referenceModules(grader.info) };
      replayArgs = ['--reference'];
    } else {
      const { compileLabSources } = await import('./lib/compile');
      sources = readLearnerFiles(grader, args.file, root);
      modules = { ...learnerModules(engineModules(), grader.info), ...compileLabSources(sources) };
      if (args.file) replayArgs = ['--file', args.file];
    }
  } catch (e) {
    if (e instanceof CompileError) {
      complain(`grade: the lab code does not compile: ${e.summary}`);
      return 2;
    }
    if (e instanceof Error && (e.name === 'UsageError' || e.name === 'UnknownScenarioError')) {
      complain(`grade: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const progress = args.json ? complain : say;
  const what = args.reference ? 'the reference' : args.file ?? grader.info.files.map((f) => labFilePath(grader.info, f)).join(', ');
  progress(`Grading ${grader.info.id} (${what}) with seed ${seed}`);
  const live = !args.json && out.isTTY === true;
  try {
    const report = await gradeInWorkers(nodePlatform(), {
      lab: grader.info.id,
      request: { seed, only: args.only, replayArgs },
      modules,
      runTimeoutMs: args.timeoutMs,
      workers: Math.min(2, availableParallelism()),
      onEvent: (ev) => {
        if (ev.type === 'start') {
          if (live) out.write(`\r\x1b[K[${ev.position}/${ev.total}] playing ${ev.id}…`);
          return;
        }
        if (live) out.write('\r\x1b[K');
        for (const line of resultLines(ev.result, ev.position, ev.total)) progress(line);
      },
    });
    progress(summaryLine(report));
    // The learner's own files, fully graded: keep the result in their repository for the roster.
    if (!args.reference && args.file === undefined && args.only.length === 0) {
      const path = recordPath(grader.info.id);
      writeFileSync(join(root, path), serializeRecord(buildRecord(report, Object.fromEntries(sources.map((s) => [s.path, s.text])))));
      progress(`Recorded in ${path} (commit it with your code).`);
    }
    if (args.json) say(JSON.stringify(report));
    return report.passed ? 0 : 1;
  } catch (e) {
    if (e instanceof GradingError) {
      complain(`grade: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

/** readLearnerFiles reads the learner's files, or --file mounted as the lab's main file. */
function readLearnerFiles(grader: AnyLabGrader, file: string | undefined, root: string): LabSource[] {
  const info = grader.info;
  const picks = file !== undefined ? [{ abs: resolve(file), name: info.files[0] }] : info.files.map((f) => ({ abs: join(root, 'labs', info.id, f), name: f }));
  return picks.map(({ abs, name }) => {
    const displayPath = relative(process.cwd(), abs) || abs;
    if (!existsSync(abs)) throw new UsageError(`${displayPath} does not exist`);
    let text: string;
    try {
      text = readFileSync(abs, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${displayPath}: ${(e as Error).message}`);
    }
    return { path: labFilePath(info, name), displayPath, text };
  });
}

runAsCommand(import.meta.url, 'grade', (argv) => main(argv));
