import type { EtcdCluster } from '../../../engine/etcd/cluster';
import { endpointStatusTable, memberListTable } from '../../../engine/etcd/etcdctl';

/**
 * etcdctlTranscript is what an operator would see running etcdctl against
 * the diagram's cluster right now: the commands and their table output,
 * computed by the engine's etcdctl helpers from the members' real state.
 */
export function etcdctlTranscript(cluster: EtcdCluster): string {
  return [
    '$ etcdctl -w table endpoint status --cluster',
    endpointStatusTable(cluster),
    '$ etcdctl -w table member list',
    memberListTable(cluster),
  ].join('\n');
}
