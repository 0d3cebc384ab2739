import { describe, expect, it } from 'vitest';
import { base64Decode } from '../auth/authn/bytes';
import { StatusError } from '../errors';
import type { ApiRequest } from '../handler/types';
import { decodeUnknown, KINDS, SCHEMA } from './envelope';
import { KUBECTL_BODIES } from './kubectl-bodies';
import { binaryToBytes, decodeProtobufRequest, expectedType, isProtobuf, summarize } from './request';
import { binary, flat, int, k8sBody, len, str } from './testing';

const PB = 'application/vnd.kubernetes.protobuf';

function request(body: string | undefined, contentType = PB, method = 'POST'): ApiRequest {
  return { method, path: '/api/v1/namespaces', query: {}, headers: { 'content-type': contentType, accept: 'application/json' }, ...(body === undefined ? {} : { body }), credentials: {} };
}

/** decoded runs a captured kubectl body through the hook, expecting the given kind at the endpoint, and returns the JSON object. */
function decoded(name: keyof typeof KUBECTL_BODIES, expected = { apiVersion: 'v1', kind: 'Namespace' }): Record<string, any> {
  const bytes = base64Decode(KUBECTL_BODIES[name]!.base64)!;
  const out = decodeProtobufRequest(request(binary(bytes)), expected);
  if (out instanceof StatusError) throw new Error(`${name}: ${out.message}`);
  expect(out.headers['content-type']).toBe('application/json');
  return JSON.parse(out.body!);
}

function failure(body: Uint8Array | string, expected = { apiVersion: 'v1', kind: 'Namespace' }): StatusError {
  const out = decodeProtobufRequest(request(typeof body === 'string' ? body : binary(body)), expected);
  if (!(out instanceof StatusError)) throw new Error(`expected a failure, got ${out.body}`);
  return out;
}

describe('bodies kubectl sends, decoded to the JSON kubectl would have sent', () => {
  it('kubectl create namespace', () => {
    expect(decoded('namespace')).toEqual({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'dev', creationTimestamp: null }, spec: {}, status: {} });
  });

  it('kubectl create configmap, with text and with binary data', () => {
    expect(decoded('configMap')).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c', namespace: 'dev', creationTimestamp: null }, data: { a: '1' } });
    expect(decoded('configMapBinary').binaryData).toEqual({ b: 'AAH//g==' });
  });

  it('kubectl create secret generic, docker-registry and a typed one with an empty value', () => {
    expect(decoded('secret')).toEqual({ kind: 'Secret', apiVersion: 'v1', metadata: { name: 's', namespace: 'dev', creationTimestamp: null }, data: { pw: 'aHVudGVyMg==' } });
    const reg = decoded('secretDockerRegistry');
    expect(reg.type).toBe('kubernetes.io/dockerconfigjson');
    expect(JSON.parse(atobUtf8(reg.data['.dockerconfigjson']))).toEqual({ auths: { 'r.io': { username: 'u', password: 'p', auth: 'dTpw' } } });
    expect(decoded('secretTyped')).toMatchObject({ type: 'example.com/t', data: { a: '' } });
  });

  it('kubectl create serviceaccount', () => {
    expect(decoded('serviceAccount')).toEqual({ kind: 'ServiceAccount', apiVersion: 'v1', metadata: { name: 'sa', namespace: 'dev', creationTimestamp: null } });
  });

  it('kubectl create role and clusterrole (resource names, aggregation, non-resource paths)', () => {
    expect(decoded('role').rules).toEqual([{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]);
    expect(decoded('clusterRole')).toMatchObject({
      kind: 'ClusterRole',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: { name: 'cr' },
      rules: [
        { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'], resourceNames: ['x'] },
        { verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['x'] },
      ],
    });
    expect(decoded('clusterRoleAggregation').aggregationRule).toEqual({ clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate': 'true' } }] });
    expect(decoded('clusterRoleNonResource').rules).toEqual([{ verbs: ['get'], nonResourceURLs: ['/logs/*'] }]);
  });

  it('kubectl create rolebinding and clusterrolebinding', () => {
    expect(decoded('roleBinding')).toMatchObject({
      metadata: { name: 'rb', namespace: 'dev' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'bob' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
    });
    expect(decoded('clusterRoleBinding').subjects).toEqual([
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' },
      { kind: 'ServiceAccount', name: 'sa', namespace: 'dev' },
    ]);
    expect(decoded('roleBindingServiceAccount').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' });
  });

  it('kubectl create deployment, replicas 0 kept', () => {
    expect(decoded('deployment')).toEqual({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'web', namespace: 'dev', creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], resources: {} }] },
        },
        strategy: {},
      },
    });
    expect(decoded('deploymentZero').spec.replicas).toBe(0);
  });

  it('kubectl create job, cronjob and job --from=cronjob', () => {
    expect(decoded('job').spec.template.spec).toEqual({ containers: [{ name: 'j', image: 'busybox', command: ['echo', 'hi'], resources: {} }], restartPolicy: 'Never' });
    const cj = decoded('cronJob');
    expect(cj.spec.schedule).toBe('*/5 * * * *');
    expect(cj.spec.jobTemplate.metadata).toEqual({ name: 'cj', creationTimestamp: null });
    expect(cj.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(decoded('cronJobNever').spec.jobTemplate.spec.template.spec.restartPolicy).toBe('Never');
    const fromCj = decoded('jobFromCronJob');
    expect(fromCj.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(fromCj.metadata.ownerReferences).toEqual([{ kind: 'CronJob', name: 'cj', uid: expect.stringMatching(/^[0-9a-f-]{36}$/), apiVersion: 'batch/v1', controller: true }]);
    expect(fromCj.spec.template.spec).toMatchObject({ terminationGracePeriodSeconds: 30, enableServiceLinks: true, securityContext: {}, dnsPolicy: 'ClusterFirst' });
  });

  it('kubectl create service clusterip, nodeport and externalname', () => {
    expect(decoded('serviceClusterIP').spec).toEqual({ ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 'svc' }, type: 'ClusterIP' });
    expect(decoded('serviceNodePort').spec.ports[0]).toEqual({ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 });
    expect(decoded('serviceExternalName').spec).toEqual({ selector: { app: 'en' }, type: 'ExternalName', externalName: 'example.com' });
  });

  it('kubectl create priorityclass, value 0 kept', () => {
    expect(decoded('priorityClass')).toMatchObject({ value: 1000, description: 'high', preemptionPolicy: 'PreemptLowerPriority' });
    expect(decoded('priorityClassZero')).toMatchObject({ value: 0, preemptionPolicy: 'Never' });
  });

  it('kubectl create quota, with quantities and scopes', () => {
    expect(decoded('quota').spec).toEqual({ hard: { cpu: '1', memory: '1G', pods: '10' } });
    expect(decoded('quotaScopes').spec).toEqual({ hard: { pods: '5' }, scopes: ['BestEffort'] });
  });

  it('kubectl auth can-i and can-i --list', () => {
    expect(decoded('selfSubjectAccessReview')).toEqual({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: { resourceAttributes: { namespace: 'dev', verb: 'list', resource: 'pods' } },
      status: { allowed: false },
    });
    expect(decoded('selfSubjectAccessReviewSubresource').spec.resourceAttributes).toEqual({ namespace: 'dev', verb: 'create', group: 'apps', resource: 'deployments', subresource: 'scale', name: 'scale' });
    expect(decoded('selfSubjectRulesReview')).toEqual({ kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec: { namespace: 'dev' } });
  });

  it('kubectl create poddisruptionbudget', () => {
    expect(decoded('podDisruptionBudget').spec).toEqual({ minAvailable: 1, selector: { matchLabels: { app: 'p' } } });
  });

  it('kubectl debug --copy-to: a whole pod spec (probes, volumes, env, resources, security, scheduling)', () => {
    const pod = decoded('podCopy');
    // The copy keeps annotations and drops labels (so the copy escapes the original's controllers).
    expect(pod.metadata).toEqual({ name: 'rich-copy2', namespace: 'dev', creationTimestamp: null, annotations: expect.objectContaining({ note: 'x' }) });
    const spec = pod.spec;
    expect(spec).toMatchObject({
      restartPolicy: 'OnFailure',
      terminationGracePeriodSeconds: 0,
      serviceAccountName: 'sa',
      automountServiceAccountToken: false,
      nodeSelector: { disk: 'ssd' },
      securityContext: { runAsUser: 1000, runAsNonRoot: true, fsGroup: 2000, supplementalGroups: [3000] },
      // The original's two tolerations, then the two admission added to it (DefaultTolerationSeconds).
      tolerations: [
        { key: 'k', operator: 'Equal', value: 'v', effect: 'NoExecute', tolerationSeconds: 60 },
        { operator: 'Exists' },
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }] } } },
      initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'true'] }],
    });
    // As applied, with the defaultMode the server defaulted on the secret and projected sources.
    expect(spec.volumes).toEqual([
      { name: 'data', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
      { name: 'cfg', configMap: { name: 'applied', items: [{ key: 'k', path: 'k.txt' }], defaultMode: 420 } },
      { name: 'sec', secret: { secretName: 's', defaultMode: 420, optional: true } },
      { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
      { name: 'claim', persistentVolumeClaim: { claimName: 'pvc1', readOnly: true } },
      { name: 'dapi', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
      {
        name: 'proj',
        projected: { sources: [{ serviceAccountToken: { audience: 'api', expirationSeconds: 3600, path: 'token' } }, { configMap: { name: 'applied' } }], defaultMode: 420 },
      },
    ]);
    const main = spec.containers[0];
    expect(main).toMatchObject({
      name: 'main',
      image: 'nginx:1.27',
      args: ['-g', 'daemon off;'],
      workingDir: '/srv',
      ports: [
        { name: 'http', containerPort: 8080, protocol: 'TCP' },
        { containerPort: 9090, hostPort: 9090, protocol: 'UDP' },
      ],
      envFrom: [{ prefix: 'CM_', configMapRef: { name: 'applied' } }, { secretRef: { name: 's', optional: false } }],
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } },
      volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'cfg', mountPath: '/etc/cfg', readOnly: true }],
      livenessProbe: { httpGet: { path: '/healthz', port: 'http', httpHeaders: [{ name: 'X', value: 'y' }] }, initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3 },
      readinessProbe: { tcpSocket: { port: 8080 } },
      startupProbe: { exec: { command: ['cat', '/tmp/ok'] } },
      lifecycle: { preStop: { exec: { command: ['sleep', '1'] } } },
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] } },
      imagePullPolicy: 'IfNotPresent',
    });
    expect(main.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'EMPTY' },
      { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'applied', key: 'k', optional: true } } },
      { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'pw' } } },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
    ]);
    expect(spec.containers[1]).toEqual({ name: 'dbg', image: 'busybox', command: ['sleep', '100'], resources: {}, terminationMessagePolicy: 'File' });
  });
});

describe('failures, with the API server’s texts', () => {
  it('refuses a body without the protobuf magic, summarising it in hex', () => {
    const e = failure(Uint8Array.from([1, 2, 3]));
    expect(e.status).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(e.message).toBe('the object provided is unrecognized (must be of type Namespace): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] (010203)');
  });

  it('summarises a JSON-looking body as text, cut at 30 bytes', () => {
    expect(summarize(flat([...'{"kind":"Namespace","apiVersion":"v1"}'].map((c) => c.charCodeAt(0))))).toBe('{"kind":"Namespace","apiVersio ...');
    expect(summarize(new Uint8Array(0))).toBe('<empty>');
  });

  it('refuses the bare magic as an empty body', () => {
    expect(failure(Uint8Array.from([0x6b, 0x38, 0x73, 0x00])).message).toBe('the object provided is unrecognized (must be of type Namespace): empty body (6b387300)');
  });

  it('refuses a cut envelope', () => {
    expect(failure(k8sBody('v1', 'Namespace', []).subarray(0, 8)).message).toContain('): unexpected EOF (');
  });

  it('names the kind a malformed object claimed to be', () => {
    const e = failure(k8sBody('v1', 'Namespace', len(1, int(1, 5))));
    expect(e.message).toBe('Namespace in version "v1" cannot be handled as a Namespace: proto: wrong wireType = 0 for field Name');
  });

  it('refuses a kind the scheme does not know', () => {
    expect(failure(k8sBody('example.com/v1', 'Widget', [])).message).toBe(
      'Widget in version "v1" cannot be handled as a Namespace: no kind "Widget" is registered for version "example.com/v1" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"',
    );
  });

  it('answers 415 for the endpoint’s own kind when it has no protobuf table here, pointing at JSON', () => {
    const e = failure(k8sBody('apps/v1', 'StatefulSet', []), { apiVersion: 'apps/v1', kind: 'StatefulSet' });
    expect(e.status).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
    expect(e.message).toBe('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
  });

  it('refuses a body that is not a binary string', () => {
    expect(failure('k8s\u0000\u2603').message).toContain('provided data does not appear to be a protobuf message');
  });
});

describe('the hook', () => {
  it('takes a missing apiVersion and kind from the endpoint, as the serializer does', () => {
    const raw = len(1, str(1, 'dev'));
    const out = decodeProtobufRequest(request(binary(k8sBody('', '', raw))), { apiVersion: 'v1', kind: 'Namespace' });
    expect(JSON.parse((out as ApiRequest).body!)).toEqual({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'dev' } });
  });

  it('leaves JSON bodies, bodiless requests and PATCHes alone', () => {
    const json = request('{"kind":"Namespace"}', 'application/json');
    expect(decodeProtobufRequest(json, { apiVersion: 'v1', kind: 'Namespace' })).toBe(json);
    const none = request(undefined);
    expect(decodeProtobufRequest(none, { apiVersion: 'v1', kind: 'Namespace' })).toBe(none);
    const patch = request('\u0000', PB, 'PATCH');
    expect(decodeProtobufRequest(patch, { apiVersion: 'v1', kind: 'Namespace' })).toBe(patch);
  });

  it('decodes DeleteOptions for a delete', () => {
    const body = binary(k8sBody('meta.k8s.io/v1', 'DeleteOptions', flat(int(1, 0), len(2, str(1, 'u-1')), str(4, 'Foreground'), str(5, 'All'))));
    const out = decodeProtobufRequest(request(body, PB, 'DELETE'), expectedType({ group: '', version: 'v1', kind: 'Pod' }, 'delete', ''));
    expect(JSON.parse((out as ApiRequest).body!)).toEqual({
      kind: 'DeleteOptions',
      apiVersion: 'meta.k8s.io/v1',
      gracePeriodSeconds: 0,
      preconditions: { uid: 'u-1' },
      propagationPolicy: 'Foreground',
      dryRun: ['All'],
    });
  });

  it('expects each endpoint’s kind: subresources have their own', () => {
    const deploy = { group: 'apps', version: 'v1', kind: 'Deployment' };
    expect(expectedType(deploy, 'create', '')).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(expectedType(deploy, 'update', 'scale')).toEqual({ apiVersion: 'autoscaling/v1', kind: 'Scale' });
    expect(expectedType({ group: '', version: 'v1', kind: 'Pod' }, 'create', 'binding')).toEqual({ apiVersion: 'v1', kind: 'Binding' });
    expect(expectedType({ group: '', version: 'v1', kind: 'Pod' }, 'create', '')).toEqual({ apiVersion: 'v1', kind: 'Pod' });
  });

  it('recognises the protobuf media type with parameters and in any case', () => {
    expect(isProtobuf('application/vnd.kubernetes.protobuf')).toBe(true);
    expect(isProtobuf('Application/VND.kubernetes.protobuf; charset=binary')).toBe(true);
    expect(isProtobuf('application/vnd.kubernetes.protobuf;stream=watch')).toBe(true);
    expect(isProtobuf('application/json')).toBe(false);
    expect(isProtobuf(undefined)).toBe(false);
  });

  it('reads binary strings byte for byte', () => {
    expect(Array.from(binaryToBytes('\u0000\u007f\u0080\u00ff')!)).toEqual([0, 127, 128, 255]);
    expect(binaryToBytes('\u0100')).toBeUndefined();
  });

  it('has a table for every kind it lists', () => {
    for (const [apiVersion, kinds] of Object.entries(KINDS)) for (const kind of kinds) expect(SCHEMA.message(kind), `${apiVersion} ${kind}`).toBeDefined();
    expect(SCHEMA.message('DeleteOptions')).toBeDefined();
  });

  it('reads the envelope’s content encoding and type', () => {
    const unk = decodeUnknown(flat(len(1, str(1, 'v1'), str(2, 'Pod')), len(2, [1, 2]), str(3, 'gzip'), str(4, 'application/vnd.kubernetes.protobuf')));
    expect(unk).toMatchObject({ typeMeta: { apiVersion: 'v1', kind: 'Pod' }, contentEncoding: 'gzip', contentType: 'application/vnd.kubernetes.protobuf' });
    expect(Array.from(unk.raw)).toEqual([1, 2]);
  });
});

/** atobUtf8 decodes base64 text to a string (test helper). */
function atobUtf8(b64: string): string {
  return String.fromCharCode(...base64Decode(b64)!);
}
