/**
 * The apiserver-watch checks: pure functions from a recorded History
 * (inside.play.ts) to a verdict. etcd's own history, every change as a
 * harness watch from revision 1 saw it, is the oracle: each update's write
 * is found in it by the op stamped into the object, and each watch session's
 * events are compared with the changes it should have delivered.
 */
import type { CheckResult } from '../core/lab';
import { PREFIX, RESOURCE, type Change, type History, type SessionEvent, type SessionRecord, type UpdateRecord } from './inside.play';

/** PROPERTIES are the names failures carry. */
export const PROPERTIES = {
  lostUpdate: 'no-lost-update',
  stale: 'stale-write-409',
  retry: 'conflict-retry',
  result: 'update-result',
  lost: 'no-event-lost',
  duplicated: 'no-event-duplicated',
  order: 'events-in-order',
  types: 'event-types',
  objects: 'event-objects',
  resume: 'resume-from-rv',
  bookmark: 'bookmark-progress',
  gone: 'gone-after-compaction',
  stop: 'stop-ends-watch',
} as const;

/** conflictText is the 409 a stale precondition must get, word for word. */
export function conflictText(name: string): string {
  return `Operation cannot be fulfilled on ${RESOURCE.resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`;
}

const fail = (property: string, message: string): CheckResult => ({ valid: false, property, message: `${property}: ${message}` });
const OK: CheckResult = { valid: true };

interface Stamp {
  count: number;
  op: string;
}

function stampOf(value: string): Stamp | undefined {
  try {
    const data = (JSON.parse(value) as { data?: Record<string, string> }).data ?? {};
    return { count: Number(data.count), op: String(data.op) };
  } catch {
    return undefined;
  }
}

const nameOf = (key: string) => key.slice(key.lastIndexOf('/') + 1);
/** ambiguous: an error that says nothing about whether the write happened (a timeout of the replicated etcd). */
const ambiguous = (u: UpdateRecord) => u.err !== undefined && u.err.code === 500;
const who = (u: UpdateRecord) =>
  `${u.op} (client c${u.client + 1}, ${nameOf(u.key)}${u.expected !== undefined ? `, expected resourceVersion ${u.expected}` : ', no precondition'}, at t=${u.at}ms)`;

/**
 * checkUpdates judges every guaranteedUpdate: each counter's stored count
 * goes up by one per write, no stale precondition is written, an update
 * without one is never refused, and each answer matches etcd's history.
 */
export function checkUpdates(h: History): CheckResult {
  const writes = new Map<string, Change[]>();
  for (const c of h.changes) if (c.type === 'PUT' && c.key.includes('/counter-')) writes.set(c.key, [...(writes.get(c.key) ?? []), c]);
  const byOp = new Map<string, Change[]>();
  for (const [key, list] of writes) {
    list.sort((a, b) => a.rev - b.rev);
    for (let i = 0; i < list.length; i++) {
      const s = stampOf(list[i].value);
      if (!s) continue;
      byOp.set(s.op, [...(byOp.get(s.op) ?? []), list[i]]);
      if (i === 0) continue;
      const before = stampOf(list[i - 1].value)!;
      const op = h.updates.find((u) => u.op === s.op);
      if (op?.kind === 'stale') continue; // reported below, with the precondition
      if (s.count !== before.count + 1) {
        const overwritten = list.slice(0, i).reverse().find((c) => stampOf(c.value)?.count === s.count);
        const lost = overwritten ? `; it overwrote ${stampOf(overwritten.value)!.op}'s write of count=${s.count} (revision ${overwritten.rev}), which is lost` : '';
        return fail(
          PROPERTIES.lostUpdate,
          `${nameOf(key)}: revision ${list[i].rev} stored count=${s.count} (${s.op}), but the count before it was ${before.count} (revision ${list[i - 1].rev}, ${before.op}): the update was computed from an older version and written over a newer one${lost}. Write with a txn that compares the key's mod_revision with the one you read.`,
        );
      }
    }
  }

  for (const u of h.updates) {
    const written = byOp.get(u.op) ?? [];
    if (written.length > 1) {
      return fail(PROPERTIES.result, `${who(u)} was written ${written.length} times (revisions ${written.map((c) => c.rev).join(', ')}): one update is one write`);
    }
    const w = written[0];
    if (u.kind === 'stale' && w) {
      return fail(
        PROPERTIES.stale,
        `${who(u)} was written at revision ${w.rev}, but the object's resourceVersion was no longer ${u.expected}: a stale precondition must be refused with 409 Conflict, before or after a lost race, and never written`,
      );
    }
    if (u.kind === 'cas' && w) {
      const list = writes.get(u.key)!;
      const prev = list[list.indexOf(w) - 1];
      if (prev && String(prev.rev) !== u.expected) {
        return fail(
          PROPERTIES.stale,
          `${who(u)} was written at revision ${w.rev} over the version of revision ${prev.rev} (${stampOf(prev.value)?.op}): the precondition no longer held, so it must be refused with 409 Conflict, even when the txn lost a race and you read again`,
        );
      }
    }
    if (u.answers === 0) {
      const why = h.aborted ? `; the run was cut short at t=${h.endAt}ms: ${h.aborted}, so an update may be retrying forever (does your txn's compare ever hold?)` : ` (done was not called by t=${h.endAt}ms)`;
      return fail(PROPERTIES.retry, `${who(u)} was never answered${why}`);
    }
    if (u.answers > 1) return fail(PROPERTIES.result, `${who(u)}: done was called ${u.answers} times; call it once`);
    if (u.ok) {
      if (!w) {
        return fail(PROPERTIES.result, `${who(u)} answered success with resourceVersion ${u.ok.resourceVersion}, but etcd's history has no write of it`);
      }
      const got = u.ok.object as { metadata?: { resourceVersion?: string }; data?: Record<string, string> };
      const stored = stampOf(w.value)!;
      if (u.ok.resourceVersion !== String(w.rev) || got?.data?.count !== String(stored.count)) {
        return fail(
          PROPERTIES.result,
          `${who(u)} was written at revision ${w.rev} with count=${stored.count}, but it answered resourceVersion ${u.ok.resourceVersion} and count=${got?.data?.count}: answer the stored object, with resourceVersion = the txn's header.revision`,
        );
      }
      continue;
    }
    const err = u.err!;
    if (w && !ambiguous(u)) {
      return fail(PROPERTIES.result, `${who(u)} answered ${err.code} "${err.message}", but it was written at revision ${w.rev}`);
    }
    if (u.kind === 'stale') {
      if (ambiguous(u)) continue;
      const want = conflictText(nameOf(u.key));
      if (err.code !== 409 || err.reason !== 'Conflict' || err.message !== want) {
        return fail(PROPERTIES.stale, `${who(u)} must be refused with 409 Conflict "${want}"; it got ${err.code} ${err.reason} "${err.message}"`);
      }
      continue;
    }
    if (err.code === 409) {
      const list = writes.get(u.key) ?? [];
      const newer = list.find((c) => u.expected !== undefined && c.rev > Number(u.expected));
      if (u.expected === undefined || !newer) {
        return fail(
          PROPERTIES.retry,
          `${who(u)} was refused with 409 "${err.message}"${u.expected === undefined ? ', though it had no precondition' : `, though ${nameOf(u.key)} was still at resourceVersion ${u.expected}`}: when the txn's compare fails because another writer got in first, start over from the object the failure branch read`,
        );
      }
      continue;
    }
    if (!ambiguous(u)) return fail(PROPERTIES.retry, `${who(u)} failed with ${err.code} "${err.message}"`);
  }
  return OK;
}

/** Expected is one event a session must deliver. */
interface Expected {
  rev: number;
  key: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  value: string;
}

/** expectedEvents are the changes under the watched prefix after resourceVersion from, as API events. */
export function expectedEvents(changes: readonly Change[], from: number): Expected[] {
  return changes
    .filter((c) => c.key.startsWith(PREFIX) && c.rev > from)
    .sort((a, b) => a.rev - b.rev)
    .map((c) => ({
      rev: c.rev,
      key: c.key,
      type: c.type === 'DELETE' ? 'DELETED' : c.create === c.rev ? 'ADDED' : 'MODIFIED',
      value: c.type === 'DELETE' ? (c.prev ?? '') : c.value,
    }));
}

const show = (e: Expected) => `${e.type} ${nameOf(e.key)}@${e.rev}`;
interface Meta {
  name?: string;
  namespace?: string;
  resourceVersion?: string;
}
const metaOf = (o: unknown): Meta => ((o as { metadata?: Meta } | null)?.metadata ?? {}) as Meta;
const showGot = (e: SessionEvent) => {
  const m = metaOf(e.object);
  if (e.type === 'ERROR') return `ERROR ${(e.object as { code?: number })?.code} "${(e.object as { message?: string })?.message}"`;
  return `${e.type} ${e.type === 'BOOKMARK' ? '' : (m.name ?? '?')}@${m.resourceVersion ?? '?'}`;
};
const list = (xs: string[], max = 8) => (xs.length === 0 ? '(none)' : xs.length > max ? `${xs.slice(0, max).join(', ')}, … (${xs.length} in all)` : xs.join(', '));

function describeSession(s: SessionRecord): string {
  const how = s.why === 'resume' ? 'resumed from the last resourceVersion it saw' : s.why === 'relist' ? 'started again after a 410' : 'started';
  return `watch #${s.id} (watcher ${s.watcher + 1}, ${how}: resourceVersion ${s.from}, at t=${s.openedAt}ms${s.stoppedAt !== undefined ? `, stopped at t=${s.stoppedAt}ms` : ''})`;
}

/** objectProblem compares what a watch delivered with the stored JSON at the change's revision. */
function objectProblem(got: unknown, e: Expected): string | undefined {
  let want: Record<string, unknown>;
  try {
    want = JSON.parse(e.value) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const g = (got ?? {}) as Record<string, unknown>;
  const m = metaOf(g);
  if (m.resourceVersion !== String(e.rev)) return `its resourceVersion is ${m.resourceVersion ?? 'missing'}, not the change's revision ${e.rev} (the key's mod_revision)`;
  const wm = metaOf(want);
  const hint = e.type === 'DELETED' ? ' (a DELETED event carries the object as it was before the delete: the etcd watch needs prev_kv)' : '';
  if (JSON.stringify(g.data ?? null) !== JSON.stringify(want.data ?? null)) {
    return `its data is ${JSON.stringify(g.data ?? null)}, not ${JSON.stringify(want.data ?? null)}${hint}`;
  }
  if (m.name !== wm.name || m.namespace !== wm.namespace) return `it is not the object ${wm.namespace}/${wm.name} (got ${m.namespace ?? '?'}/${m.name ?? '?'})${hint}`;
  return undefined;
}

/** checkSession judges one watch session against etcd's history. */
export function checkSession(h: History, s: SessionRecord): CheckResult {
  const from = Number(s.from);
  const expected = expectedEvents(h.changes, from);
  const where = describeSession(s);
  const compacted = s.streams.flatMap((st) => st.responses).find((r) => r.kind === 'canceled' && (r.compact ?? 0) > 0);
  const progress = s.streams.flatMap((st) => st.responses).filter((r) => r.kind === 'progress');
  const got = s.events;
  const delivered = (upTo: number) => got.slice(0, upTo + 1).map(showGot);
  const trace = (i: number, j = i) => `\n  etcd's changes after ${from}: ${list(expected.map(show))}\n  delivered: ${list(delivered(Math.max(i, j)))}`;
  let idx = 0;
  let lastRv = from;
  let errored = false;
  const seen = new Set<string>();
  for (let i = 0; i < got.length; i++) {
    const ev = got[i];
    if (ev.late) {
      return fail(PROPERTIES.stop, `${where} delivered ${showGot(ev)} at t=${ev.at}ms, after ${errored ? 'its ERROR event' : 'stop() returned'}: nothing may follow${trace(i)}`);
    }
    if (ev.type === 'ERROR') {
      const st = (ev.object ?? {}) as { code?: number; reason?: string; message?: string };
      if (!compacted) return fail(PROPERTIES.gone, `${where} delivered ${showGot(ev)}, but etcd never canceled its watch for compaction${trace(i)}`);
      const want = `too old resource version: ${from} (${compacted.compact})`;
      if (st.code !== 410 || st.reason !== 'Expired' || st.message !== want) {
        return fail(PROPERTIES.gone, `${where}: etcd canceled the watch with compact_revision ${compacted.compact}; the ERROR event must carry 410 Expired "${want}", it carried ${st.code} ${st.reason} "${st.message}"`);
      }
      errored = true;
      continue;
    }
    const m = metaOf(ev.object);
    const rv = Number(m.resourceVersion);
    if (ev.type === 'BOOKMARK') {
      const p = progress.filter((r) => r.at <= ev.at).map((r) => r.revision);
      if (!p.includes(rv)) {
        return fail(
          PROPERTIES.bookmark,
          `${where} delivered a BOOKMARK at resourceVersion ${m.resourceVersion} at t=${ev.at}ms, but etcd's progress notifications said ${list(p.map(String))}: a bookmark's resourceVersion is the notification's header.revision (everything up to it has been delivered)${trace(i)}`,
        );
      }
      const owed = expected.filter((e) => e.rev <= rv).length;
      if (idx < owed) return fail(PROPERTIES.lost, `${where} delivered a BOOKMARK at ${rv} before ${show(expected[idx])}${trace(i)}`);
      lastRv = Math.max(lastRv, rv);
      continue;
    }
    const key = `${PREFIX}${m.name}`;
    const id = `${key}@${rv}`;
    if (seen.has(id)) return fail(PROPERTIES.duplicated, `${where} delivered ${showGot(ev)} twice${trace(i)}`);
    if (rv <= from && h.changes.some((c) => c.rev === rv && c.key === key)) {
      return fail(
        PROPERTIES.resume,
        `${where} delivered ${showGot(ev)}, a change at or before resourceVersion ${from}, which the client had already seen: a watch from resourceVersion N starts at revision N + 1${trace(i)}`,
      );
    }
    const j = expected.findIndex((e) => e.rev === rv && e.key === key);
    if (j < 0) {
      const real = h.changes.filter((c) => c.key === key).map((c) => c.rev);
      return fail(
        PROPERTIES.objects,
        `${where} delivered ${showGot(ev)}, but etcd's history has no change of ${m.name ?? '?'} at revision ${m.resourceVersion} (it changed at ${list(real.map(String))}): an event's resourceVersion is the change's mod_revision${trace(i)}`,
      );
    }
    if (rv < lastRv || j < idx) return fail(PROPERTIES.order, `${where} delivered ${showGot(ev)} after an event or bookmark at ${lastRv}: events come in revision order${trace(i)}`);
    if (j > idx) {
      const skipped = expected[idx];
      const later = got.slice(i + 1).findIndex((x) => x.type !== 'BOOKMARK' && metaOf(x.object).resourceVersion === String(skipped.rev) && `${PREFIX}${metaOf(x.object).name}` === skipped.key);
      if (later >= 0) return fail(PROPERTIES.order, `${where} delivered ${showGot(ev)} before ${show(skipped)}: events come in revision order${trace(i + 1 + later)}`);
      return fail(PROPERTIES.lost, `${where} skipped ${list(expected.slice(idx, j).map(show))}: it delivered ${showGot(ev)} next${trace(i)}`);
    }
    const e = expected[j];
    if (ev.type !== e.type) {
      return fail(
        PROPERTIES.types,
        `${where} delivered ${showGot(ev)} for what etcd recorded as ${show(e)}: a put that created the key (create_revision = mod_revision) is ADDED, a later put MODIFIED, a delete DELETED${trace(i)}`,
      );
    }
    const problem = objectProblem(ev.object, e);
    if (problem) return fail(PROPERTIES.objects, `${where}: the object of ${show(e)} is wrong: ${problem}${trace(i)}`);
    seen.add(id);
    idx++;
    lastRv = rv;
  }
  const compactedInTime = compacted && (s.stoppedAt === undefined || compacted.at <= s.stoppedAt);
  if (compactedInTime && !errored) {
    return fail(
      PROPERTIES.gone,
      `${where}: etcd canceled its watch at t=${compacted.at}ms with compact_revision ${compacted.compact} (the revisions it needed are compacted), and the watch went silent: it must end with one ERROR event, 410 Expired "too old resource version: ${from} (${compacted.compact})"${trace(got.length - 1)}`,
    );
  }
  if (!errored && s.stoppedAt === undefined && h.historyComplete && idx < expected.length) {
    return fail(PROPERTIES.lost, `${where} never delivered ${list(expected.slice(idx).map(show))} (still open at the end, t=${h.endAt}ms)${trace(got.length - 1)}`);
  }
  return OK;
}

/** checkHistory runs every check, updates first, then each session in the order they opened. */
export function checkHistory(h: History): CheckResult {
  const u = checkUpdates(h);
  if (u.valid === false) return u;
  for (const s of h.sessions) {
    const r = checkSession(h, s);
    if (r.valid === false) return r;
  }
  return OK;
}

/** summary is a passing run's message. */
export function summary(h: History): string {
  const ok = h.updates.filter((u) => u.ok).length;
  const refused = h.updates.filter((u) => u.err?.code === 409).length;
  const events = h.sessions.reduce((n, s) => n + s.events.filter((e) => e.type !== 'BOOKMARK' && e.type !== 'ERROR').length, 0);
  const bookmarks = h.sessions.reduce((n, s) => n + s.events.filter((e) => e.type === 'BOOKMARK').length, 0);
  const gone = h.sessions.filter((s) => s.events.some((e) => e.type === 'ERROR')).length;
  const n = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
  return `${n(h.updates.length, 'update')} (${ok} written, ${refused} refused with 409), ${n(h.sessions.length, 'watch', 'watches')} delivered ${n(events, 'event')} as etcd's history has them, ${n(bookmarks, 'bookmark')}, ${gone} ended with 410; etcd at revision ${h.finalRevision}`;
}
