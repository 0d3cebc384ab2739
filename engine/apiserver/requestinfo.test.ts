import { describe, expect, it } from 'vitest';
import { parseRequestInfo } from './requestinfo';

const pick = (method: string, path: string, query: Record<string, string> = {}) => {
  const i = parseRequestInfo(method, path, query);
  return [i.isResourceRequest, i.verb, i.apiGroup, i.apiVersion, i.namespace, i.resource, i.name, i.subresource];
};

describe('parseRequestInfo', () => {
  it('classifies resource requests as RequestInfoFactory does', () => {
    const cases: Array<[string, string, Record<string, string>, unknown[]]> = [
      ['GET', '/api/v1/namespaces', {}, [true, 'list', '', 'v1', '', 'namespaces', '', '']],
      ['GET', '/api/v1/namespaces/other', {}, [true, 'get', '', 'v1', 'other', 'namespaces', 'other', '']],
      ['GET', '/api/v1/namespaces/other/pods', {}, [true, 'list', '', 'v1', 'other', 'pods', '', '']],
      ['GET', '/api/v1/namespaces/other/pods/foo', {}, [true, 'get', '', 'v1', 'other', 'pods', 'foo', '']],
      ['HEAD', '/api/v1/namespaces/other/pods/foo', {}, [true, 'get', '', 'v1', 'other', 'pods', 'foo', '']],
      ['GET', '/api/v1/pods', {}, [true, 'list', '', 'v1', '', 'pods', '', '']],
      ['GET', '/api/v1/pods', { watch: 'true' }, [true, 'watch', '', 'v1', '', 'pods', '', '']],
      ['GET', '/api/v1/watch/pods', {}, [true, 'watch', '', 'v1', '', 'pods', '', '']],
      ['GET', '/api/v1/namespaces/other/pods', { watch: '1', fieldSelector: 'metadata.name=web' }, [true, 'watch', '', 'v1', 'other', 'pods', 'web', '']],
      ['POST', '/api/v1/namespaces/other/pods', {}, [true, 'create', '', 'v1', 'other', 'pods', '', '']],
      ['PUT', '/api/v1/namespaces/other/pods/foo/status', {}, [true, 'update', '', 'v1', 'other', 'pods', 'foo', 'status']],
      ['PATCH', '/apis/apps/v1/namespaces/n/deployments/d/scale', {}, [true, 'patch', 'apps', 'v1', 'n', 'deployments', 'd', 'scale']],
      ['DELETE', '/api/v1/namespaces/other/pods/foo', {}, [true, 'delete', '', 'v1', 'other', 'pods', 'foo', '']],
      ['DELETE', '/api/v1/namespaces/other/pods', {}, [true, 'deletecollection', '', 'v1', 'other', 'pods', '', '']],
      ['PUT', '/api/v1/namespaces/ns/status', {}, [true, 'update', '', 'v1', 'ns', 'namespaces', 'ns', 'status']],
      ['PUT', '/api/v1/namespaces/ns/finalize', {}, [true, 'update', '', 'v1', 'ns', 'namespaces', 'ns', 'finalize']],
      ['GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles/admin', {}, [true, 'get', 'rbac.authorization.k8s.io', 'v1', '', 'clusterroles', 'admin', '']],
    ];
    for (const [method, path, query, want] of cases) expect([method, path, pick(method, path, query)]).toEqual([method, path, want]);
  });

  it('leaves discovery and other paths as non-resource requests with the method as verb', () => {
    for (const path of ['/', '/api', '/api/v1', '/apis', '/apis/apps', '/apis/apps/v1', '/healthz', '/version', '/openapi/v2']) {
      const info = parseRequestInfo('GET', path, {});
      expect([path, info.isResourceRequest, info.verb]).toEqual([path, false, 'get']);
    }
    expect(parseRequestInfo('POST', '/healthz', {}).verb).toBe('post');
  });
});
