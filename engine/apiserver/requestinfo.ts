/**
 * RequestInfo is what a request's method, path and query say about it, as
 * k8s.io/apiserver's RequestInfoFactory parses them: whether it is a
 * resource request, and then its verb, API group and version, namespace,
 * resource, subresource and name. Authorization, admission, audit and
 * routing all read it.
 */

export interface RequestInfo {
  isResourceRequest: boolean;
  /** path is the request path as given (non-resource requests are authorized on it). */
  path: string;
  /**
   * verb is get, list, watch, create, update, patch, delete or
   * deletecollection for resource requests; the lower-cased HTTP method for
   * the others.
   */
  verb: string;
  /** apiPrefix is "api" or "apis" for resource requests. */
  apiPrefix: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** parts are the path segments from the resource on (resource, name, subresource, …). */
  parts: string[];
}

/** SPECIAL_VERBS are path prefixes that carry their verb (deprecated /api/v1/watch/…, /proxy/…). */
const SPECIAL_VERBS = new Set(['proxy', 'watch']);

/** NAMESPACE_SUBRESOURCES are the subresources of a namespace itself (/namespaces/ns/status). */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** truthy is the parsing of a boolean query parameter ("true", "1" …), as strconv.ParseBool. */
export function truthy(value: string | undefined): boolean {
  return value !== undefined && ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value);
}

/**
 * parseRequestInfo classifies a request. query holds the decoded query
 * parameters (watch, fieldSelector …).
 */
export function parseRequestInfo(method: string, path: string, query: Record<string, string | undefined>): RequestInfo {
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
  };
  const segments = path.replace(/^\/+|\/+$/g, '').split('/').filter((s, i, all) => s !== '' || all.length === 1);
  if (segments.length === 0 || (segments[0] !== 'api' && segments[0] !== 'apis')) return info;
  info.apiPrefix = segments[0];
  let rest = segments.slice(1);
  if (info.apiPrefix === 'apis') {
    if (rest.length < 2) return info; // /apis, /apis/apps: discovery, not resources.
    info.apiGroup = rest[0];
    rest = rest.slice(1);
  }
  if (rest.length < 1 || rest[0] === '') return info;
  info.apiVersion = rest[0];
  rest = rest.slice(1);
  if (rest.length === 0) return info; // /api/v1: the resource list.

  info.isResourceRequest = true;
  if (SPECIAL_VERBS.has(rest[0])) {
    if (rest.length < 2) {
      info.isResourceRequest = false;
      return info;
    }
    info.verb = rest[0];
    rest = rest.slice(1);
  } else {
    info.verb = ({ post: 'create', get: 'get', head: 'get', put: 'update', patch: 'patch', delete: 'delete' } as Record<string, string>)[info.verb] ?? info.verb;
  }

  if (rest[0] === 'namespaces') {
    if (rest.length > 1) {
      info.namespace = rest[1];
      // /namespaces/ns/status is the namespace's subresource, not a namespaced resource.
      if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2])) rest = rest.slice(2);
    }
  }
  info.parts = rest;
  if (rest.length >= 3) info.subresource = rest[2];
  if (rest.length >= 2) info.name = rest[1];
  if (rest.length >= 1) info.resource = rest[0];

  // A collection GET is a list, or a watch with ?watch=true; a field selector on metadata.name names the object.
  if (info.name === '' && info.verb === 'get') {
    info.verb = truthy(query.watch) ? 'watch' : 'list';
  }
  if ((info.verb === 'list' || info.verb === 'watch') && info.name === '' && query.fieldSelector) {
    const m = /(?:^|,)metadata\.name==?([^,]*)(?:,|$)/.exec(query.fieldSelector);
    if (m) info.name = m[1];
  }
  if (info.verb === 'delete' && info.name === '') info.verb = 'deletecollection';
  return info;
}
