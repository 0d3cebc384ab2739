/**
 * GarbageCollector is kube-controller-manager's garbage collector, reduced
 * to its contract: it keeps a graph of owners and dependents from watches
 * of every stored resource, and
 * - when an owner is gone, deletes the dependents that have no owner left
 *   (and drops the dangling reference from those that still have one),
 *   so deleting a ReplicaSet deletes its pods (propagationPolicy Background);
 * - for an owner deleted with propagationPolicy Foreground (finalizer
 *   "foregroundDeletion"), deletes its dependents first and removes the
 *   finalizer once none is left;
 * - for Orphan (finalizer "orphan"), removes the owner reference from every
 *   dependent, then the finalizer.
 * It talks to the API server through the loopback, as the real one does
 * through its client.
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { ApiServer } from '../handler/server';
import type { ApiRequest, Cancel, WatchEventMessage } from '../handler/types';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../handler/rest';
import type { KubeObject } from '../object';
import type { Registry } from '../registry/registry';
import type { ResourceDef } from '../registry/types';

/** Node is one object of the graph. */
interface Node {
  uid: string;
  def: ResourceDef;
  namespace: string;
  name: string;
  owners: OwnerReference[];
  deleting: boolean;
  finalizers: string[];
}

/** resourcePath is an object's REST path. */
export function resourcePath(def: ResourceDef, namespace: string, name?: string): string {
  const base = def.group === '' ? `/api/${def.version}` : `/apis/${def.group}/${def.version}`;
  const ns = def.namespaced && namespace ? `/namespaces/${namespace}` : '';
  return `${base}${ns}/${def.plural}${name ? `/${name}` : ''}`;
}

export class GarbageCollector {
  private readonly nodes = new Map<string, Node>();
  /** dependents maps an owner uid to its dependents' uids. */
  private readonly dependents = new Map<string, Set<string>>();
  private watches: Cancel[] = [];
  /** seenDeleted are uids whose deletion the graph observed (uids are never reused). */
  private readonly seenDeleted = new Set<string>();
  /** absent are owner uids verified not to exist (never seen, or deleted before the graph saw them). */
  private readonly absent = new Set<string>();
  private stopped = false;

  constructor(
    private readonly server: ApiServer,
    private readonly registry: Registry,
    private readonly defer: (fn: () => void) => void,
  ) {}

  start(): void {
    for (const def of this.registry.all) {
      if (!def.stored || !def.verbs.includes('watch')) continue;
      this.watches.push(
        this.server.loopback(
          { method: 'GET', path: resourcePath(def, ''), query: { watch: 'true' }, headers: {} },
          { respond: () => {}, event: (ev) => this.observe(def, ev), end: () => {} },
        ),
      );
    }
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.watches) w.cancel();
    this.watches = [];
  }

  /** size is the number of objects in the graph (for tests). */
  get size(): number {
    return this.nodes.size;
  }

  private observe(def: ResourceDef, ev: WatchEventMessage): void {
    if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED' && ev.type !== 'DELETED') return;
    const obj = ev.object as KubeObject;
    const uid = obj.metadata?.uid;
    if (!uid) return;
    const prev = this.nodes.get(uid);
    if (prev) for (const o of prev.owners) this.dependents.get(o.uid)?.delete(uid);
    if (ev.type === 'DELETED') {
      this.nodes.delete(uid);
      this.seenDeleted.add(uid);
      if (prev) for (const o of prev.owners) this.defer(() => this.processOwner(o.uid));
      // The owner is gone: its dependents are now garbage unless another owner lives.
      for (const dep of this.dependents.get(uid) ?? []) this.defer(() => this.processDependent(dep));
      return;
    }
    const node: Node = {
      uid,
      def,
      namespace: obj.metadata?.namespace ?? '',
      name: obj.metadata?.name ?? '',
      owners: obj.metadata?.ownerReferences ?? [],
      deleting: !!obj.metadata?.deletionTimestamp,
      finalizers: obj.metadata?.finalizers ?? [],
    };
    this.nodes.set(uid, node);
    for (const o of node.owners) {
      let set = this.dependents.get(o.uid);
      if (!set) this.dependents.set(o.uid, (set = new Set()));
      set.add(uid);
      // An owner the graph has not seen may be on its way (another resource's watch) or may never have existed: ask.
      if (ev.type === 'ADDED' && !this.nodes.has(o.uid)) this.defer(() => this.verifyOwner(uid, o));
    }
    // A dependent that dropped an owner reference may be what a foreground or orphaning owner waits for.
    if (prev) for (const o of prev.owners) if (!node.owners.some((n) => n.uid === o.uid)) this.defer(() => this.processOwner(o.uid));
    if (node.deleting && (node.finalizers.includes(FOREGROUND_FINALIZER) || node.finalizers.includes(ORPHAN_FINALIZER))) this.defer(() => this.processOwner(uid));
  }

  /** processOwner acts on an owner being deleted in the foreground or orphaning. */
  private processOwner(uid: string): void {
    if (this.stopped) return;
    const owner = this.nodes.get(uid);
    if (!owner || !owner.deleting) return;
    const deps = [...(this.dependents.get(uid) ?? [])].map((d) => this.nodes.get(d)).filter((n): n is Node => !!n);
    if (owner.finalizers.includes(ORPHAN_FINALIZER)) {
      for (const dep of deps) this.dropOwnerRef(dep, uid);
      if (deps.length === 0) this.removeFinalizer(owner, ORPHAN_FINALIZER);
      return;
    }
    if (owner.finalizers.includes(FOREGROUND_FINALIZER)) {
      for (const dep of deps) if (!dep.deleting) this.deleteObject(dep, 'Foreground');
      if (deps.length === 0) this.removeFinalizer(owner, FOREGROUND_FINALIZER);
    }
  }

  /** processDependent deletes a dependent whose owners are all gone, or drops its dangling references. */
  private processDependent(uid: string): void {
    if (this.stopped) return;
    const dep = this.nodes.get(uid);
    if (!dep) return;
    // An owner is gone when the graph saw it deleted or a read found it absent; unknown owners are given the benefit of the doubt.
    const gone = (o: OwnerReference) => !this.nodes.has(o.uid) && (this.absent.has(o.uid) || this.seenDeleted.has(o.uid));
    const living = dep.owners.filter((o) => !gone(o));
    if (living.length === 0) {
      if (!dep.deleting) this.deleteObject(dep, 'Background');
    } else if (living.length < dep.owners.length) {
      for (const o of dep.owners) if (gone(o)) this.dropOwnerRef(dep, o.uid);
    }
  }

  /**
   * verifyOwner reads an owner the graph does not know (isDangling upstream):
   * absent, or present with another uid, the reference dangles and the
   * dependent is processed as if its owner had been deleted.
   */
  private verifyOwner(dependentUid: string, ref: OwnerReference): void {
    if (this.stopped || this.nodes.has(ref.uid)) return;
    const dep = this.nodes.get(dependentUid);
    const def = this.registry.forKind(ref.apiVersion, ref.kind);
    if (!dep || !def) return;
    this.server.loopback(
      { method: 'GET', path: resourcePath(def, def.namespaced ? dep.namespace : '', ref.name), query: {}, headers: {} },
      {
        respond: (res) => {
          const found = res.status === 200 && (res.body as KubeObject).metadata?.uid === ref.uid;
          if (!found && (res.status === 200 || res.status === 404)) {
            this.absent.add(ref.uid);
            this.processDependent(dependentUid);
          }
        },
      },
    );
  }

  private send(req: Omit<ApiRequest, 'credentials'>): void {
    this.server.loopback(req, { respond: () => {} });
  }

  private deleteObject(node: Node, policy: 'Background' | 'Foreground'): void {
    this.send({
      method: 'DELETE',
      path: resourcePath(node.def, node.namespace, node.name),
      query: {},
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: policy, preconditions: { uid: node.uid } }),
    });
  }

  private dropOwnerRef(node: Node, ownerUid: string): void {
    this.send({
      method: 'PATCH',
      path: resourcePath(node.def, node.namespace, node.name),
      query: {},
      headers: { 'content-type': 'application/strategic-merge-patch+json' },
      body: JSON.stringify({ metadata: { ownerReferences: [{ $patch: 'delete', uid: ownerUid }], uid: node.uid } }),
    });
  }

  private removeFinalizer(node: Node, finalizer: string): void {
    this.send({
      method: 'PATCH',
      path: resourcePath(node.def, node.namespace, node.name),
      query: {},
      headers: { 'content-type': 'application/strategic-merge-patch+json' },
      body: JSON.stringify({ metadata: { '$deleteFromPrimitiveList/finalizers': [finalizer], uid: node.uid } }),
    });
  }
}

