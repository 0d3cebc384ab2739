/**
 * ApiServer is the request path (k8s.io/apiserver's handler chain):
 * authentication → impersonation → authorization → routing to discovery,
 * health and version documents, or to a resource's REST operation (which
 * runs mutating admission → validation → validating admission → storage) →
 * response, with an audit event per request.
 */
import { openApiGroupVersion, openApiRoot } from '../discovery/openapi';
import {
  ALL_AUTHENTICATED,
  ALL_UNAUTHENTICATED,
  ANONYMOUS,
  type Attributes,
  type Authenticator,
  type Authorizer,
  type UserInfo,
} from '../auth/types';
import type { AdmissionChain } from '../admission/types';
import type { SchemaDescriptions } from '../schema/types';
import { AuditLog, auditEvent } from '../audit/audit';
import { apiGroupDocument, apiGroupList, apiResourceList, apiVersions, KUBERNETES_VERSION } from '../discovery/discovery';
import { isStatusError, newBadRequest, newForbiddenFor, newMethodNotSupported, newUnauthorized, type StatusError } from '../errors';
import { pingCheck, runHealth, type HealthCheck } from '../health/health';
import { uuidV4 } from '../ids';
import type { KubeObject } from '../object';
import type { Registry } from '../registry/registry';
import type { ResourceDef } from '../registry/types';
import { servedStorage } from '../registry/served';
import { parseRequestInfo, type RequestInfo } from '../requestinfo';
import { decodeProtobufRequest, expectedType } from '../protobuf/request';
import type { Rng } from '../../sim/rng';
import type { ResourceStorage, StorageClock } from '../storage/types';
import { fail, ok, type Call, type ServerServices } from './context';
import { createToken, type TokenRequestConfig } from './token_request';
import { impersonate } from './impersonation';
import * as rest from './rest';
import { review, type RulesResolver } from './reviews';
import type { ApiRequest, ApiResponse, Cancel, ResponseSink, WatchEventMessage } from './types';

export interface ApiServerOptions {
  registry: Registry;
  /** storageFor gives the storage of a stored resource (made once per resource by the assembly). */
  storageFor(def: ResourceDef): ResourceStorage;
  authenticator: Authenticator;
  authorizer: Authorizer;
  admission: AdmissionChain;
  /** clock: now is Unix milliseconds. */
  clock: StorageClock;
  rng: Rng;
  /** anonymous lets requests without credentials through as system:anonymous (--anonymous-auth); off by default. */
  anonymous?: boolean;
  audit?: AuditLog;
  /** health lists each health endpoint's checks, in the order verbose output shows them. */
  health?: { healthz: HealthCheck[]; livez: HealthCheck[]; readyz: HealthCheck[] };
  /** serverAddress is what /api advertises ("10.96.0.1:443"). */
  serverAddress?: string;
  rulesFor?: RulesResolver;
  /** tokens serves serviceaccounts/token (TokenRequest); without it the subresource is not found. */
  tokens?: TokenRequestConfig;
}

/** LOOPBACK_USER is who the server's own controllers act as (the loopback client's identity). */
export const LOOPBACK_USER: UserInfo = { username: 'system:apiserver', uid: 'loopback', groups: ['system:masters', ALL_AUTHENTICATED] };

const HEALTH = /^\/(healthz|livez|readyz)(?:\/(.*))?$/;

export class ApiServer {
  readonly registry: Registry;
  readonly audit: AuditLog;
  private readonly services: ServerServices;
  private schemaDescriptions: SchemaDescriptions | undefined;

  constructor(private readonly opts: ApiServerOptions) {
    this.registry = opts.registry;
    this.audit = opts.audit ?? new AuditLog();
    this.services = {
      now: () => opts.clock.now,
      rng: opts.rng,
      admission: opts.admission,
      after: (ms, fn) => opts.clock.after(ms, fn),
    };
  }

  /**
   * useSchemaDescriptions gives the OpenAPI documents the doc texts `kubectl
   * explain` prints (cli/lib/schema-descriptions.gen.ts). The HTTPS front's
   * assembly passes them; the engine in the browser goes without (they are
   * most of the schemas' size) and serves the same documents without text.
   */
  useSchemaDescriptions(descriptions: SchemaDescriptions | undefined): void {
    this.schemaDescriptions = descriptions;
  }

  /** handle serves a request that answers once (a watch answers its 200 and nothing else through here). */
  handle(req: ApiRequest, respond: (res: ApiResponse) => void): void {
    this.stream(req, { respond });
  }

  /**
   * stream serves any request: sink.respond once, then, for a watch that
   * started, events and end. The returned Cancel stops a watch.
   */
  stream(req: ApiRequest, sink: ResponseSink): Cancel {
    const received = this.opts.clock.now;
    const auditID = uuidV4(this.opts.rng);
    const info = parseRequestInfo(req.method, req.path, req.query);
    let cancel: Cancel = { cancel() {} };
    let cancelled = false;
    let user: UserInfo = { username: ANONYMOUS, groups: [ALL_UNAUTHENTICATED] };
    let decision: { allowed: boolean; reason: string } | undefined;
    let audited = false;
    const record = (res: ApiResponse) => {
      if (audited) return;
      audited = true;
      const body = res.body as { status?: string; message?: string; reason?: string } | null;
      const failed = res.status >= 400 && body && typeof body === 'object' && body.status === 'Failure';
      this.audit.record(
        auditEvent({
          auditID,
          requestURI: requestURI(req),
          info,
          user,
          sourceIP: req.sourceIP,
          userAgent: req.userAgent ?? req.headers['user-agent'],
          code: res.status,
          failure: failed ? { status: body.status, message: body.message, reason: body.reason } : undefined,
          receivedMs: received,
          completedMs: this.opts.clock.now,
          decision,
        }),
      );
    };
    const out: ResponseSink = {
      respond: (res) => {
        if (cancelled) return;
        res.headers['audit-id'] = auditID;
        record(res);
        sink.respond(res);
      },
      event: (ev: WatchEventMessage) => !cancelled && sink.event?.(ev),
      end: () => !cancelled && sink.end?.(),
    };
    const failWith = (err: StatusError) => fail({ sink: out }, err);

    this.opts.authenticator.authenticate(req.credentials, (result) => {
      if (cancelled) return;
      if ('error' in result) return failWith(newUnauthorized());
      if ('none' in result) {
        if (!this.opts.anonymous) return failWith(newUnauthorized());
        user = { username: ANONYMOUS, groups: [ALL_UNAUTHENTICATED] };
      } else {
        user = { ...result.user, groups: [...result.user.groups] };
        if (!user.groups.includes(ALL_AUTHENTICATED)) user.groups.push(ALL_AUTHENTICATED);
      }
      const imp = impersonate(user, req.headers, this.opts.authorizer);
      if ('error' in imp) return failWith(imp.error);
      user = imp.user;
      const attrs = attributesFor(user, info);
      const d = this.opts.authorizer.authorize(attrs);
      decision = { allowed: d.decision === 'Allow', reason: d.reason };
      if (d.decision !== 'Allow') return failWith(newForbiddenFor(attrs, d.reason));
      cancel = this.route(req, info, user, out);
    });
    return {
      cancel: () => {
        cancelled = true;
        cancel.cancel();
      },
    };
  }

  /**
   * loopback serves a request as the server's own privileged identity,
   * without authentication, authorization or audit: what the garbage
   * collector and namespace controller use.
   */
  loopback(req: Omit<ApiRequest, 'credentials'>, sink: ResponseSink): Cancel {
    const info = parseRequestInfo(req.method, req.path, req.query);
    return this.route({ ...req, credentials: {} }, info, LOOPBACK_USER, sink);
  }

  private route(req: ApiRequest, info: RequestInfo, user: UserInfo, sink: ResponseSink): Cancel {
    const none: Cancel = { cancel() {} };
    try {
      if (!info.isResourceRequest) {
        this.nonResource(req, info, sink);
        return none;
      }
      const def = this.registry.lookup(info.apiGroup, info.apiVersion, info.resource);
      if (!def || (info.subresource && !this.servesSubresource(def, info.subresource)) || info.parts.length > 3) {
        fail({ sink }, rest.notFoundPath());
        return none;
      }
      const subVerbs = info.subresource === 'binding' || info.subresource === 'token' ? ['create'] : ['get', 'update', 'patch'];
      if (!info.subresource && !def.verbs.includes(info.verb)) {
        fail({ sink }, rest.methodNotAllowed());
        return none;
      }
      if (info.subresource && !subVerbs.includes(info.verb)) {
        fail({ sink }, rest.methodNotAllowed());
        return none;
      }
      // A Kubernetes protobuf body becomes its JSON form here; everything after sees JSON only.
      const decoded = decodeProtobufRequest(req, expectedType(def, info.verb, info.subresource));
      if (isStatusError(decoded)) {
        fail({ sink }, decoded);
        return none;
      }
      req = decoded;
      if (!def.stored) {
        this.reviewCreate(req, def, info, user, sink);
        return none;
      }
      const call: Call = {
        def,
        storage: servedStorage(def, (d) => this.opts.storageFor(d)),
        info,
        user,
        query: req.query,
        headers: { ...req.headers, ...(req.userAgent && !req.headers['user-agent'] ? { 'user-agent': req.userAgent } : {}) },
        body: req.body,
        sink,
        services: this.services,
      };
      switch (info.verb) {
        case 'get':
          rest.get(call);
          break;
        case 'list':
          rest.list(call);
          break;
        case 'watch':
          return rest.watch(call);
        case 'create':
          if (info.subresource === 'binding') rest.bind(call);
          else if (info.subresource === 'token') createToken(call, this.opts.tokens, (plural, ns, name, done) => this.getCore(plural, ns, name, done));
          else if (info.name) fail(call, newMethodNotSupported({ group: def.group, resource: def.plural }, 'create'));
          else rest.create(call);
          break;
        case 'update':
          rest.update(call);
          break;
        case 'patch':
          rest.patch(call);
          break;
        case 'delete':
          rest.remove(call);
          break;
        case 'deletecollection':
          rest.deleteCollection(call);
          break;
        default:
          fail(call, newMethodNotSupported({ group: def.group, resource: def.plural }, info.verb));
      }
    } catch (e) {
      fail({ sink }, isStatusError(e) ? e : newBadRequest(e instanceof Error ? e.message : String(e)));
    }
    return none;
  }

  /** getCore reads one core/v1 object from storage (what a TokenRequest binds to): null when absent. */
  private getCore(plural: string, namespace: string, name: string, done: (err: StatusError | null, obj: KubeObject | null) => void): void {
    const def = this.registry.lookup('', 'v1', plural);
    if (!def) return done(null, null);
    const st = this.opts.storageFor(def);
    st.get(st.keyFor(namespace, name), { ignoreNotFound: true }, (err, obj) => done(err, obj ?? null));
  }

  private servesSubresource(def: ResourceDef, sub: string): boolean {
    if (sub === 'finalize') return def.group === '' && def.plural === 'namespaces';
    if (sub === 'token') return def.group === '' && def.plural === 'serviceaccounts' && this.opts.tokens !== undefined;
    return (def.subresources as string[]).includes(sub);
  }

  private reviewCreate(req: ApiRequest, def: ResourceDef, info: RequestInfo, user: UserInfo, sink: ResponseSink): void {
    if (info.verb !== 'create') return fail({ sink }, rest.methodNotAllowed());
    let body: KubeObject;
    try {
      body = JSON.parse(req.body ?? '') as KubeObject;
    } catch (e) {
      return fail({ sink }, newBadRequest(`error decoding ${def.kind}: ${(e as Error).message}`));
    }
    const res = review(def, body, user, info.namespace, this.opts.authorizer, this.opts.rulesFor);
    if (isStatusError(res)) return fail({ sink }, res);
    ok({ sink }, 201, res);
  }

  private nonResource(req: ApiRequest, info: RequestInfo, sink: ResponseSink): void {
    const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
    const health = HEALTH.exec(path);
    if (health) {
      const endpoint = health[1] as 'healthz' | 'livez' | 'readyz';
      const checks = this.opts.health?.[endpoint] ?? [pingCheck];
      const excluded = (req.query.exclude ?? '').split(',').filter((s) => s !== '');
      return runHealth(endpoint, checks, health[2] ?? '', req.query, excluded, (r) =>
        sink.respond({ status: r.status, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }, body: r.body }),
      );
    }
    let doc: object | undefined;
    if (path === '/version') doc = KUBERNETES_VERSION;
    else if (path === '/api') doc = apiVersions(this.opts.serverAddress ?? '10.96.0.1:443');
    else if (path === '/apis') doc = apiGroupList(this.registry);
    else if (path === '/api/v1') doc = apiResourceList(this.registry, '', 'v1');
    else if (path === '/openapi/v3') doc = openApiRoot(this.registry, this.schemaDescriptions);
    else if (path.startsWith('/openapi/v3/')) {
      const m = /^\/openapi\/v3\/(?:api\/([^/]+)|apis\/([^/]+)\/([^/]+))$/.exec(path);
      if (m) doc = m[1] ? openApiGroupVersion(this.registry, '', m[1], this.schemaDescriptions) : openApiGroupVersion(this.registry, m[2], m[3], this.schemaDescriptions);
    } else {
      const m = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path);
      if (m) doc = m[2] ? apiResourceList(this.registry, m[1], m[2]) : apiGroupDocument(this.registry, m[1]);
    }
    if (doc === undefined || info.verb !== 'get') return fail({ sink }, rest.notFoundPath());
    ok({ sink }, 200, doc);
  }
}

/** attributesFor is the authorizer's view of a request (authorizer.AttributesRecord from RequestInfo). */
export function attributesFor(user: UserInfo, info: RequestInfo): Attributes {
  return {
    user,
    verb: info.verb,
    resourceRequest: info.isResourceRequest,
    namespace: info.namespace,
    apiGroup: info.apiGroup,
    apiVersion: info.apiVersion,
    resource: info.resource,
    subresource: info.subresource,
    name: info.name,
    path: info.path,
  };
}

/** requestURI rebuilds the request's URI (path and query) for the audit log. */
function requestURI(req: ApiRequest): string {
  const q = Object.entries(req.query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return q ? `${req.path}?${q}` : req.path;
}
