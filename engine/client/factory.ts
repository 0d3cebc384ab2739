/**
 * SharedInformerFactory is informers.SharedInformerFactory without generated
 * code: one informer per resource, shared by every controller of a process
 * that asks for it, so a process lists and watches each resource once.
 */
import type { Indexers } from './indexer';
import { SharedIndexInformer } from './informer';
import type { Clock, KubeObject, ListerWatcher, Logger, RandomSource } from './types';

export interface SharedInformerFactoryOptions {
  /** listerWatcherFor returns the list/watch of a resource, e.g. "pods" or "deployments.apps". */
  listerWatcherFor: (resource: string) => ListerWatcher;
  clock: Clock;
  /** rng is forked per resource (engine/sim's Rng has fork); a plain source is shared. */
  rng: RandomSource & { fork?(label: string): RandomSource };
  defaultResyncPeriodMs?: number;
  logger?: Logger;
}

export class SharedInformerFactory {
  private readonly informers = new Map<string, SharedIndexInformer<KubeObject>>();
  private shutDown = false;

  constructor(private readonly options: SharedInformerFactoryOptions) {}

  /**
   * informerFor returns the resource's informer, creating it on first use with
   * these indexers (later callers share it; their indexers must already be
   * there or be addable before start).
   */
  informerFor<T extends KubeObject>(resource: string, indexers: Indexers<T> = {}): SharedIndexInformer<T> {
    if (this.shutDown) throw new Error('informer factory has been shut down');
    let informer = this.informers.get(resource) as SharedIndexInformer<T> | undefined;
    if (!informer) {
      const o = this.options;
      informer = new SharedIndexInformer<T>({
        listerWatcher: o.listerWatcherFor(resource) as ListerWatcher<T>,
        clock: o.clock,
        rng: o.rng.fork ? o.rng.fork(`informer/${resource}`) : o.rng,
        defaultResyncPeriodMs: o.defaultResyncPeriodMs,
        indexers,
        name: resource,
        typeDescription: resource,
        logger: o.logger,
      });
      this.informers.set(resource, informer as unknown as SharedIndexInformer<KubeObject>);
      return informer;
    }
    const missing = Object.fromEntries(Object.entries(indexers).filter(([name]) => !(name in informer!.getIndexer().getIndexers())));
    if (Object.keys(missing).length > 0) informer.addIndexers(missing);
    return informer;
  }

  /** start runs every informer created so far that is not running yet (call it again after adding more). */
  start(): void {
    if (this.shutDown) return;
    for (const informer of this.informers.values()) if (!informer.hasStarted()) informer.run();
  }

  /** hasSynced holds when every started informer has synced. */
  hasSynced(): boolean {
    return [...this.informers.values()].every((i) => !i.hasStarted() || i.hasSynced());
  }

  /** resources lists the resources with an informer, in creation order. */
  resources(): string[] {
    return [...this.informers.keys()];
  }

  /** shutdown stops every informer; the factory hands out none after it. */
  shutdown(): void {
    this.shutDown = true;
    for (const informer of this.informers.values()) informer.stop();
  }
}
