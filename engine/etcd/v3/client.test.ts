import { describe, expect, it } from 'vitest';
import type { EtcdCluster } from '../cluster';
import type { PutResponse, RangeResponse, TxnResponse } from '../mvcc/types';
import { DEFAULT_V3_CLIENT } from './client';
import { ok, v3Cluster, wait } from './testing';

const put = (cluster: EtcdCluster, c: string, key: string, value: string) => ok<PutResponse>(cluster, (r) => cluster.v3Client(c).put({ key, value }, r));
const get = (cluster: EtcdCluster, c: string, key: string, serializable = false) =>
  ok<RangeResponse>(cluster, (r) => cluster.v3Client(c).range({ key, serializable }, r));

/** mvccOf is a member's MVCC store, for looking behind the API. */
const mvccOf = (cluster: EtcdCluster, id: string) => cluster.member(id)!.store.mvcc!;

describe('V3Client on a three-member cluster', () => {
  it('puts, ranges and runs txns whose mod_revision compare succeeds or fails', () => {
    const cluster = v3Cluster(1);
    const kv = cluster.addV3Client('c1');
    const first = put(cluster, 'c1', '/registry/pods/default/web', 'v1');
    expect(first.header.revision).toBe(2);
    const r = get(cluster, 'c1', '/registry/pods/default/web');
    expect(r.kvs).toEqual([{ key: '/registry/pods/default/web', create_revision: 2, mod_revision: 2, version: 1, value: 'v1' }]);

    const update = (modRevision: number, value: string) =>
      ok<TxnResponse>(cluster, (reply) =>
        kv.txn(
          {
            compare: [{ key: '/registry/pods/default/web', target: 'MOD', result: 'EQUAL', mod_revision: modRevision }],
            success: [{ request_put: { key: '/registry/pods/default/web', value } }],
            failure: [{ request_range: { key: '/registry/pods/default/web' } }],
          },
          reply,
        ),
      );
    const won = update(2, 'v2');
    expect(won.succeeded).toBe(true);
    expect(won.header.revision).toBe(3);
    const lost = update(2, 'v3');
    expect(lost.succeeded).toBe(false);
    expect(lost.responses).toEqual([{ response_range: expect.objectContaining({ kvs: [expect.objectContaining({ value: 'v2', mod_revision: 3 })] }) }]);
    // Every member applied the same writes.
    for (const m of cluster.members) {
      cluster.sim.runFor(200);
      expect(mvccOf(cluster, m).currentRevision()).toBe(3);
    }
  });

  it('deletes a range and returns the deleted key-values when asked', () => {
    const cluster = v3Cluster(2);
    const kv = cluster.addV3Client('c1');
    for (const k of ['a', 'b', 'c']) put(cluster, 'c1', `/r/${k}`, k.toUpperCase());
    const del = ok<{ deleted: number; prev_kvs?: Array<{ key: string; value: string }> }>(cluster, (r) =>
      kv.deleteRange({ key: '/r/a', range_end: '/r/c', prev_kv: true }, r),
    );
    expect(del.deleted).toBe(2);
    expect(del.prev_kvs?.map((p) => `${p.key}=${p.value}`)).toEqual(['/r/a=A', '/r/b=B']);
    const left = ok<RangeResponse>(cluster, (r) => kv.range({ key: '/r/', range_end: '/r0' }, r));
    expect(left.kvs.map((k) => k.key)).toEqual(['/r/c']);
  });

  it('reports compaction and validation errors with etcd’s codes and texts', () => {
    const cluster = v3Cluster(3);
    const kv = cluster.addV3Client('c1');
    for (let i = 0; i < 4; i++) put(cluster, 'c1', 'k', String(i));
    expect(ok(cluster, (r) => kv.compact({ revision: 4 }, r))).toEqual({ header: { revision: 5 } });
    const errOf = (start: Parameters<typeof wait>[1]) => wait(cluster, start).err;
    expect(errOf((r) => kv.compact({ revision: 4 }, r))).toEqual({ code: 'OutOfRange', message: 'etcdserver: mvcc: required revision has been compacted' });
    expect(errOf((r) => kv.compact({ revision: 99 }, r))).toEqual({ code: 'OutOfRange', message: 'etcdserver: mvcc: required revision is a future revision' });
    expect(errOf((r) => kv.range({ key: 'k', revision: 3 }, r))).toEqual({ code: 'OutOfRange', message: 'etcdserver: mvcc: required revision has been compacted' });
    expect(errOf((r) => kv.range({ key: 'k', revision: 4 }, r))).toBeNull();
    expect(errOf((r) => kv.put({ key: '', value: 'x' }, r))).toEqual({ code: 'InvalidArgument', message: 'etcdserver: key is not provided' });
    // The failed compactions changed nothing anywhere.
    cluster.sim.runFor(200);
    for (const m of cluster.members) expect(mvccOf(cluster, m).compactRevision()).toBe(4);
  });

  it('finds the leader from any member, following not-leader hints', () => {
    const cluster = v3Cluster(4);
    const kv = cluster.addV3Client('c1');
    const leader = cluster.leader()!;
    put(cluster, 'c1', 'x', '1');
    const served = cluster.sim.trace.events.filter((e) => e.kind === 'net.send' && e.from !== 'c1' && (e.msg as { type: string }).type === 'v3.reply');
    expect(served.at(-1)).toMatchObject({ from: leader, to: 'c1' });
    expect(kv.inFlight).toBe(0);
  });

  it('serves a linearizable read after the leader crashes with the last acknowledged write', () => {
    const cluster = v3Cluster(5);
    cluster.addV3Client('c1');
    for (let i = 1; i <= 5; i++) put(cluster, 'c1', 'k', `v${i}`);
    const old = cluster.leader()!;
    cluster.crash(old);
    const r = get(cluster, 'c1', 'k');
    expect(r.kvs[0]).toMatchObject({ value: 'v5', mod_revision: 6 });
    expect(cluster.leader()).not.toBe(old);
  });

  it('serves a serializable read from a member cut off from the others, which a linearizable read refuses', () => {
    const cluster = v3Cluster(6);
    cluster.addV3Client('c1');
    put(cluster, 'c1', 'k', 'old');
    cluster.sim.runFor(300);
    const leader = cluster.leader()!;
    const follower = cluster.members.find((m) => m !== leader)!;
    const rest = cluster.members.filter((m) => m !== follower);
    cluster.partition([[follower, 'c2'], [...rest, 'c1']]);
    put(cluster, 'c1', 'k', 'new');
    cluster.addV3Client('c2');
    expect(get(cluster, 'c2', 'k', true).kvs[0].value).toBe('old');
    const lin = wait<RangeResponse>(cluster, (r) => cluster.v3Client('c2').range({ key: 'k' }, r), 20_000);
    expect(lin.err).toEqual({ code: 'Unavailable', message: 'etcdserver: request timed out' });
  });

  it('applies a retried write once when the answer to the first attempt is lost', () => {
    const cluster = v3Cluster(7);
    cluster.addV3Client('c1');
    put(cluster, 'c1', 'warm', 'up');
    const leader = cluster.leader()!;
    // The leader applies the put, but its answer never reaches the client, which retries elsewhere.
    cluster.net.block(leader, 'c1');
    cluster.sim.after(DEFAULT_V3_CLIENT.attemptTimeoutMs + 100, () => cluster.net.unblock(leader, 'c1'));
    const res = put(cluster, 'c1', 'once', 'x');
    const sends = cluster.sim.trace.events.filter((e) => e.kind === 'net.send' && e.from === 'c1' && (e.msg as { type: string; op?: object }).type === 'v3.kv');
    expect(sends.length).toBeGreaterThan(2);
    cluster.sim.runFor(300);
    for (const m of cluster.members) {
      const kv = mvccOf(cluster, m).range('once').kvs[0];
      expect(kv).toMatchObject({ version: 1, mod_revision: res.header.revision });
      expect(mvccOf(cluster, m).currentRevision()).toBe(res.header.revision);
    }
  });

  it('gives up at its deadline with etcd’s "request timed out"', () => {
    const cluster = v3Cluster(8);
    const kv = cluster.addV3Client('c1');
    for (const m of cluster.members) cluster.crash(m);
    const a = wait(cluster, (r) => kv.put({ key: 'k', value: 'v' }, r), 20_000);
    expect(a.err).toEqual({ code: 'Unavailable', message: 'etcdserver: request timed out' });
    expect(a.at).toBeGreaterThanOrEqual(DEFAULT_V3_CLIENT.requestTimeoutMs);
    expect(kv.inFlight).toBe(0);
  });

  it('keeps the kv.put protocol working beside the v3 one, on the same store', () => {
    const cluster = v3Cluster(9);
    const legacy = cluster.addClient('k1');
    cluster.addV3Client('c1');
    legacy.submit({ kind: 'put', key: 'shared', value: 'from-kv' });
    cluster.sim.runUntilTrue(() => legacy.idle, cluster.sim.now + 5_000);
    expect(get(cluster, 'c1', 'shared').kvs[0].value).toBe('from-kv');
    put(cluster, 'c1', 'shared', 'from-v3');
    legacy.submit({ kind: 'get', key: 'shared' });
    cluster.sim.runUntilTrue(() => legacy.idle, cluster.sim.now + 5_000);
    expect(cluster.sim.trace.ofKind('client.ok').at(-1)).toMatchObject({ op: 'get', value: 'from-v3' });
  });

  it('starts a new session when its host restarts, whose writes are not taken for retries', () => {
    const cluster = v3Cluster(10);
    cluster.addV3Client('c1');
    put(cluster, 'c1', 'k', 'before');
    const before = cluster.v3Client('c1').session;
    cluster.crash('c1');
    cluster.restart('c1');
    expect(cluster.v3Client('c1').session).not.toBe(before);
    put(cluster, 'c1', 'k', 'after');
    expect(get(cluster, 'c1', 'k').kvs[0]).toMatchObject({ value: 'after', version: 2 });
  });
});
