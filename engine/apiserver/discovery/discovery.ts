/**
 * Discovery documents, as kubectl and client-go read them to map kinds to
 * resources: /api (APIVersions), /apis (APIGroupList), /apis/<group>
 * (APIGroup), /api/v1 and /apis/<group>/<version> (APIResourceList), and
 * /version.
 */
import type { Registry } from '../registry/registry';
import { groupVersion, type ResourceDef } from '../registry/types';

/** KUBERNETES_VERSION is what /version reports (a v1.32 API surface). */
export const KUBERNETES_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-kube-internals',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-12-11T00:00:00Z',
  goVersion: 'go1.23.3',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** apiVersions is /api. serverAddress is the address clients should use (host:port). */
export function apiVersions(serverAddress: string): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(group: string, versions: string[]): object {
  const vs = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions: vs, preferredVersion: vs[0] };
}

/** apiGroupList is /apis: every named group (the core group is only at /api). */
export function apiGroupList(registry: Registry): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry
      .groups()
      .filter((g) => g.group !== '')
      .map((g) => apiGroup(g.group, g.versions)),
  };
}

/** apiGroupDocument is /apis/<group>, or undefined when no such group is served. */
export function apiGroupDocument(registry: Registry, group: string): object | undefined {
  const g = registry.groups().find((x) => x.group === group && group !== '');
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g.group, g.versions) } : undefined;
}

/** SUBRESOURCE_VERBS are the verbs of the status and scale subresources. */
const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];

/** apiResources lists one resource's discovery entries: itself, then its subresources. */
export function apiResources(def: ResourceDef): object[] {
  const main: Record<string, unknown> = {
    name: def.plural,
    singularName: def.singular,
    namespaced: def.namespaced,
    kind: def.kind,
    verbs: [...def.verbs],
  };
  if (def.shortNames.length) main.shortNames = [...def.shortNames];
  if (def.categories.length) main.categories = [...def.categories];
  const out: object[] = [main];
  for (const sub of def.subresources) {
    if (sub === 'binding')
      out.push({ name: `${def.plural}/binding`, singularName: '', namespaced: def.namespaced, kind: 'Binding', verbs: ['create'] });
    else if (sub === 'scale')
      out.push({ name: `${def.plural}/scale`, singularName: '', namespaced: def.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: SUBRESOURCE_VERBS });
    else out.push({ name: `${def.plural}/${sub}`, singularName: '', namespaced: def.namespaced, kind: def.kind, verbs: SUBRESOURCE_VERBS });
  }
  return out;
}

/** apiResourceList is /api/v1 or /apis/<group>/<version>, or undefined when not served. */
export function apiResourceList(registry: Registry, group: string, version: string): object | undefined {
  const defs = registry.inGroupVersion(group, version);
  if (defs.length === 0) return undefined;
  const list: Record<string, unknown> = { kind: 'APIResourceList' };
  // The core group's list has no apiVersion, as the real server writes it.
  if (group !== '') list.apiVersion = 'v1';
  list.groupVersion = groupVersion(defs[0]);
  list.resources = defs.flatMap(apiResources);
  return list;
}
