/**
 * kubeconfig writes the admin kubeconfig for the simulated cluster, as
 * kubeadm's admin.conf: one cluster (the CA inline), one user (a client
 * certificate inline), one context, current.
 */
import { stringify } from 'yaml';

export interface KubeconfigInput {
  server: string;
  caPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  clusterName?: string;
  userName?: string;
}

/** kubeconfig renders a Config (apiVersion v1, kind Config) as YAML. */
export function kubeconfig(input: KubeconfigInput): string {
  const cluster = input.clusterName ?? 'kube-internals';
  const user = input.userName ?? 'kubernetes-admin';
  const context = `${user}@${cluster}`;
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server: input.server, 'certificate-authority-data': b64(input.caPem) } }],
    users: [{ name: user, user: { 'client-certificate-data': b64(input.clientCertPem), 'client-key-data': b64(input.clientKeyPem) } }],
    contexts: [{ name: context, context: { cluster, user } }],
    'current-context': context,
    preferences: {},
  });
}
