import type { MutatingWebhookConfiguration, ValidatingWebhookConfiguration } from 'kubernetes-types/admissionregistration/v1';
import { describe, expect, it } from 'vitest';
import { base64Encode, utf8Encode } from '../auth/authn/bytes';
import { answerOf, podWith, requestFor } from './testing';
import { mutatingWebhooks, ruleMatches, validatingWebhooks, type AdmissionReview, type Webhook, type WebhookRule } from './webhook';

type Reply = (hook: Webhook, review: AdmissionReview) => AdmissionReview | string;

const podRule: WebhookRule[] = [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }];

function setup(reply: Reply, namespaces: Record<string, Record<string, string>> = { default: {} }) {
  const calls: { hook: string; review: AdmissionReview }[] = [];
  let n = 0;
  const common = {
    call: (hook: Webhook, review: AdmissionReview, done: (err: string | null, r: AdmissionReview | null) => void) => {
      calls.push({ hook: hook.name, review });
      const r = reply(hook, review);
      if (typeof r === 'string') done(r, null);
      else done(null, r);
    },
    namespaceLabels: (name: string, done: (err: null, labels: Record<string, string> | null) => void) => done(null, namespaces[name] ?? null),
    newUID: () => `uid-${++n}`,
  };
  return { calls, common };
}

const allow = (review: AdmissionReview, extra: Partial<NonNullable<AdmissionReview['response']>> = {}): AdmissionReview => ({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  response: { uid: review.request!.uid, allowed: true, ...extra },
});

const patchOf = (ops: unknown[]) => base64Encode(utf8Encode(JSON.stringify(ops)));

function vconfig(name: string, hooks: Partial<ValidatingWebhookConfiguration['webhooks'] extends (infer W)[] | undefined ? W : never>[]): ValidatingWebhookConfiguration {
  return { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name }, webhooks: hooks.map((h) => ({ name: 'x.example.com', clientConfig: {}, sideEffects: 'None', admissionReviewVersions: ['v1'], rules: podRule, ...h })) };
}

function mconfig(name: string, hooks: Partial<NonNullable<MutatingWebhookConfiguration['webhooks']>[number]>[]): MutatingWebhookConfiguration {
  return { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name }, webhooks: hooks.map((h) => ({ name: 'm.example.com', clientConfig: {}, sideEffects: 'None', admissionReviewVersions: ['v1'], rules: podRule, ...h })) };
}

describe('webhook rules', () => {
  const a = requestFor('CREATE', 'pods', 'default', podWith('web', [{ name: 'a' }]));
  it.each([
    [{ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*'] }, true],
    [{ operations: ['UPDATE'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*'] }, false],
    [{ operations: ['CREATE'], apiGroups: ['apps'], apiVersions: ['*'], resources: ['*'] }, false],
    [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods/*'] }, true],
    [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods/status'] }, false],
    [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['*/*'] }, true],
    [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], scope: 'Cluster' }, false],
    [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], scope: 'Namespaced' }, true],
  ] as [WebhookRule, boolean][])('%j matches a pod create: %s', (rule, expected) => {
    expect(ruleMatches(rule, a)).toBe(expected);
  });

  it('matches subresources only with a subresource pattern', () => {
    const status = requestFor('UPDATE', 'pods', 'default', podWith('web', []), { subresource: 'status' });
    expect(ruleMatches({ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['pods'] }, status)).toBe(false);
    expect(ruleMatches({ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*/status'] }, status)).toBe(true);
  });

  it('treats namespaces as cluster-scoped', () => {
    const ns = requestFor('CREATE', 'namespaces', '', { metadata: { name: 'team' } });
    expect(ruleMatches({ operations: ['*'], apiGroups: [''], apiVersions: ['*'], resources: ['namespaces'], scope: 'Cluster' }, ns)).toBe(true);
    expect(ruleMatches({ operations: ['*'], apiGroups: [''], apiVersions: ['*'], resources: ['namespaces'], scope: 'Namespaced' }, ns)).toBe(false);
  });
});

describe('ValidatingAdmissionWebhook', () => {
  it('sends an AdmissionReview v1 and refuses with the webhook denial text', () => {
    const { calls, common } = setup((_h, review) => ({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: review.request!.uid, allowed: false, status: { code: 403, message: 'images must come from registry.example.com' } },
    }));
    const plugin = validatingWebhooks({ ...common, listConfigurations: (done) => done(null, [vconfig('policy', [{ name: 'images.example.com' }])]) });
    const err = answerOf((d) => plugin.validate(requestFor('CREATE', 'pods', 'default', podWith('web', [{ name: 'a' }])), d));
    expect(err?.code).toBe(403);
    expect(err?.message).toBe('admission webhook "images.example.com" denied the request: images must come from registry.example.com');
    const req = calls[0].review.request!;
    expect(calls[0].review.apiVersion).toBe('admission.k8s.io/v1');
    expect(req).toMatchObject({ uid: 'uid-1', operation: 'CREATE', namespace: 'default', name: 'web', resource: { group: '', version: 'v1', resource: 'pods' }, kind: { kind: 'Pod' }, dryRun: false });
    expect(req.userInfo.username).toBe('alice');
    expect(req.object?.metadata?.name).toBe('web');
  });

  it('words a denial without a message, and lifts a code below 400 to 400', () => {
    const { common } = setup((_h, r) => ({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: r.request!.uid, allowed: false, status: { code: 200 } } }));
    const plugin = validatingWebhooks({ ...common, listConfigurations: (done) => done(null, [vconfig('c', [{}])]) });
    const err = answerOf((d) => plugin.validate(requestFor('CREATE', 'pods', 'default', podWith('web', [])), d));
    expect(err?.code).toBe(400);
    expect(err?.message).toBe('admission webhook "x.example.com" denied the request without explanation');
  });

  it('fails closed on a call error unless failurePolicy is Ignore', () => {
    const { common } = setup(() => 'context deadline exceeded');
    const fail = validatingWebhooks({ ...common, listConfigurations: (done) => done(null, [vconfig('c', [{ failurePolicy: 'Fail' }])]) });
    const err = answerOf((d) => fail.validate(requestFor('CREATE', 'pods', 'default', podWith('web', [])), d));
    expect(err?.code).toBe(500);
    expect(err?.message).toBe('Internal error occurred: failed calling webhook "x.example.com": context deadline exceeded');
    const ignore = validatingWebhooks({ ...common, listConfigurations: (done) => done(null, [vconfig('c', [{ failurePolicy: 'Ignore' }])]) });
    expect(answerOf((d) => ignore.validate(requestFor('CREATE', 'pods', 'default', podWith('web', [])), d))).toBeNull();
  });

  it('treats an answer for another request as a failed call', () => {
    const { common } = setup(() => ({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'other', allowed: true } }));
    const plugin = validatingWebhooks({ ...common, listConfigurations: (done) => done(null, [vconfig('c', [{}])]) });
    expect(answerOf((d) => plugin.validate(requestFor('CREATE', 'pods', 'default', podWith('web', [])), d))?.message).toBe(
      'Internal error occurred: failed calling webhook "x.example.com": received invalid webhook response: expected response.uid="uid-1", got "other"',
    );
  });

  it('refuses a dry run that would reach a webhook with side effects', () => {
    const { calls, common } = setup((_h, r) => allow(r));
    const plugin = validatingWebhooks({ ...common, listConfigurations: (done) => done(null, [vconfig('c', [{ sideEffects: 'Some' }, { name: 'y.example.com', sideEffects: 'NoneOnDryRun' }])]) });
    const err = answerOf((d) => plugin.validate(requestFor('CREATE', 'pods', 'default', podWith('web', []), { dryRun: true }), d));
    expect(err?.code).toBe(400);
    expect(err?.message).toBe('admission webhook "x.example.com" does not support dry run');
    expect(calls).toEqual([]);
    const safe = validatingWebhooks({ ...common, listConfigurations: (done) => done(null, [vconfig('c', [{ name: 'y.example.com', sideEffects: 'NoneOnDryRun' }])]) });
    expect(answerOf((d) => safe.validate(requestFor('CREATE', 'pods', 'default', podWith('web', []), { dryRun: true }), d))).toBeNull();
    expect(calls.map((c) => c.review.request!.dryRun)).toEqual([true]);
  });

  it('calls only webhooks whose selectors match', () => {
    const { calls, common } = setup((_h, r) => allow(r), { default: { env: 'prod' }, dev: { env: 'dev' } });
    const plugin = validatingWebhooks({
      ...common,
      listConfigurations: (done) =>
        done(null, [
          vconfig('c', [
            { name: 'prod.example.com', namespaceSelector: { matchLabels: { env: 'prod' } } },
            { name: 'labelled.example.com', objectSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } },
          ]),
        ]),
    });
    const pod = podWith('web', []);
    answerOf((d) => plugin.validate(requestFor('CREATE', 'pods', 'dev', pod), d));
    expect(calls.map((c) => c.hook)).toEqual([]);
    pod.metadata!.labels = { app: 'web' };
    answerOf((d) => plugin.validate(requestFor('CREATE', 'pods', 'default', pod), d));
    expect(calls.map((c) => c.hook)).toEqual(['prod.example.com', 'labelled.example.com']);
  });
});

describe('MutatingAdmissionWebhook', () => {
  it('applies JSONPatch answers in configuration-name order, each webhook seeing the last patch', () => {
    const { calls, common } = setup((hook, review) => {
      const labels = review.request!.object!.metadata!.labels ?? {};
      if (hook.name === 'first.example.com') return allow(review, { patchType: 'JSONPatch', patch: patchOf([{ op: 'add', path: '/metadata/labels', value: { step: '1' } }]) });
      return allow(review, { patchType: 'JSONPatch', patch: patchOf([{ op: 'add', path: '/metadata/labels/seen', value: labels.step ?? 'none' }]) });
    });
    const plugin = mutatingWebhooks({
      ...common,
      listConfigurations: (done) => done(null, [mconfig('b-second', [{ name: 'second.example.com' }]), mconfig('a-first', [{ name: 'first.example.com' }])]),
    });
    const pod = podWith('web', []);
    expect(answerOf((d) => plugin.admit(requestFor('CREATE', 'pods', 'default', pod), d))).toBeNull();
    expect(calls.map((c) => c.hook)).toEqual(['first.example.com', 'second.example.com']);
    expect(pod.metadata!.labels).toEqual({ step: '1', seen: '1' });
  });

  it('refuses a patch that does not apply as an internal error', () => {
    const { common } = setup((_h, r) => allow(r, { patchType: 'JSONPatch', patch: patchOf([{ op: 'replace', path: '/nope', value: 1 }]) }));
    const plugin = mutatingWebhooks({ ...common, listConfigurations: (done) => done(null, [mconfig('m', [{ failurePolicy: 'Ignore' }])]) });
    const err = answerOf((d) => plugin.admit(requestFor('CREATE', 'pods', 'default', podWith('web', [])), d));
    expect(err?.code).toBe(500);
    expect(err?.message).toMatch(/^Internal error occurred: replace operation does not apply/);
  });

  it('refuses a patch from a validating webhook as an invalid response', () => {
    const { common } = setup((_h, r) => allow(r, { patchType: 'JSONPatch', patch: patchOf([]) }));
    const plugin = validatingWebhooks({ ...common, listConfigurations: (done) => done(null, [vconfig('c', [{}])]) });
    expect(answerOf((d) => plugin.validate(requestFor('CREATE', 'pods', 'default', podWith('web', [])), d))?.message).toBe(
      'Internal error occurred: failed calling webhook "x.example.com": received invalid webhook response: validating webhook may not return a patch',
    );
  });
});
