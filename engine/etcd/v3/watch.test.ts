import { describe, expect, it } from 'vitest';
import type { EtcdCluster } from '../cluster';
import type { PutResponse } from '../mvcc/types';
import type { LinkSpec } from '../../sim/network';
import { DEFAULT_V3_CLIENT } from './client';
import { ok, record, v3Cluster, type Recorder } from './testing';

/** watchHost is the member serving the client's one watch stream. */
function watchHost(cluster: EtcdCluster): string {
  const hosts = cluster.members.filter((m) => (cluster.member(m)?.watchCount ?? 0) > 0);
  expect(hosts).toHaveLength(1);
  return hosts[0];
}

/** writer puts /w/0, /w/1, … every 100 ms from client `c`, from `at` for `count` writes. */
function writer(cluster: EtcdCluster, c: string, at: number, count: number): Array<PutResponse | string> {
  const acked: Array<PutResponse | string> = [];
  for (let i = 0; i < count; i++) {
    cluster.sim.at(at + i * 100, () => cluster.v3Client(c).put({ key: `/w/${i}`, value: `v${i}` }, (err, res) => acked.push(err ? err.message : res!)));
  }
  return acked;
}

/** history is every event under /w/ as a fresh watch from revision 2 on a healthy cluster sees them. */
function history(cluster: EtcdCluster): string[] {
  const fresh = record(cluster.addV3Client('auditor'), { key: '/w/', range_end: '/w0', start_revision: 2 });
  cluster.sim.runFor(2_000);
  return fresh.events();
}

/**
 * runAcrossFaults watches /w/ from c1 while c2 writes 60 keys, crashes the
 * member the watch runs on and restarts it 2 s later, then cuts the member
 * the watch has moved to off from everyone, and heals.
 */
function runAcrossFaults(seed: number, link?: Partial<LinkSpec>) {
  const cluster = v3Cluster(seed, 3, link);
  cluster.addV3Client('c1');
  cluster.addV3Client('c2');
  const w = record(cluster.v3Client('c1'), { key: '/w/', range_end: '/w0' });
  // A watch from "now" starts at its created response's revision: write only after it.
  cluster.sim.runUntilTrue(() => w.responses.length > 0, cluster.sim.now + 10_000);
  const t0 = cluster.sim.now;
  const acked = writer(cluster, 'c2', t0, 60);
  const faults: string[] = [];
  // A crash of the member the watch runs on, and its restart.
  // Between two attempts no member serves the watch; on a faulty network that may be when a fault is due.
  const servingMember = () => cluster.members.find((m) => (cluster.member(m)?.watchCount ?? 0) > 0);
  cluster.sim.at(t0 + 1_000, () => {
    const m = servingMember();
    if (!m) return;
    faults.push(`crash ${m}`);
    cluster.crash(m);
    cluster.sim.after(2_000, () => cluster.restart(m));
  });
  // Then a partition that cuts the (new) watch member off from the clients and the others.
  cluster.sim.at(t0 + 3_500, () => {
    const m = servingMember();
    if (!m) return;
    faults.push(`isolate ${m}`);
    cluster.partition([[m], [...cluster.members.filter((x) => x !== m), 'c1', 'c2']]);
  });
  cluster.sim.at(t0 + 6_000, () => cluster.healAll());
  cluster.sim.runUntil(t0 + 9_000);
  return { cluster, w, acked, faults };
}

describe('v3 watch on a three-member cluster', () => {
  it('delivers every event once and in order across a crash and a partition of its member', () => {
    const { cluster, w, acked, faults } = runAcrossFaults(21);
    expect(faults).toHaveLength(2);
    const seen = w.events();
    const all = history(cluster);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    // Every acknowledged write is among the events.
    const ok = acked.filter((a): a is PutResponse => typeof a !== 'string');
    expect(ok.length).toBeGreaterThan(40);
    const revs = new Set(seen.map((e) => Number(e.split('@')[1])));
    for (const a of ok) expect(revs.has(a.header.revision)).toBe(true);
    // One created response, first; the stream keeps its watch_id.
    expect(w.responses.filter((r) => r.created)).toHaveLength(1);
    expect(w.responses[0].created).toBe(true);
    expect(new Set(w.responses.map((r) => r.watch_id))).toEqual(new Set([w.responses[0].watch_id]));
  });

  it('delivers every event once and in order on a lossy, duplicating, reordering network', () => {
    for (const seed of [100, 102, 104, 108]) {
      const { cluster, w, acked, faults } = runAcrossFaults(seed, { loss: 0.05, duplicate: 0.05, reorder: 0.2, maxLatencyMs: 20 });
      expect(faults.length, `seed ${seed}`).toBeGreaterThan(0);
      cluster.net.resetLinks();
      const seen = w.events();
      expect(seen, `seed ${seed}`).toEqual(history(cluster));
      // Each key was written once, however often its put was resent.
      const keys = seen.map((e) => e.split('=')[0]);
      expect(keys, `seed ${seed}`).toHaveLength(60);
      expect(new Set(keys), `seed ${seed}`).toEqual(new Set(Array.from({ length: 60 }, (_, i) => `PUT /w/${i}`)));
      expect(acked.filter((a) => typeof a === 'string'), `seed ${seed}`).toEqual([]);
    }
  });

  it('replays a seed as the same trace', () => {
    const a = runAcrossFaults(33).cluster.sim.trace.serialize();
    expect(runAcrossFaults(33).cluster.sim.trace.serialize()).toBe(a);
    expect(runAcrossFaults(34).cluster.sim.trace.serialize()).not.toBe(a);
  });

  it('streams history from a past revision, then live events', () => {
    const cluster = v3Cluster(22);
    const kv = cluster.addV3Client('c1');
    ok(cluster, (r) => kv.put({ key: '/w/a', value: '1' }, r));
    ok(cluster, (r) => kv.put({ key: '/other', value: 'x' }, r));
    const w = record(kv, { key: '/w/', range_end: '/w0', start_revision: 1, prev_kv: true });
    ok(cluster, (r) => kv.put({ key: '/w/a', value: '2' }, r));
    cluster.sim.runFor(100);
    expect(w.events()).toEqual(['PUT /w/a=1@2', 'PUT /w/a=2@4']);
    expect(w.responses.at(-1)!.events[0].prev_kv).toMatchObject({ value: '1', mod_revision: 2 });
  });

  it('cancels a watch from a compacted revision, naming the compact revision', () => {
    const cluster = v3Cluster(23);
    const kv = cluster.addV3Client('c1');
    for (let i = 0; i < 4; i++) ok(cluster, (r) => kv.put({ key: 'k', value: String(i) }, r));
    ok(cluster, (r) => kv.compact({ revision: 4 }, r));
    const w = record(kv, { key: 'k', start_revision: 2 });
    cluster.sim.runFor(500);
    expect(w.responses.map((r) => [r.created, r.canceled, r.compact_revision])).toEqual([
      [true, false, 0],
      [false, true, 4],
    ]);
  });

  it('cancels a resumed watch whose next revision was compacted while it moved', () => {
    const cluster = v3Cluster(24);
    const kv = cluster.addV3Client('c1');
    cluster.addV3Client('c2');
    const w = record(kv, { key: 'k' });
    ok(cluster, (r) => kv.put({ key: 'k', value: 'seen' }, r));
    cluster.sim.runFor(100);
    expect(w.events()).toHaveLength(1);
    const m = watchHost(cluster);
    cluster.partition([[m], [...cluster.members.filter((x) => x !== m), 'c1', 'c2']]);
    // While the stream has not noticed yet, the key changes and history is compacted past it.
    const writes = [];
    for (let i = 0; i < 3; i++) writes.push(ok<PutResponse>(cluster, (r) => cluster.v3Client('c2').put({ key: 'k', value: `lost${i}` }, r)));
    const last = writes.at(-1)!.header.revision;
    ok(cluster, (r) => cluster.v3Client('c2').compact({ revision: last }, r));
    expect(cluster.sim.now).toBeLessThan(DEFAULT_V3_CLIENT.keepaliveTimeoutMs + 2_000);
    cluster.sim.runFor(5_000);
    const end = w.responses.at(-1)!;
    expect(end).toMatchObject({ canceled: true, compact_revision: last });
    expect(w.events()).toEqual(['PUT k=seen@2']);
    expect(kv.watching).toBe(0);
  });

  it('answers a progress request at the current revision, and tells nothing after cancel', () => {
    const cluster = v3Cluster(25);
    const kv = cluster.addV3Client('c1');
    const w: Recorder = record(kv, { key: '/w/', range_end: '/w0' });
    const other = ok<PutResponse>(cluster, (r) => kv.put({ key: '/elsewhere', value: 'x' }, r));
    cluster.sim.runFor(100);
    w.stream.requestProgress();
    cluster.sim.runFor(100);
    const progress = w.responses.at(-1)!;
    expect(progress).toMatchObject({ watch_id: -1, created: false, canceled: false, events: [] });
    expect(progress.header.revision).toBe(other.header.revision);
    w.stream.cancel();
    const before = w.responses.length;
    ok(cluster, (r) => kv.put({ key: '/w/late', value: 'x' }, r));
    cluster.sim.runFor(1_000);
    expect(w.responses).toHaveLength(before);
    expect(cluster.members.map((m) => cluster.member(m)?.watchCount ?? 0)).toEqual([0, 0, 0]);
  });

  it('refuses an empty range with etcd’s reason', () => {
    const cluster = v3Cluster(26);
    const w = record(cluster.addV3Client('c1'), { key: 'b', range_end: 'a' });
    cluster.sim.runFor(200);
    expect(w.responses).toEqual([expect.objectContaining({ watch_id: -1, created: true, canceled: true, cancel_reason: 'mvcc: watcher range is empty' })]);
  });

  it('moves a watch off a member that lost its leader', () => {
    const cluster = v3Cluster(27);
    const kv = cluster.addV3Client('c1');
    cluster.addV3Client('c2');
    const w = record(kv, { key: 'k' });
    cluster.sim.runFor(200);
    const m = watchHost(cluster);
    // The member still reaches its client but not its peers: it must give the stream up.
    cluster.partition([[m, 'c1'], cluster.members.filter((x) => x !== m)]);
    cluster.sim.runFor(6_000);
    expect(cluster.member(m)!.watchCount).toBe(0);
    cluster.healAll();
    ok(cluster, (r) => cluster.v3Client('c2').put({ key: 'k', value: 'after' }, r));
    cluster.sim.runFor(3_000);
    expect(w.events()).toEqual([expect.stringMatching(/^PUT k=after@/)]);
  });

  it('stops serving a watch whose cancel was lost, once it next has something to send', () => {
    const cluster = v3Cluster(28);
    const kv = cluster.addV3Client('c1');
    const w = record(kv, { key: 'k' });
    cluster.sim.runFor(200);
    const m = watchHost(cluster);
    cluster.net.block('c1', m);
    w.stream.cancel();
    cluster.sim.runFor(100);
    cluster.net.unblock('c1', m);
    expect(cluster.member(m)!.watchCount).toBe(1);
    ok(cluster, (r) => kv.put({ key: 'k', value: 'v' }, r));
    cluster.sim.runFor(200);
    expect(cluster.member(m)!.watchCount).toBe(0);
    expect(w.events()).toEqual([]);
  });

  it('drops the watches of a client that crashed', () => {
    const cluster = v3Cluster(29);
    record(cluster.addV3Client('c1'), { key: 'k' });
    cluster.sim.runFor(200);
    const m = watchHost(cluster);
    cluster.crash('c1');
    cluster.sim.runFor(5_000);
    expect(cluster.member(m)!.watchCount).toBe(1);
    cluster.sim.runFor(8_000);
    expect(cluster.member(m)!.watchCount).toBe(0);
  });
});
