import { decode, encode, plainEncode } from './codec';
import { originalPosition, withoutInlineMap } from './source-map';

/**
 * RealmRuntime is what evaluating PRELUDE yields, seen from outside. Every
 * argument and result is a string or a number: nothing else may cross.
 */
export interface RealmRuntime {
  define(path: string, code: string): void;
  create(path: string, name: string, argsJson: string): string;
  call(handle: number, method: string, argsJson: string): string;
  drainLogs(): string;
  setBinary(flag: boolean): void;
  /** denial is the JSON of lab code's first use of a denied capability, or "null". */
  denial(): string;
  /** lockdown hardens the realm's own globals; only for a realm that holds nothing but lab code. */
  lockdown(): void;
}

/**
 * Denial is lab code's first use of something it may not have: the clock or
 * unseeded randomness (nondeterministic), or the host (confined: process,
 * files, network). It is remembered inside the realm even when the error it
 * threw was caught there.
 */
export interface Denial {
  kind: 'nondeterministic' | 'confined';
  /** what was used, e.g. "Math.random", "process.env", 'require("fs")'. */
  what: string;
  /** advice says what to do instead. */
  advice: string;
  /** where is the learner's line that used it, when it was in a lab file. */
  where: string | undefined;
}

/** ModuleMap maps a repository-relative path (e.g. "engine/raft/log.ts") to CommonJS source. */
export type ModuleMap = Readonly<Record<string, string>>;

/**
 * LabCodeError is an exception thrown by code inside a realm, rebuilt outside
 * from its name, message and stack (never the original object).
 */
export class LabCodeError extends Error {
  /** where is the first stack frame inside the learner's lab files, in their source, e.g. "labs/etcd-quorum/raft.ts:120:5". */
  readonly where: string | undefined;

  constructor(
    readonly errorName: string,
    message: string,
    readonly innerStack: string,
    modules: ModuleMap = {},
  ) {
    super(message);
    this.name = 'LabCodeError';
    this.where = labFrame(innerStack, modules);
  }

  /** withContext returns the same error with `context` appended to its message (where it happened in the scenario). */
  withContext(context: string): LabCodeError {
    const e = new LabCodeError(this.errorName, `${this.message} ${context}`, '');
    (e as { where: string | undefined }).where = this.where;
    return e;
  }

  /** describe renders the error for a learner: "TypeError: x is undefined (at labs/…:120:5)". */
  describe(): string {
    const at = this.where;
    return `${this.errorName}: ${this.message}${at ? ` (at ${at})` : ''}`;
  }
}

/**
 * labFrame finds the first stack frame in a learner's lab file and maps it
 * through the module's inline source map to the line the learner wrote.
 */
function labFrame(stack: string, modules: ModuleMap): string | undefined {
  const m = /(labs\/[\w./-]+\.ts):(\d+):(\d+)/.exec(stack);
  if (!m) return undefined;
  const [, path, line, column] = m;
  const code = modules[path];
  const original = code ? originalPosition(code, { line: Number(line), column: Number(column) }) : undefined;
  return original ? `${path}:${original.line}:${original.column}` : `${path}:${line}:${column}`;
}

/** RemoteObject is an object living inside a realm, driven by method name. */
export interface RemoteObject {
  call(method: string, ...args: unknown[]): unknown;
}

/**
 * Realm is an isolated place to run lab code: a fresh one per scenario run,
 * so nothing a learner's module keeps in globals leaks between scenarios.
 */
export class Realm {
  private binary = true;
  private modules: ModuleMap = {};

  constructor(private readonly runtime: RealmRuntime) {}

  /**
   * binaryData says whether Uint8Array values may cross the boundary. Turning
   * it off skips the search for them on every call (a large share of the cost
   * of chatty components such as a Raft node).
   */
  binaryData(flag: boolean): this {
    this.binary = flag;
    this.runtime.setBinary(flag);
    return this;
  }

  /** load defines every module of `modules` (they are evaluated lazily, on first require). */
  load(modules: ModuleMap): this {
    // The realm runs code without its source map, so no platform (Node maps
    // eval'd code when source maps are on) rewrites positions half-way: the
    // map stays here, and labFrame applies it the same way everywhere.
    for (const [path, code] of Object.entries(modules)) this.runtime.define(path, withoutInlineMap(code));
    this.modules = { ...this.modules, ...modules };
    return this;
  }

  /** create calls export `name` of module `path` with `args` and returns the object it made. */
  create(path: string, name: string, ...args: unknown[]): RemoteObject {
    const enc = this.binary ? encode : plainEncode;
    const handle = unwrap(guarded(() => this.runtime.create(path, name, enc(args))), this.modules) as number;
    return {
      call: (method, ...callArgs) => unwrap(guarded(() => this.runtime.call(handle, method, enc(callArgs))), this.modules),
    };
  }

  /** denial returns lab code's first use of a denied capability in this realm, if any. */
  denial(): Denial | undefined {
    let raw: unknown;
    try {
      raw = decode(check(guarded(() => this.runtime.denial())));
    } catch {
      return undefined;
    }
    if (raw === null || typeof raw !== 'object') return undefined;
    const d = raw as Record<string, unknown>;
    if ((d.kind !== 'nondeterministic' && d.kind !== 'confined') || typeof d.what !== 'string' || typeof d.advice !== 'string') return undefined;
    return { kind: d.kind, what: d.what, advice: d.advice, where: labFrame(typeof d.stack === 'string' ? d.stack : '', this.modules) };
  }

  /**
   * locate maps "labs/<lab>/<file>.ts:<line>:<column>", a position as a realm
   * ran the code (for lab code that catches errors inside the realm and
   * reports their stack frame as data), to the learner's own line.
   */
  locate(at: string): string {
    return labFrame(at, this.modules) ?? at;
  }

  /** drainLogs returns what lab code printed with console.* since the last drain. */
  drainLogs(): string[] {
    return decode(check(guarded(() => this.runtime.drainLogs()))) as string[];
  }
}

/**
 * guarded calls into the realm's runtime. The runtime catches everything lab
 * code throws, so nothing should come out; if something does, it is a value
 * from inside the realm, and it is dropped unread (reading it could run lab
 * code with the grader on the stack).
 */
function guarded(fn: () => unknown): unknown {
  try {
    return fn();
  } catch {
    throw new LabCodeError('Error', 'your code broke out of its runtime (something was thrown past it)', '');
  }
}

function check(result: unknown): string {
  // The runtime object lives in the realm; lab code could replace its methods.
  if (typeof result !== 'string') throw new LabCodeError('Error', 'the realm returned a non-string result (was the grader tampered with?)', '');
  return result;
}

function unwrap(result: unknown, modules: ModuleMap): unknown {
  let parsed: { ok?: unknown; error?: { name: string; message: string; stack: string } };
  try {
    parsed = decode(check(result)) as typeof parsed;
  } catch (e) {
    if (e instanceof LabCodeError) throw e;
    throw new LabCodeError('Error', 'the realm returned malformed data', '');
  }
  if (parsed && typeof parsed === 'object' && parsed.error) {
    throw new LabCodeError(String(parsed.error.name), String(parsed.error.message), String(parsed.error.stack), modules);
  }
  return parsed?.ok;
}
