/**
 * createApiServer is the one assembly point of the API server: the resource
 * registry, one storage per resource over etcd, the admission chain (with
 * NamespaceLifecycle), health checks, the audit log, and the controllers
 * that live in kube-apiserver's and kube-controller-manager's place for
 * deletion (garbage collector, namespace controller). A lab passes its
 * learner's component (an Authorizer, an admission plugin, a storage) in;
 * nothing else changes.
 */
import type { EtcdKV } from '../etcd/v3/kv';
import type { Rng } from '../sim/rng';
import type { Authenticator, Authorizer } from './auth/types';
import { namespaceLifecycle } from './admission/namespace_lifecycle';
import type { AdmissionChain, MutatingPlugin, ValidatingPlugin } from './admission/types';
import { AuditLog, type AuditSink } from './audit/audit';
import { GarbageCollector } from './gc/garbage_collector';
import { NamespaceController } from './gc/namespace_controller';
import { pingCheck, type HealthCheck } from './health/health';
import { ApiServer } from './handler/server';
import type { RulesResolver } from './handler/reviews';
import type { TokenRequestConfig } from './handler/token_request';
import type { KubeObject } from './object';
import { Registry } from './registry/registry';
import { qualifiedResource, type ResourceDef } from './registry/types';
import { createStorage } from './storage';
import type { AttrFunc, ResourceStorage, StorageClock, StorageConfig } from './storage/types';
import { groupVersion } from './registry/types';

/** DEFAULT_NAMESPACES are the namespaces a new cluster has. */
export const DEFAULT_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** KUBERNETES_SERVICE is the default namespace's `kubernetes` Service, in front of the API server (10.96.0.1:443). */
export const KUBERNETES_SERVICE: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
  spec: { type: 'ClusterIP', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
};

export interface CreateApiServerOptions {
  kv: EtcdKV;
  /** clock: now in Unix milliseconds, after for timers (the kernel's Simulation or a HostContext fit). */
  clock: StorageClock;
  rng: Rng;
  authenticator: Authenticator;
  authorizer: Authorizer;
  /**
   * admission adds plugins after the built-in NamespaceLifecycle (validating);
   * set namespaceLifecycle: false to leave it out (the admission lab plugs its own).
   */
  admission?: { mutating?: MutatingPlugin[]; validating?: ValidatingPlugin[]; namespaceLifecycle?: boolean };
  /** defer runs work later, never inside the caller (default: clock.after(0, fn)). */
  defer?: (fn: () => void) => void;
  /** storage replaces the storage factory (the apiserver-watch lab passes the learner's). */
  storage?: (config: StorageConfig, def: ResourceDef) => ResourceStorage;
  /** watchCache false serves everything from etcd (no cacher). */
  watchCache?: boolean;
  anonymous?: boolean;
  audit?: AuditSink;
  rulesFor?: RulesResolver;
  /** tokens serves the TokenRequest API (serviceaccounts/token) with the API server's signing key. */
  tokens?: TokenRequestConfig;
  serverAddress?: string;
  /** controllers false leaves out the garbage collector and namespace controller. */
  controllers?: boolean;
  registry?: Registry;
}

export interface ApiServerAssembly {
  server: ApiServer;
  registry: Registry;
  /** storageFor is each stored resource's storage (made on first use). */
  storageFor(def: ResourceDef): ResourceStorage;
  audit: AuditLog;
  gc?: GarbageCollector;
  namespaces?: NamespaceController;
  /** bootstrap creates the default namespaces, then calls done. */
  bootstrap(done?: (err: string | null) => void): void;
  /** stop ends the controllers and every storage's watches. */
  stop(): void;
}

/** attrsFor extracts labels and the resource's selectable fields (storage.AttrFunc). */
export function attrsFor(def: ResourceDef): AttrFunc {
  return (obj: KubeObject) => {
    const fields: Record<string, string> = { 'metadata.name': obj.metadata?.name ?? '' };
    if (def.namespaced) fields['metadata.namespace'] = obj.metadata?.namespace ?? '';
    for (const [f, read] of Object.entries(def.selectableFields)) fields[f] = read(obj);
    return { labels: obj.metadata?.labels ?? {}, fields };
  };
}

export function createApiServer(opts: CreateApiServerOptions): ApiServerAssembly {
  const registry = opts.registry ?? new Registry();
  const defer = opts.defer ?? ((fn: () => void) => void opts.clock.after(0, fn));
  const storages = new Map<ResourceDef, ResourceStorage>();
  const factory = opts.storage ?? ((config: StorageConfig) => createStorage(config));
  const storageFor = (def: ResourceDef): ResourceStorage => {
    let s = storages.get(def);
    if (!s) {
      s = factory(
        {
          kv: opts.kv,
          clock: opts.clock,
          resource: { group: def.group, resource: def.plural },
          kind: def.kind,
          apiVersion: groupVersion(def),
          resourcePrefix: def.etcdPrefix,
          namespaced: def.namespaced,
          attrs: attrsFor(def),
          watchCache: opts.watchCache,
          defer,
        } as StorageConfig,
        def,
      );
      storages.set(def, s);
    }
    return s;
  };
  const namespaces = registry.lookup('', 'v1', 'namespaces')!;
  const chain: AdmissionChain = {
    mutating: [...(opts.admission?.mutating ?? [])],
    validating: [
      ...(opts.admission?.namespaceLifecycle === false
        ? []
        : [
            namespaceLifecycle({
              // As upstream's plugin reads its namespace informer: the watch cache first, and etcd
              // only for a namespace the cache does not have (just created) or has as terminating.
              getNamespace: (name, done) => {
                const s = storageFor(namespaces);
                const key = s.keyFor(undefined, name);
                const live = () => s.get(key, { ignoreNotFound: true }, (err, ns) => done(err, ns ?? null));
                s.get(key, { ignoreNotFound: true, resourceVersion: '0' }, (err, cached) => {
                  const active = cached && !cached.metadata?.deletionTimestamp && (cached.status as { phase?: string } | undefined)?.phase !== 'Terminating';
                  if (!err && active) return done(null, cached);
                  live();
                });
              },
            }),
          ]),
      ...(opts.admission?.validating ?? []),
    ],
  };
  const etcdCheck = (name: string): HealthCheck => ({
    name,
    check: (done) => opts.kv.range({ key: 'health', serializable: name === 'etcd' }, (err) => done(err ? err.message : null)),
  });
  const named = (name: string): HealthCheck => ({ name, check: (done) => done(null) });
  const hooks = ['poststarthook/start-apiserver-admission-initializer', 'poststarthook/generic-apiserver-start-informers', 'poststarthook/bootstrap-controller'].map(named);
  const audit = new AuditLog(10_000, opts.audit);
  const server = new ApiServer({
    registry,
    storageFor,
    authenticator: opts.authenticator,
    authorizer: opts.authorizer,
    admission: chain,
    clock: opts.clock,
    rng: opts.rng,
    anonymous: opts.anonymous,
    audit,
    rulesFor: opts.rulesFor,
    tokens: opts.tokens,
    serverAddress: opts.serverAddress,
    health: {
      healthz: [pingCheck, named('log'), etcdCheck('etcd'), ...hooks],
      livez: [pingCheck, named('log'), etcdCheck('etcd'), ...hooks],
      readyz: [pingCheck, named('log'), etcdCheck('etcd'), etcdCheck('etcd-readiness'), named('informer-sync'), ...hooks, named('shutdown')],
    },
  });
  const withControllers = opts.controllers !== false;
  const gc = withControllers ? new GarbageCollector(server, registry, defer) : undefined;
  const nsController = withControllers ? new NamespaceController(server, registry, opts.clock) : undefined;
  gc?.start();
  nsController?.start();
  return {
    server,
    registry,
    storageFor,
    audit,
    gc,
    namespaces: nsController,
    bootstrap(done) {
      // The bootstrap controller's objects: the default namespaces, then the kubernetes Service.
      const objects: Array<[string, KubeObject]> = [
        ...DEFAULT_NAMESPACES.map((name): [string, KubeObject] => ['/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }]),
        ['/api/v1/namespaces/default/services', KUBERNETES_SERVICE],
      ];
      let failed: string | null = null;
      const next = (i: number): void => {
        if (i >= objects.length) return done?.(failed);
        const [path, obj] = objects[i];
        server.loopback(
          { method: 'POST', path, query: {}, headers: { 'content-type': 'application/json' }, body: JSON.stringify(obj) },
          {
            respond: (res) => {
              const reason = (res.body as { reason?: string } | null)?.reason;
              if (res.status >= 400 && reason !== 'AlreadyExists') failed ??= `${obj.kind} ${obj.metadata?.name}: ${(res.body as { message?: string }).message}`;
              next(i + 1);
            },
          },
        );
      };
      next(0);
    },
    stop() {
      gc?.stop();
      nsController?.stop();
      for (const s of storages.values()) s.stop();
    },
  };
}

export { qualifiedResource };
