import { describe, expect, it } from 'vitest';
import { Registry } from '../registry/registry';
import { gvPath, openApiGroupVersion, openApiRoot } from './openapi';

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
});
