/**
 * NamespaceDefaults keeps what every active namespace is given by
 * kube-controller-manager: the ServiceAccount controller's "default"
 * account, and the root CA publisher's "kube-root-ca.crt" ConfigMap (the
 * CA bundle a pod's projected token volume mounts as ca.crt). Both are
 * recreated when deleted, and the ConfigMap's data is put back when
 * someone changes it, as upstream's controllers do; a namespace that is
 * terminating is left alone.
 *
 * Like the upstream controllers it watches three informers (namespaces,
 * the "default" accounts, the "kube-root-ca.crt" ConfigMaps) and, on any
 * change, syncs the namespace concerned; a sync only writes what is
 * missing or wrong, so repeating one is harmless (409 AlreadyExists and
 * 403 from a namespace that began terminating both mean nothing to do).
 */
import type { ConfigMap } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../apiserver/object';
import { SharedIndexInformer } from '../client/informer';
import { resourcePath, restListerWatcher, type RestTransport } from '../client/rest';
import { DeletedFinalStateUnknown } from '../client/store';
import type { Clock, ListerWatcher, RandomSource } from '../client/types';
import { DEFAULT_SERVICE_ACCOUNT, ROOT_CA_CONFIG_MAP } from '../apiserver/admission/service_account';

/** ROOT_CA_DESCRIPTION is the annotation upstream's root CA publisher puts on the ConfigMap. */
export const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

export interface NamespaceDefaultsOptions {
  /** transport reaches the API server (the control plane's loopback, as system:masters). */
  transport: RestTransport;
  defer: (fn: () => void) => void;
  clock: Clock;
  rng: { fork(label: string): RandomSource };
  /** rootCA is the PEM bundle published as ca.crt (absent: no ConfigMap is published). */
  rootCA?: string;
}

/** namedOnly narrows a lister-watcher to objects with one name (a metadata.name field selector). */
function namedOnly<T extends KubeObject>(lw: ListerWatcher<T>, name: string): ListerWatcher<T> {
  const fieldSelector = `metadata.name=${name}`;
  return {
    list: (options, done) => lw.list({ ...options, fieldSelector }, done),
    watch: (options, onEvent, onEnd) => lw.watch({ ...options, fieldSelector }, onEvent, onEnd),
  };
}

function namespaceOf(obj: KubeObject | DeletedFinalStateUnknown<KubeObject>): string | undefined {
  return obj instanceof DeletedFinalStateUnknown ? obj.key.split('/')[0] : obj.metadata?.namespace;
}

export class NamespaceDefaults {
  readonly informers: SharedIndexInformer<KubeObject>[];
  private readonly namespaces: SharedIndexInformer<KubeObject>;
  private readonly accounts: SharedIndexInformer<KubeObject>;
  private readonly configMaps: SharedIndexInformer<KubeObject> | null;

  constructor(private readonly opts: NamespaceDefaultsOptions) {
    const informer = (label: string, lw: ListerWatcher<KubeObject>) =>
      new SharedIndexInformer<KubeObject>({ listerWatcher: lw, clock: opts.clock, rng: opts.rng.fork(`informer/${label}`) });
    const lw = (resource: string) => restListerWatcher<KubeObject>(opts.transport, resourcePath('', 'v1', resource), opts.defer);
    this.namespaces = informer('namespaces', lw('namespaces'));
    this.accounts = informer('serviceaccounts/default', namedOnly(lw('serviceaccounts'), DEFAULT_SERVICE_ACCOUNT));
    this.configMaps = opts.rootCA === undefined ? null : informer('configmaps/kube-root-ca.crt', namedOnly(lw('configmaps'), ROOT_CA_CONFIG_MAP));
    this.informers = [this.namespaces, this.accounts, ...(this.configMaps ? [this.configMaps] : [])];

    this.namespaces.addEventHandler({ onAdd: (ns) => this.sync(ns.metadata?.name), onUpdate: (_old, ns) => this.sync(ns.metadata?.name) });
    // Only a deletion (or a changed CA bundle) needs repair; additions are what a sync writes.
    const repair = (obj: KubeObject | DeletedFinalStateUnknown<KubeObject>) => this.syncLater(namespaceOf(obj));
    this.accounts.addEventHandler({ onDelete: repair });
    this.configMaps?.addEventHandler({ onDelete: repair, onUpdate: (_old, cm) => this.syncLater(cm.metadata?.namespace) });
  }

  /** syncLater syncs a namespace once the informers have seen this event through (the key is then current). */
  private syncLater(namespace: string | undefined): void {
    this.opts.defer(() => this.sync(namespace));
  }

  /** sync gives one namespace whatever of its defaults is missing or changed. */
  sync(namespace: string | undefined): void {
    if (!namespace) return;
    const ns = this.namespaces.getStore().getByKey(namespace);
    if (!ns || ns.metadata?.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') return;
    if (!this.accounts.getStore().getByKey(`${namespace}/${DEFAULT_SERVICE_ACCOUNT}`)) {
      this.post(resourcePath('', 'v1', 'serviceaccounts', namespace), { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace } });
    }
    if (!this.configMaps || this.opts.rootCA === undefined) return;
    const cm = this.configMaps.getStore().getByKey(`${namespace}/${ROOT_CA_CONFIG_MAP}`) as ConfigMap | undefined;
    const data = { 'ca.crt': this.opts.rootCA };
    if (!cm) {
      this.post(resourcePath('', 'v1', 'configmaps', namespace), {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: ROOT_CA_CONFIG_MAP, namespace, annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION } },
        data,
      });
    } else if (cm.data?.['ca.crt'] !== this.opts.rootCA || Object.keys(cm.data ?? {}).length !== 1) {
      // Put the bundle back, guarded by the version we saw (a 409 means a newer event will sync again).
      this.send('PUT', `${resourcePath('', 'v1', 'configmaps', namespace)}/${ROOT_CA_CONFIG_MAP}`, { ...cm, data, binaryData: undefined });
    }
  }

  private post(path: string, body: object): void {
    this.send('POST', path, body);
  }

  private send(method: 'POST' | 'PUT', path: string, body: object): void {
    this.opts.transport({ method, path, query: {}, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, { respond: () => {} });
  }
}
