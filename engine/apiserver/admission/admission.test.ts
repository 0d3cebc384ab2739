import { describe, expect, it } from 'vitest';
import { newForbidden } from '../errors';
import { testCluster } from '../handler/testing';
import type { MutatingPlugin, ValidatingPlugin } from './types';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('admission in the request path', () => {
  it('runs every mutating plugin, then validation, then the validating plugins', () => {
    const seen: string[] = [];
    const labeler: MutatingPlugin = {
      name: 'Labeler',
      handles: (op) => op === 'CREATE',
      admit(a, done) {
        seen.push(`admit ${a.operation} ${a.resource.resource} ${a.namespace}`);
        a.object!.metadata = { ...a.object!.metadata, labels: { ...(a.object!.metadata?.labels ?? {}), team: 'a' } };
        done(null);
      },
    };
    const requireTeam: ValidatingPlugin = {
      name: 'RequireTeam',
      handles: (op) => op === 'CREATE' || op === 'DELETE',
      validate(a, done) {
        seen.push(`validate ${a.operation} ${a.name} team=${a.object?.metadata?.labels?.team ?? '-'}`);
        if (a.operation === 'DELETE') return done(newForbidden({ group: '', resource: a.resource.resource }, a.name, 'deletes are frozen'));
        done(null);
      },
    };
    const c = testCluster({ admission: { mutating: [labeler], validating: [requireTeam] } });
    seen.length = 0;
    const res = c.call('POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cfg-' } } });
    expect(res.status).toBe(201);
    const name = (res.body as Body).metadata.name;
    expect((res.body as Body).metadata.labels).toEqual({ team: 'a' });
    // Mutating plugins see the object before generateName is resolved; validating ones after.
    expect(seen).toEqual(['admit CREATE configmaps default', `validate CREATE ${name} team=a`]);
    seen.length = 0;
    const invalid = c.call('POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad' } } });
    expect(invalid.status).toBe(422);
    expect(seen).toEqual(['admit CREATE configmaps default']);
    const del = c.call('DELETE', `/api/v1/namespaces/default/configmaps/${name}`);
    expect([del.status, (del.body as Body).message]).toEqual([403, `configmaps "${name}" is forbidden: deletes are frozen`]);
  });
});
