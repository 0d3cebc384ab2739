/**
 * SessionTable makes retried writes apply once. It is part of a member's
 * replicated state: every member applies the same commands in the same
 * order, so every member's table agrees, and a restarted member rebuilds it
 * by re-applying the log.
 *
 * For each client session it keeps the outcome of every write applied at or
 * above the session's floor, keyed by seq: a retry of an applied write gets
 * the outcome of the first application instead of applying again. A write
 * below the floor is one its client has finished with (answered, or given up
 * on), and is not applied at all: a client that gave up told its caller the
 * write may or may not have taken effect, and both are allowed.
 *
 * A v3 client sends several calls at once, so their entries may reach the log
 * out of seq order: the table cannot keep only the highest seq applied, as the
 * sequential kv.put protocol does.
 *
 * etcd itself does not deduplicate. clientv3 resends a write only when it
 * never reached a server (no connection was available); a write that timed
 * out is reported to the caller, who may retry it and then apply it twice.
 * The engine's client retries writes after a silent member or a lost leader
 * too, which is safe only because of this table.
 */
export class SessionTable<T> {
  private readonly sessions = new Map<string, { floor: number; done: Map<number, T> }>();

  /**
   * apply runs a write once: it returns run()'s outcome the first time
   * (session, seq) is applied, that same outcome for a retry, and undefined,
   * without running it, for a write below the session's floor. `floor` then
   * becomes the session's floor if it is higher, and outcomes below it are
   * forgotten.
   */
  apply(session: string, seq: number, floor: number, run: () => T): T | undefined {
    let s = this.sessions.get(session);
    if (!s) {
      s = { floor: 0, done: new Map() };
      this.sessions.set(session, s);
    }
    let outcome: T | undefined;
    if (seq >= s.floor) {
      outcome = s.done.get(seq);
      if (outcome === undefined) {
        outcome = run();
        s.done.set(seq, outcome);
      }
    }
    if (floor > s.floor) {
      s.floor = floor;
      for (const k of s.done.keys()) if (k < floor) s.done.delete(k);
    }
    return outcome;
  }

  /** remembered is how many outcomes the table holds for a session (what a retry could still be answered from). */
  remembered(session: string): number {
    return this.sessions.get(session)?.done.size ?? 0;
  }
}
