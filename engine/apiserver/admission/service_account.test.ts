import type { ServiceAccount } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng';
import type { StatusError } from '../errors';
import type { KubeObject } from '../object';
import { DEFAULT_API_TOKEN_MOUNT_PATH, DEFAULT_ATTEMPTS, serviceAccount, tokenVolume } from './service_account';
import { answerOf, podWith, requestFor } from './testing';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function pluginWith(accounts: ServiceAccount[], seed = 1) {
  return serviceAccount({
    rng: new Rng(seed),
    getServiceAccount: (ns, name, done) => done(null, accounts.find((a) => a.metadata?.namespace === ns && a.metadata?.name === name) ?? null),
  });
}

const sa = (name: string, extra: Partial<ServiceAccount> = {}): ServiceAccount => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'default' }, ...extra });

describe('ServiceAccount admission', () => {
  it('runs a pod as "default" and mounts its token in every container', () => {
    const pod = podWith('web', [{ name: 'a' }, { name: 'b' }], [{ name: 'init' }]);
    expect(answerOf((d) => pluginWith([sa('default')]).admit(requestFor('CREATE', 'pods', 'default', pod), d))).toBeNull();
    const spec = pod.spec as Any;
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.volumes).toHaveLength(1);
    const vol = spec.volumes[0];
    expect(vol.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(vol).toEqual(tokenVolume(vol.name));
    expect(vol.projected.sources[0].serviceAccountToken.expirationSeconds).toBe(3607);
    for (const c of [...spec.containers, ...spec.initContainers]) {
      expect(c.volumeMounts).toEqual([{ name: vol.name, readOnly: true, mountPath: DEFAULT_API_TOKEN_MOUNT_PATH }]);
    }
  });

  it('draws the volume name from the injected rng, so a seed replays it', () => {
    const name = (seed: number) => {
      const pod = podWith('web', [{ name: 'a' }]);
      answerOf((d) => pluginWith([sa('default')], seed).admit(requestFor('CREATE', 'pods', 'default', pod), d));
      return (pod.spec as Any).volumes[0].name;
    };
    expect(name(7)).toBe(name(7));
  });

  it('refuses a pod whose account does not exist, with upstream text', () => {
    const pod = podWith('web', [{ name: 'a' }]);
    (pod.spec as Any).serviceAccountName = 'builder';
    const err = answerOf((d) => pluginWith([sa('default')]).admit(requestFor('CREATE', 'pods', 'default', pod), d));
    expect(err?.code).toBe(403);
    expect(err?.message).toBe('pods "web" is forbidden: error looking up service account default/builder: serviceaccount "builder" not found');
  });

  it('mounts nothing when the pod or the account opts out; the pod wins', () => {
    const optedOut = podWith('web', [{ name: 'a' }]);
    (optedOut.spec as Any).automountServiceAccountToken = false;
    answerOf((d) => pluginWith([sa('default')]).admit(requestFor('CREATE', 'pods', 'default', optedOut), d));
    expect((optedOut.spec as Any).volumes).toBeUndefined();

    const quietAccount = [sa('default', { automountServiceAccountToken: false })];
    const plain = podWith('p', [{ name: 'a' }]);
    answerOf((d) => pluginWith(quietAccount).admit(requestFor('CREATE', 'pods', 'default', plain), d));
    expect((plain.spec as Any).volumes).toBeUndefined();

    const optedIn = podWith('q', [{ name: 'a' }]);
    (optedIn.spec as Any).automountServiceAccountToken = true;
    answerOf((d) => pluginWith(quietAccount).admit(requestFor('CREATE', 'pods', 'default', optedIn), d));
    expect((optedIn.spec as Any).volumes).toHaveLength(1);
  });

  it('leaves a container that mounts something at the token path alone, and reuses an existing token volume', () => {
    const pod = podWith('web', [{ name: 'a' }, { name: 'b' }]);
    const spec = pod.spec as Any;
    spec.volumes = [{ name: 'kube-api-access-abcde', projected: { sources: [] } }];
    spec.containers[0].volumeMounts = [{ name: 'mine', mountPath: DEFAULT_API_TOKEN_MOUNT_PATH }];
    answerOf((d) => pluginWith([sa('default')]).admit(requestFor('CREATE', 'pods', 'default', pod), d));
    expect(spec.volumes).toHaveLength(1);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'mine', mountPath: DEFAULT_API_TOKEN_MOUNT_PATH }]);
    expect(spec.containers[1].volumeMounts).toEqual([{ name: 'kube-api-access-abcde', readOnly: true, mountPath: DEFAULT_API_TOKEN_MOUNT_PATH }]);
  });

  it("copies the account's image pull secrets when the pod has none", () => {
    const pod = podWith('web', [{ name: 'a' }]);
    answerOf((d) => pluginWith([sa('default', { imagePullSecrets: [{ name: 'regcred' }] })]).admit(requestFor('CREATE', 'pods', 'default', pod), d));
    expect((pod.spec as Any).imagePullSecrets).toEqual([{ name: 'regcred' }]);
  });

  it('ignores updates, other resources and leaves mirror pods unchanged', () => {
    const plugin = pluginWith([]);
    const pod = podWith('web', [{ name: 'a' }]);
    expect(plugin.handles('UPDATE')).toBe(false);
    expect(answerOf((d) => plugin.admit(requestFor('CREATE', 'configmaps', 'default', { metadata: { name: 'c' } }), d))).toBeNull();
    pod.metadata!.annotations = { 'kubernetes.io/config.mirror': 'abc' };
    expect(answerOf((d) => plugin.admit(requestFor('CREATE', 'pods', 'default', pod), d))).toBeNull();
    expect((pod.spec as Any).serviceAccountName).toBeUndefined();
    (pod.spec as Any).serviceAccountName = 'x';
    expect(answerOf((d) => plugin.admit(requestFor('CREATE', 'pods', 'default', pod), d))?.message).toBe(
      'pods "web" is forbidden: a mirror pod may not reference service accounts',
    );
  });

  describe('waiting for the default account (the controller creates it just after the namespace)', () => {
    function waiting(appearsAfter: number) {
      const waits: number[] = [];
      let lookups = 0;
      let pending: (() => void) | null = null;
      const plugin = serviceAccount({
        rng: new Rng(3),
        after: (ms, fn) => {
          waits.push(ms);
          pending = fn;
        },
        getServiceAccount: (_ns, name, done) => {
          lookups++;
          done(null, lookups > appearsAfter ? sa(name) : null);
        },
      });
      const run = (pod: KubeObject) => {
        let answer: StatusError | null | undefined;
        plugin.admit(requestFor('CREATE', 'pods', 'default', pod), (err) => (answer = err));
        while (answer === undefined && pending) {
          const fn: () => void = pending;
          pending = null;
          fn();
        }
        return answer;
      };
      return { run, waits, lookups: () => lookups };
    }

    it('asks again, 100–199 ms apart, and admits once the account exists', () => {
      const w = waiting(3);
      const pod = podWith('web', [{ name: 'a' }]);
      expect(w.run(pod)).toBeNull();
      expect(w.lookups()).toBe(4);
      expect(w.waits).toHaveLength(3);
      expect(new Set(w.waits).size).toBe(1);
      expect(w.waits[0]).toBeGreaterThanOrEqual(100);
      expect(w.waits[0]).toBeLessThan(200);
      expect((pod.spec as Any).volumes).toHaveLength(1);
    });

    it('gives up after ten lookups with the not-found refusal', () => {
      const w = waiting(Infinity);
      const err = w.run(podWith('web', [{ name: 'a' }]));
      expect(w.lookups()).toBe(DEFAULT_ATTEMPTS);
      expect(err?.message).toBe('pods "web" is forbidden: error looking up service account default/default: serviceaccount "default" not found');
    });

    it('does not wait for an account the pod names itself', () => {
      const w = waiting(Infinity);
      const pod = podWith('web', [{ name: 'a' }]);
      (pod.spec as Any).serviceAccountName = 'builder';
      expect(w.run(pod)?.code).toBe(403);
      expect(w.lookups()).toBe(1);
      expect(w.waits).toEqual([]);
    });
  });
});
