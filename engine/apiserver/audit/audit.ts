/**
 * The audit log: one JSON line per request shaped like an audit.k8s.io/v1
 * Event at level Metadata, stage ResponseComplete (who, what, on which
 * object, with which outcome, when), as the API server's log backend writes
 * with --audit-log-format=json.
 */
import type { UserInfo } from '../auth/types';
import type { RequestInfo } from '../requestinfo';
import { rfc3339Micro } from '../time';

/** ObjectReference is the audit event's objectRef. */
export interface AuditObjectRef {
  resource?: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  apiVersion?: string;
  subresource?: string;
}

/** AuditEvent is audit.k8s.io/v1 Event as this server fills it (level Metadata). */
export interface AuditEvent {
  kind: 'Event';
  apiVersion: 'audit.k8s.io/v1';
  level: 'Metadata';
  auditID: string;
  stage: 'ResponseComplete';
  requestURI: string;
  verb: string;
  user: UserInfo;
  sourceIPs: string[];
  userAgent?: string;
  objectRef?: AuditObjectRef;
  responseStatus: { metadata: Record<string, never>; status?: string; message?: string; reason?: string; code: number };
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}

/** objectRefFor builds objectRef from a resource request's info (omitting empty fields, as Go's omitempty). */
export function objectRefFor(info: RequestInfo): AuditObjectRef | undefined {
  if (!info.isResourceRequest) return undefined;
  const ref: AuditObjectRef = {};
  if (info.resource) ref.resource = info.resource;
  if (info.namespace) ref.namespace = info.namespace;
  if (info.name) ref.name = info.name;
  if (info.apiGroup) ref.apiGroup = info.apiGroup;
  if (info.apiVersion) ref.apiVersion = info.apiVersion;
  if (info.subresource) ref.subresource = info.subresource;
  return ref;
}

export interface AuditInput {
  auditID: string;
  requestURI: string;
  info: RequestInfo;
  user: UserInfo;
  sourceIP?: string;
  userAgent?: string;
  code: number;
  /** failure is the Status of a failed request (its status, message and reason are recorded). */
  failure?: { status?: string; message?: string; reason?: string };
  receivedMs: number;
  completedMs: number;
  decision?: { allowed: boolean; reason: string };
}

/** auditEvent builds the event of one completed request. */
export function auditEvent(i: AuditInput): AuditEvent {
  const ev: AuditEvent = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: i.auditID,
    stage: 'ResponseComplete',
    requestURI: i.requestURI,
    verb: i.info.verb,
    user: i.user,
    sourceIPs: [i.sourceIP ?? '127.0.0.1'],
    responseStatus: { metadata: {}, code: i.code },
    requestReceivedTimestamp: rfc3339Micro(i.receivedMs),
    stageTimestamp: rfc3339Micro(i.completedMs),
  };
  if (i.userAgent) ev.userAgent = i.userAgent;
  const ref = objectRefFor(i.info);
  if (ref) ev.objectRef = ref;
  if (i.failure) {
    if (i.failure.status) ev.responseStatus.status = i.failure.status;
    if (i.failure.message) ev.responseStatus.message = i.failure.message;
    if (i.failure.reason) ev.responseStatus.reason = i.failure.reason;
  }
  if (i.decision)
    ev.annotations = { 'authorization.k8s.io/decision': i.decision.allowed ? 'allow' : 'forbid', 'authorization.k8s.io/reason': i.decision.reason };
  return ev;
}

/** AuditSink receives each event's JSON line (no trailing newline). */
export type AuditSink = (line: string) => void;

/**
 * AuditLog keeps the most recent lines in memory (at most limit) and passes
 * each to an optional sink.
 */
export class AuditLog {
  readonly lines: string[] = [];
  constructor(
    private readonly limit = 10_000,
    private readonly sink?: AuditSink,
  ) {}

  record(ev: AuditEvent): void {
    const line = JSON.stringify(ev);
    this.lines.push(line);
    if (this.lines.length > this.limit) this.lines.splice(0, this.lines.length - this.limit);
    this.sink?.(line);
  }
}
