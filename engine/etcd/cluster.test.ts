import { describe, expect, it } from 'vitest';
import { EtcdCluster } from './cluster';
import { newMemberStore } from './store';

/** run plays the same faulty workload on a fresh cluster and returns it. */
function run(seed: number) {
  const cluster = new EtcdCluster({ seed, newStore: newMemberStore, link: { loss: 0.02, duplicate: 0.02, reorder: 0.1, maxLatencyMs: 20 } });
  const c1 = cluster.addClient('c1');
  const c2 = cluster.addClient('c2');
  cluster.sim.at(1_500, () => {
    for (let i = 0; i < 5; i++) c1.submit({ kind: 'put', key: 'k', value: `a${i}` });
  });
  cluster.sim.at(2_500, () => cluster.crash(cluster.leader() ?? 'n1'));
  cluster.sim.at(3_000, () => {
    for (let i = 0; i < 5; i++) c2.submit({ kind: 'put', key: 'k', value: `b${i}` });
    c2.submit({ kind: 'get', key: 'k' });
  });
  cluster.sim.at(4_000, () => cluster.partition([['n1', 'n2'], ['n3', 'n4', 'n5']]));
  cluster.sim.at(6_000, () => cluster.healAll());
  cluster.sim.runUntil(10_000);
  return cluster;
}

describe('EtcdCluster', () => {
  it('replays a seed as a byte-identical trace, and different seeds differ', () => {
    const a = run(42).sim.trace.serialize();
    expect(run(42).sim.trace.serialize()).toBe(a);
    expect(run(43).sim.trace.serialize()).not.toBe(a);
  });

  it('answers every request through a leader crash, a partition and a heal', () => {
    const cluster = run(42);
    const events = cluster.sim.trace.events;
    const invoked = events.filter((e) => e.kind === 'client.invoke').length;
    const answered = events.filter((e) => e.kind === 'client.ok');
    expect(invoked).toBe(11);
    expect(answered).toHaveLength(11);
    const lastGet = answered.filter((e) => e.kind === 'client.ok' && e.op === 'get').at(-1);
    expect(lastGet).toMatchObject({ value: 'b4' });
  });

  it('converges after the heal: every member applied the same entries and one leads', () => {
    const cluster = run(7);
    const statuses = cluster.members.map((m) => cluster.status(m)!);
    expect(statuses.filter((s) => s.raftState === 'StateLeader')).toHaveLength(1);
    expect(new Set(statuses.map((s) => s.commit)).size).toBe(1);
    const values = cluster.members.map((m) => cluster.member(m)!.store.get('k').value);
    expect(new Set(values)).toEqual(new Set(['b4']));
  });

  it('rebuilds a restarted member from its disk alone', () => {
    const cluster = run(11);
    const before = cluster.member('n2')!.log.length;
    cluster.crash('n2');
    cluster.restart('n2');
    expect(cluster.member('n2')!.log.length).toBe(before);
    cluster.sim.runFor(3_000);
    expect(cluster.member('n2')!.store.get('k').value).toBe('b4');
  });

  it('refuses a write on a minority side: the client gets no answer there', () => {
    const cluster = new EtcdCluster({ seed: 3, members: 3, newStore: newMemberStore });
    const c = cluster.addClient('c1');
    cluster.sim.runFor(3_000);
    const leader = cluster.leader()!;
    cluster.partition([[leader, 'c1'], cluster.members.filter((m) => m !== leader)]);
    c.submit({ kind: 'put', key: 'x', value: 'lonely' });
    cluster.sim.runFor(2_000);
    expect(cluster.sim.trace.events.some((e) => e.kind === 'client.ok')).toBe(false);
    expect(cluster.members.every((m) => cluster.member(m)!.store.get('x').value === null)).toBe(true);
  });
});
