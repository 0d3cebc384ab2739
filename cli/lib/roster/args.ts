import { UsageError } from '../args';

export { UsageError };

/** RosterArgs is a parsed `npm run roster` command line. */
export type RosterArgs =
  | { kind: 'help' }
  | {
      kind: 'run';
      classFile: string;
      out: string;
      secretFile?: string;
      tokenFile?: string;
      /** shard is 1-based: { index: 1, count: 2 } grades the first of two slices. */
      shard?: { index: number; count: number };
      /** workers is how many (learner, lab) gradings run at once; undefined: one per core. */
      workers?: number;
      /** labs restricts the roster to these lab ids; undefined: every lab. */
      labs?: string[];
      timeoutMs: number;
      maxShrinkRuns: number;
      maxRepoBytes: number;
    }
  | { kind: 'merge'; out: string; shards: string[] };

export const ROSTER_USAGE = `usage: npm run roster -- --class <class.json> --out <dir> [--secret-file <path>] [options]
       npm run roster -- merge --out <dir> <shard-dir> <shard-dir>...

  --class <path>        the class: {"learners":[{"id":"ada","repo":"https://git.example/ada.git","branch":"main"}]}
  --out <dir>           where to write roster.json, roster.csv and index.html (created if needed)
  --secret-file <path>  the secret the seeds derive from (else the env var KUBE_INTERNALS_ROSTER_SECRET);
                        keep it out of learners' reach: whoever has it can compute their seeds
  --shard <i>/<n>       grade the i-th of n slices of the class (1 <= i <= n); join them with merge
  --workers <n>         gradings at once (default: one per core)
  --labs <a>,<b>        regrade only these labs (default: all)
  --token-file <path>   a token for HTTP Basic auth to the class's git server (else KUBE_INTERNALS_ROSTER_TOKEN)
  --timeout <s>         stop a run of lab code after this many seconds (default 5)
  --shrink <n>          shrink each failing hidden scenario with up to n extra runs (default 0: scores do not
                        depend on it, and the learner shrinks with the replay command)
  --max-repo-mb <n>     refuse an HTTP repository whose download exceeds n MiB (default 100)

exit status: 0 roster written (learners that could not be fetched or graded are marked in it), 2 bad usage`;

const DEFAULTS = { timeoutMs: 5_000, maxShrinkRuns: 0, maxRepoBytes: 100 * 1024 * 1024 };

/** parseRosterArgs parses argv (without node and the script); it throws UsageError. */
export function parseRosterArgs(argv: readonly string[]): RosterArgs {
  if (argv[0] === 'merge') return parseMerge(argv.slice(1));
  let classFile: string | undefined;
  let out: string | undefined;
  let secretFile: string | undefined;
  let tokenFile: string | undefined;
  let shard: { index: number; count: number } | undefined;
  let workers: number | undefined;
  let labs: string[] | undefined;
  let { timeoutMs, maxShrinkRuns, maxRepoBytes } = DEFAULTS;
  for (const { flag, value } of options(argv)) {
    switch (flag) {
      case '-h':
      case '--help':
        return { kind: 'help' };
      case '--class':
        classFile = value();
        break;
      case '--out':
        out = value();
        break;
      case '--secret-file':
        secretFile = value();
        break;
      case '--token-file':
        tokenFile = value();
        break;
      case '--shard': {
        const v = value();
        const m = /^(\d{1,4})\/(\d{1,4})$/.exec(v);
        const [index, count] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
        if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard must be <i>/<n> with 1 <= i <= n, e.g. 1/4; got "${v}"`);
        shard = { index, count };
        break;
      }
      case '--workers':
        workers = positiveInt(value(), '--workers', 64);
        break;
      case '--labs':
        labs = value().split(',').map((s) => s.trim()).filter(Boolean);
        if (labs.length === 0) throw new UsageError('--labs needs at least one lab id');
        break;
      case '--timeout': {
        const v = Number(value());
        if (!(v > 0 && v <= 600)) throw new UsageError('--timeout must be a number of seconds between 0 and 600');
        timeoutMs = Math.round(v * 1000);
        break;
      }
      case '--shrink': {
        const v = value();
        if (!/^\d{1,4}$/.test(v)) throw new UsageError(`--shrink must be a number of runs (0 or more), got "${v}"`);
        maxShrinkRuns = Number(v);
        break;
      }
      case '--max-repo-mb':
        maxRepoBytes = positiveInt(value(), '--max-repo-mb', 10_000) * 1024 * 1024;
        break;
      default:
        throw new UsageError(flag.startsWith('-') ? `unknown option ${flag}` : `unexpected argument "${flag}" (did you mean: roster merge …?)`);
    }
  }
  if (classFile === undefined) throw new UsageError('which class? give --class <class.json>');
  if (out === undefined) throw new UsageError('where to? give --out <dir>');
  return { kind: 'run', classFile, out, secretFile, tokenFile, shard, workers, labs, timeoutMs, maxShrinkRuns, maxRepoBytes };
}

function parseMerge(argv: readonly string[]): RosterArgs {
  let out: string | undefined;
  const shards: string[] = [];
  for (const { flag, value } of options(argv)) {
    if (flag === '-h' || flag === '--help') return { kind: 'help' };
    if (flag === '--out') out = value();
    else if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag} for merge`);
    else shards.push(flag);
  }
  if (out === undefined) throw new UsageError('merge: where to? give --out <dir>');
  if (shards.length === 0) throw new UsageError('merge: give the shards\' output folders, e.g. roster merge --out all shard-1 shard-2');
  return { kind: 'merge', out, shards };
}

/** options walks argv as flags with values ("--x v" or "--x=v"); a bare argument comes as its own flag. */
function* options(argv: readonly string[]): Generator<{ flag: string; value: () => string }> {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    yield {
      flag,
      value: () => {
        if (inline !== undefined) return inline;
        const v = argv[++i];
        if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
        return v;
      },
    };
  }
}

function positiveInt(v: string, flag: string, max: number): number {
  if (!/^\d{1,6}$/.test(v) || Number(v) < 1 || Number(v) > max) throw new UsageError(`${flag} must be a whole number from 1 to ${max}, got "${v}"`);
  return Number(v);
}
