import { describe, expect, it } from 'vitest';
import { PipelineDiagram } from './controller';

const stateOf = (d: PipelineDiagram) => Object.fromEntries(d.view().stages.map((s) => [s.id, `${s.state}${s.current ? '*' : ''}`]));

describe('PipelineDiagram', () => {
  it('shows nothing lit before a request is chosen', () => {
    const d = new PipelineDiagram();
    const v = d.view();
    expect(v.request).toBeUndefined();
    expect(v.stages.every((s) => s.state === 'idle')).toBe(true);
  });

  it('lights the stages one step at a time, and marks where bob’s list stopped', () => {
    const d = new PipelineDiagram();
    d.send('bob-lists-pods');
    expect(d.view()).toMatchObject({ request: { method: 'GET', target: '/api/v1/namespaces/default/pods', credentials: 'Authorization: Bearer 8f2c…' }, steps: [], finished: false });
    d.step();
    expect(stateOf(d)).toMatchObject({ authentication: 'passed*', authorization: 'idle', response: 'idle' });
    expect(d.view().live).toBe('Authentication: Authenticated as bob.');
    d.step();
    expect(stateOf(d)).toMatchObject({ authorization: 'stopped*' });
    expect(d.view().response).toBeUndefined();
    d.step();
    expect(d.step()).toBe(false);
    const v = d.view();
    expect(v.finished).toBe(true);
    expect(stateOf(d)).toEqual({ authentication: 'passed', authorization: 'stopped', mutating: 'skipped', validation: 'skipped', validating: 'skipped', etcd: 'skipped', response: 'failed' });
    expect(v.live).toBe('Stopped at Authorization: 403 Forbidden.');
    expect(JSON.parse(v.response!)).toMatchObject({ kind: 'Status', code: 403, message: 'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"' });
  });

  it('grants and revokes bob’s view through real requests', () => {
    const d = new PipelineDiagram();
    d.toggleGrant();
    expect(d.current?.walk.status).toBe(201);
    expect(d.granted).toBe(true);
    d.send('bob-lists-pods');
    d.showAll();
    expect(d.view().live).toBe('Done: 200 OK.');
    d.toggleGrant();
    expect(d.current?.scenario.id).toBe('revoke-bob-view');
    expect(d.granted).toBe(false);
  });

  it('shows a watch’s events on the stream as their steps are reached', () => {
    const d = new PipelineDiagram();
    d.send('watch');
    while (!d.view().steps.some((s) => s.event)) d.step();
    expect(d.view().response!.split('\n')).toHaveLength(2);
    d.showAll();
    const lines = d.view().response!.split('\n');
    expect(lines[0]).toMatch(/^HTTP\/1.1 200 OK/);
    expect(lines.slice(1).map((l) => JSON.parse(l).type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  });

  it('rewinds to play the same request again, and reset forgets the grant', () => {
    const d = new PipelineDiagram();
    d.toggleGrant();
    d.showAll();
    d.rewind();
    expect(d.view().steps).toEqual([]);
    d.reset();
    expect(d.granted).toBe(false);
    d.send('bob-lists-pods');
    expect(d.current?.walk.status).toBe(403);
  });
});
