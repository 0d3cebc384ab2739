import { describe, expect, it } from 'vitest';
import { checkHistory, checkSession, checkUpdates, conflictText, expectedEvents } from './checks';
import type { Change, History, SessionEvent, SessionRecord, UpdateRecord } from './inside.play';

const P = '/registry/configmaps/default/';
const cm = (name: string, data: Record<string, string>) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });
const counter = (rev: number, count: number, op: string, create = 2): Change => ({ rev, key: `${P}counter-0`, type: 'PUT', value: cm('counter-0', { count: String(count), op }), create });

function history(changes: Change[], updates: UpdateRecord[] = [], sessions: SessionRecord[] = []): History {
  const finalRevision = Math.max(1, ...changes.map((c) => c.rev));
  return { changes, updates, sessions, compactions: [], finalRevision, historyComplete: true, endAt: 1_000 };
}

const ok = (op: string, rv: number, count: number): Pick<UpdateRecord, 'ok' | 'answers'> => ({
  answers: 1,
  ok: { resourceVersion: String(rv), object: JSON.parse(cm('counter-0', { count: String(count), op })) },
});
const upd = (op: string, extra: Partial<UpdateRecord>): UpdateRecord => ({
  op,
  kind: op.startsWith('stale') ? 'stale' : op.startsWith('cas') ? 'cas' : 'increment',
  client: 0,
  key: `${P}counter-0`,
  at: 10,
  answeredAt: 12,
  answers: 1,
  ...extra,
});
const conflict = { code: 409, reason: 'Conflict', status: 'Failure', message: conflictText('counter-0') } as const;

describe('checkUpdates', () => {
  const base = [counter(2, 0, 'create'), counter(3, 1, 'increment#1'), counter(4, 2, 'increment#2')];

  it('passes counts that go up by one per write, each answered with its revision', () => {
    expect(checkUpdates(history(base, [upd('increment#1', ok('increment#1', 3, 1)), upd('increment#2', ok('increment#2', 4, 2))]))).toEqual({ valid: true });
  });

  it('names the overwritten update when a write was computed from an older version', () => {
    const lost = [counter(2, 0, 'create'), counter(3, 1, 'increment#1'), counter(4, 1, 'increment#2')];
    const r = checkUpdates(history(lost, [upd('increment#1', ok('increment#1', 3, 1)), upd('increment#2', ok('increment#2', 4, 1))]));
    expect(r).toMatchObject({ valid: false, property: 'no-lost-update' });
    expect((r as { message: string }).message).toMatch(/^no-lost-update: counter-0: revision 4 stored count=1 \(increment#2\), but the count before it was 1 .*overwrote increment#1's write/);
  });

  it('fails a stale precondition that was written, and one refused with the wrong text', () => {
    const written = [...base, counter(5, 3, 'stale#3')];
    expect(checkUpdates(history(written, [upd('stale#3', { expected: '3', ...ok('stale#3', 5, 3) })]))).toMatchObject({ valid: false, property: 'stale-write-409' });
    const wrongText = upd('stale#3', { expected: '3', err: { ...conflict, message: 'conflict' } });
    const r = checkUpdates(history(base, [wrongText]));
    expect(r).toMatchObject({ valid: false, property: 'stale-write-409' });
    expect((r as { message: string }).message).toContain(conflictText('counter-0'));
    expect(checkUpdates(history(base, [upd('stale#3', { expected: '3', err: conflict })]))).toEqual({ valid: true });
  });

  it('fails a 409 for an update without a precondition, or with one that still held', () => {
    expect(checkUpdates(history(base, [upd('increment#3', { err: conflict })]))).toMatchObject({ valid: false, property: 'conflict-retry' });
    expect(checkUpdates(history(base, [upd('cas#3', { expected: '4', err: conflict })]))).toMatchObject({ valid: false, property: 'conflict-retry' });
    expect(checkUpdates(history(base, [upd('cas#3', { expected: '3', err: conflict })]))).toEqual({ valid: true });
  });

  it('fails a precondition write that lands over a newer version', () => {
    const over = [...base, counter(5, 3, 'cas#3')];
    expect(checkUpdates(history(over, [upd('cas#3', { expected: '3', ...ok('cas#3', 5, 3) })]))).toMatchObject({ valid: false, property: 'stale-write-409' });
  });

  it('fails an answer whose resourceVersion is not its write’s revision', () => {
    expect(checkUpdates(history(base, [upd('increment#1', ok('increment#1', 2, 1))]))).toMatchObject({ valid: false, property: 'update-result' });
  });
});

describe('checkSession', () => {
  const a = (rev: number, v: string, create = 3): Change => ({ rev, key: `${P}a`, type: 'PUT', value: cm('a', { v }), create });
  const changes: Change[] = [
    a(3, '1'),
    { rev: 4, key: '/registry/configmaps/kube-system/b', type: 'PUT', value: cm('b', {}), create: 4 },
    a(5, '2'),
    { rev: 6, key: `${P}a`, type: 'DELETE', value: '', prev: cm('a', { v: '2' }), create: 0 },
  ];
  const ev = (type: string, rev: number, v?: string, at = 100): SessionEvent => ({
    at,
    type,
    object: { metadata: { name: 'a', namespace: 'default', resourceVersion: String(rev) }, ...(v !== undefined ? { data: { v } } : {}) },
  });
  const right = [ev('ADDED', 3, '1'), ev('MODIFIED', 5, '2'), ev('DELETED', 6, '2')];
  const session = (events: SessionEvent[], extra: Partial<SessionRecord> = {}): SessionRecord => ({
    id: 1,
    watcher: 0,
    from: '2',
    openedAt: 0,
    why: 'watch',
    events,
    streams: [],
    progressRequests: [],
    ...extra,
  });
  const check = (s: SessionRecord) => checkSession(history(changes, [], [s]), s);

  it('expects the changes under the prefix after the resourceVersion, typed by create_revision', () => {
    expect(expectedEvents(changes, 3).map((e) => `${e.type}@${e.rev}`)).toEqual(['MODIFIED@5', 'DELETED@6']);
    expect(check(session(right))).toEqual({ valid: true });
  });

  it.each([
    ['no-event-lost', [right[0], right[2]]],
    ['no-event-lost', [right[0], right[1]]],
    ['no-event-duplicated', [right[0], right[0], right[1], right[2]]],
    ['events-in-order', [right[1], right[0], right[2]]],
    ['event-types', [ev('ADDED', 3, '1'), ev('ADDED', 5, '2'), right[2]]],
    ['event-objects', [right[0], right[1], ev('DELETED', 6)]],
    ['event-objects', [right[0], ev('MODIFIED', 4, '2'), right[2]]],
  ])('fails with %s', (property, events) => {
    const r = check(session(events as SessionEvent[]));
    expect(r).toMatchObject({ valid: false, property });
    expect((r as { message: string }).message.startsWith(`${property}: watch #1`)).toBe(true);
  });

  it('fails a resumed watch that replays the change at its resourceVersion', () => {
    expect(check(session(right.slice(1), { from: '3' }))).toEqual({ valid: true });
    expect(check(session(right, { from: '3' }))).toMatchObject({ valid: false, property: 'resume-from-rv' });
  });

  it('holds a bookmark to the progress notification’s revision', () => {
    const progress = { request: { key: P }, responses: [{ at: 150, kind: 'progress' as const, revision: 6 }] };
    const bookmark = (rv: number): SessionEvent => ({ at: 150, type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: String(rv) } } });
    expect(check(session([...right, bookmark(6)], { streams: [progress] }))).toEqual({ valid: true });
    expect(check(session([...right, bookmark(5)], { streams: [progress] }))).toMatchObject({ valid: false, property: 'bookmark-progress' });
  });

  it('wants exactly one 410 with upstream’s text when etcd canceled for compaction, and nothing after it or after stop', () => {
    const canceled = { request: { key: P }, responses: [{ at: 50, kind: 'canceled' as const, revision: 0, compact: 5 }] };
    const gone: SessionEvent = { at: 50, type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 2 (5)' } };
    expect(check(session([gone], { streams: [canceled] }))).toEqual({ valid: true });
    expect(check(session([], { streams: [canceled] }))).toMatchObject({ valid: false, property: 'gone-after-compaction' });
    const other = { ...gone, object: { code: 410, reason: 'Expired', message: 'too old resource version: 3 (5)' } };
    expect(check(session([other], { streams: [canceled] }))).toMatchObject({ valid: false, property: 'gone-after-compaction' });
    expect(check(session([gone, { ...right[0], late: true }], { streams: [canceled] }))).toMatchObject({ valid: false, property: 'stop-ends-watch' });
    expect(check(session([gone]))).toMatchObject({ valid: false, property: 'gone-after-compaction' });
  });

  it('lets a stopped watch end early, and checks updates before sessions', () => {
    expect(check(session([right[0]], { stoppedAt: 120 }))).toEqual({ valid: true });
    const bad = history(changes, [upd('increment#9', { err: conflict })], [session([])]);
    expect(checkHistory(bad)).toMatchObject({ valid: false, property: 'conflict-retry' });
  });
});
