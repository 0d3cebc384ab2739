import { describe, expect, it } from 'vitest';
import { EtcdCluster } from './cluster';
import { endpointStatus, endpointStatusTable, memberId, memberListTable, snapshotRestore, snapshotSave, snapshotStatusTable } from './etcdctl';
import { newMemberStore } from './store';
import { humanizeBytes, renderTable } from './table';

/** settledCluster is a five-member cluster that has elected a leader and applied three writes. */
function settledCluster() {
  const cluster = new EtcdCluster({ seed: 7, newStore: newMemberStore });
  const client = cluster.addClient('c1');
  cluster.sim.runFor(3_000);
  for (const [k, v] of [['/registry/pods/default/web', 'a'], ['/registry/pods/default/db', 'b'], ['/registry/pods/default/web', 'c']]) client.submit({ kind: 'put', key: k, value: v });
  cluster.sim.runFor(2_000);
  return cluster;
}

describe('renderTable', () => {
  it('draws etcdctl tables: centred upper-case headers, right-aligned cells', () => {
    expect(renderTable(['id', 'name'], [['8e9e05c52164694d', 'n1']])).toBe(
      ['+------------------+------+', '|        ID        | NAME |', '+------------------+------+', '| 8e9e05c52164694d |   n1 |', '+------------------+------+', ''].join('\n'),
    );
  });
});

describe('humanizeBytes', () => {
  it('formats sizes as go-humanize does', () => {
    expect(humanizeBytes(5)).toBe('5 B');
    expect(humanizeBytes(999)).toBe('999 B');
    expect(humanizeBytes(16384)).toBe('16 kB');
    expect(humanizeBytes(2_500)).toBe('2.5 kB');
    expect(humanizeBytes(1_234_567)).toBe('1.2 MB');
  });
});

describe('etcdctl views of a simulated cluster', () => {
  it('reports one leader and agreeing members in endpoint status', () => {
    const cluster = settledCluster();
    const rows = endpointStatus(cluster);
    expect(rows.filter((r) => r.isLeader)).toHaveLength(1);
    expect(new Set(rows.map((r) => r.raftTerm)).size).toBe(1);
    expect(new Set(rows.map((r) => r.raftAppliedIndex)).size).toBe(1);
    expect(rows[0].dbSize).toBeGreaterThan(0);
    const table = endpointStatusTable(cluster);
    expect(table.split('\n')[1]).toBe(
      '| ENDPOINT |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS |',
    );
    expect(table).toContain(`|  n1:2379 | ${memberId('n1')} |`);
  });

  it('shows a crashed member as unreachable', () => {
    const cluster = settledCluster();
    cluster.crash('n3');
    const row = endpointStatus(cluster).find((r) => r.endpoint === 'n3:2379')!;
    expect(row.errors).toEqual(['context deadline exceeded']);
  });

  it('lists members with stable ids', () => {
    const table = memberListTable(settledCluster());
    expect(table).toContain(`| ${memberId('n2')} | started |   n2 | http://n2:2380 | http://n2:2379 |      false |`);
    expect(memberId('n1')).toMatch(/^[0-9a-f]{16}$/);
    expect(memberId('n1')).not.toBe(memberId('n2'));
  });

  it('saves, inspects and restores a snapshot of a member', () => {
    const cluster = settledCluster();
    const snap = snapshotSave(cluster, 'n1');
    const table = snapshotStatusTable(snap);
    expect(table.split('\n')[1]).toBe('|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |');
    const restored = snapshotRestore(snap);
    expect(restored.range('/registry/pods/default/web').kvs[0]).toMatchObject({ value: 'c', version: 2 });
    expect(restored.currentRevision()).toBe(4);
    snap[snap.length - 100] ^= 0xff;
    expect(() => snapshotRestore(snap)).toThrow(/expected sha256/);
  });
});
