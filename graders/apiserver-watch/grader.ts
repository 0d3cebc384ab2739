import type { LabGrader, Verdict } from '../core/lab';
import type { Realm } from '../core/realm/realm';
import { checkHistory, summary } from './checks';
import type { History } from './inside.play';
import { compactionArb, concurrentUpdatesArb, describeScenario, mixedArb, replicatedArb, watchResumeArb, type Step, type WatchScenario } from './scenario';

/** INSIDE is the realm module that plays a scenario with the learner's store. */
const INSIDE = 'graders/apiserver-watch/inside.ts';

/** playInRealm plays s inside the realm with the store found there, and returns what happened. */
export function playInRealm(realm: Realm, s: WatchScenario, seed: string): History {
  return realm.create(INSIDE, 'start', s, seed).call('play') as History;
}

/** judge turns a recorded history into a verdict. */
export function judge(h: History): Verdict {
  const r = checkHistory(h);
  if (r.valid === false) return { passed: false, property: r.property, message: r.message };
  if (h.aborted) {
    return { passed: false, property: 'bounded', message: `bounded: ${h.aborted}: the run never settled (an update retrying forever, or a watch re-opening without end?)` };
  }
  if (!h.historyComplete) throw new Error(`the harness's watch of etcd did not catch up with revision ${h.finalRevision}`);
  return { passed: true, message: summary(h) };
}

const T = 10;
const inc = (at: number, client: number, counter = 0): Step => ({ at, do: 'increment', client, counter });
const put = (at: number, obj: number, ns = 0): Step => ({ at, do: 'put', obj, ns });
const del = (at: number, obj: number, ns = 0): Step => ({ at, do: 'delete', obj, ns });
const local = (counters: number, steps: Step[]): WatchScenario => ({ etcd: 'local', counters, steps, faults: [], loss: 0, faultMs: 0 });

/** apiserverWatch is the grader of the apiserver-watch lab: the learner's guaranteedUpdate and watch over etcd. */
export const apiserverWatch: LabGrader<WatchScenario> = {
  info: {
    id: 'apiserver-watch',
    title: 'API server storage: optimistic concurrency and watch',
    summary: 'Implement guaranteedUpdate (a txn on mod_revision, 409 on a stale resourceVersion) and watch from a resourceVersion (ADDED / MODIFIED / DELETED, bookmarks, 410 after compaction) over etcd.',
    lesson: '/apiserver/watch/',
    files: ['store.ts'],
    reference: { 'store.ts': 'engine/apiserver/storage/versioned/store.ts' },
    solution: [
      'engine/apiserver/storage/versioned/store.ts',
      'engine/apiserver/storage/etcd3/store.ts',
      'engine/apiserver/storage/etcd3/watcher.ts',
      'engine/apiserver/storage/cacher/cacher.ts',
      'engine/apiserver/storage/cacher/cache_watcher.ts',
      'engine/apiserver/storage/cacher/watch_cache.ts',
      'engine/apiserver/storage/create.ts',
      'engine/apiserver/storage/index.ts',
    ],
  },
  examples: [
    {
      id: 'racing-increments',
      title: 'three clients increment one counter at the same moment, then one updates with a stale resourceVersion',
      data: local(1, [
        { at: 0, do: 'watch', watcher: 0, back: 0 },
        inc(T, 0),
        inc(T, 1),
        inc(T, 2),
        { at: 2 * T, do: 'cas', client: 0, counter: 0 },
        inc(2 * T, 1),
        { at: 4 * T, do: 'stale', client: 2, counter: 0 },
        inc(5 * T, 0),
      ]),
    },
    {
      id: 'watch-types-and-resume',
      title: 'a watch sees ADDED, MODIFIED and DELETED, asks for a bookmark, disconnects and resumes where it left off',
      data: local(1, [
        { at: 0, do: 'watch', watcher: 0, back: 0 },
        put(T, 0),
        put(2 * T, 0),
        put(2 * T, 1, 1),
        del(3 * T, 0),
        { at: 4 * T, do: 'reconnect', watcher: 0 },
        put(5 * T, 2),
        put(5 * T, 3, 1),
        { at: 6 * T, do: 'progress', watcher: 0 },
        { at: 7 * T, do: 'reconnect', watcher: 0 },
        put(8 * T, 2),
        inc(8 * T, 0),
        { at: 9 * T, do: 'watch', watcher: 1, back: 3 },
      ]),
    },
    {
      id: 'gone-after-compaction',
      title: 'a watcher falls behind a compaction: its resume ends with 410 Expired, and a fresh watch carries on',
      data: local(1, [
        { at: 0, do: 'watch', watcher: 0, back: 0 },
        put(T, 0),
        { at: 2 * T, do: 'disconnect', watcher: 0 },
        { at: 2 * T, do: 'reconnect', watcher: 1 },
        put(3 * T, 1),
        inc(3 * T, 0),
        put(4 * T, 0),
        del(4 * T, 1),
        { at: 5 * T, do: 'compact', back: 0 },
        { at: 6 * T, do: 'reconnect', watcher: 0 },
        { at: 6 * T, do: 'watch', watcher: 1, back: 3 },
        { at: 7 * T, do: 'reconnect', watcher: 0 },
        put(8 * T, 2),
      ]),
    },
    {
      id: 'leader-crash',
      title: 'updates and a watch through a three-member etcd whose leader crashes',
      data: {
        etcd: 'cluster',
        counters: 1,
        faults: [{ at: 1_000, do: 'crash-leader', downMs: 2_000 }],
        loss: 0,
        faultMs: 4_000,
        steps: [
          { at: 0, do: 'watch', watcher: 0, back: 0 },
          inc(500, 0),
          inc(500, 1),
          inc(1_000, 2),
          put(1_200, 0),
          inc(1_500, 0),
          { at: 2_000, do: 'stale', client: 1, counter: 0 },
          put(3_000, 1, 1),
          { at: 4_500, do: 'progress', watcher: 0 },
          { at: 5_000, do: 'reconnect', watcher: 0 },
          del(5_500, 0),
          inc(5_500, 1),
        ],
      },
    },
  ],
  families: [
    { name: 'concurrent-updates', title: 'racing read-modify-write updates, with fresh and stale preconditions', count: 5, arbitrary: concurrentUpdatesArb },
    { name: 'watch-resume', title: 'watches that disconnect and resume from a resourceVersion or a bookmark', count: 5, arbitrary: watchResumeArb },
    { name: 'compaction', title: 'compactions before and while watches resume', count: 5, arbitrary: compactionArb },
    { name: 'replicated', title: 'a three-member etcd with a crashed or cut-off leader and lost messages', count: 4, arbitrary: replicatedArb },
    { name: 'mixed', title: 'everything at once', count: 4, arbitrary: mixedArb },
  ],
  run(s, { seed, realm }) {
    return judge(playInRealm(realm, s, seed));
  },
  describe: describeScenario,
};
