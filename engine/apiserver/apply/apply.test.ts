import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1';
import { describe, expect, it } from 'vitest';
import { fieldSetOf, removeAt, valueAt } from './fields';
import { FieldSet, pathString } from './fieldpath';
import { applyConflicts, conflictError, droppedByApply, ownAfterApply, ownAfterUpdate, type Writer } from './managed';

const deployment = (replicas: number, image = 'nginx:1.27', labels: Record<string, string> = { app: 'web' }) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image, ports: [{ containerPort: 80 }] }] } },
  },
});

const writer = (manager: string, operation: 'Apply' | 'Update', now = 0): Writer => ({ manager, operation, subresource: '', apiVersion: 'apps/v1', now });

describe('field sets', () => {
  it('are shaped as upstream stores them: keyed list items, granular maps, atomic selectors', () => {
    const trie = fieldSetOf(deployment(2)).toFieldsV1() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(trie['f:metadata']).toEqual({ 'f:labels': { '.': {}, 'f:app': {} } });
    expect(trie['f:spec']['f:selector']).toEqual({});
    expect(trie['f:spec']['f:template']['f:spec']['f:containers']).toEqual({
      'k:{"name":"nginx"}': { '.': {}, 'f:name': {}, 'f:image': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } },
    });
    expect(trie['f:spec']['f:replicas']).toEqual({});
  });

  it('print paths as conflict messages do, and read back from FieldsV1', () => {
    const set = fieldSetOf(deployment(2));
    const paths = set.entries().map(([s]) => s);
    expect(paths).toContain('.spec.template.spec.containers[name="nginx"].image');
    expect(paths).toContain('.spec.template.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"]');
    expect(paths).toContain('.metadata.labels.app');
    const back = FieldSet.fromFieldsV1(set.toFieldsV1());
    expect(back.entries().map(([s]) => s).sort()).toEqual([...paths].sort());
  });

  it('find and remove values by path, list items by key', () => {
    const d = deployment(2);
    const [, image] = fieldSetOf(d).entries().find(([s]) => s.endsWith('.image'))!;
    expect(valueAt(d, image)).toBe('nginx:1.27');
    const [, item] = fieldSetOf(d).entries().find(([s]) => s.endsWith('containers[name="nginx"]'))!;
    removeAt(d, item);
    expect(d.spec.template.spec.containers).toEqual([]);
    expect(pathString([{ field: 'metadata' }, { field: 'finalizers' }, { value: 'x' }])).toBe('.metadata.finalizers[="x"]');
  });
});

describe('ownership', () => {
  const created = ownAfterUpdate([], writer('kubectl-client-side-apply', 'Update'), {}, deployment(2), 'skip');

  it('gives a creator every field it set', () => {
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' });
    expect(FieldSet.fromFieldsV1(created[0].fieldsV1).has('.spec.replicas')).toBe(true);
  });

  it('refuses an apply that changes another manager’s field, naming it as upstream does, and allows an equal value', () => {
    const applied = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3 } };
    const conflicts = applyConflicts(created, writer('ops', 'Apply'), fieldSetOf(applied), deployment(2), applied);
    expect(conflicts.map((c) => pathString(c.path))).toEqual(['.spec.replicas']);
    const err = conflictError(conflicts);
    expect(err.status.code).toBe(409);
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
    expect(err.status.details?.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }]);
    const same = { ...applied, spec: { replicas: 2 } };
    expect(applyConflicts(created, writer('ops', 'Apply'), fieldSetOf(same), deployment(2), same)).toEqual([]);
  });

  it('lists several conflicts grouped by manager', () => {
    const applied = deployment(5, 'nginx:1.28');
    const err = conflictError(applyConflicts(created, writer('ops', 'Apply'), fieldSetOf(applied), deployment(2), applied));
    expect(err.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image',
    );
  });

  it('with force moves the fields to the applier; an update takes back what it changes', () => {
    const applied = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3 } };
    const conflicts = applyConflicts(created, writer('ops', 'Apply'), fieldSetOf(applied), deployment(2), applied);
    const forced = ownAfterApply(created, writer('ops', 'Apply'), fieldSetOf(applied), conflicts);
    const owner = (entries: ManagedFieldsEntry[], path: string) => entries.filter((e) => FieldSet.fromFieldsV1(e.fieldsV1).has(path)).map((e) => e.manager);
    expect(owner(forced, '.spec.replicas')).toEqual(['ops']);
    const scaled = ownAfterUpdate(forced, writer('kubectl', 'Update'), deployment(3), deployment(4), 'skip');
    expect(owner(scaled, '.spec.replicas')).toEqual(['kubectl']);
    // ops owned only replicas: its entry is gone.
    expect(scaled.map((e) => e.manager)).toEqual(['kubectl-client-side-apply', 'kubectl']);
  });

  it('drops what an applier stopped setting, unless another manager owns it too', () => {
    const first = deployment(2, 'nginx:1.27', { app: 'web', tier: 'front' });
    const owned = ownAfterApply([], writer('ops', 'Apply'), fieldSetOf(first), []);
    const second = deployment(2, 'nginx:1.27', { app: 'web' });
    expect(droppedByApply(owned, writer('ops', 'Apply'), fieldSetOf(second)).entries().map(([s]) => s)).toEqual(['.metadata.labels.tier']);
    const shared = [...owned, ...ownAfterUpdate([], writer('labeler', 'Update'), {}, { metadata: { labels: { tier: 'front' } } }, 'include')];
    expect(droppedByApply(shared, writer('ops', 'Apply'), fieldSetOf(second)).size).toBe(0);
  });
});
