import type { ResourceQuota } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { newConflict, type StatusError } from '../errors';
import { deepCopy } from '../object';
import { resourceQuota } from './resource_quota';
import { answerOf, podWith, requestFor } from './testing';
import type { AdmissionAttributes } from './types';

/** QuotaStore keeps quotas with resourceVersions; answers go through a queue so tests choose the interleaving. */
class QuotaStore {
  private rv = 1;
  readonly quotas = new Map<string, ResourceQuota>();
  readonly queue: (() => void)[] = [];
  writes = 0;
  conflicts = 0;

  constructor(readonly async = false) {}

  put(q: ResourceQuota): void {
    this.quotas.set(q.metadata!.name!, { ...deepCopy(q), metadata: { ...q.metadata, resourceVersion: String(++this.rv) } });
  }

  private later(fn: () => void): void {
    if (this.async) this.queue.push(fn);
    else fn();
  }

  list = (_ns: string, done: (err: StatusError | null, items: ResourceQuota[]) => void): void => {
    const snapshot = [...this.quotas.values()].map(deepCopy);
    this.later(() => done(null, snapshot));
  };

  update = (q: ResourceQuota, done: (err: StatusError | null, updated: ResourceQuota | null) => void): void => {
    this.later(() => {
      const cur = this.quotas.get(q.metadata!.name!)!;
      if (cur.metadata!.resourceVersion !== q.metadata!.resourceVersion) {
        this.conflicts++;
        return done(newConflict({ group: '', resource: 'resourcequotas' }, q.metadata!.name!), null);
      }
      this.writes++;
      this.put(q);
      done(null, deepCopy(this.quotas.get(q.metadata!.name!)!));
    });
  };

  /** drain runs queued answers, picking among them by the given order function. */
  drain(pick: (n: number) => number): void {
    while (this.queue.length) this.queue.splice(pick(this.queue.length), 1)[0]();
  }
}

function quota(name: string, hard: Record<string, string>, used?: Record<string, string>, scopes?: string[]): ResourceQuota {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name, namespace: 'default' }, spec: { hard, ...(scopes ? { scopes } : {}) }, ...(used ? { status: { hard, used } } : {}) };
}

const guaranteed = (name: string, cpu = '500m', memory = '256Mi') => podWith(name, [{ name: 'app', requests: { cpu, memory }, limits: { cpu, memory } }]);

describe('ResourceQuota', () => {
  it('charges a create to status.used', () => {
    const store = new QuotaStore();
    store.put(quota('q', { pods: '2', 'requests.cpu': '1' }));
    const plugin = resourceQuota({ listQuotas: store.list, updateQuotaStatus: store.update });
    expect(answerOf((d) => plugin.validate(requestFor('CREATE', 'pods', 'default', guaranteed('a')), d))).toBeNull();
    expect(store.quotas.get('q')!.status).toEqual({ hard: { pods: '2', 'requests.cpu': '1' }, used: { pods: '1', 'requests.cpu': '500m' } });
  });

  it('refuses what goes over hard with upstream text, and charges nothing', () => {
    const store = new QuotaStore();
    store.put(quota('q', { pods: '2' }, { pods: '2' }));
    const plugin = resourceQuota({ listQuotas: store.list, updateQuotaStatus: store.update });
    const err = answerOf((d) => plugin.validate(requestFor('CREATE', 'pods', 'default', guaranteed('web')), d));
    expect(err?.code).toBe(403);
    expect(err?.message).toBe('pods "web" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2');
    expect(store.writes).toBe(0);
  });

  it('names only the exceeded resources, with summed quantities', () => {
    const store = new QuotaStore();
    store.put(quota('compute', { pods: '10', 'limits.cpu': '4', 'limits.memory': '1Gi' }, { pods: '3', 'limits.cpu': '3500m', 'limits.memory': '512Mi' }));
    const plugin = resourceQuota({ listQuotas: store.list, updateQuotaStatus: store.update });
    const err = answerOf((d) => plugin.validate(requestFor('CREATE', 'pods', 'default', guaranteed('web', '1', '256Mi')), d));
    expect(err?.message).toBe('pods "web" is forbidden: exceeded quota: compute, requested: limits.cpu=1, used: limits.cpu=3500m, limited: limits.cpu=4');
  });

  it('requires every container to specify the compute resources the quota tracks', () => {
    const store = new QuotaStore();
    store.put(quota('team', { 'limits.cpu': '4', 'requests.memory': '1Gi' }));
    const plugin = resourceQuota({ listQuotas: store.list, updateQuotaStatus: store.update });
    const pod = podWith('web', [
      { name: 'app', requests: { memory: '1Mi' } },
      { name: 'proxy' },
    ]);
    expect(answerOf((d) => plugin.validate(requestFor('CREATE', 'pods', 'default', pod), d))?.message).toBe(
      'pods "web" is forbidden: failed quota: team: must specify limits.cpu for: app,proxy; requests.memory for: proxy',
    );
  });

  it('counts objects by count/<resource> and the legacy names', () => {
    const store = new QuotaStore();
    store.put(quota('objects', { configmaps: '1', 'count/secrets': '0', 'count/deployments.apps': '1' }));
    const plugin = resourceQuota({ listQuotas: store.list, updateQuotaStatus: store.update });
    const obj = (kind: string) => ({ apiVersion: 'v1', kind, metadata: { name: 'x' } });
    expect(answerOf((d) => plugin.validate(requestFor('CREATE', 'configmaps', 'default', obj('ConfigMap')), d))).toBeNull();
    expect(answerOf((d) => plugin.validate(requestFor('CREATE', 'configmaps', 'default', obj('ConfigMap')), d))?.message).toBe(
      'configmaps "x" is forbidden: exceeded quota: objects, requested: configmaps=1, used: configmaps=1, limited: configmaps=1',
    );
    expect(answerOf((d) => plugin.validate(requestFor('CREATE', 'secrets', 'default', obj('Secret')), d))?.message).toBe(
      'secrets "x" is forbidden: exceeded quota: objects, requested: count/secrets=1, used: count/secrets=0, limited: count/secrets=0',
    );
    expect(answerOf((d) => plugin.validate(requestFor('CREATE', 'deployments', 'default', obj('Deployment')), d))).toBeNull();
    expect(store.quotas.get('objects')!.status!.used).toEqual({ configmaps: '1', 'count/deployments.apps': '1', 'count/secrets': '0' });
  });

  it('charges a claim growing its storage on update, and not a shrinking one', () => {
    const store = new QuotaStore();
    store.put(quota('s', { 'requests.storage': '10Gi' }, { 'requests.storage': '8Gi' }));
    const plugin = resourceQuota({ listQuotas: store.list, updateQuotaStatus: store.update });
    const pvc = (storage: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { resources: { requests: { storage } } } });
    const grow = requestFor('UPDATE', 'persistentvolumeclaims', 'default', pvc('5Gi'), { oldObject: pvc('2Gi') });
    expect(answerOf((d) => plugin.validate(grow, d))?.message).toBe(
      'persistentvolumeclaims "data" is forbidden: exceeded quota: s, requested: requests.storage=3Gi, used: requests.storage=8Gi, limited: requests.storage=10Gi',
    );
    const shrink = requestFor('UPDATE', 'persistentvolumeclaims', 'default', pvc('1Gi'), { oldObject: pvc('2Gi') });
    expect(answerOf((d) => plugin.validate(shrink, d))).toBeNull();
    expect(store.writes).toBe(0);
  });

  it('ignores pod updates, subresources and quotas that track nothing the request uses', () => {
    const store = new QuotaStore();
    store.put(quota('q', { pods: '0' }, { pods: '0' }));
    store.put(quota('other', { secrets: '0' }, { secrets: '0' }));
    const plugin = resourceQuota({ listQuotas: store.list, updateQuotaStatus: store.update });
    expect(answerOf((d) => plugin.validate(requestFor('UPDATE', 'pods', 'default', guaranteed('w'), { oldObject: guaranteed('w') }), d))).toBeNull();
    expect(answerOf((d) => plugin.validate(requestFor('CREATE', 'pods', 'default', guaranteed('w'), { subresource: 'binding' }), d))).toBeNull();
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    expect(answerOf((d) => plugin.validate(requestFor('CREATE', 'configmaps', 'default', cm), d))).toBeNull();
  });

  it('applies scopes to pods only', () => {
    const store = new QuotaStore();
    store.put(quota('be', { pods: '0' }, { pods: '0' }, ['BestEffort']));
    const plugin = resourceQuota({ listQuotas: store.list, updateQuotaStatus: store.update });
    expect(answerOf((d) => plugin.validate(requestFor('CREATE', 'pods', 'default', guaranteed('g')), d))).toBeNull();
    expect(answerOf((d) => plugin.validate(requestFor('CREATE', 'pods', 'default', podWith('b', [{ name: 'a' }])), d))?.message).toMatch(/exceeded quota: be/);
  });

  it('never exceeds hard under concurrent creates: losers of the quota write re-read and decide again', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const store = new QuotaStore(true);
      store.put(quota('q', { pods: '3', 'requests.cpu': '2' }));
      const plugin = resourceQuota({ listQuotas: store.list, updateQuotaStatus: store.update });
      const answers: (StatusError | null)[] = [];
      for (let i = 0; i < 8; i++) {
        const a: AdmissionAttributes = requestFor('CREATE', 'pods', 'default', guaranteed(`p${i}`));
        plugin.validate(a, (err) => answers.push(err));
      }
      let x = seed;
      store.drain((n) => {
        x = (x * 1103515245 + 12345) % 2147483648;
        return x % n;
      });
      expect(answers).toHaveLength(8);
      const admitted = answers.filter((e) => e === null).length;
      expect(admitted).toBe(3);
      expect(store.quotas.get('q')!.status!.used).toEqual({ pods: '3', 'requests.cpu': '1500m' });
      for (const e of answers.filter((e) => e !== null)) expect(e!.message).toMatch(/^pods "p\d" is forbidden: exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3$/);
      expect(store.conflicts).toBeGreaterThan(0);
    }
  });

  it('charges every matching quota, and on a conflict leaves the ones already charged alone', () => {
    const store = new QuotaStore();
    store.put(quota('a', { pods: '5' }));
    store.put(quota('b', { pods: '5' }));
    let first = true;
    const plugin = resourceQuota({
      listQuotas: store.list,
      updateQuotaStatus: (q, done) => {
        if (q.metadata!.name === 'b' && first) {
          first = false;
          // Another writer charged b meanwhile.
          const cur = store.quotas.get('b')!;
          store.put({ ...cur, status: { hard: { pods: '5' }, used: { pods: '1' } } });
        }
        store.update(q, done);
      },
    });
    expect(answerOf((d) => plugin.validate(requestFor('CREATE', 'pods', 'default', guaranteed('p')), d))).toBeNull();
    expect(store.quotas.get('a')!.status!.used).toEqual({ pods: '1' });
    expect(store.quotas.get('b')!.status!.used).toEqual({ pods: '2' });
  });

  it('gives up after maxRetries conflicts with an internal error', () => {
    const store = new QuotaStore();
    store.put(quota('q', { pods: '5' }));
    const plugin = resourceQuota({
      listQuotas: store.list,
      updateQuotaStatus: (q, done) => done(newConflict({ group: '', resource: 'resourcequotas' }, 'q'), null),
      maxRetries: 3,
    });
    const err = answerOf((d) => plugin.validate(requestFor('CREATE', 'pods', 'default', guaranteed('p')), d));
    expect(err?.code).toBe(500);
    expect(err?.message).toBe('Internal error occurred: resource quota evaluation timed out');
  });

  it('reserves nothing on a dry run', () => {
    const store = new QuotaStore();
    store.put(quota('q', { pods: '5' }));
    const plugin = resourceQuota({ listQuotas: store.list, updateQuotaStatus: store.update });
    expect(answerOf((d) => plugin.validate(requestFor('CREATE', 'pods', 'default', guaranteed('p'), { dryRun: true }), d))).toBeNull();
    expect(store.writes).toBe(0);
  });
});
