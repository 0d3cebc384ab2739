import { describe, expect, it } from 'vitest';
import { createStore } from '../../../etcd/mvcc';
import type { TxnRequest } from '../../../etcd/mvcc/types';
import type { EtcdKV } from '../../../etcd/v3/kv';
import { deferQueue, localKV } from '../../../etcd/v3/local';
import type { StatusError } from '../../errors';
import type { KubeObject, WatchEvent } from '../types';
import { newStore } from './store';
import type { ResourceInfo } from './types';

const CM: ResourceInfo = { group: '', resource: 'configmaps', kind: 'ConfigMap', apiVersion: 'v1' };
const key = (name: string) => `/registry/configmaps/default/${name}`;
const cm = (name: string, v: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { v } });

function setup() {
  const mvcc = createStore();
  const q = deferQueue();
  const kv = localKV(mvcc, q.defer);
  const settle = () => {
    while (q.drain() > 0);
  };
  const put = (name: string, v: string) => {
    kv.put({ key: key(name), value: cm(name, v) }, () => {});
    settle();
    return mvcc.currentRevision();
  };
  const del = (name: string) => {
    kv.deleteRange({ key: key(name) }, () => {});
    settle();
    return mvcc.currentRevision();
  };
  return { mvcc, kv, settle, put, del, store: newStore(kv, CM) };
}

const setV = (v: string) => (o: KubeObject) => ({ ...o, data: { v } });
const brief = (evs: WatchEvent[]) =>
  evs.map((e) =>
    e.type === 'ERROR' ? `ERROR ${e.object.code} ${e.object.message}` : `${e.type} ${e.object.metadata?.name ?? ''}@${e.object.metadata?.resourceVersion} ${JSON.stringify(e.object.data ?? null)}`,
  );

describe('guaranteedUpdate', () => {
  it('writes with a txn on the mod_revision read and answers the write’s revision', () => {
    const h = setup();
    const rv = h.put('a', '1');
    let got: [StatusError | null, KubeObject | undefined] | undefined;
    h.store.guaranteedUpdate(key('a'), String(rv), setV('2'), (err, res) => (got = [err, res]));
    expect(got).toBeUndefined();
    h.settle();
    expect(got![0]).toBeNull();
    expect(got![1]).toMatchObject({ metadata: { name: 'a', resourceVersion: String(rv + 1) }, data: { v: '2' } });
    expect(JSON.parse(h.mvcc.range(key('a')).kvs[0].value)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' }, data: { v: '2' } });
  });

  it('refuses a stale resourceVersion with 409 and upstream’s text, writing nothing', () => {
    const h = setup();
    const old = h.put('a', '1');
    h.put('a', '2');
    let err: StatusError | null = null;
    h.store.guaranteedUpdate(key('a'), String(old), setV('3'), (e) => (err = e));
    h.settle();
    expect(err!.status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again',
    });
    expect(JSON.parse(h.mvcc.range(key('a')).kvs[0].value).data).toEqual({ v: '2' });
  });

  it('answers 404 for a missing object', () => {
    const h = setup();
    let err: StatusError | null = null;
    h.store.guaranteedUpdate(key('nope'), undefined, setV('1'), (e) => (err = e));
    h.settle();
    expect(err!.status).toMatchObject({ code: 404, message: 'configmaps "nope" not found' });
  });

  it('starts over after losing a race, and re-checks the precondition when it has one', () => {
    const h = setup();
    h.put('a', '0');
    // Another writer slips in between an update's read and its first txn.
    let slip = '';
    const racing: EtcdKV = {
      ...h.kv,
      txn(req: TxnRequest, reply) {
        if (slip) h.mvcc.put(key('a'), cm('a', slip));
        slip = '';
        h.kv.txn(req, reply);
      },
    };
    const store = newStore(racing, CM);
    const answers: string[] = [];
    slip = 'other';
    store.guaranteedUpdate(key('a'), undefined, (o) => ({ ...o, data: { v: `${(o.data as { v: string }).v}+1` } }), (e, r) => answers.push(e ? e.message : `ok ${JSON.stringify(r!.data)}`));
    h.settle();
    slip = 'again';
    store.guaranteedUpdate(key('a'), String(h.mvcc.currentRevision()), setV('x'), (e) => answers.push(e ? `${e.status.code}` : 'ok'));
    h.settle();
    expect(answers).toEqual(['ok {"v":"other+1"}', '409']);
    expect(JSON.parse(h.mvcc.range(key('a')).kvs[0].value).data).toEqual({ v: 'again' });
  });
});

describe('watch', () => {
  it('streams ADDED, MODIFIED and DELETED (with the object before the delete) after the resourceVersion, under the prefix only', () => {
    const h = setup();
    const start = h.put('a', '1');
    const events: WatchEvent[] = [];
    h.store.watch('/registry/configmaps/default/', String(start), (e) => events.push(e));
    h.put('b', '1');
    h.put('a', '2');
    h.kv.put({ key: '/registry/configmaps/other/c', value: cm('c', '1') }, () => {});
    h.del('a');
    h.settle();
    expect(brief(events)).toEqual([`ADDED b@${start + 1} {"v":"1"}`, `MODIFIED a@${start + 2} {"v":"2"}`, `DELETED a@${start + 4} {"v":"2"}`]);
  });

  it('turns a progress notification into a BOOKMARK at its revision, and stops when told', () => {
    const h = setup();
    const start = h.put('a', '1');
    const events: WatchEvent[] = [];
    const w = h.store.watch('/registry/configmaps/default/', String(start), (e) => events.push(e));
    h.kv.put({ key: '/registry/secrets/default/s', value: '{}' }, () => {});
    h.settle();
    w.requestProgress();
    h.settle();
    expect(events).toEqual([{ type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: String(start + 1) } } }]);
    w.stop();
    h.put('a', '2');
    expect(events).toHaveLength(1);
  });

  it('ends with 410 `too old resource version: N (M)` when etcd has compacted what it needs', () => {
    const h = setup();
    const first = h.put('a', '1');
    h.put('a', '2');
    const last = h.put('a', '3');
    h.kv.compact({ revision: last }, () => {});
    h.settle();
    const events: WatchEvent[] = [];
    h.store.watch('/registry/configmaps/default/', String(first), (e) => events.push(e));
    h.settle();
    h.put('a', '4');
    expect(brief(events)).toEqual([`ERROR 410 too old resource version: ${first} (${last})`]);
    expect(events[0].object).toMatchObject({ kind: 'Status', reason: 'Expired' });
  });
});
