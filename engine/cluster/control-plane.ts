/**
 * ControlPlane is the simulated cluster's control plane in one assembly: a
 * replicated etcd, the API server storing through it (a v3 client on its own
 * host), authentication (client certificates, ServiceAccount tokens, and
 * optionally a static token file, bootstrap tokens and a token-review
 * webhook), authorization (system:masters, then RBAC read from informers
 * over the API server itself, as kube-apiserver's RBAC authorizer reads its
 * shared informers), admission (NamespaceLifecycle, LimitRanger,
 * ServiceAccount, the admission webhooks when a caller is given, ResourceQuota), the bootstrap policy and namespaces, and
 * the controllers every namespace relies on (its default ServiceAccount and
 * CA bundle). The kubectl front (cli/cluster.ts) drives it on the wall
 * clock; tests drive it on the virtual one.
 */
import { createApiServer, type ApiServerAssembly } from '../apiserver/apiserver';
import type { LimitRange, Node, Pod, ResourceQuota, Secret, ServiceAccount } from 'kubernetes-types/core/v1';
import type { LookupResult } from '../apiserver/auth/authn/lookup';
import { generateRsaKey, publicKeyOf } from '../apiserver/auth/authn/rsa';
import { DEFAULT_ISSUER, ServiceAccountTokenIssuer } from '../apiserver/auth/authn/serviceaccount';
import { limitRanger } from '../apiserver/admission/limit_ranger';
import { resourceQuota } from '../apiserver/admission/resource_quota';
import { serviceAccount } from '../apiserver/admission/service_account';
import { mutatingWebhooks, validatingWebhooks, type WebhookCaller } from '../apiserver/admission/webhook';
import type { MutatingWebhookConfiguration, ValidatingWebhookConfiguration } from 'kubernetes-types/admissionregistration/v1';
import { uuidV4 } from '../apiserver/ids';
import type { AuditSink } from '../apiserver/audit/audit';
import type { StatusError } from '../apiserver/errors';
import { buildAuthenticator } from '../apiserver/auth/authn/chain';
import { TokenFileAuthenticator } from '../apiserver/auth/authn/tokenfile';
import type { TokenReviewSender } from '../apiserver/auth/authn/webhook';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from '../apiserver/auth/rbac/bootstrap';
import { clusterAuthorizer, RbacAuthorizer } from '../apiserver/auth/rbac/authorizer';
import type { ClusterRole, ClusterRoleBinding, PolicySource, Role, RoleBinding } from '../apiserver/auth/rbac/types';
import type { ApiRequest, Cancel, ResponseSink } from '../apiserver/handler/types';
import type { KubeObject } from '../apiserver/object';
import { SharedIndexInformer } from '../client/informer';
import { resourcePath, restListerWatcher, type RestTransport } from '../client/rest';
import { EtcdCluster } from '../etcd/cluster';
import { newMemberStore } from '../etcd/store';
import type { EtcdKV } from '../etcd/v3/kv';
import type { SimulationLimits } from '../sim';
import { NamespaceDefaults } from './namespace-defaults';

export interface ControlPlaneOptions {
  seed: number | string;
  /** members is the number of etcd members (default 3). */
  members?: number;
  /** epochMs is the Unix time of virtual time 0: object timestamps are epochMs + sim.now. */
  epochMs: number;
  /** tokenFile is the text of a --token-auth-file (token,user,uid,"group1,group2"). */
  tokenFile?: string;
  /** bootstrapTokens is --enable-bootstrap-token-auth: kube-system Secrets of type bootstrap.kubernetes.io/token authenticate. */
  bootstrapTokens?: boolean;
  /** tokenWebhook is --authentication-token-webhook-config-file: how a TokenReview reaches the webhook (the front sends it over HTTPS). */
  tokenWebhook?: TokenReviewSender;
  /**
   * admissionWebhooks sends AdmissionReviews to the webhooks that
   * Mutating/ValidatingWebhookConfigurations name (the front calls them over
   * HTTPS); with it the MutatingAdmissionWebhook and ValidatingAdmissionWebhook
   * plugins are enabled, as they are by default upstream.
   */
  admissionWebhooks?: WebhookCaller;
  /** anonymous is --anonymous-auth (default false: a request without credentials gets 401). */
  anonymous?: boolean;
  /** serviceAccountKeyBits is the size of the RSA key that signs ServiceAccount tokens (default 2048). */
  serviceAccountKeyBits?: number;
  /** rootCA is the cluster CA's PEM, published in every namespace as ConfigMap kube-root-ca.crt. */
  rootCA?: string;
  /** audit receives each audit event as a JSON line (kube-apiserver's --audit-log-path). */
  audit?: AuditSink;
  limits?: Partial<SimulationLimits>;
  traceKeep?: number;
}

const RBAC = ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'] as const;
const WEBHOOK_CONFIGURATIONS = ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'] as const;

export class ControlPlane {
  readonly etcd: EtcdCluster;
  readonly kv: EtcdKV;
  readonly api: ApiServerAssembly;
  readonly rbac: RbacAuthorizer;
  readonly namespaceDefaults: NamespaceDefaults;
  private readonly informers = new Map<string, SharedIndexInformer<KubeObject>>();
  private readyState: 'starting' | 'ready' | string = 'starting';
  private waiting: Array<(err: string | null) => void> = [];

  constructor(options: ControlPlaneOptions) {
    this.etcd = new EtcdCluster({ seed: options.seed, members: options.members ?? 3, newStore: newMemberStore, limits: options.limits, traceKeep: options.traceKeep });
    const sim = this.etcd.sim;
    this.kv = this.etcd.addV3Client('kube-apiserver');
    const clock = {
      get now() {
        return options.epochMs + sim.now;
      },
      after: (ms: number, fn: () => void) => sim.after(ms, fn),
    };
    const defer = (fn: () => void) => void sim.after(0, fn);
    // ServiceAccount tokens: the API server signs them (TokenRequest) and accepts them while
    // the account (or the pod or secret a token is bound to) still exists with the same uid.
    const saKey = generateRsaKey(sim.rng.fork('service-account-key'), options.serviceAccountKeyBits ?? 2048);
    const issuer = new ServiceAccountTokenIssuer({ issuer: DEFAULT_ISSUER, key: saKey, clock: () => clock.now, rng: sim.rng.fork('service-account-jti') });
    const lookup =
      <T>(plural: string) =>
      (namespace: string, name: string, done: (r: LookupResult<T>) => void) => {
        const st = this.api.storageFor(this.api.registry.lookup('', 'v1', plural)!);
        st.get(st.keyFor(namespace, name), { ignoreNotFound: true }, (err, obj) => done(err ? { error: err.status.message } : obj ? { object: obj as T } : { notFound: true }));
      };
    const { authenticator } = buildAuthenticator({
      clock: () => clock.now,
      anonymous: options.anonymous ?? false,
      clientCertificates: true,
      serviceAccounts: {
        keys: [publicKeyOf(saKey)],
        issuers: [DEFAULT_ISSUER],
        getter: {
          getServiceAccount: lookup<ServiceAccount>('serviceaccounts'),
          getPod: lookup<Pod>('pods'),
          getSecret: lookup<Secret>('secrets'),
          getNode: (name, done) => lookup<Node>('nodes')('', name, done),
        },
      },
      ...(options.tokenFile !== undefined ? { tokenFile: TokenFileAuthenticator.fromCsv(options.tokenFile, 'token-auth-file') } : {}),
      ...(options.bootstrapTokens ? { bootstrapTokens: { getSecret: lookup<Secret>('secrets') } } : {}),
      ...(options.tokenWebhook ? { webhook: { send: options.tokenWebhook } } : {}),
    });
    const source: PolicySource = {
      roles: () => this.list<Role>('roles'),
      clusterRoles: () => this.list<ClusterRole>('clusterroles'),
      roleBindings: () => this.list<RoleBinding>('rolebindings'),
      clusterRoleBindings: () => this.list<ClusterRoleBinding>('clusterrolebindings'),
    };
    this.rbac = new RbacAuthorizer(source);
    // LimitRanger, ServiceAccount and ResourceQuota, in kube-apiserver's default order; they read
    // and write through the API server's own storage. The ServiceAccount plugin waits a little for
    // the "default" account the controller below creates just after each namespace.
    const storage = (plural: string) => this.api.storageFor(this.api.registry.lookup('', 'v1', plural)!);
    const list =
      <T>(plural: string) =>
      (namespace: string, done: (err: StatusError | null, items: T[]) => void) => {
        const st = storage(plural);
        st.getList(st.prefixFor(namespace), {}, (err, res) => done(err, (res?.items ?? []) as T[]));
      };
    const limits = limitRanger({ listLimitRanges: list<LimitRange>('limitranges') });
    const accounts = serviceAccount({
      getServiceAccount: (namespace, name, done) => {
        const st = storage('serviceaccounts');
        st.get(st.keyFor(namespace, name), { ignoreNotFound: true }, (err, obj) => done(err, (obj ?? null) as ServiceAccount | null));
      },
      rng: sim.rng.fork('admission/serviceaccount'),
      after: (ms, fn) => void sim.after(ms, fn),
    });
    const quota = resourceQuota({
      listQuotas: list<ResourceQuota>('resourcequotas'),
      updateQuotaStatus: (q, done) => {
        const st = storage('resourcequotas');
        st.guaranteedUpdate(
          st.keyFor(q.metadata!.namespace, q.metadata!.name!),
          { preconditions: { resourceVersion: q.metadata!.resourceVersion } },
          (cur) => ({ ...cur!, status: q.status }),
          (err, updated) => done(err, (updated ?? null) as ResourceQuota | null),
        );
      },
    });
    // The webhook plugins read the configurations from informers, as upstream's do.
    const webhookRng = sim.rng.fork('admission/webhooks');
    const webhookConfigs = <C>(resource: string) => (done: (err: StatusError | null, items: C[]) => void) => done(null, this.list<C>(resource));
    const webhookOptions = {
      call: options.admissionWebhooks!,
      newUID: () => uuidV4(webhookRng),
      namespaceLabels: (name: string, done: (err: StatusError | null, labels: Record<string, string> | null) => void) => {
        const st = storage('namespaces');
        st.get(st.keyFor('', name), { ignoreNotFound: true }, (err, ns) => done(err, ns ? ((ns.metadata?.labels ?? {}) as Record<string, string>) : null));
      },
    };
    const webhooks = options.admissionWebhooks
      ? {
          mutating: [mutatingWebhooks({ ...webhookOptions, listConfigurations: webhookConfigs<MutatingWebhookConfiguration>('mutatingwebhookconfigurations') })],
          validating: [validatingWebhooks({ ...webhookOptions, listConfigurations: webhookConfigs<ValidatingWebhookConfiguration>('validatingwebhookconfigurations') })],
        }
      : { mutating: [], validating: [] };
    this.api = createApiServer({
      // kube-apiserver's default order: the webhooks after the built-in plugins, ResourceQuota last.
      admission: { mutating: [limits, accounts, ...webhooks.mutating], validating: [limits, ...webhooks.validating, quota] },
      kv: this.kv,
      clock,
      rng: sim.rng.fork('kube-apiserver'),
      authenticator,
      authorizer: clusterAuthorizer(source),
      rulesFor: (user, namespace) => this.rbac.rulesFor(user, namespace),
      tokens: {
        apiAudiences: [DEFAULT_ISSUER],
        issue: ({ serviceAccount, pod, node, secret, ...rest }) =>
          issuer.issueToken({ ...rest, serviceAccount: serviceAccount as ServiceAccount, ...(pod ? { pod: pod as Pod } : {}), ...(node ? { node: node as Node } : {}), ...(secret ? { secret: secret as Secret } : {}) }),
      },
      defer,
      ...(options.audit ? { audit: options.audit } : {}),
    });
    const loopback: RestTransport = (req, sink) => this.api.server.loopback({ ...req }, sink);
    const informed: Array<[string, string]> = [
      ...RBAC.map((r): [string, string] => ['rbac.authorization.k8s.io', r]),
      ...(options.admissionWebhooks ? WEBHOOK_CONFIGURATIONS.map((r): [string, string] => ['admissionregistration.k8s.io', r]) : []),
    ];
    for (const [group, resource] of informed) {
      const lw = restListerWatcher<KubeObject>(loopback, resourcePath(group, 'v1', resource), defer);
      this.informers.set(resource, new SharedIndexInformer<KubeObject>({ listerWatcher: lw, clock: sim, rng: sim.rng.fork(`informer/${resource}`) }));
    }
    // The controller manager's part every namespace needs: its "default" ServiceAccount and the CA bundle.
    this.namespaceDefaults = new NamespaceDefaults({ transport: loopback, defer, clock: sim, rng: sim.rng, ...(options.rootCA !== undefined ? { rootCA: options.rootCA } : {}) });
    this.namespaceDefaults.informers.forEach((inf, i) => this.informers.set(`namespace-defaults/${i}`, inf));
    sim.after(0, () => this.start());
  }

  /** sim is the simulation everything runs in. */
  get sim() {
    return this.etcd.sim;
  }

  /** handle serves one request from outside (kubectl through the front): authenticated, authorized, audited. */
  handle(req: ApiRequest, sink: ResponseSink): Cancel {
    return this.api.server.stream(req, sink);
  }

  /** whenReady calls done once the bootstrap objects exist and RBAC's informers have synced (err: why not). */
  whenReady(done: (err: string | null) => void): void {
    if (this.readyState === 'ready') done(null);
    else if (this.readyState !== 'starting') done(this.readyState);
    else this.waiting.push(done);
  }

  /** ready is true once whenReady would answer with no error. */
  get ready(): boolean {
    return this.readyState === 'ready';
  }

  stop(): void {
    for (const inf of this.informers.values()) inf.stop();
    this.api.stop();
  }

  private list<T>(resource: string): T[] {
    return (this.informers.get(resource)?.getStore().list() ?? []) as T[];
  }

  private settle(state: string): void {
    this.readyState = state;
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) w(state === 'ready' ? null : state);
  }

  private start(): void {
    this.api.bootstrap((err) => {
      if (err) return this.settle(`bootstrap failed: ${err}`);
      this.createPolicy((perr) => {
        if (perr) return this.settle(`bootstrap policy failed: ${perr}`);
        for (const inf of this.informers.values()) inf.run();
        const check = () => {
          if ([...this.informers.values()].every((i) => i.hasSynced())) this.settle('ready');
          else this.sim.after(10, check);
        };
        check();
      });
    });
  }

  /** createPolicy creates the default ClusterRoles and ClusterRoleBindings (the rbac bootstrap hook's). */
  private createPolicy(done: (err: string | null) => void): void {
    const objects: Array<[string, KubeObject]> = [
      ...bootstrapClusterRoles().map((o): [string, KubeObject] => ['clusterroles', o as unknown as KubeObject]),
      ...bootstrapClusterRoleBindings().map((o): [string, KubeObject] => ['clusterrolebindings', o as unknown as KubeObject]),
    ];
    const next = (i: number): void => {
      if (i >= objects.length) return done(null);
      const [resource, obj] = objects[i];
      this.api.server.loopback(
        { method: 'POST', path: resourcePath('rbac.authorization.k8s.io', 'v1', resource), query: {}, headers: { 'content-type': 'application/json' }, body: JSON.stringify(obj) },
        {
          respond: (res) => {
            // 409 AlreadyExists: the policy is already there (a restarted API server over an old etcd).
            if (res.status >= 300 && res.status !== 409) return done(`${resource}/${obj.metadata?.name}: ${JSON.stringify(res.body).slice(0, 200)}`);
            next(i + 1);
          },
        },
      );
    };
    next(0);
  }
}
