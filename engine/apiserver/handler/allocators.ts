/**
 * Service address allocation (pkg/registry/core/service/ipallocator and
 * portallocator, reduced): a new Service without a clusterIP gets a free one
 * from the service CIDR (10.96.0.0/12 by default), and NodePort and
 * LoadBalancer ports without a nodePort get a free one from 30000-32767.
 * Upstream keeps allocation bitmaps in etcd; here the free set is computed
 * from the stored Services, and the choice drawn from the server's Rng.
 */
import type { KubeObject } from '../object';
import type { Rng } from '../../sim/rng';
import type { ResourceStorage } from '../storage/types';
import type { StatusError } from '../errors';

/** SERVICE_CIDR is the default --service-cluster-ip-range: 10.96.0.0/12. */
export const SERVICE_CIDR = { base: (10 << 24) | (96 << 16), size: 1 << 20 };
/** NODE_PORT_RANGE is the default --service-node-port-range. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 };

/** KUBERNETES_SERVICE_IP is the first address: the `kubernetes` Service's. */
export const KUBERNETES_SERVICE_IP = '10.96.0.1';

const ipString = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

type Spec = { type?: string; clusterIP?: string; clusterIPs?: string[]; ports?: Array<{ nodePort?: number }> };

/** allocateServiceAddresses fills in clusterIP(s) and node ports of svc, then calls done. */
export function allocateServiceAddresses(svc: KubeObject, services: ResourceStorage, rng: Rng, done: (err: StatusError | null) => void): void {
  const spec = (svc.spec ?? {}) as Spec;
  const needsIP = spec.type !== 'ExternalName' && !spec.clusterIP;
  const needsPorts = (spec.type === 'NodePort' || spec.type === 'LoadBalancer') && (spec.ports ?? []).some((p) => !p.nodePort);
  if (!needsIP && !needsPorts) {
    if (spec.clusterIP && !spec.clusterIPs) spec.clusterIPs = [spec.clusterIP];
    return done(null);
  }
  services.getList(services.prefixFor(), {}, (err, res) => {
    if (err) return done(err);
    const usedIPs = new Set<string>();
    const usedPorts = new Set<number>();
    for (const s of res!.items) {
      const sp = (s.spec ?? {}) as Spec;
      if (sp.clusterIP) usedIPs.add(sp.clusterIP);
      for (const p of sp.ports ?? []) if (p.nodePort) usedPorts.add(p.nodePort);
    }
    if (needsIP) {
      // The first address belongs to the kubernetes Service; the last is the broadcast address.
      let ip = '';
      for (let tries = 0; tries < 64 && (ip === '' || usedIPs.has(ip)); tries++) ip = ipString(SERVICE_CIDR.base + 2 + rng.intn(SERVICE_CIDR.size - 3));
      if (svc.metadata?.namespace === 'default' && svc.metadata?.name === 'kubernetes' && !usedIPs.has(KUBERNETES_SERVICE_IP)) ip = KUBERNETES_SERVICE_IP;
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
    }
    for (const p of spec.ports ?? []) {
      if (!needsPorts || p.nodePort) continue;
      let port = 0;
      const span = NODE_PORT_RANGE.max - NODE_PORT_RANGE.min + 1;
      for (let tries = 0; tries < 64 && (port === 0 || usedPorts.has(port)); tries++) port = NODE_PORT_RANGE.min + rng.intn(span);
      p.nodePort = port;
      usedPorts.add(port);
    }
    svc.spec = spec;
    done(null);
  });
}
