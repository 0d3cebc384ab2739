/**
 * NamespaceController is kube-controller-manager's namespace controller: a
 * namespace being deleted (phase Terminating, spec.finalizers
 * ["kubernetes"]) has every namespaced object in it deleted; once none is
 * left, the controller empties spec.finalizers through the finalize
 * subresource and the namespace goes away. Objects held by their own
 * finalizers keep the namespace Terminating, as upstream.
 */
import type { ApiServer } from '../handler/server';
import type { Cancel, WatchEventMessage } from '../handler/types';
import type { KubeObject } from '../object';
import type { Registry } from '../registry/registry';
import type { StorageClock } from '../storage/types';
import { resourcePath } from './garbage_collector';

/** RECHECK_MS is how long the controller waits before looking again at a namespace still holding objects. */
export const RECHECK_MS = 1000;

export class NamespaceController {
  private watch: Cancel | undefined;
  private readonly inFlight = new Set<string>();
  private stopped = false;

  constructor(
    private readonly server: ApiServer,
    private readonly registry: Registry,
    private readonly clock: StorageClock,
  ) {}

  start(): void {
    const def = this.registry.lookup('', 'v1', 'namespaces')!;
    this.watch = this.server.loopback(
      { method: 'GET', path: resourcePath(def, ''), query: { watch: 'true' }, headers: {} },
      { respond: () => {}, event: (ev) => this.observe(ev), end: () => {} },
    );
  }

  stop(): void {
    this.stopped = true;
    this.watch?.cancel();
  }

  private observe(ev: WatchEventMessage): void {
    if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED') return;
    const ns = ev.object as KubeObject;
    const name = ns.metadata?.name;
    if (!name || !ns.metadata?.deletionTimestamp || this.inFlight.has(name)) return;
    this.inFlight.add(name);
    this.sync(name);
  }

  /** sync deletes the namespace's content, then finalizes it, or looks again later. */
  private sync(namespace: string): void {
    if (this.stopped) return;
    const defs = this.registry.all.filter((d) => d.stored && d.namespaced && d.verbs.includes('deletecollection'));
    let pending = defs.length;
    let remaining = 0;
    const after = () => {
      if (--pending > 0) return;
      if (remaining > 0) {
        this.clock.after(RECHECK_MS, () => this.sync(namespace));
        return;
      }
      const nsDef = this.registry.lookup('', 'v1', 'namespaces')!;
      this.server.loopback(
        {
          method: 'PUT',
          path: `${resourcePath(nsDef, '', namespace)}/finalize`,
          query: {},
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace }, spec: { finalizers: [] } }),
        },
        {
          respond: (res) => {
            this.inFlight.delete(namespace);
            if (res.status >= 400 && res.status !== 404) this.clock.after(RECHECK_MS, () => this.retry(namespace));
          },
        },
      );
    };
    for (const def of defs) {
      this.server.loopback(
        { method: 'DELETE', path: resourcePath(def, namespace), query: {}, headers: {} },
        {
          respond: (res) => {
            const items = ((res.body as { items?: KubeObject[] } | null)?.items ?? []) as KubeObject[];
            // Objects marked rather than deleted (finalizers, graceful pods) are still there.
            remaining += items.filter((o) => o.metadata?.deletionTimestamp).length;
            after();
          },
        },
      );
    }
  }

  private retry(namespace: string): void {
    if (this.inFlight.has(namespace)) return;
    this.inFlight.add(namespace);
    this.sync(namespace);
  }
}
