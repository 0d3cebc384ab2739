/**
 * Observations: what the pipeline diagram's wrappers saw while one request
 * went through the API server, as plain data in the order it happened. The
 * wrappers (observe-auth.ts, observe-admission.ts, observe-etcd.ts) sit on
 * the engine's own seams (Authenticator, Authorizer, admission plugins,
 * EtcdKV), so the engine runs unchanged; stages.ts turns the list into the
 * steps the diagram shows.
 */
import type { AdmissionOperation } from '../../../engine/apiserver/admission/types';
import type { Decision } from '../../../engine/apiserver/auth/types';
import type { KubeObject } from '../../../engine/apiserver/object';

/** Identity is a user as authentication produced it. */
export interface Identity {
  username: string;
  groups: string[];
}

/** AuthnObservation is the authentication stage's answer for the request's credentials. */
export interface AuthnObservation {
  kind: 'authn';
  /** result is 'user' when an authenticator recognised the credentials, 'none' when none had an opinion, 'error' when they were rejected. */
  result: 'user' | 'none' | 'error';
  user?: Identity;
  error?: string;
}

/** AuthzObservation is one authorizer's decision on the request's attributes. */
export interface AuthzObservation {
  kind: 'authz';
  /** authorizer names the authorizer in the union: "system:masters" (the privileged group) or "RBAC". */
  authorizer: string;
  user: Identity;
  verb: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  decision: Decision;
  reason: string;
}

export type AdmissionPhase = 'mutating' | 'validating';

/**
 * ChainObservation marks where an admission chain starts or ends: the
 * recording pass-through plugins at both ends of each chain emit it, with
 * the object as it stood at that point.
 */
export interface ChainObservation {
  kind: 'chain';
  phase: AdmissionPhase;
  edge: 'start' | 'end';
  operation: AdmissionOperation;
  object?: KubeObject;
}

/** FieldChange is one field an admission plugin set or changed ("spec.containers[0].resources.limits.cpu"). */
export interface FieldChange {
  path: string;
  /** value is the new value; undefined when the field was removed. */
  value: unknown;
}

/** StatusBody is the Status object a refusal carries (metav1.Status). */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  code?: number;
  details?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/** PluginObservation is one real admission plugin's answer, and what it changed. */
export interface PluginObservation {
  kind: 'plugin';
  phase: AdmissionPhase;
  plugin: string;
  operation: AdmissionOperation;
  /** refused is the Status the plugin refused the request with; absent when it let it through. */
  refused?: StatusBody;
  /** changes are the fields a mutating plugin set, changed or removed on the object. */
  changes: FieldChange[];
}

/** EtcdKeyValue is one key a range returned. */
export interface EtcdKeyValue {
  key: string;
  modRevision: number;
}

/** EtcdObservation is one call the API server made to etcd, with etcd's answer. */
export interface EtcdObservation {
  kind: 'etcd';
  call: 'range' | 'txn' | 'put' | 'deleteRange' | 'watch';
  /** by names the admission plugin that made the call, when one did. */
  by?: string;
  key: string;
  /** prefix is true for a range over every key under `key`. */
  prefix: boolean;
  /** revision is etcd's revision in the response header: the store's revision after the call. */
  revision?: number;
  /** range: the keys returned (count_only: none) and how many matched. */
  kvs?: EtcdKeyValue[];
  count?: number;
  countOnly?: boolean;
  /** txn: its compares, spelled as etcdctl does ("mod(/registry/…) = 12"), and whether they held. */
  compare?: string[];
  succeeded?: boolean;
  /** txn: the keys written or deleted by the branch that ran. */
  writes?: string[];
  deletes?: string[];
  /** watch: the revision the watch starts from (0: from now). */
  startRevision?: number;
  /** error is etcd's error message when the call failed. */
  error?: string;
}

/** EtcdEventObservation is one batch of changes an etcd watch delivered. */
export interface EtcdEventObservation {
  kind: 'etcd-event';
  events: Array<{ type: 'PUT' | 'DELETE'; key: string; modRevision: number }>;
}

/** ResponseObservation is the response the API server sent: status and body. */
export interface ResponseObservation {
  kind: 'response';
  status: number;
  body: unknown;
}

/** StreamObservation is one event on a watch's response stream, or its end. */
export interface StreamObservation {
  kind: 'stream';
  event?: { type: string; object: unknown };
  end?: true;
}

export type Observation =
  | AuthnObservation
  | AuthzObservation
  | ChainObservation
  | PluginObservation
  | EtcdObservation
  | EtcdEventObservation
  | ResponseObservation
  | StreamObservation;

/**
 * Recorder collects observations while a recording is open and ignores them
 * otherwise (the diagram's own setup requests go through the same server
 * unrecorded). `by` is the admission plugin running at the moment, so that
 * etcd calls made from inside a plugin are told apart from the handler's.
 */
export class Recorder {
  private log: Observation[] | undefined;
  private plugin: string | undefined;

  /** recording is true between start and stop. */
  get recording(): boolean {
    return this.log !== undefined;
  }

  /** by is the admission plugin whose code is running, if any. */
  get by(): string | undefined {
    return this.plugin;
  }

  /** start opens a recording; one must not already be open. */
  start(): void {
    if (this.log) throw new Error('Recorder.start: a recording is already open');
    this.log = [];
  }

  /** stop closes the recording and returns what it holds, in order. */
  stop(): Observation[] {
    if (!this.log) throw new Error('Recorder.stop: no recording is open');
    const out = this.log;
    this.log = undefined;
    return out;
  }

  /** record appends an observation to the open recording (none open: dropped). */
  record(o: Observation): void {
    this.log?.push(o);
  }

  /** within runs fn with `plugin` as the running plugin (undefined: none), restoring the previous one after. */
  within<T>(plugin: string | undefined, fn: () => T): T {
    const outer = this.plugin;
    this.plugin = plugin;
    try {
      return fn();
    } finally {
      this.plugin = outer;
    }
  }
}
