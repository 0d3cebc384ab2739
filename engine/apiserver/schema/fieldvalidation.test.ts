import { describe, expect, it } from 'vitest';
import { StatusError } from '../errors';
import { testCluster } from '../handler/testing';
import { fieldValidationOf, goValue, warningHeader } from './fieldvalidation';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
const deployment = (spec: Body = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, ...spec },
});
const MERGE = { 'content-type': 'application/merge-patch+json' };
const STRATEGIC = { 'content-type': 'application/strategic-merge-patch+json' };
const APPLY = { 'content-type': 'application/apply-patch+yaml' };

describe('fieldValidationOf', () => {
  it('defaults to Warn, takes the three directives, and refuses anything else with upstream’s 422', () => {
    expect(fieldValidationOf({}, 'CreateOptions')).toBe('Warn');
    expect(fieldValidationOf({ fieldValidation: '' }, 'CreateOptions')).toBe('Warn');
    expect(['Ignore', 'Warn', 'Strict'].map((v) => fieldValidationOf({ fieldValidation: v }, 'PatchOptions'))).toEqual(['Ignore', 'Warn', 'Strict']);
    const e = fieldValidationOf({ fieldValidation: 'strict' }, 'UpdateOptions') as StatusError;
    expect(e).toBeInstanceOf(StatusError);
    expect([e.code, e.reason, e.message]).toEqual([
      422,
      'Invalid',
      'UpdateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"',
    ]);
  });
});

describe('Go-shaped texts', () => {
  it('prints a patch map as %+v does: sorted keys, bare strings, <nil>, floats in shortest form', () => {
    expect(goValue({ spec: { replica: 3, b: [1, 'x', null], a: true }, ratio: 0.5, tiny: 0.00001 })).toBe('map[ratio:0.5 spec:map[a:true b:[1 x <nil>] replica:3] tiny:1e-05]');
  });

  it('writes one 299 warning per distinct text, quoted, comma-separated', () => {
    expect(warningHeader(['unknown field "spec.a"', 'unknown field "spec.a"', 'b'])).toBe('299 - "unknown field \\"spec.a\\"", 299 - "b"');
  });
});

describe('field validation in the write path', () => {
  it('create: Strict refuses unknown fields with the decoder’s 400, Warn stores and warns, Ignore stores silently', () => {
    const c = testCluster();
    const bad = deployment({ replica: 3 });
    const strict = c.call('POST', DEPLOYMENTS, { body: bad, query: { fieldValidation: 'Strict' } });
    expect([strict.status, (strict.body as Body).reason, (strict.body as Body).message]).toEqual([
      400,
      'BadRequest',
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"',
    ]);
    expect(c.call('GET', `${DEPLOYMENTS}/web`).status).toBe(404);
    expect(strict.headers.warning).toBeUndefined();
    const warned = c.call('POST', DEPLOYMENTS, { body: bad });
    expect([warned.status, warned.headers.warning]).toEqual([201, '299 - "unknown field \\"spec.replica\\""']);
    c.call('DELETE', `${DEPLOYMENTS}/web`);
    const ignored = c.call('POST', DEPLOYMENTS, { body: bad, query: { fieldValidation: 'Ignore' } });
    expect([ignored.status, ignored.headers.warning]).toEqual([201, undefined]);
  });

  it('create: a well-formed object passes Strict without warnings; a repeated key is a strict error too', () => {
    const c = testCluster();
    const good = c.call('POST', DEPLOYMENTS, { body: deployment(), query: { fieldValidation: 'Strict' } });
    expect([good.status, good.headers.warning]).toEqual([201, undefined]);
    const raw = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","name":"y"},"data":{}}';
    const dup = c.call('POST', '/api/v1/namespaces/default/configmaps', { raw, query: { fieldValidation: 'Strict' } });
    expect([dup.status, (dup.body as Body).message]).toEqual([400, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "metadata.name"']);
  });

  it('update: the same rules for PUT, and a bad directive is refused before the body is read', () => {
    const c = testCluster();
    const created = c.call('POST', DEPLOYMENTS, { body: deployment() }).body as Body;
    const put = c.call('PUT', `${DEPLOYMENTS}/web`, { body: { ...created, spec: { ...created.spec, paused: true, pausd: true } }, query: { fieldValidation: 'Strict' } });
    expect([put.status, (put.body as Body).message]).toEqual([400, 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.pausd"']);
    const bad = c.call('PUT', `${DEPLOYMENTS}/web`, { raw: 'not json', query: { fieldValidation: 'Loose' } });
    expect([bad.status, (bad.body as Body).message]).toEqual([422, 'UpdateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loose": supported values: "", "Ignore", "Strict", "Warn"']);
  });

  it('patch: Strict answers patch.go’s 422 showing the patch map (strategic) or the patched object (merge)', () => {
    const c = testCluster();
    c.call('POST', DEPLOYMENTS, { body: deployment() });
    const smp = c.call('PATCH', `${DEPLOYMENTS}/web`, { body: { spec: { replica: 3 } }, headers: STRATEGIC, query: { fieldValidation: 'Strict' } });
    expect([smp.status, (smp.body as Body).reason, (smp.body as Body).message]).toEqual([
      422,
      'Invalid',
      ' "" is invalid: patch: Invalid value: "map[spec:map[replica:3]]": strict decoding error: unknown field "spec.replica"',
    ]);
    expect(smp.headers.warning).toBeUndefined();
    const merge = c.call('PATCH', `${DEPLOYMENTS}/web`, { body: { spec: { replica: 3 } }, headers: MERGE, query: { fieldValidation: 'Strict' } });
    expect(merge.status).toBe(422);
    expect((merge.body as Body).message).toMatch(/^ "" is invalid: patch: Invalid value: "\{\\"apiVersion\\":\\"apps\/v1\\".*\\"replica\\":3.*": strict decoding error: unknown field "spec.replica"$/);
    expect((c.call('GET', `${DEPLOYMENTS}/web`).body as Body).spec.replica).toBeUndefined();
  });

  it('patch: Warn (the default) applies and warns about what the patch brought in, not what was already there', () => {
    const c = testCluster();
    c.call('POST', DEPLOYMENTS, { body: deployment({ old: 1 }), query: { fieldValidation: 'Ignore' } });
    const warned = c.call('PATCH', `${DEPLOYMENTS}/web`, { body: { spec: { replica: 3 } }, headers: MERGE });
    expect([warned.status, warned.headers.warning, (warned.body as Body).spec.replica]).toEqual([200, '299 - "unknown field \\"spec.replica\\""', 3]);
    const clean = c.call('PATCH', `${DEPLOYMENTS}/web`, { body: { spec: { paused: true } }, headers: MERGE, query: { fieldValidation: 'Strict' } });
    expect([clean.status, clean.headers.warning]).toEqual([200, undefined]);
  });

  it('patch through /scale checks against Scale', () => {
    const c = testCluster();
    c.call('POST', DEPLOYMENTS, { body: deployment() });
    const res = c.call('PATCH', `${DEPLOYMENTS}/web/scale`, { body: { spec: { replicas: 4, replica: 1 } }, headers: MERGE, query: { fieldValidation: 'Strict' } });
    expect([res.status, (res.body as Body).message]).toEqual([422, expect.stringMatching(/strict decoding error: unknown field "spec.replica"$/)]);
  });

  it('server-side apply refuses undeclared fields whatever the directive, as structured-merge-diff does (500)', () => {
    const c = testCluster();
    const d = deployment({ replica: 3 });
    (d.spec.template.spec.containers[0] as Body).imagePullPolicyy = 'Always';
    const res = c.call('PATCH', `${DEPLOYMENTS}/web`, { raw: JSON.stringify(d), headers: APPLY, query: { fieldManager: 'me', fieldValidation: 'Ignore' } });
    expect([res.status, (res.body as Body).reason, (res.body as Body).message]).toEqual([
      500,
      undefined,
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): errors:\n  .spec.replica: field not declared in schema\n  .spec.template.spec.containers[name="c"].imagePullPolicyy: field not declared in schema',
    ]);
    expect(c.call('PATCH', `${DEPLOYMENTS}/web`, { raw: JSON.stringify(deployment()), headers: APPLY, query: { fieldManager: 'me' } }).status).toBe(201);
  });

  it('orders a patch’s problems as upstream: the patch’s repeated keys in document order, then the patched object’s unknown fields sorted', () => {
    const c = testCluster();
    c.call('POST', DEPLOYMENTS, { body: deployment() });
    const raw = '{"spec":{"unknown1":"v","unknownDupe":"a","unknownDupe":"b","paused":true,"paused":false,"template":{"spec":{"containers":[{"name":"c","image":"nginx","unknownNested":"v","imagePullPolicy":"Always","imagePullPolicy":"Never"}]}}}}';
    const expected = [
      'duplicate field "spec.unknownDupe"',
      'duplicate field "spec.paused"',
      'duplicate field "spec.template.spec.containers[0].imagePullPolicy"',
      'unknown field "spec.template.spec.containers[0].unknownNested"',
      'unknown field "spec.unknown1"',
      'unknown field "spec.unknownDupe"',
    ];
    const strict = c.call('PATCH', `${DEPLOYMENTS}/web`, { raw, headers: MERGE, query: { fieldValidation: 'Strict' } });
    expect((strict.body as Body).message).toMatch(new RegExp(`: strict decoding error: ${expected.join(', ').replace(/[.[\]]/g, '\\$&')}$`));
    const warned = c.call('PATCH', `${DEPLOYMENTS}/web`, { raw, headers: MERGE });
    expect(warned.headers.warning).toBe(warningHeader(expected));
    const ops = '[{"op":"add","path":"/spec/unknown1","value":"v","foo":"bar"},{"op":"add","path":"/spec/paused","path":"/spec/unknown3","value":true}]';
    const json = c.call('PATCH', `${DEPLOYMENTS}/web`, { raw: ops, headers: { 'content-type': 'application/json-patch+json' }, query: { fieldValidation: 'Warn' } });
    expect(json.headers.warning).toBe(warningHeader(['json patch unknown field "[0].foo"', 'json patch duplicate field "[1].path"', 'unknown field "spec.unknown3"']));
  });
});
