import { fnv1a64 } from './hash/fnv';
import { utf8 } from './mvcc/codec';
import { restoreSnapshot, saveSnapshot, snapshotStatus, endpointStatus as storeStatus, type MvccStore } from './mvcc';
import type { EtcdCluster } from './cluster';
import { MvccMemberStore } from './store';
import { humanizeBytes, renderTable } from './table';

/**
 * etcdctl-like views of a simulated cluster, for lessons and tools: the same
 * columns and formats as `etcdctl -w table endpoint status`, `member list`
 * and `etcdutl snapshot status`, computed from the members' real state.
 */

/** ETCD_VERSION is the etcd version the simulated members report. */
export const ETCD_VERSION = '3.5.17';

/** memberId is a member's 64-bit id in hex, derived from its name as etcd derives it from its peer URLs. */
export function memberId(name: string): string {
  return fnv1a64(utf8(`http://${name}:2380`)).toString(16).padStart(16, '0');
}

/** EndpointStatusRow is one member's line of `etcdctl endpoint status`. */
export interface EndpointStatusRow {
  endpoint: string;
  id: string;
  version: string;
  dbSize: number;
  dbSizeInUse: number;
  isLeader: boolean;
  isLearner: boolean;
  raftTerm: number;
  raftIndex: number;
  raftAppliedIndex: number;
  errors: string[];
}

/** endpointStatus reports every member; a down member reports the error etcdctl shows for an unreachable endpoint. */
export function endpointStatus(cluster: EtcdCluster): EndpointStatusRow[] {
  return cluster.members.map((name) => {
    const member = cluster.member(name);
    const endpoint = `${name}:2379`;
    const id = memberId(name);
    if (!member || !member.status || !(member.store instanceof MvccMemberStore)) {
      return { endpoint, id, version: '', dbSize: 0, dbSizeInUse: 0, isLeader: false, isLearner: false, raftTerm: 0, raftIndex: 0, raftAppliedIndex: 0, errors: ['context deadline exceeded'] };
    }
    const st = member.status;
    const db = storeStatus(member.store.mvcc);
    return {
      endpoint,
      id,
      version: ETCD_VERSION,
      dbSize: db.dbSize,
      dbSizeInUse: db.dbSizeInUse,
      isLeader: st.raftState === 'StateLeader',
      isLearner: false,
      raftTerm: st.term,
      raftIndex: st.lastIndex,
      raftAppliedIndex: st.applied,
      errors: [],
    };
  });
}

/** endpointStatusTable renders endpointStatus as `etcdctl -w table endpoint status --cluster` does. */
export function endpointStatusTable(cluster: EtcdCluster): string {
  const rows = endpointStatus(cluster).map((r) => [
    r.endpoint,
    r.id,
    r.version,
    r.version ? humanizeBytes(r.dbSize) : '',
    String(r.isLeader),
    String(r.isLearner),
    String(r.raftTerm),
    String(r.raftIndex),
    String(r.raftAppliedIndex),
    r.errors.join(', '),
  ]);
  return renderTable(['endpoint', 'id', 'version', 'db size', 'is leader', 'is learner', 'raft term', 'raft index', 'raft applied index', 'errors'], rows);
}

/** memberListTable renders `etcdctl -w table member list`. */
export function memberListTable(cluster: EtcdCluster): string {
  const rows = cluster.members.map((name) => [memberId(name), 'started', name, `http://${name}:2380`, `http://${name}:2379`, 'false']);
  return renderTable(['id', 'status', 'name', 'peer addrs', 'client addrs', 'is learner'], rows);
}

/** snapshotSave takes a snapshot of one member's store (`etcdctl snapshot save`). */
export function snapshotSave(cluster: EtcdCluster, name: string): Uint8Array {
  const member = cluster.member(name);
  if (!member || !(member.store instanceof MvccMemberStore)) throw new Error(`${name}:2379: context deadline exceeded`);
  return saveSnapshot(member.store.mvcc);
}

/** snapshotStatusTable renders `etcdutl -w table snapshot status`. */
export function snapshotStatusTable(snapshot: Uint8Array): string {
  const s = snapshotStatus(snapshot);
  return renderTable(['hash', 'revision', 'total keys', 'total size'], [[s.hash.toString(16), String(s.revision), String(s.totalKey), humanizeBytes(s.totalSize)]]);
}

/** snapshotRestore rebuilds a store from a snapshot (`etcdutl snapshot restore`), refusing corrupt or truncated files. */
export function snapshotRestore(snapshot: Uint8Array): MvccStore {
  return restoreSnapshot(snapshot);
}
