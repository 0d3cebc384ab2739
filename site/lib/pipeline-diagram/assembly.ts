/**
 * PipelineServer is the diagram's API server, assembled in the reader's
 * browser from the engine's own parts: createApiServer over localKV over one
 * MVCC store, on a Simulation's clock; client certificates and a static
 * token file for authentication; the system:masters authorizer then RBAC;
 * LimitRanger (mutating and validating) and NamespaceLifecycle for
 * admission. Nothing of the engine is changed: each stage is wrapped where
 * the engine takes it as a parameter (authenticator, authorizers, admission
 * plugins, EtcdKV), so a recording of one request says which stages it
 * reached and what each decided.
 *
 * It runs without the watch cache (--watch-cache=false) so that every read
 * and watch of a request is an etcd call the diagram can show, and without
 * the garbage collector and namespace controller, so that nothing runs
 * between the reader's requests (a terminating namespace stays terminating).
 */
import type { LimitRange } from 'kubernetes-types/core/v1';
import { createApiServer, type ApiServerAssembly } from '../../../engine/apiserver/apiserver';
import { limitRanger } from '../../../engine/apiserver/admission/limit_ranger';
import { namespaceLifecycle } from '../../../engine/apiserver/admission/namespace_lifecycle';
import { buildAuthenticator } from '../../../engine/apiserver/auth/authn/chain';
import { TokenFileAuthenticator } from '../../../engine/apiserver/auth/authn/tokenfile';
import { privilegedGroups, RbacAuthorizer, unionAuthorizer } from '../../../engine/apiserver/auth/rbac/authorizer';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from '../../../engine/apiserver/auth/rbac/bootstrap';
import { SYSTEM_MASTERS, type Credentials } from '../../../engine/apiserver/auth/types';
import type { ApiRequest, ApiResponse, WatchEventMessage } from '../../../engine/apiserver/handler/types';
import type { KubeObject } from '../../../engine/apiserver/object';
import type { ResourceDef } from '../../../engine/apiserver/registry/types';
import { createStore } from '../../../engine/etcd/mvcc';
import type { MvccStore } from '../../../engine/etcd/mvcc/store';
import { localKV } from '../../../engine/etcd/v3/local';
import { Simulation } from '../../../engine/sim/kernel';
import { chainMarker, observeMutating, observeValidating } from './observe-admission';
import { observeAuthenticator, observeAuthorizer } from './observe-auth';
import { observeKV } from './observe-etcd';
import { Recorder, type Observation } from './observations';
import { storePolicy } from './store-policy';

/** EPOCH_MS is the Unix time of virtual time 0: object timestamps are EPOCH_MS + the simulation's time. */
export const EPOCH_MS = Date.UTC(2026, 0, 5, 9, 0, 0);

/** ADMIN is the admin's client certificate, as kubeadm's admin kubeconfig carries it (CN=kubernetes-admin, O=system:masters). */
export const ADMIN: Credentials = { clientCertificate: { commonName: 'kubernetes-admin', organizations: ['system:masters'] } };

/** BOB_TOKEN is bob's bearer token in the server's --token-auth-file. */
export const BOB_TOKEN = '8f2c1d0e7b6a4f3e';

/** BOB is bob's credentials: his token, as his kubeconfig sends it in an Authorization header. */
export const BOB: Credentials = { bearerToken: BOB_TOKEN };

/** TOKEN_FILE is the --token-auth-file: one user, bob, with no groups of his own. */
export const TOKEN_FILE = `${BOB_TOKEN},bob,1001\n`;

/** DEFAULT_LIMITS is the LimitRange of the default namespace: the requests and limits a container gets when it names none. */
export const DEFAULT_LIMITS: LimitRange = {
  apiVersion: 'v1',
  kind: 'LimitRange',
  metadata: { name: 'defaults', namespace: 'default' },
  spec: { limits: [{ type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '256Mi' } }] },
};

/** MAX_REQUEST_MS bounds the virtual time one request may take; a watch still open then is cancelled. */
export const MAX_REQUEST_MS = 60_000;

/** Exchange is one request and what came back, with what the stages were seen to do (empty when unrecorded). */
export interface Exchange {
  request: ApiRequest;
  observations: Observation[];
  /** response is the response (a watch: its 200, before the events); undefined if none came within MAX_REQUEST_MS. */
  response?: ApiResponse;
  /** events are a watch's events, in order. */
  events: WatchEventMessage[];
  /** ended is true when a watch's stream ended (its timeoutSeconds passed). */
  ended: boolean;
}

export class PipelineServer {
  readonly sim: Simulation;
  readonly store: MvccStore;
  readonly recorder = new Recorder();
  readonly api: ApiServerAssembly;

  constructor(options: { seed?: number | string } = {}) {
    const sim = new Simulation({ seed: options.seed ?? 1 });
    this.sim = sim;
    this.store = createStore();
    const defer = (fn: () => void) => void sim.after(0, fn);
    const kv = observeKV(localKV(this.store, defer), this.recorder);
    const clock = {
      get now() {
        return EPOCH_MS + sim.now;
      },
      after: (ms: number, fn: () => void) => sim.after(ms, fn),
    };
    const { authenticator } = buildAuthenticator({
      clock: () => clock.now,
      anonymous: false,
      clientCertificates: true,
      tokenFile: TokenFileAuthenticator.fromCsv(TOKEN_FILE, 'token-auth-file'),
    });
    // clusterAuthorizer's union, built from the same parts so that each authorizer's answer is seen.
    const authorizer = unionAuthorizer(
      observeAuthorizer(SYSTEM_MASTERS, privilegedGroups(SYSTEM_MASTERS), this.recorder),
      observeAuthorizer('RBAC', new RbacAuthorizer(storePolicy(this.store)), this.recorder),
    );
    const storage = (resource: string) => {
      const def = this.api.registry.lookup('', 'v1', resource) as ResourceDef;
      return this.api.storageFor(def);
    };
    const limits = limitRanger({
      listLimitRanges: (namespace, done) => {
        const s = storage('limitranges');
        s.getList(s.prefixFor(namespace), {}, (err, res) => done(err, (res?.items ?? []) as LimitRange[]));
      },
    });
    const lifecycle = namespaceLifecycle({
      getNamespace: (name, done) => {
        const s = storage('namespaces');
        s.get(s.keyFor(undefined, name), { ignoreNotFound: true }, (err, ns) => done(err, ns ?? null));
      },
    });
    const rec = this.recorder;
    this.api = createApiServer({
      kv,
      clock,
      rng: sim.rng.fork('kube-apiserver'),
      authenticator: observeAuthenticator(authenticator, rec),
      authorizer,
      defer,
      watchCache: false,
      controllers: false,
      admission: {
        namespaceLifecycle: false,
        mutating: [chainMarker('mutating', 'start', rec), observeMutating(limits, rec), chainMarker('mutating', 'end', rec)],
        validating: [chainMarker('validating', 'start', rec), observeValidating(lifecycle, rec), observeValidating(limits, rec), chainMarker('validating', 'end', rec)],
      },
    });
    this.boot();
  }

  /** send serves `req` and records what each stage did. */
  send(req: ApiRequest): Exchange {
    this.recorder.start();
    try {
      const ex = this.serve(req);
      ex.observations = this.recorder.stop();
      return ex;
    } catch (e) {
      this.recorder.stop();
      throw e;
    }
  }

  /** call serves `req` without recording it (the diagram's own setup). */
  call(req: ApiRequest): Exchange {
    return this.serve(req);
  }

  /** admin serves a request as the admin, unrecorded, and returns its response (setup steps). */
  admin(method: string, path: string, body?: unknown, query: Record<string, string> = {}): ApiResponse {
    const ex = this.call(request(method, path, ADMIN, body, query));
    if (!ex.response) throw new Error(`${method} ${path}: no response`);
    return ex.response;
  }

  private serve(req: ApiRequest): Exchange {
    const ex: Exchange = { request: req, observations: [], events: [], ended: false };
    const cancel = this.api.server.stream(req, {
      respond: (res) => {
        ex.response = res;
        this.recorder.record({ kind: 'response', status: res.status, body: res.body });
      },
      event: (ev) => {
        ex.events.push(ev);
        this.recorder.record({ kind: 'stream', event: { type: ev.type, object: ev.object } });
      },
      end: () => {
        ex.ended = true;
        this.recorder.record({ kind: 'stream', end: true });
      },
    });
    const streaming = () => ex.response?.status === 200 && ex.response.body === null;
    this.sim.runUntilTrue(() => ex.response !== undefined && (!streaming() || ex.ended), this.sim.now + MAX_REQUEST_MS);
    if (streaming() && !ex.ended) cancel.cancel();
    return ex;
  }

  /** boot creates what a new cluster has: the default namespaces, the bootstrap RBAC policy, and the default namespace's LimitRange. */
  private boot(): void {
    let booted: string | null | undefined;
    this.api.bootstrap((err) => (booted = err));
    this.sim.runUntilTrue(() => booted !== undefined, this.sim.now + MAX_REQUEST_MS);
    if (booted !== null) throw new Error(`the diagram's API server did not start: ${booted ?? 'bootstrap did not finish'}`);
    const rbac = '/apis/rbac.authorization.k8s.io/v1';
    const objects: Array<[string, unknown]> = [
      ...bootstrapClusterRoles().map((o): [string, unknown] => [`${rbac}/clusterroles`, o]),
      ...bootstrapClusterRoleBindings().map((o): [string, unknown] => [`${rbac}/clusterrolebindings`, o]),
      ['/api/v1/namespaces/default/limitranges', DEFAULT_LIMITS],
    ];
    for (const [path, obj] of objects) {
      const res = this.admin('POST', path, obj);
      if (res.status !== 201) throw new Error(`the diagram's API server did not start: POST ${path}: ${JSON.stringify(res.body).slice(0, 200)}`);
    }
  }
}

/** request builds an ApiRequest as kubectl would send it: JSON body, the credentials given. */
export function request(method: string, path: string, credentials: Credentials, body?: unknown, query: Record<string, string> = {}): ApiRequest {
  return {
    method,
    path,
    query,
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    credentials,
    userAgent: 'kubectl/v1.32.0 (linux/amd64) kubernetes/abcdef',
  };
}

/** objectOf reads a response body as an object (setup steps read resourceVersions from it). */
export function objectOf(res: ApiResponse): KubeObject {
  return res.body as KubeObject;
}
