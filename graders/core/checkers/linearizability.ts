/**
 * Linearizability checking for a key-value store, key by key (a history of
 * independent registers is linearizable iff each register's is: Herlihy &
 * Wing's locality). Each key's history is searched with the Wing–Gong
 * algorithm and Lowe's memoization of (linearized set, state) pairs.
 *
 * Times are positions in the trace, not milliseconds: two events in the same
 * millisecond still have an order, and it is the one that matters.
 */

/** KvOp is one client operation on one key, as the client saw it. */
export interface KvOp {
  client: string;
  key: string;
  kind: 'put' | 'get';
  /** value is what a put wrote (unique per put), or what a get returned (null: no such key). */
  value: string | null;
  /** invoke is when the client sent the request (a trace position). */
  invoke: number;
  /**
   * complete is when the client got the answer, or undefined if it never did
   * (timed out, or still pending at the end): such a put may or may not have
   * taken effect, at any time after its invoke.
   */
  complete?: number;
  /** invokeMs and completeMs are the same instants in virtual milliseconds, for explanations. */
  invokeMs: number;
  completeMs?: number;
}

/** LinearizabilityResult is the verdict for a whole history. */
export type LinearizabilityResult =
  | { valid: true }
  | { valid: false; key: string; explanation: string }
  | { valid: 'unknown'; key: string; explanation: string };

/** DEFAULT_SEARCH_LIMIT bounds the search per key, so a pathological history ends as 'unknown'. */
export const DEFAULT_SEARCH_LIMIT = 500_000;

/**
 * checkLinearizable checks a key-value history. Gets that never completed
 * are dropped (an unanswered read constrains nothing).
 */
export function checkLinearizable(ops: readonly KvOp[], searchLimit = DEFAULT_SEARCH_LIMIT): LinearizabilityResult {
  const byKey = new Map<string, KvOp[]>();
  for (const op of ops) {
    if (op.kind === 'get' && op.complete === undefined) continue;
    let list = byKey.get(op.key);
    if (!list) byKey.set(op.key, (list = []));
    list.push(op);
  }
  let unknown: LinearizabilityResult | undefined;
  for (const key of [...byKey.keys()].sort()) {
    const history = byKey.get(key)!;
    const outcome = searchRegister(history, searchLimit);
    if (outcome === 'ok') continue;
    if (outcome === 'limit') {
      unknown ??= { valid: 'unknown', key, explanation: `the history of key "${key}" (${history.length} operations) was too tangled to check within the search limit` };
      continue;
    }
    return { valid: false, key, explanation: explainRegister(key, history) };
  }
  return unknown ?? { valid: true };
}

type Outcome = 'ok' | 'violation' | 'limit';

/**
 * searchRegister runs Wing–Gong over one register's history: repeatedly pick
 * an operation that may take effect next (no other pending operation
 * completed before it was invoked), apply it if its result fits the state,
 * and backtrack on a dead end.
 */
function searchRegister(history: readonly KvOp[], limit: number): Outcome {
  const n = history.length;
  const INF = Number.POSITIVE_INFINITY;
  const end = history.map((o) => o.complete ?? INF);
  const done = new Uint8Array(n);
  const seen = new Set<string>();
  let steps = 0;

  // Lowe's optimisation: an unanswered put need not be linearized at all, so
  // a state with only unanswered puts left is a success.
  const mustFinish = history.map((o) => o.complete !== undefined);

  const dfs = (state: string | null, remaining: number): Outcome => {
    if (remaining === 0) return 'ok';
    if (++steps > limit) return 'limit';
    const memo = `${done.join('')}|${state ?? '\u0000'}`;
    if (seen.has(memo)) return 'violation';
    seen.add(memo);
    // The earliest completion among pending operations bounds which may go next.
    let horizon = INF;
    for (let i = 0; i < n; i++) if (!done[i] && end[i] < horizon) horizon = end[i];
    if (horizon === INF) {
      // Only unanswered operations remain; they may all have had no effect.
      let allOptional = true;
      for (let i = 0; i < n; i++) if (!done[i] && mustFinish[i]) allOptional = false;
      if (allOptional) return 'ok';
    }
    for (let i = 0; i < n; i++) {
      if (done[i] || history[i].invoke > horizon) continue;
      const op = history[i];
      let next: string | null;
      if (op.kind === 'put') next = op.value;
      else if (op.value === state) next = state;
      else continue;
      done[i] = 1;
      const r = dfs(next, remaining - 1);
      done[i] = 0;
      if (r !== 'violation') return r;
    }
    return 'violation';
  };
  return dfs(null, n);
}

/** explainRegister names the first read that cannot be explained, in the learner's terms. */
function explainRegister(key: string, history: readonly KvOp[]): string {
  const ms = (t: number) => `${t}ms`;
  const span = (o: KvOp) => `${ms(o.invokeMs)}–${o.completeMs === undefined ? 'never answered' : ms(o.completeMs)}`;
  const describe = (o: KvOp) => (o.kind === 'put' ? `${o.client}'s put of "${o.value}" (${span(o)})` : `${o.client}'s get (${span(o)})`);
  const gets = history.filter((o) => o.kind === 'get').sort((a, b) => a.invoke - b.invoke);
  const puts = history.filter((o) => o.kind === 'put');
  for (const g of gets) {
    if (g.value !== null) {
      const w = puts.find((p) => p.value === g.value);
      if (!w) return `on key "${key}", ${describe(g)} returned "${g.value}", a value no client wrote there`;
      if (w.invoke > g.complete!) return `on key "${key}", ${describe(g)} returned "${g.value}" before ${describe(w)} had even been sent`;
      // A put that completed after w completed and before g started overwrote w's value.
      const newer = puts.find((p) => p !== w && p.complete !== undefined && p.invoke > w.complete! && p.complete < g.invoke);
      if (w.complete !== undefined && newer) {
        return `on key "${key}", ${describe(g)} returned the stale value "${g.value}": ${describe(newer)} had already overwritten ${describe(w)} before the get was sent`;
      }
    } else {
      const acked = puts.find((p) => p.complete !== undefined && p.complete < g.invoke);
      if (acked) return `on key "${key}", ${describe(g)} found no value, but ${describe(acked)} had been acknowledged before the get was sent: an acknowledged write was lost`;
    }
  }
  for (let i = 0; i < gets.length; i++) {
    for (let j = i + 1; j < gets.length; j++) {
      const [a, b] = [gets[i], gets[j]];
      if (a.complete! < b.invoke && a.value !== b.value) {
        const wa = puts.find((p) => p.value === a.value);
        const wb = puts.find((p) => p.value === b.value);
        if (wa && wb && wb.complete !== undefined && wb.complete < wa.invoke) {
          return `on key "${key}", ${describe(a)} returned "${a.value}" and then ${describe(b)} returned the older "${b.value}": reads went back in time`;
        }
      }
    }
  }
  return `on key "${key}", no order of these ${history.length} operations fits both their results and their timing: ${history
    .slice()
    .sort((a, b) => a.invoke - b.invoke)
    .slice(0, 8)
    .map((o) => (o.kind === 'get' ? `${describe(o)} → ${o.value === null ? 'none' : `"${o.value}"`}` : describe(o)))
    .join('; ')}${history.length > 8 ? '; …' : ''}`;
}
