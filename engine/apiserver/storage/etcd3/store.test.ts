import { describe, expect, it } from 'vitest';
import { newConflict, type StatusError } from '../../errors';
import { parseFieldSelector } from '../../selectors/fields';
import { parseLabelSelector } from '../../selectors/labels';
import { decodeContinue } from '../continue';
import { harness, pod } from '../testing';
import type { KubeObject, ListResult } from '../types';
import { EXPIRED_LIST, INCONSISTENT_CONTINUE } from './store';

function label(text: string) {
  const p = parseLabelSelector(text);
  if (!p.ok) throw new Error(p.error);
  return p.selector;
}

describe('Etcd3Store', () => {
  it('stores an object under its key as JSON without resourceVersion and answers with the revision', () => {
    const h = harness();
    const key = h.storage.keyFor('default', 'web');
    expect(key).toBe('/registry/pods/default/web');
    const [err, created] = h.call<KubeObject>((d) => h.storage.create(key, pod('web'), d));
    expect(err).toBeNull();
    const stored = h.mvcc.range(key, undefined, {}).kvs[0];
    expect(created!.metadata!.resourceVersion).toBe(String(stored.mod_revision));
    expect(JSON.parse(stored.value).metadata.resourceVersion).toBeUndefined();
    const [, got] = h.call<KubeObject | null>((d) => h.storage.get(key, {}, d));
    expect(got).toEqual(created);
  });

  it('keys cluster-scoped objects without a namespace and under the registry-chosen segment', () => {
    const h = harness({ resource: { group: '', resource: 'nodes' }, kind: 'Node', resourcePrefix: 'minions', namespaced: false });
    expect(h.storage.keyFor(undefined, 'n1')).toBe('/registry/minions/n1');
    expect(h.storage.prefixFor()).toBe('/registry/minions/');
  });

  it('refuses a second create with AlreadyExists and a missing get with NotFound', () => {
    const h = harness();
    const key = h.storage.keyFor('default', 'web');
    h.call((d) => h.storage.create(key, pod('web'), d));
    const [err] = h.call((d) => h.storage.create(key, pod('web'), d));
    expect(err!.status).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'pods "web" already exists' });
    const [nf] = h.call((d) => h.storage.get(h.storage.keyFor('default', 'nope'), {}, d));
    expect(nf!.status).toMatchObject({ code: 404, reason: 'NotFound', message: 'pods "nope" not found' });
    const [none, res] = h.call((d) => h.storage.get(h.storage.keyFor('default', 'nope'), { ignoreNotFound: true }, d));
    expect([none, res]).toEqual([null, null]);
  });

  it('uses the group-qualified resource in messages', () => {
    const h = harness({ resource: { group: 'apps', resource: 'deployments' }, kind: 'Deployment', apiVersion: 'apps/v1', resourcePrefix: 'deployments' });
    const [err] = h.call((d) => h.storage.get(h.storage.keyFor('default', 'web'), {}, d));
    expect(err!.message).toBe('deployments.apps "web" not found');
  });

  it('refuses to create an object that already carries a resourceVersion', () => {
    const h = harness();
    const obj = pod('web');
    (obj.metadata as { resourceVersion?: string }).resourceVersion = '7';
    const [err] = h.call((d) => h.storage.create(h.storage.keyFor('default', 'web'), obj, d));
    expect(err!.status).toMatchObject({ code: 500, message: 'Internal error occurred: resourceVersion should not be set on objects to be created' });
  });

  it('updates with tryUpdate and bumps the resourceVersion; a stale resourceVersion precondition is a Conflict', () => {
    const h = harness();
    const key = h.storage.keyFor('default', 'web');
    const [, created] = h.call<KubeObject>((d) => h.storage.create(key, pod('web'), d));
    const rv = created!.metadata!.resourceVersion!;
    const setImage = (image: string) => (cur: KubeObject | null) => ({ ...cur!, spec: { image } });
    const [e1, updated] = h.call<KubeObject>((d) => h.storage.guaranteedUpdate(key, { preconditions: { resourceVersion: rv } }, setImage('a'), d));
    expect(e1).toBeNull();
    expect(Number(updated!.metadata!.resourceVersion)).toBeGreaterThan(Number(rv));
    const [e2] = h.call((d) => h.storage.guaranteedUpdate(key, { preconditions: { resourceVersion: rv } }, setImage('b'), d));
    expect(e2!.status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again',
    });
    const [e3] = h.call((d) => h.storage.guaranteedUpdate(key, { preconditions: { uid: 'other' } }, setImage('b'), d));
    expect(e3!.message).toBe('Operation cannot be fulfilled on pods "web": Precondition failed: UID in precondition: other, UID in object meta: uid-default-web');
  });

  it('retries tryUpdate on a lost race when there is no resourceVersion precondition, and fails with Conflict when there is', () => {
    const h = harness();
    const key = h.storage.keyFor('default', 'web');
    const [, created] = h.call<KubeObject>((d) => h.storage.create(key, pod('web', 'default', undefined, { spec: { n: 0 } }), d));
    // Two read-modify-writes start from the same read: one must retry on the other's result.
    const results: Array<[StatusError | null, KubeObject | undefined]> = [];
    const inc = (cur: KubeObject | null) => ({ ...cur!, spec: { n: (cur!.spec as { n: number }).n + 1 } });
    h.storage.guaranteedUpdate(key, {}, inc, (e, r) => results.push([e, r]));
    h.storage.guaranteedUpdate(key, {}, inc, (e, r) => results.push([e, r]));
    h.settle();
    expect(results.map(([e]) => e)).toEqual([null, null]);
    const [, final] = h.call<KubeObject | null>((d) => h.storage.get(key, {}, d));
    expect(final!.spec).toEqual({ n: 2 });

    const raced: Array<StatusError | null> = [];
    const rv = final!.metadata!.resourceVersion!;
    h.storage.guaranteedUpdate(key, { preconditions: { resourceVersion: rv } }, inc, (e) => raced.push(e));
    h.storage.guaranteedUpdate(key, { preconditions: { resourceVersion: rv } }, inc, (e) => raced.push(e));
    h.settle();
    expect(raced.filter((e) => e === null)).toHaveLength(1);
    expect(raced.find((e) => e)!.message).toBe(newConflict({ group: '', resource: 'pods' }, 'web').message);
    expect(created).toBeDefined();
  });

  it('aborts an update with the StatusError tryUpdate returns, and writes nothing for a no-op update', () => {
    const h = harness();
    const key = h.storage.keyFor('default', 'web');
    const [, created] = h.call<KubeObject>((d) => h.storage.create(key, pod('web'), d));
    const [err] = h.call((d) => h.storage.guaranteedUpdate(key, {}, () => newConflict({ group: '', resource: 'pods' }, 'web', 'nope'), d));
    expect(err!.message).toBe('Operation cannot be fulfilled on pods "web": nope');
    const before = h.mvcc.currentRevision();
    const [, same] = h.call<KubeObject>((d) => h.storage.guaranteedUpdate(key, {}, (cur) => cur!, d));
    expect(h.mvcc.currentRevision()).toBe(before);
    expect(same).toEqual(created);
  });

  it('creates through guaranteedUpdate with ignoreNotFound, and answers NotFound without it', () => {
    const h = harness();
    const key = h.storage.keyFor('default', 'web');
    const [nf] = h.call((d) => h.storage.guaranteedUpdate(key, {}, () => pod('web'), d));
    expect(nf!.reason).toBe('NotFound');
    const [err, made] = h.call<KubeObject>((d) => h.storage.guaranteedUpdate(key, { ignoreNotFound: true }, (cur) => (cur === null ? pod('web') : cur), d));
    expect(err).toBeNull();
    expect(made!.metadata!.name).toBe('web');
  });

  it('deletes with preconditions and returns the object at the delete revision', () => {
    const h = harness();
    const key = h.storage.keyFor('default', 'web');
    const [, created] = h.call<KubeObject>((d) => h.storage.create(key, pod('web'), d));
    const [pre] = h.call((d) => h.storage.delete(key, { resourceVersion: '1' }, d));
    expect(pre!.message).toBe(
      `Operation cannot be fulfilled on pods "web": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${created!.metadata!.resourceVersion}`,
    );
    const [veto] = h.call((d) => h.storage.delete(key, undefined, d, () => newConflict({ group: '', resource: 'pods' }, 'web', 'has finalizers')));
    expect(veto!.message).toContain('has finalizers');
    const [err, deleted] = h.call<KubeObject>((d) => h.storage.delete(key, { uid: 'uid-default-web' }, d));
    expect(err).toBeNull();
    expect(deleted!.metadata!.resourceVersion).toBe(String(h.mvcc.currentRevision()));
    const [again] = h.call((d) => h.storage.delete(key, undefined, d));
    expect(again!.reason).toBe('NotFound');
  });

  it('counts the keys under a prefix', () => {
    const h = harness();
    for (let i = 0; i < 3; i++) h.call((d) => h.storage.create(h.storage.keyFor(i < 2 ? 'a' : 'b', `p${i}`), pod(`p${i}`, i < 2 ? 'a' : 'b'), d));
    expect(h.call<number>((d) => h.storage.count(h.storage.prefixFor('a'), d))[1]).toBe(2);
    expect(h.call<number>((d) => h.storage.count(h.storage.prefixFor(), d))[1]).toBe(3);
  });
});

describe('Etcd3Store lists', () => {
  function filled(n: number) {
    const h = harness();
    for (let i = 0; i < n; i++) {
      const name = `p${String(i).padStart(5, '0')}`;
      h.storage.create(h.storage.keyFor(i % 2 ? 'odd' : 'even', name), pod(name, i % 2 ? 'odd' : 'even', { parity: i % 2 ? 'odd' : 'even', i: String(i) }), () => {});
    }
    h.settle();
    return h;
  }

  function pages(h: ReturnType<typeof filled>, prefix: string, limit: number, extra: object = {}) {
    const seen: string[] = [];
    const metas: Array<Omit<ListResult, 'items'>> = [];
    let cont: string | undefined;
    do {
      const [err, res] = h.call<ListResult>((d) => h.storage.getList(prefix, { limit, continue: cont, ...extra }, d));
      if (err) throw err;
      for (const it of res!.items) seen.push(`${it.metadata!.namespace}/${it.metadata!.name}`);
      const { items: _i, ...meta } = res!;
      metas.push(meta);
      cont = res!.continue;
    } while (cont);
    return { seen, metas };
  }

  it('pages 2,500 objects 500 at a time, each exactly once, at one revision, with remainingItemCount', () => {
    const h = filled(2500);
    const rev = h.mvcc.currentRevision();
    const { seen, metas } = pages(h, h.storage.prefixFor(), 500);
    expect(seen).toHaveLength(2500);
    expect(new Set(seen).size).toBe(2500);
    expect(metas.map((m) => m.resourceVersion)).toEqual(Array(5).fill(String(rev)));
    expect(metas.map((m) => m.remainingItemCount)).toEqual([2000, 1500, 1000, 500, undefined]);
    const token = decodeContinue(metas[0].continue!, '/registry/pods/');
    expect(token).toEqual({ fromKey: `/registry/pods/even/p00998\0`, rv: rev });
  });

  it('reads later pages at the first page’s revision even when objects change in between', () => {
    const h = filled(10);
    const [, first] = h.call<ListResult>((d) => h.storage.getList(h.storage.prefixFor(), { limit: 4 }, d));
    for (let i = 0; i < 5; i++) h.call((d) => h.storage.create(h.storage.keyFor('odd', `z${i}`), pod(`z${i}`, 'odd'), d));
    let cont = first!.continue;
    const names = first!.items.map((o) => o.metadata!.name);
    while (cont) {
      const [, page] = h.call<ListResult>((d) => h.storage.getList(h.storage.prefixFor(), { limit: 4, continue: cont }, d));
      names.push(...page!.items.map((o) => o.metadata!.name!));
      cont = page!.continue;
    }
    expect(names).toHaveLength(10);
  });

  it('pages with a selector: full pages of matching objects, no remainingItemCount', () => {
    const h = filled(200);
    const { seen, metas } = pages(h, h.storage.prefixFor(), 30, { predicate: { label: label('parity=odd') } });
    expect(seen).toHaveLength(100);
    expect(seen.every((s) => s.startsWith('odd/'))).toBe(true);
    expect(metas.every((m) => m.remainingItemCount === undefined)).toBe(true);
    const fieldSel = parseFieldSelector('metadata.namespace=even');
    if (!fieldSel.ok) throw new Error(fieldSel.error);
    const [, res] = h.call<ListResult>((d) => h.storage.getList(h.storage.prefixFor(), { predicate: { field: fieldSel.selector } }, d));
    expect(res!.items).toHaveLength(100);
  });

  it('answers 410 Expired with an inconsistent continue token when the token’s revision was compacted', () => {
    const h = filled(10);
    const [, first] = h.call<ListResult>((d) => h.storage.getList(h.storage.prefixFor(), { limit: 4 }, d));
    h.call((d) => h.storage.create(h.storage.keyFor('odd', 'late'), pod('late', 'odd'), d));
    h.call((d) => h.kv.compact({ revision: h.mvcc.currentRevision() }, () => d(null)));
    const [err] = h.call<ListResult>((d) => h.storage.getList(h.storage.prefixFor(), { limit: 4, continue: first!.continue }, d));
    expect(err!.status).toMatchObject({ code: 410, reason: 'Expired', message: INCONSISTENT_CONTINUE });
    const next = decodeContinue(err!.status.metadata.continue!, '/registry/pods/');
    expect(next).toMatchObject({ rv: -1 });
    // The inconsistent token continues at the latest revision, where the new object shows.
    const [e2, rest] = h.call<ListResult>((d) => h.storage.getList(h.storage.prefixFor(), { limit: 100, continue: err!.status.metadata.continue }, d));
    expect(e2).toBeNull();
    expect(rest!.items.map((o) => o.metadata!.name)).toContain('late');
    expect(rest!.items).toHaveLength(7);
  });

  it('lists at an exact revision, 410 when it was compacted, 504 when it is in the future', () => {
    const h = filled(3);
    const rev = h.mvcc.currentRevision();
    h.call((d) => h.storage.create(h.storage.keyFor('odd', 'late'), pod('late', 'odd'), d));
    const [, exact] = h.call<ListResult>((d) => h.storage.getList(h.storage.prefixFor(), { resourceVersion: String(rev), resourceVersionMatch: 'Exact' }, d));
    expect(exact!.items).toHaveLength(3);
    expect(exact!.resourceVersion).toBe(String(rev));
    const [, latest] = h.call<ListResult>((d) => h.storage.getList(h.storage.prefixFor(), { resourceVersion: String(rev) }, d));
    expect(latest!.items).toHaveLength(4);
    const [future] = h.call((d) => h.storage.getList(h.storage.prefixFor(), { resourceVersion: String(rev + 50), resourceVersionMatch: 'Exact' }, d));
    expect(future!.status).toMatchObject({ code: 504, reason: 'Timeout', message: `Timeout: Too large resource version: ${rev + 50}, current: ${rev + 1}` });
    h.call((d) => h.kv.compact({ revision: rev + 1 }, () => d(null)));
    const [old] = h.call((d) => h.storage.getList(h.storage.prefixFor(), { resourceVersion: String(rev), resourceVersionMatch: 'Exact' }, d));
    expect(old!.status).toMatchObject({ code: 410, reason: 'Expired', message: EXPIRED_LIST });
  });

  it('rejects bad continue tokens and a resourceVersion alongside continue with 400', () => {
    const h = filled(3);
    const [bad] = h.call((d) => h.storage.getList(h.storage.prefixFor(), { continue: 'not!base64' }, d));
    expect(bad!.status).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(bad!.message).toMatch(/^invalid continue token: continue key is not valid/);
    const [, first] = h.call<ListResult>((d) => h.storage.getList(h.storage.prefixFor(), { limit: 1 }, d));
    const [both] = h.call((d) => h.storage.getList(h.storage.prefixFor(), { limit: 1, continue: first!.continue, resourceVersion: '5' }, d));
    expect(both!.message).toBe('specifying resource version is not allowed when using continue');
  });
});
