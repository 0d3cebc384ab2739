import { describe, expect, it } from 'vitest';
import { Registry } from '../registry/registry';
import type { SchemaDescriptions } from '../schema/types';

/** DESCRIPTIONS stands in for the generated ones (cli/lib/schema-descriptions.gen.ts, Node side only). */
const DESCRIPTIONS: SchemaDescriptions = {
  'io.k8s.api.apps.v1.Deployment': { '': 'Deployment enables declarative updates for Pods and ReplicaSets.', spec: 'Specification of the desired behavior of the Deployment.', kind: 'Kind is a string.' },
};
import { gvPath, openApiGroupVersion, openApiRoot } from './openapi';

type Doc = { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any> } }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** refsIn collects every $ref of a JSON value. */
function refsIn(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => refsIn(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) k === '$ref' ? out.push(x as string) : refsIn(x, out);
  return out;
}

describe('OpenAPI v3 discovery', () => {
  const registry = new Registry();

  it('lists one document per group version, with a hash that changes with the document', () => {
    const root = openApiRoot(registry) as { paths: Record<string, { serverRelativeURL: string }> };
    expect(root.paths['api/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{16}$/);
    expect(root.paths['apis/apps/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=/);
    expect(root.paths['api/v1'].serverRelativeURL).not.toBe(root.paths['apis/apps/v1'].serverRelativeURL.replace('apis/apps/v1', 'api/v1'));
    expect(gvPath('rbac.authorization.k8s.io', 'v1')).toBe('apis/rbac.authorization.k8s.io/v1');
  });

  it('has a PATCH per kind tagged with its GVK and the fieldValidation parameter (what kubectl looks for)', () => {
    const doc = openApiGroupVersion(registry, 'apps', 'v1') as { paths: Record<string, Record<string, { parameters: { name: string; in: string }[]; 'x-kubernetes-group-version-kind': object }>> };
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(patch.parameters).toContainEqual(expect.objectContaining({ name: 'fieldValidation', in: 'query' }));
    const ns = openApiGroupVersion(registry, '', 'v1') as { paths: Record<string, unknown> };
    expect(ns.paths['/api/v1/namespaces/{name}']).toBeDefined();
    expect(openApiGroupVersion(registry, 'nope', 'v1')).toBeUndefined();
  });

  it('carries the schema of every kind it serves, tagged with its GVK, and every $ref resolves inside the document', () => {
    for (const g of registry.groups())
      for (const v of g.versions) {
        const doc = openApiGroupVersion(registry, g.group, v) as Doc;
        const names = new Set(Object.keys(doc.components.schemas));
        for (const ref of refsIn(doc)) expect(names, `${g.group}/${v}: ${ref}`).toContain(ref.replace('#/components/schemas/', ''));
        for (const def of registry.inGroupVersion(g.group, v))
          expect(Object.values(doc.components.schemas).some((s) => s['x-kubernetes-group-version-kind']?.some((k: { kind: string }) => k.kind === def.kind))).toBe(true);
      }
    const apps = openApiGroupVersion(registry, 'apps', 'v1') as Doc;
    const spec = apps.components.schemas['io.k8s.api.apps.v1.DeploymentSpec'];
    expect(spec.required).toEqual(['selector', 'template']);
    expect(spec.properties.template).toEqual({ $ref: '#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec' });
    expect(apps.components.schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({ format: 'int-or-string', 'x-kubernetes-int-or-string': true });
  });

  it('types request and response bodies, but offers no strategic merge patch (kubectl keeps its compiled-in patch metadata)', () => {
    const apps = openApiGroupVersion(registry, 'apps', 'v1') as Doc;
    const ops = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
    expect(ops.put.requestBody.content['*/*'].schema).toEqual({ $ref: '#/components/schemas/io.k8s.api.apps.v1.Deployment' });
    expect(ops.get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/io.k8s.api.apps.v1.Deployment' });
    expect(Object.keys(ops.patch.requestBody.content).sort()).toEqual(['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json']);
    expect(apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments'].get.responses['200'].content['application/json'].schema.$ref).toMatch(/DeploymentList$/);
  });

  it('shows descriptions only when given them: on types, and on properties (a described $ref wrapped in allOf)', () => {
    const bare = openApiGroupVersion(registry, 'apps', 'v1') as Doc;
    const described = openApiGroupVersion(registry, 'apps', 'v1', DESCRIPTIONS) as Doc;
    expect(JSON.stringify(bare)).not.toContain('"description":"Deployment enables');
    const d = described.components.schemas['io.k8s.api.apps.v1.Deployment'];
    expect(d.description).toBe('Deployment enables declarative updates for Pods and ReplicaSets.');
    expect(d.properties.spec).toEqual({ allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }], description: 'Specification of the desired behavior of the Deployment.' });
    expect(d.properties.kind).toEqual({ type: 'string', description: 'Kind is a string.' });
    expect(d.properties.metadata).toEqual({ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' });
    const root = (descriptions?: typeof DESCRIPTIONS) => (openApiRoot(registry, descriptions) as { paths: Record<string, { serverRelativeURL: string }> }).paths['apis/apps/v1'].serverRelativeURL;
    expect(root(DESCRIPTIONS)).not.toBe(root());
  });
});
