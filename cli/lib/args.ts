/** GradeArgs is a parsed `npm run grade` command line. */
export type GradeArgs =
  | { kind: 'help' }
  | { kind: 'list' }
  | {
      kind: 'grade';
      lab: string;
      file?: string;
      reference: boolean;
      seed?: string;
      only: string[];
      json: boolean;
      /** timeoutMs bounds one run of lab code. */
      timeoutMs: number;
    };

/** UsageError is bad usage: the CLI prints its message on one line and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `usage: npm run grade -- <lab> [--file <path>] [--reference] [--seed <n>] [--only <id>[,<id>...]] [--json] [--timeout <seconds>]
       npm run grade -- --list

  <lab>             the lab to grade, e.g. etcd-quorum (see --list)
  --file <path>     grade this file as the learner's component (default: the files in labs/<lab>/)
  --reference       grade the engine's own component
  --seed <n>        replay with this seed (an integer); without it a fresh seed is drawn and printed
  --only <id>       play only these scenarios (repeat, or separate ids with commas)
  --json            print the report as JSON on stdout (progress goes to stderr)
  --timeout <s>     stop a run of lab code after this many seconds (default 5)
  --list            list the labs

exit status: 0 all scenarios passed, 1 some failed, 2 bad usage or code that does not compile`;

const DEFAULT_TIMEOUT_MS = 5_000;

/** parseGradeArgs parses argv (without node and the script); it throws UsageError. */
export function parseGradeArgs(argv: readonly string[]): GradeArgs {
  let lab: string | undefined;
  let file: string | undefined;
  let reference = false;
  let seed: string | undefined;
  const only: string[] = [];
  let json = false;
  let list = false;
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return { kind: 'help' };
      case '--list':
        list = true;
        break;
      case '--file':
        file = value();
        break;
      case '--reference':
        reference = true;
        break;
      case '--seed': {
        const v = value();
        if (!/^\d{1,15}$/.test(v)) throw new UsageError(`--seed must be a non-negative integer, got "${v}"`);
        seed = String(Number(v));
        break;
      }
      case '--only':
        only.push(...value().split(',').map((s) => s.trim()).filter(Boolean));
        break;
      case '--json':
        json = true;
        break;
      case '--timeout': {
        const v = Number(value());
        if (!(v > 0 && v <= 600)) throw new UsageError('--timeout must be a number of seconds between 0 and 600');
        timeoutMs = Math.round(v * 1000);
        break;
      }
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
        if (lab !== undefined) throw new UsageError(`one lab at a time: got "${lab}" and "${flag}"`);
        lab = flag;
    }
  }
  if (list) return { kind: 'list' };
  if (lab === undefined) throw new UsageError('which lab? give its id, e.g. npm run grade -- etcd-quorum (or --list)');
  if (file !== undefined && reference) throw new UsageError('--file and --reference cannot be combined');
  return { kind: 'grade', lab, file, reference, seed, only, json, timeoutMs };
}
