/**
 * The apiserver-watch bug corpus: plausible wrong solutions, each a mistake
 * a learner really makes, written as a mutation of the reference store
 * (engine/apiserver/storage/versioned/store.ts). The grader's own tests play
 * every one and require that it fails with one of the properties in
 * `expect`: a bug the grader lets through is a grader bug.
 */
import type { Mutation } from '../core/mutations';

export { applyPatches, mutationPatches as bugPatches } from '../core/mutations';

/** StoreBug is one wrong solution of this lab's corpus (see graders/core/mutations.ts). */
export type StoreBug = Mutation;

const STORE = 'engine/apiserver/storage/versioned/store.ts';

/** BUGS is the corpus. */
export const BUGS: readonly StoreBug[] = [
  {
    id: 'put-without-compare',
    description: 'reads, applies, then writes with no compare in the txn (a plain put): a concurrent writer’s update is overwritten',
    file: STORE,
    find: "compare: [{ key, target: 'MOD', result: 'EQUAL', mod_revision: current.mod_revision }],",
    replace: 'compare: [],',
    expect: ['no-lost-update', 'stale-write-409'],
  },
  {
    id: 'compare-create-revision',
    description: 'the txn compares the key’s create_revision (is it still the same object?) instead of its mod_revision (is it still the same version?)',
    file: STORE,
    find: "compare: [{ key, target: 'MOD', result: 'EQUAL', mod_revision: current.mod_revision }],",
    replace: "compare: [{ key, target: 'CREATE', result: 'EQUAL', create_revision: current.create_revision }],",
    expect: ['no-lost-update', 'stale-write-409'],
  },
  {
    id: 'compare-version-with-mod-revision',
    description: 'the txn compares the key’s version (how many writes since it was created) with the mod_revision read: the compare never holds, and the update retries forever',
    file: STORE,
    find: "compare: [{ key, target: 'MOD', result: 'EQUAL', mod_revision: current.mod_revision }],",
    replace: "compare: [{ key, target: 'VERSION', result: 'EQUAL', version: current.mod_revision }],",
    expect: ['conflict-retry'],
  },
  {
    id: 'conflict-not-retried',
    description: 'when the txn’s compare fails it answers 409 Conflict, even for an update without a precondition, instead of starting over',
    file: STORE,
    find: "return attempt(op && 'response_range' in op ? op.response_range.kvs[0] : undefined, expected);",
    replace: 'return done(newConflict(this.resource, nameOfKey(key)));',
    expect: ['conflict-retry'],
  },
  {
    id: 'retry-drops-precondition',
    description: 'after a lost race it retries without the resourceVersion precondition, so a stale update is written over the newer version',
    file: STORE,
    find: "return attempt(op && 'response_range' in op ? op.response_range.kvs[0] : undefined, expected);",
    replace: "return attempt(op && 'response_range' in op ? op.response_range.kvs[0] : undefined, undefined);",
    expect: ['stale-write-409'],
  },
  {
    id: 'precondition-on-create-revision',
    description: 'checks the resourceVersion precondition against the create_revision instead of the mod_revision',
    file: STORE,
    find: 'if (expected !== undefined && expected !== String(current.mod_revision)) {',
    replace: 'if (expected !== undefined && expected !== String(current.create_revision)) {',
    expect: ['conflict-retry', 'stale-write-409'],
  },
  {
    id: 'answer-read-revision',
    description: 'answers the updated object with the resourceVersion it read, not the revision its write got',
    file: STORE,
    find: 'done(null, parseStored(encodeObject(updated), res!.header.revision));',
    replace: 'done(null, parseStored(encodeObject(updated), current.mod_revision));',
    expect: ['update-result'],
  },
  {
    id: 'watch-starts-at-rv',
    description: 'watches from revision resourceVersion instead of resourceVersion + 1, so a resumed watch replays the event it had seen',
    file: STORE,
    find: 'start_revision: from + 1,',
    replace: 'start_revision: from,',
    expect: ['resume-from-rv', 'no-event-duplicated'],
  },
  {
    id: 'watch-skips-first',
    description: 'watches from resourceVersion + 2, so the first change after the resourceVersion is never seen',
    file: STORE,
    find: 'start_revision: from + 1,',
    replace: 'start_revision: from + 2,',
    expect: ['no-event-lost'],
  },
  {
    id: 'added-since-watch-start',
    description: 'calls a put ADDED when the object was created after the watch’s resourceVersion, instead of when this put created it',
    file: STORE,
    find: "const type = e.kv.create_revision === rev ? 'ADDED' : 'MODIFIED';",
    replace: "const type = e.kv.create_revision > from ? 'ADDED' : 'MODIFIED';",
    also: [{ file: STORE, find: 'private toWatchEvent(e: Event): WatchEvent {', replace: 'private toWatchEvent(e: Event, from: number): WatchEvent {' }, { file: STORE, find: 'const ev = this.toWatchEvent(e);', replace: 'const ev = this.toWatchEvent(e, from);' }],
    expect: ['event-types'],
  },
  {
    id: 'deleted-without-prev-kv',
    description: 'watches without prev_kv, so a DELETED event carries only the name and revision, not the object that was deleted',
    file: STORE,
    find: 'start_revision: from + 1, prev_kv: true }',
    replace: 'start_revision: from + 1 }',
    also: [
      {
        file: STORE,
        find: "return { type: 'ERROR', object: newInternalError(`etcd event received with PrevKv=nil (key=${JSON.stringify(e.kv.key)}, modRevision=${rev}, type=${e.type})`).status };",
        replace: "return { type: 'DELETED', object: { metadata: { name: nameOfKey(e.kv.key), resourceVersion: String(rev) } } };",
      },
    ],
    expect: ['event-objects'],
  },
  {
    id: 'rv-is-create-revision',
    description: 'stamps each event’s object with the key’s create_revision, so clients resume from the wrong resourceVersion',
    file: STORE,
    find: 'return { type, object: parseStored(e.kv.value, rev) };',
    replace: 'return { type, object: parseStored(e.kv.value, e.kv.create_revision) };',
    expect: ['event-objects', 'resume-from-rv', 'no-event-duplicated'],
  },
  {
    id: 'compaction-ignored',
    description: 'ignores the canceled response etcd sends when the watch’s revisions are compacted: the watch goes silent instead of ending with 410',
    file: STORE,
    find: 'if (stopped || res.created) return;',
    replace: 'if (stopped || res.created || res.canceled) return;',
    expect: ['gone-after-compaction'],
  },
  {
    id: 'gone-names-start-revision',
    description: 'the 410 names the etcd start revision (resourceVersion + 1) instead of the resourceVersion the client asked for',
    file: STORE,
    find: 'tooOldResourceVersion(from, res.compact_revision)',
    replace: 'tooOldResourceVersion(from + 1, res.compact_revision)',
    expect: ['gone-after-compaction'],
  },
  {
    id: 'bookmark-at-start',
    description: 'a bookmark carries the resourceVersion the watch started from instead of the progress notification’s revision',
    file: STORE,
    find: 'const metadata = { resourceVersion: String(res.header.revision) };',
    replace: 'const metadata = { resourceVersion };',
    expect: ['bookmark-progress'],
  },
  {
    id: 'stop-does-nothing',
    description: 'stop() neither cancels the etcd watch nor silences it, so events keep coming after the client stopped',
    file: STORE,
    find: 'stop() {\n        if (stopped) return;\n        stopped = true;\n        stream.cancel();\n      },',
    replace: 'stop() {},',
    expect: ['stop-ends-watch'],
  },
];
