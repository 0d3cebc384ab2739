/**
 * roster is `npm run roster`: it fetches each learner's repository listed in
 * class.json, regrades every lab in confined workers with a seed derived
 * from the instructor's secret, and writes roster.json, roster.csv and
 * index.html (see cli/lib/roster/schema.ts for what they hold). `roster
 * merge` joins the outputs of `--shard i/n` runs. Exit status: 0 the roster
 * was written, 2 bad usage (no secret, a bad class.json, unknown labs).
 */
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { listScenarios } from '../graders/core/scenarios';
import { labs as allLabs } from '../graders/registry';
import { parseRosterArgs, ROSTER_USAGE, UsageError, type RosterArgs } from './lib/roster/args';
import { ClassListError, parseClassList } from './lib/roster/class-list';
import { ProgressDisplay, type ProgressOutput } from './lib/roster/progress';
import { gradeLearners } from './lib/roster/run';
import { parseRoster, RosterFormatError, ROSTER_SCHEMA, type Roster } from './lib/roster/schema';
import { MIN_SECRET_LENGTH, secretId } from './lib/roster/seed';
import { MergeError, mergeRosters, shardSlice } from './lib/roster/shards';
import { summarize } from './lib/roster/summary';
import { ROSTER_FILES, writeRoster } from './lib/roster/write';
import { runAsCommand } from './lib/entry';

export const SECRET_ENV = 'KUBE_INTERNALS_ROSTER_SECRET';
export const TOKEN_ENV = 'KUBE_INTERNALS_ROSTER_TOKEN';

/** RosterContext is what main reads besides argv: the environment, the clock, and where to write. */
export interface RosterContext {
  out: ProgressOutput;
  err: ProgressOutput;
  env: Record<string, string | undefined>;
  now: () => Date;
}

/** main runs the command and returns its exit status. */
export async function main(argv: readonly string[], context: Partial<RosterContext> = {}): Promise<number> {
  const { out = process.stdout, err = process.stderr, env = process.env, now = () => new Date() } = context;
  const say = (s: string) => out.write(s + '\n');
  const complain = (s: string) => err.write(`roster: ${s}\n`);
  let args: RosterArgs;
  try {
    args = parseRosterArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      complain(e.message);
      return 2;
    }
    throw e;
  }
  if (args.kind === 'help') {
    say(ROSTER_USAGE);
    return 0;
  }
  if (args.kind === 'merge') return merge(args, say, complain);

  // The secret: from a file or the environment, never from the class's repositories.
  let secret: string | undefined;
  if (args.secretFile !== undefined) {
    try {
      secret = readFileSync(args.secretFile, 'utf8').replace(/\r?\n$/, '');
    } catch (e) {
      complain(`cannot read the secret file ${args.secretFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 2;
    }
  } else {
    secret = env[SECRET_ENV];
  }
  // Nothing started from here on needs it in its environment.
  delete env[SECRET_ENV];
  if (!secret) {
    complain(`no secret: give --secret-file <path> or set ${SECRET_ENV}. The seeds derive from it, so keep it from learners; make one with: openssl rand -hex 32 > roster.secret`);
    return 2;
  }
  if (secret.length < MIN_SECRET_LENGTH) {
    complain(`the secret is ${secret.length} characters long; use at least ${MIN_SECRET_LENGTH} (a guessable secret makes every seed guessable)`);
    return 2;
  }
  let token: string | undefined;
  if (args.tokenFile !== undefined) {
    try {
      token = readFileSync(args.tokenFile, 'utf8').trim();
    } catch (e) {
      complain(`cannot read the token file ${args.tokenFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 2;
    }
  } else {
    token = env[TOKEN_ENV] || undefined;
  }
  delete env[TOKEN_ENV];

  let classText: string;
  try {
    classText = readFileSync(args.classFile, 'utf8');
  } catch (e) {
    complain(`cannot read ${args.classFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return 2;
  }
  let learners;
  try {
    learners = parseClassList(classText);
  } catch (e) {
    if (e instanceof ClassListError) {
      complain(`${args.classFile}: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const wanted = args.labs;
  const unknown = (wanted ?? []).filter((id) => !allLabs.some((l) => l.info.id === id));
  if (unknown.length > 0) {
    complain(`unknown lab${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} (labs: ${allLabs.map((l) => l.info.id).join(', ')})`);
    return 2;
  }
  const labs = wanted ? allLabs.filter((l) => wanted.includes(l.info.id)) : allLabs;
  const mine = args.shard ? shardSlice(learners, args.shard) : learners;
  const workers = args.workers ?? availableParallelism();
  const settings = { runTimeoutMs: args.timeoutMs, maxShrinkRuns: args.maxShrinkRuns };

  const started = performance.now();
  const total = mine.length * labs.length;
  const shardText = args.shard ? ` (shard ${args.shard.index}/${args.shard.count} of a class of ${learners.length})` : '';
  say(`Regrading ${mine.length} learner${mine.length === 1 ? '' : 's'} × ${labs.length} lab${labs.length === 1 ? '' : 's'}${shardText} with ${workers} worker${workers === 1 ? '' : 's'}`);
  const progress = new ProgressDisplay(out, total);
  const entries = await gradeLearners({
    learners: mine,
    labs,
    secret,
    classDir: dirname(resolve(args.classFile)),
    token,
    workers,
    settings,
    maxRepoBytes: args.maxRepoBytes,
    progress,
  });
  progress.end();
  const roster: Roster = {
    schema: ROSTER_SCHEMA,
    generatedAt: now().toISOString(),
    secretId: secretId(secret),
    settings,
    labs: labs.map((l) => ({ id: l.info.id, title: l.info.title, scenarios: listScenarios(l).length })),
    ...(args.shard ? { shard: { ...args.shard, classSize: learners.length } } : {}),
    learners: entries,
  };
  writeRoster(args.out, roster);
  say(`${summaryLine(roster)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  say(`Wrote ${ROSTER_FILES.map((f) => join(args.out, f)).join(', ')}`);
  return 0;
}

/** summaryLine counts a roster's outcomes per lab in one line. */
export function summaryLine(roster: Roster): string {
  const parts = summarize(roster).labs.map(
    (s) => `${s.lab.id} ${s.passed}/${s.learners} passed${s.differs ? `, ${s.differs} differ` : ''}${s.missing + s.refused + s.errors ? `, ${s.missing + s.refused + s.errors} not graded` : ''}`,
  );
  return `Roster of ${roster.learners.length} learner${roster.learners.length === 1 ? '' : 's'}: ${parts.join('; ') || 'no labs'}`;
}

function merge(args: Extract<RosterArgs, { kind: 'merge' }>, say: (s: string) => void, complain: (s: string) => void): number {
  const parts: Roster[] = [];
  for (const dir of args.shards) {
    const path = join(dir, 'roster.json');
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      complain(`merge: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 2;
    }
    try {
      parts.push(parseRoster(text));
    } catch (e) {
      if (e instanceof RosterFormatError) {
        complain(`merge: ${path} is not a roster: ${e.message}`);
        return 2;
      }
      throw e;
    }
  }
  let roster: Roster;
  try {
    roster = mergeRosters(parts, args.shards);
  } catch (e) {
    if (e instanceof MergeError) {
      complain(`merge: ${e.message}`);
      return 2;
    }
    throw e;
  }
  writeRoster(args.out, roster);
  say(summaryLine(roster));
  say(`Wrote ${ROSTER_FILES.map((f) => join(args.out, f)).join(', ')}`);
  return 0;
}

runAsCommand(import.meta.url, 'roster', (argv) => main(argv));
