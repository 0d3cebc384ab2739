/**
 * Trace is the typed, append-only record of a simulation run: every message
 * sent, delivered or dropped, every fault, and whatever the components choose
 * to record. Checkers are pure functions of a trace; lesson diagrams and
 * failure timelines are drawn from it.
 *
 * A trace is plain data. serialize() gives one JSON object per line, and two
 * runs with the same seed and inputs produce byte-identical serializations.
 */

/** TraceEvent is the shape every recorded event has: a `kind` tag plus fields. */
export interface TraceEvent {
  readonly kind: string;
}

/** Stamped is an event as stored: with its virtual time `t` (ms) and position `i`. */
export type Stamped<E extends TraceEvent> = E & { readonly t: number; readonly i: number };

export class Trace<E extends TraceEvent> {
  private list: Stamped<E>[] = [];
  private recorded = 0;

  /**
   * A trace keeps every event unless `keep` is given: then it keeps at least
   * the latest `keep` (and at most twice as many), so a simulation that runs
   * for days (the kubectl front's cluster) holds bounded memory.
   */
  constructor(private readonly keep = Infinity) {
    if (!(keep > 0)) throw new RangeError(`Trace: keep must be positive, got ${keep}`);
  }

  /** events is every recorded event still kept, in the order it happened. */
  get events(): readonly Stamped<E>[] {
    return this.list;
  }

  /** length is how many events were ever recorded (kept or not). */
  get length(): number {
    return this.recorded;
  }

  /** record appends `event` at virtual time `t` and returns the stored copy. */
  record(t: number, event: E): Stamped<E> {
    const stamped = { t, i: this.recorded++, ...event } as Stamped<E>;
    this.list.push(stamped);
    if (this.list.length >= 2 * this.keep) this.list = this.list.slice(this.list.length - this.keep);
    return stamped;
  }

  /** ofKind returns the events with the given kind, typed by it. */
  ofKind<K extends E['kind']>(kind: K): Stamped<Extract<E, { kind: K }>>[] {
    return this.list.filter((e) => e.kind === kind) as Stamped<Extract<E, { kind: K }>>[];
  }

  /** serialize renders the trace as JSON lines: byte-identical for identical runs. */
  serialize(): string {
    let out = '';
    for (const e of this.list) out += JSON.stringify(e) + '\n';
    return out;
  }
}
