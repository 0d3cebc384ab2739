import { describe, expect, it } from 'vitest';
import { createStore } from '../../../engine/etcd/mvcc';
import { prefixRangeEnd } from '../../../engine/etcd/mvcc/store';
import { deferQueue, localKV } from '../../../engine/etcd/v3/local';
import { compareText, observeKV } from './observe-etcd';
import { Recorder, type EtcdObservation } from './observations';

function setup() {
  const q = deferQueue();
  const recorder = new Recorder();
  const kv = observeKV(localKV(createStore(), q.defer), recorder);
  recorder.start();
  return { kv, recorder, drain: q.drain };
}

describe('compareText', () => {
  it('spells compares as etcdctl txn does', () => {
    expect(compareText({ key: '/a', target: 'CREATE', result: 'EQUAL', create_revision: 0 })).toBe('create(/a) = 0');
    expect(compareText({ key: '/a', target: 'MOD', result: 'LESS', mod_revision: 7 })).toBe('mod(/a) < 7');
  });
});

describe('observeKV', () => {
  it('passes calls through and records each answer with the revision it produced', () => {
    const { kv, recorder, drain } = setup();
    let created = false;
    kv.txn(
      { compare: [{ key: '/registry/pods/default/a', target: 'CREATE', result: 'EQUAL', create_revision: 0 }], success: [{ request_put: { key: '/registry/pods/default/a', value: '{}' } }] },
      (err, res) => (created = !err && res!.succeeded),
    );
    drain();
    kv.range({ key: '/registry/pods/default/', range_end: prefixRangeEnd('/registry/pods/default/') }, () => {});
    drain();
    expect(created).toBe(true);
    const [txn, range] = recorder.stop() as EtcdObservation[];
    expect(txn).toMatchObject({ call: 'txn', key: '/registry/pods/default/a', compare: ['create(/registry/pods/default/a) = 0'], succeeded: true, revision: 2, writes: ['/registry/pods/default/a'] });
    expect(range).toMatchObject({ call: 'range', prefix: true, revision: 2, count: 1, kvs: [{ key: '/registry/pods/default/a', modRevision: 2 }] });
  });

  it('records a failed compare with the branch that ran instead', () => {
    const { kv, recorder, drain } = setup();
    kv.put({ key: '/k', value: 'v' }, () => {});
    drain();
    kv.txn({ compare: [{ key: '/k', target: 'MOD', result: 'EQUAL', mod_revision: 1 }], success: [{ request_put: { key: '/k', value: 'w' } }], failure: [{ request_range: { key: '/k' } }] }, () => {});
    drain();
    const txn = recorder.stop()[1] as EtcdObservation;
    expect(txn).toMatchObject({ succeeded: false, writes: [], kvs: [{ key: '/k', modRevision: 2 }] });
  });

  it('names the admission plugin that made a call', () => {
    const { kv, recorder, drain } = setup();
    recorder.within('NamespaceLifecycle', () => kv.range({ key: '/registry/namespaces/default' }, () => {}));
    drain();
    expect(recorder.stop()[0]).toMatchObject({ kind: 'etcd', by: 'NamespaceLifecycle', count: 0 });
  });

  it('records a watch’s start revision and the changes it delivers', () => {
    const { kv, recorder, drain } = setup();
    kv.put({ key: '/w/a', value: '1' }, () => {});
    kv.put({ key: '/w/a', value: '2' }, () => {});
    drain();
    const seen: number[] = [];
    kv.watch({ key: '/w/', range_end: prefixRangeEnd('/w/'), start_revision: 2 }, (res) => seen.push(...res.events.map((e) => e.kv.mod_revision)));
    drain();
    const obs = recorder.stop();
    expect(seen).toEqual([2, 3]);
    expect(obs[2]).toMatchObject({ kind: 'etcd', call: 'watch', prefix: true, startRevision: 2 });
    expect(obs.filter((o) => o.kind === 'etcd-event').flatMap((o) => (o.kind === 'etcd-event' ? o.events.map((e) => e.modRevision) : []))).toEqual([2, 3]);
  });
});
