import { describe, expect, it } from 'vitest';
import { admit, validate, type AdmissionAttributes, type AdmissionChain, type MutatingPlugin, type ValidatingPlugin } from '../../../engine/apiserver/admission/types';
import { newForbidden } from '../../../engine/apiserver/errors';
import { chainMarker, observeMutating, observeValidating } from './observe-admission';
import { Recorder } from './observations';

function attrs(): AdmissionAttributes {
  return {
    operation: 'CREATE',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    subresource: '',
    namespace: 'default',
    name: 'web',
    object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' } },
    userInfo: { username: 'admin', groups: [] },
    dryRun: false,
  };
}

const labeller: MutatingPlugin = {
  name: 'Labeller',
  handles: (op) => op === 'CREATE',
  admit(a, done) {
    a.object!.metadata!.labels = { team: 'web' };
    done(null);
  },
};

const refuser: ValidatingPlugin = {
  name: 'Refuser',
  handles: () => true,
  validate: (a, done) => done(newForbidden({ group: '', resource: 'pods' }, a.name, 'not today')),
};

describe('admission observers', () => {
  it('mark both ends of a chain and record what a mutating plugin changed, leaving the chain’s outcome as it was', () => {
    const r = new Recorder();
    const chain: AdmissionChain = {
      mutating: [chainMarker('mutating', 'start', r), observeMutating(labeller, r), chainMarker('mutating', 'end', r)],
      validating: [],
    };
    const a = attrs();
    let result: unknown = 'pending';
    r.start();
    admit(chain, a, (err) => (result = err));
    const obs = r.stop();
    expect(result).toBeNull();
    expect(a.object!.metadata!.labels).toEqual({ team: 'web' });
    expect(obs.map((o) => o.kind)).toEqual(['chain', 'plugin', 'chain']);
    expect(obs[1]).toEqual({ kind: 'plugin', phase: 'mutating', plugin: 'Labeller', operation: 'CREATE', changes: [{ path: 'metadata.labels.team', value: 'web' }] });
    // The start marker's snapshot is not changed by the plugin afterwards.
    expect(obs[0]).toMatchObject({ edge: 'start', object: { metadata: { name: 'web' } } });
    expect((obs[0] as { object: { metadata: object } }).object.metadata).not.toHaveProperty('labels');
  });

  it('record a validating plugin’s refusal as its Status, and the chain still stops there', () => {
    const r = new Recorder();
    const chain: AdmissionChain = { mutating: [], validating: [chainMarker('validating', 'start', r), observeValidating(refuser, r), chainMarker('validating', 'end', r)] };
    let message = '';
    r.start();
    validate(chain, attrs(), (err) => (message = err?.status.message ?? ''));
    const obs = r.stop();
    expect(message).toBe('pods "web" is forbidden: not today');
    expect(obs.map((o) => (o.kind === 'chain' ? `${o.edge}` : o.kind))).toEqual(['start', 'plugin']);
    expect(obs[1]).toMatchObject({ plugin: 'Refuser', refused: { code: 403, reason: 'Forbidden', message: 'pods "web" is forbidden: not today' } });
  });

  it('do not blame a plugin that answered at once for what runs after it', () => {
    const r = new Recorder();
    const seen: Array<string | undefined> = [];
    const chain: AdmissionChain = { mutating: [observeMutating(labeller, r)], validating: [] };
    admit(chain, attrs(), () => seen.push(r.by));
    expect(seen).toEqual([undefined]);
  });
});
