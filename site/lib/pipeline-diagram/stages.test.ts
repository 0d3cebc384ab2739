import { describe, expect, it } from 'vitest';
import type { ApiRequest } from '../../../engine/apiserver/handler/types';
import type { Observation } from './observations';
import { changeLines, MAX_CHANGES, statusLine, walkthrough } from './stages';

const admin = { username: 'admin', groups: ['system:masters'] };
const get: ApiRequest = { method: 'GET', path: '/api/v1/namespaces/default/pods', query: {}, headers: {}, credentials: {} };
const status = (code: number, reason: string, message: string, details: Record<string, unknown> = {}) => ({
  kind: 'response' as const,
  status: code,
  body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code, details },
});
const authz = (authorizer: string, decision: 'Allow' | 'NoOpinion', reason = ''): Observation => ({
  kind: 'authz', authorizer, user: admin, verb: 'create', apiGroup: '', resource: 'pods', subresource: '', namespace: 'default', name: '', decision, reason,
});
const pod = (extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', ...extra } });
const chain = (phase: 'mutating' | 'validating', edge: 'start' | 'end', object = pod()): Observation => ({ kind: 'chain', phase, edge, operation: 'CREATE', object });

describe('walkthrough', () => {
  it('stops at authentication when no authenticator had an opinion', () => {
    const w = walkthrough(get, [{ kind: 'authn', result: 'none' }, status(401, 'Unauthorized', 'Unauthorized')]);
    expect(w.stoppedAt).toBe('authentication');
    expect(w.steps.map((s) => `${s.stage}:${s.outcome}`)).toEqual(['authentication:stop', 'response:stop']);
  });

  it('makes one authorization step of the union’s answers, allowed by the first that allows', () => {
    const w = walkthrough(get, [{ kind: 'authn', result: 'user', user: admin }, authz('system:masters', 'NoOpinion'), authz('RBAC', 'Allow', 'RBAC: allowed by X'), { kind: 'response', status: 200, body: { kind: 'PodList', metadata: { resourceVersion: '9' }, items: [] } }]);
    const step = w.steps[1];
    expect(step).toMatchObject({ stage: 'authorization', outcome: 'pass', text: 'Allowed by RBAC' });
    expect(step.details).toEqual(['May admin create pods in namespace default?', 'system:masters → NoOpinion, the user is not in the group system:masters', 'RBAC → Allow, reason "RBAC: allowed by X"']);
    expect(w.steps.at(-1)!.text).toBe('200 OK: PodList with 0 items');
    expect(w.stoppedAt).toBeUndefined();
  });

  it('reads validation’s outcome from the chains around it: passed when the validating chain starts', () => {
    const w = walkthrough(get, [chain('mutating', 'start'), chain('mutating', 'end'), chain('validating', 'start', pod({ uid: 'u1' })), chain('validating', 'end'), { kind: 'response', status: 201, body: pod() }]);
    expect(w.steps.map((s) => `${s.stage}:${s.outcome}`)).toEqual(['validation:pass', 'response:pass']);
    expect(w.steps[0].details).toEqual(['Prepared for storage first:', 'metadata.uid = u1']);
  });

  it('reads validation’s outcome from the chains around it: refused when the response follows the mutating chain, with each cause', () => {
    const causes = [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: 'Invalid value: "Web_1": bad' }];
    const w = walkthrough(get, [chain('mutating', 'start'), chain('mutating', 'end'), status(422, 'Invalid', 'Pod "Web_1" is invalid: …', { causes })]);
    expect(w.stoppedAt).toBe('validation');
    expect(w.steps[0]).toMatchObject({ stage: 'validation', outcome: 'stop', details: ['metadata.name: Invalid value: "Web_1": bad'] });
  });

  it('lists the defaults set before admission, from the request body to the object the chain first sees', () => {
    const post: ApiRequest = { ...get, method: 'POST', body: JSON.stringify({ kind: 'Pod', metadata: { name: 'web' }, spec: {} }) };
    const w = walkthrough(post, [chain('mutating', 'start', { kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { restartPolicy: 'Always' } } as never)]);
    expect(w.steps[0]).toMatchObject({ stage: 'mutating', outcome: 'note', details: ['spec.restartPolicy = Always'] });
  });

  it('shows an admission plugin’s etcd read as a note of its own stage, and its refusal as the stop', () => {
    const w = walkthrough(get, [
      chain('validating', 'start'),
      { kind: 'etcd', call: 'range', by: 'NamespaceLifecycle', key: '/registry/namespaces/x', prefix: false, revision: 7, count: 1, kvs: [{ key: '/registry/namespaces/x', modRevision: 5 }] },
      { kind: 'plugin', phase: 'validating', plugin: 'NamespaceLifecycle', operation: 'CREATE', refused: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'no' }, changes: [] },
      status(403, 'Forbidden', 'no'),
    ]);
    expect(w.steps.map((s) => `${s.stage}:${s.outcome}`)).toEqual(['validating:note', 'validating:stop', 'response:stop']);
    expect(w.stoppedAt).toBe('validating');
  });

  it('blames the etcd read for a 409 Conflict found on it, and says which resourceVersion was stale', () => {
    const put: ApiRequest = { ...get, method: 'PUT', body: JSON.stringify({ metadata: { name: 'settings', resourceVersion: '20' } }) };
    const w = walkthrough(put, [
      { kind: 'etcd', call: 'range', key: '/registry/configmaps/default/settings', prefix: false, revision: 21, count: 1, kvs: [{ key: '/registry/configmaps/default/settings', modRevision: 21 }] },
      status(409, 'Conflict', 'Operation cannot be fulfilled …'),
    ]);
    expect(w.stoppedAt).toBe('etcd');
    expect(w.steps[0].outcome).toBe('stop');
    expect(w.steps[0].details.at(-1)).toMatch(/based on resourceVersion 20/);
  });

  it('describes a txn by its compare, its branch and its revision', () => {
    const w = walkthrough(get, [{ kind: 'etcd', call: 'txn', key: '/k', prefix: false, compare: ['create(/k) = 0'], succeeded: true, writes: ['/k'], deletes: [], revision: 12 }]);
    expect(w.steps[0]).toMatchObject({ stage: 'etcd', text: 'txn on /k: succeeded', details: ['if create(/k) = 0', 'then put /k', 'committed at revision 12'] });
  });
});

describe('changeLines and statusLine', () => {
  it('lists at most MAX_CHANGES changes, then how many more', () => {
    const changes = Array.from({ length: MAX_CHANGES + 2 }, (_, i) => ({ path: `f${i}`, value: i }));
    const lines = changeLines(changes);
    expect(lines).toHaveLength(MAX_CHANGES + 1);
    expect(lines.at(-1)).toBe('… and 2 more');
    expect(changeLines([{ path: 'a', value: undefined }])).toEqual(['a removed']);
  });

  it('names statuses by their reason phrase', () => {
    expect(statusLine(422)).toBe('422 Unprocessable Entity');
    expect(statusLine(299)).toBe('299');
  });
});
