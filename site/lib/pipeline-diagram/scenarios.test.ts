import { describe, expect, it } from 'vitest';
import { PipelineServer } from './assembly';
import { scenario, SCENARIOS, TERMINATING_NAMESPACE, type ScenarioId } from './scenarios';
import { walkthrough } from './stages';

/** follow sends request `id` through `server` and returns the response, the observations and the walkthrough. */
function follow(server: PipelineServer, id: ScenarioId) {
  const request = scenario(id).prepare(server);
  const ex = server.send(request);
  const body = ex.response?.body as { message?: string; reason?: string; code?: number } | null;
  return { ex, body, walk: walkthrough(request, ex.observations) };
}

const stages = (w: ReturnType<typeof walkthrough>) => [...new Set(w.steps.map((s) => s.stage))];

describe('the diagram’s requests, through the real pipeline', () => {
  it('admin creates a pod: every stage passes, LimitRanger sets the defaults, etcd writes it with a create-only txn', () => {
    const { ex, walk } = follow(new PipelineServer(), 'create-pod');
    expect(ex.response?.status).toBe(201);
    expect(walk.stoppedAt).toBeUndefined();
    expect(stages(walk)).toEqual(['authentication', 'authorization', 'mutating', 'validation', 'validating', 'etcd', 'response']);
    const pod = ex.response!.body as { metadata: { name: string; resourceVersion: string }; spec: { containers: Array<{ resources: unknown }> } };
    expect(pod.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(pod.spec.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } });
    const limits = ex.observations.find((o) => o.kind === 'plugin' && o.plugin === 'LimitRanger' && o.phase === 'mutating');
    expect(limits).toMatchObject({ changes: expect.arrayContaining([{ path: 'spec.containers[0].resources.requests.cpu', value: '100m' }]) });
    const txn = ex.observations.find((o) => o.kind === 'etcd' && o.call === 'txn');
    expect(txn).toMatchObject({ key: `/registry/pods/default/${pod.metadata.name}`, succeeded: true, compare: [`create(/registry/pods/default/${pod.metadata.name}) = 0`] });
    expect(txn?.kind === 'etcd' && String(txn.revision)).toBe(pod.metadata.resourceVersion);
  });

  it('a pod with an invalid name stops at validation with 422 and the field’s cause', () => {
    const { body, walk } = follow(new PipelineServer(), 'invalid-name');
    expect(walk.status).toBe(422);
    expect(walk.stoppedAt).toBe('validation');
    expect(body?.reason).toBe('Invalid');
    expect(body?.message).toMatch(/^Pod "Web_1" is invalid: metadata\.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain/);
    expect(stages(walk)).not.toContain('validating');
  });

  it('no credentials stops at authentication with 401 Unauthorized', () => {
    const { body, walk } = follow(new PipelineServer(), 'no-credentials');
    expect(walk.status).toBe(401);
    expect(walk.stoppedAt).toBe('authentication');
    expect(body).toMatchObject({ kind: 'Status', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    expect(stages(walk)).toEqual(['authentication', 'response']);
  });

  it('bob is forbidden to list pods until granted view, then lists them from etcd', () => {
    const server = new PipelineServer();
    const before = follow(server, 'bob-lists-pods');
    expect(before.walk.status).toBe(403);
    expect(before.walk.stoppedAt).toBe('authorization');
    expect(before.body?.message).toBe('pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"');
    expect(follow(server, 'grant-bob-view').walk.status).toBe(201);
    const after = follow(server, 'bob-lists-pods');
    expect(after.walk.status).toBe(200);
    const rbac = after.ex.observations.find((o) => o.kind === 'authz' && o.authorizer === 'RBAC');
    expect(rbac).toMatchObject({ decision: 'Allow', reason: 'RBAC: allowed by RoleBinding "bob-view/default" of ClusterRole "view" to User "bob"' });
    expect(stages(after.walk)).toEqual(['authentication', 'authorization', 'etcd', 'response']);
    expect(follow(server, 'revoke-bob-view').walk.status).toBe(200);
    expect(follow(server, 'bob-lists-pods').walk.status).toBe(403);
  });

  it('a stale update stops at etcd with 409 Conflict: the stored object has a newer mod_revision', () => {
    const { ex, body, walk } = follow(new PipelineServer(), 'stale-update');
    expect(walk.status).toBe(409);
    expect(walk.stoppedAt).toBe('etcd');
    expect(body?.message).toBe('Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again');
    const sent = JSON.parse(ex.request.body!).metadata.resourceVersion as string;
    const read = ex.observations.find((o) => o.kind === 'etcd' && o.call === 'range');
    expect(read?.kind === 'etcd' && read.kvs![0].modRevision).toBeGreaterThan(Number(sent));
  });

  it('creating in a terminating namespace is refused by NamespaceLifecycle at validating admission', () => {
    const { body, walk } = follow(new PipelineServer(), 'terminating-namespace');
    expect(walk.status).toBe(403);
    expect(walk.stoppedAt).toBe('validating');
    expect(body?.message).toBe(`pods "web" is forbidden: unable to create new content in namespace ${TERMINATING_NAMESPACE} because it is being terminated`);
    expect(walk.steps.find((s) => s.outcome === 'stop')?.text).toBe('NamespaceLifecycle refused it');
  });

  it('a watch from a resourceVersion replays ADDED, MODIFIED and DELETED from etcd, then ends at its timeout', () => {
    const { ex, walk } = follow(new PipelineServer(), 'watch');
    expect(ex.response?.status).toBe(200);
    expect(ex.events.map((e) => `${e.type} ${(e.object as { metadata: { name: string } }).metadata.name}`)).toEqual(['ADDED demo', 'MODIFIED demo', 'DELETED demo']);
    expect(ex.ended).toBe(true);
    const watch = ex.observations.find((o) => o.kind === 'etcd' && o.call === 'watch');
    expect(watch?.kind === 'etcd' && watch.startRevision).toBe(Number(ex.request.query.resourceVersion) + 1);
    expect(walk.steps.filter((s) => s.event)).toHaveLength(3);
  });

  it('every request can be sent again and again on one server', () => {
    const server = new PipelineServer();
    for (let round = 0; round < 2; round++)
      for (const s of SCENARIOS) {
        if (s.id === 'grant-bob-view' || s.id === 'revoke-bob-view') continue;
        expect(server.send(s.prepare(server)).response, s.id).toBeDefined();
      }
    expect(follow(server, 'create-pod').walk.status).toBe(201);
    expect(follow(server, 'stale-update').walk.status).toBe(409);
  });
});
