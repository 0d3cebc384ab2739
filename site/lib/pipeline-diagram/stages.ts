/**
 * walkthrough turns the observations of one request (observations.ts) into
 * the steps the diagram plays, each tied to a stage of the request path:
 * authentication → authorization → mutating admission → validation →
 * validating admission → etcd → response. It says where the request
 * stopped: the stage of the last step before an error response.
 *
 * Validation has no seam of its own to observe; its outcome is read from
 * the admission chains around it: after the mutating chain's end marker, the
 * validating chain's start marker means validation passed, and a response
 * instead means it refused the object.
 */
import type { ApiRequest } from '../../../engine/apiserver/handler/types';
import { fieldChanges } from './diff';
import type {
  AuthzObservation,
  ChainObservation,
  EtcdEventObservation,
  EtcdObservation,
  FieldChange,
  Observation,
  PluginObservation,
  StatusBody,
} from './observations';

export type StageId = 'authentication' | 'authorization' | 'mutating' | 'validation' | 'validating' | 'etcd' | 'response';

/** STAGES are the request path's stages, in the order a write passes them. */
export const STAGES: ReadonlyArray<{ id: StageId; label: string }> = [
  { id: 'authentication', label: 'Authentication' },
  { id: 'authorization', label: 'Authorization' },
  { id: 'mutating', label: 'Mutating admission' },
  { id: 'validation', label: 'Validation' },
  { id: 'validating', label: 'Validating admission' },
  { id: 'etcd', label: 'etcd' },
  { id: 'response', label: 'Response' },
];

/** stageLabel is a stage's name as the diagram shows it. */
export function stageLabel(id: StageId): string {
  return STAGES.find((s) => s.id === id)!.label;
}

/**
 * Step is one thing that happened: `pass` let the request on, `stop` ended
 * it, `note` is work done on the way (an etcd read by an admission plugin,
 * defaults set before admission, a watch event).
 */
export interface Step {
  stage: StageId;
  outcome: 'pass' | 'stop' | 'note';
  text: string;
  details: string[];
  /** event is true for an event sent on a watch's response stream. */
  event?: boolean;
}

/** Walkthrough is a request's steps and its outcome. */
export interface Walkthrough {
  steps: Step[];
  /** status is the HTTP status of the response (0 when none came). */
  status: number;
  /** stoppedAt is the stage that refused the request, when the response is an error. */
  stoppedAt?: StageId;
}

/** MAX_CHANGES is how many changed fields a step lists before summing up the rest. */
export const MAX_CHANGES = 6;

/** STATUS_TEXT are the reason phrases of the statuses the API server answers with. */
const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  504: 'Gateway Timeout',
};

/** statusLine is "403 Forbidden". */
export function statusLine(status: number): string {
  return `${status} ${STATUS_TEXT[status] ?? ''}`.trim();
}

export function walkthrough(request: ApiRequest, observations: readonly Observation[]): Walkthrough {
  const steps: Step[] = [];
  const response = observations.find((o) => o.kind === 'response');
  const status = response?.kind === 'response' ? response.status : 0;
  const failed = status >= 400;
  let requestBody: unknown;
  try {
    requestBody = request.body ? JSON.parse(request.body) : undefined;
  } catch {
    requestBody = undefined;
  }

  let phase: 'mutating' | 'validating' | undefined;
  for (let i = 0; i < observations.length; i++) {
    const o = observations[i];
    if (o.kind === 'chain') phase = o.edge === 'start' ? o.phase : undefined;
    switch (o.kind) {
      case 'authn':
        steps.push(authnStep(o.result, o.user, o.error));
        break;
      case 'authz': {
        const group: AuthzObservation[] = [o];
        while (observations[i + 1]?.kind === 'authz') group.push(observations[++i] as AuthzObservation);
        steps.push(authzStep(group));
        break;
      }
      case 'chain':
        steps.push(...chainSteps(o, observations[i + 1], requestBody, observations, i));
        break;
      case 'plugin':
        steps.push(pluginStep(o));
        break;
      case 'etcd':
        steps.push(etcdStep(o, phase));
        break;
      case 'etcd-event':
        steps.push(etcdEventStep(o));
        break;
      case 'response':
        steps.push(responseStep(o.status, o.body));
        break;
      case 'stream':
        if (o.event) steps.push(streamStep(o.event));
        else steps.push({ stage: 'response', outcome: 'note', text: 'The server ends the stream (timeoutSeconds passed)', details: [] });
        break;
    }
  }

  let stoppedAt: StageId | undefined;
  if (failed) {
    const at = steps.findIndex((s) => s.stage === 'response');
    const last = [...steps.slice(0, at < 0 ? steps.length : at)].reverse().find((s) => s.outcome !== 'note');
    if (last) {
      stoppedAt = last.stage;
      if (last.outcome !== 'stop') {
        last.outcome = 'stop';
        const body = response?.kind === 'response' ? (response.body as StatusBody) : undefined;
        if (last.stage === 'etcd' && body?.reason === 'Conflict') last.details.push(staleText(requestBody));
        else if (body?.message) last.details.push(`Refused: ${body.message}`);
      }
    }
  }
  return { steps, status, ...(stoppedAt ? { stoppedAt } : {}) };
}

function authnStep(result: 'user' | 'none' | 'error', user?: { username: string; groups: string[] }, error?: string): Step {
  if (result === 'user' && user)
    return { stage: 'authentication', outcome: 'pass', text: `Authenticated as ${user.username}`, details: [`groups: ${user.groups.join(', ') || '(none)'}`] };
  if (result === 'error')
    return { stage: 'authentication', outcome: 'stop', text: 'The credentials were rejected', details: [error ?? '', 'The client is told only "Unauthorized".'] };
  return {
    stage: 'authentication',
    outcome: 'stop',
    text: 'No authenticator recognised the request',
    details: ['It carries no client certificate and no bearer token, and anonymous requests are off (--anonymous-auth=false).'],
  };
}

function question(a: AuthzObservation): string {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const group = a.apiGroup ? ` in API group ${a.apiGroup}` : '';
  const name = a.name ? ` ${a.name}` : '';
  const where = a.namespace ? ` in namespace ${a.namespace}` : '';
  return `May ${a.user.username} ${a.verb} ${resource}${name}${group}${where}?`;
}

function authzStep(group: AuthzObservation[]): Step {
  const details = [question(group[0])];
  for (const a of group) {
    const why = a.reason
      ? `reason "${a.reason}"`
      : a.decision === 'Allow'
        ? `the user is in the group ${a.authorizer}`
        : a.authorizer === 'system:masters'
          ? `the user is not in the group ${a.authorizer}`
          : `no reason given: no rule bound to ${a.user.username} or the user's groups allows it`;
    details.push(`${a.authorizer} → ${a.decision}, ${why}`);
  }
  const allowed = group.find((a) => a.decision === 'Allow');
  if (allowed) return { stage: 'authorization', outcome: 'pass', text: `Allowed by ${allowed.authorizer}`, details };
  const denied = group.find((a) => a.decision === 'Deny');
  return {
    stage: 'authorization',
    outcome: 'stop',
    text: denied ? `Denied by ${denied.authorizer}` : 'No authorizer allowed it, so it is denied',
    details,
  };
}

/** changeLines lists changes as "path = value", at most MAX_CHANGES, then how many more. */
export function changeLines(changes: readonly FieldChange[]): string[] {
  const lines = changes.slice(0, MAX_CHANGES).map((c) => (c.value === undefined ? `${c.path} removed` : `${c.path} = ${short(c.value)}`));
  if (changes.length > MAX_CHANGES) lines.push(`… and ${changes.length - MAX_CHANGES} more`);
  return lines;
}

function short(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 90 ? `${s.slice(0, 87)}…` : s;
}

/** collapse merges changes under the same two-level prefix (metadata.managedFields) into one entry. */
function collapse(changes: readonly FieldChange[]): FieldChange[] {
  const out: FieldChange[] = [];
  const seen = new Set<string>();
  for (const c of changes) {
    const top = /^[^.[]+(?:\.[^.[]+)?/.exec(c.path)?.[0] ?? c.path;
    if (top === c.path) out.push(c);
    else if (!seen.has(top)) {
      seen.add(top);
      out.push({ path: top, value: '(set)' });
    }
  }
  return out;
}

function chainSteps(o: ChainObservation, next: Observation | undefined, requestBody: unknown, all: readonly Observation[], i: number): Step[] {
  if (o.phase === 'mutating' && o.edge === 'start') {
    // Defaulting ran between decoding and admission; an update's body was merged onto the stored object first.
    if (o.operation !== 'CREATE' || requestBody === undefined || o.object === undefined) return [];
    const defaults = fieldChanges(requestBody, o.object).filter((c) => c.value !== undefined && c.path !== 'metadata.namespace');
    if (defaults.length === 0) return [];
    return [{ stage: 'mutating', outcome: 'note', text: `Before admission, defaulting set ${defaults.length} fields the client left out`, details: changeLines(defaults) }];
  }
  if (o.phase === 'mutating' && o.edge === 'end') {
    if (next?.kind === 'chain' && next.phase === 'validating' && next.edge === 'start') {
      const prepared = collapse(fieldChanges(o.object, next.object).filter((c) => c.value !== undefined));
      return [
        {
          stage: 'validation',
          outcome: 'pass',
          text: `The ${kindOf(o)} is valid`,
          details: prepared.length ? ['Prepared for storage first:', ...changeLines(prepared)] : [],
        },
      ];
    }
    const res = all.slice(i + 1).find((x) => x.kind === 'response');
    const body = res?.kind === 'response' ? (res.body as StatusBody) : undefined;
    const causes = ((body?.details?.causes ?? []) as Array<{ field?: string; message?: string }>).map((c) => `${c.field}: ${c.message}`);
    return [{ stage: 'validation', outcome: 'stop', text: `The ${kindOf(o)} is invalid`, details: causes.length ? causes : [body?.message ?? 'refused'] }];
  }
  return [];
}

function kindOf(o: ChainObservation): string {
  return (o.object?.kind as string | undefined) ?? 'object';
}

function pluginStep(o: PluginObservation): Step {
  if (o.refused) return { stage: o.phase, outcome: 'stop', text: `${o.plugin} refused it`, details: [o.refused.message ?? ''] };
  if (o.phase === 'mutating')
    return { stage: 'mutating', outcome: 'pass', text: o.changes.length ? `${o.plugin} changed ${o.changes.length} fields` : `${o.plugin} changed nothing`, details: changeLines(o.changes) };
  return { stage: 'validating', outcome: 'pass', text: `${o.plugin} allowed it`, details: [] };
}

function keyText(o: EtcdObservation): string {
  return o.prefix ? `${o.key}*` : o.key;
}

/** etcdStep describes an etcd call; one made by an admission plugin is a note of the plugin's stage (`phase`). */
function etcdStep(o: EtcdObservation, phase: 'mutating' | 'validating' | undefined): Step {
  const stage: StageId = o.by && phase ? phase : 'etcd';
  const owner = o.by ? `${o.by}: ` : '';
  if (o.error) return { stage, outcome: 'stop', text: `${owner}etcd ${o.call} ${keyText(o)} failed`, details: [o.error] };
  let step: Step;
  switch (o.call) {
    case 'range': {
      const found = o.kvs ?? [];
      const details = found.slice(0, MAX_CHANGES).map((kv) => `${kv.key}  mod_revision ${kv.modRevision}`);
      if (found.length > MAX_CHANGES) details.push(`… and ${found.length - MAX_CHANGES} more`);
      details.push(`etcd's revision: ${o.revision}`);
      const what = o.prefix ? `range ${keyText(o)}: ${o.count} key${o.count === 1 ? '' : 's'}` : `range ${o.key}: ${o.count ? 'found' : 'not found'}`;
      step = { stage: 'etcd', outcome: 'pass', text: `${owner}${what}`, details };
      break;
    }
    case 'txn': {
      const writes = [...(o.writes ?? []).map((k) => `put ${k}`), ...(o.deletes ?? []).map((k) => `delete ${k}`)];
      const details = [`if ${(o.compare ?? []).join(' && ') || 'true'}`, o.succeeded ? `then ${writes.join(', ')}` : `else ${writes.join(', ') || 'read the key again'}`];
      details.push(o.succeeded ? `committed at revision ${o.revision}` : `the compare failed (etcd at revision ${o.revision})`);
      step = { stage: 'etcd', outcome: 'pass', text: `${owner}txn on ${o.key}: ${o.succeeded ? 'succeeded' : 'compare failed'}`, details };
      break;
    }
    case 'watch':
      step = {
        stage: 'etcd',
        outcome: 'pass',
        text: `${owner}watch ${keyText(o)} from revision ${o.startRevision}`,
        details: ['etcd replays the changes from that revision on, then sends new ones as they happen.'],
      };
      break;
    default:
      step = { stage: 'etcd', outcome: 'pass', text: `${owner}${o.call} ${keyText(o)}`, details: o.revision ? [`revision ${o.revision}`] : [] };
  }
  if (stage !== 'etcd') {
    step.stage = stage;
    step.outcome = 'note';
  }
  return step;
}

function etcdEventStep(o: EtcdEventObservation): Step {
  return {
    stage: 'etcd',
    outcome: 'note',
    text: `etcd sends ${o.events.length === 1 ? 'a change' : `${o.events.length} changes`}`,
    details: o.events.map((e) => `${e.type} ${e.key} at revision ${e.modRevision}`),
  };
}

function responseStep(status: number, body: unknown): Step {
  const b = body as StatusBody | null;
  if (b && b.kind === 'Status') return { stage: 'response', outcome: status >= 400 ? 'stop' : 'pass', text: statusLine(status), details: [b.message ?? '', ...(b.reason ? [`reason: ${b.reason}`] : [])].filter((s) => s !== '') };
  if (body === null) return { stage: 'response', outcome: 'pass', text: `${statusLine(status)}: the watch stream starts`, details: [] };
  const obj = body as { kind?: string; metadata?: { name?: string; resourceVersion?: string }; items?: unknown[] };
  const what = Array.isArray(obj.items) ? `${obj.kind} with ${obj.items.length} item${obj.items.length === 1 ? '' : 's'}` : `${obj.kind} ${obj.metadata?.name ?? ''}`.trim();
  return { stage: 'response', outcome: 'pass', text: `${statusLine(status)}: ${what}`, details: obj.metadata?.resourceVersion ? [`resourceVersion ${obj.metadata.resourceVersion}`] : [] };
}

function streamStep(ev: { type: string; object: unknown }): Step {
  const obj = ev.object as { kind?: string; metadata?: { name?: string; resourceVersion?: string } };
  return {
    stage: 'response',
    outcome: 'note',
    event: true,
    text: `Event ${ev.type}: ${obj.kind ?? ''} ${obj.metadata?.name ?? ''}`.trim(),
    details: obj.metadata?.resourceVersion ? [`resourceVersion ${obj.metadata.resourceVersion}`] : [],
  };
}

function staleText(requestBody: unknown): string {
  const rv = (requestBody as { metadata?: { resourceVersion?: string } } | undefined)?.metadata?.resourceVersion;
  return rv
    ? `The request was based on resourceVersion ${rv}, but the stored object has moved on: the update is refused with Conflict.`
    : 'The stored object has moved on since the client read it: Conflict.';
}
