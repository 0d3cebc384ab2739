/**
 * progress: what `npm run roster` shows while it works. On a terminal, one
 * live line (how many of the (learner, lab) gradings are done, which are
 * running), with problems printed above it as they happen; otherwise (CI,
 * a log file) one plain line per finished grading. No Node APIs.
 */
import type { LabEntry } from './schema';

/** ProgressSink receives the roster's progress events. */
export interface ProgressSink {
  /** learnerFailed: a repository could not be read; its `labs` gradings are done. */
  learnerFailed(learner: string, reason: string, labs: number): void;
  started(learner: string, lab: string): void;
  finished(learner: string, lab: string, entry: LabEntry, ms: number): void;
}

export interface ProgressOutput {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** describeEntry is a finished grading in a few words: "20/28", "passed 28/28", "missing: …". */
export function describeEntry(e: LabEntry): string {
  if (e.status !== 'graded') return `${e.status}: ${e.reason ?? ''}`;
  if (e.compileError) return `does not compile: ${e.compileError}`;
  const score = e.score ? `${e.score.earned}/${e.score.total}` : '';
  return `${e.passed ? 'passed' : 'failed'} ${score}${e.differs ? ` (differs: ${e.differences.join('; ')})` : ''}`;
}

/** ProgressDisplay writes progress to a terminal (live line) or a log (plain lines). */
export class ProgressDisplay implements ProgressSink {
  private done = 0;
  private readonly running: string[] = [];
  private readonly live: boolean;

  constructor(
    private readonly out: ProgressOutput,
    private readonly total: number,
  ) {
    this.live = out.isTTY === true;
  }

  learnerFailed(learner: string, reason: string, labs: number): void {
    this.done += labs;
    this.line(`[${this.done}/${this.total}] ${learner}: ${reason}`);
  }

  started(learner: string, lab: string): void {
    this.running.push(`${learner}/${lab}`);
    this.redraw();
  }

  finished(learner: string, lab: string, entry: LabEntry, ms: number): void {
    const i = this.running.indexOf(`${learner}/${lab}`);
    if (i >= 0) this.running.splice(i, 1);
    this.done++;
    const text = `[${this.done}/${this.total}] ${learner} ${lab}: ${describeEntry(entry)} (${(ms / 1000).toFixed(1)} s)`;
    // On a terminal only what needs a look stays on screen; the live line counts the rest.
    if (!this.live || entry.status !== 'graded' || entry.differs) this.line(text);
    else this.redraw();
  }

  /** end clears the live line. */
  end(): void {
    if (this.live) this.out.write('\r\x1b[K');
  }

  private line(text: string): void {
    if (this.live) this.out.write(`\r\x1b[K${text}\n`);
    else this.out.write(`${text}\n`);
    this.redraw();
  }

  private redraw(): void {
    if (!this.live) return;
    const width = Math.max(20, (this.out.columns ?? 100) - 1);
    const status = `[${this.done}/${this.total}] graded${this.running.length ? ` · grading ${this.running.join(', ')}` : ''}`;
    this.out.write(`\r\x1b[K${status.length > width ? `${status.slice(0, width - 1)}…` : status}`);
  }
}
