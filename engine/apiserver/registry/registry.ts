/**
 * Registry indexes ResourceDefs for the request path and discovery: by
 * group/version/plural (paths), by apiVersion/kind (objects in manifests),
 * and by any name kubectl accepts (plural, singular, short name). A
 * resource served at more versions (alsoServedAs) gets one derived def per
 * extra version (./served), found by path and kind like any other.
 */
import { RESOURCES } from './resources';
import { servedVersionDef } from './served';
import { groupVersion, type ResourceDef } from './types';

/** GroupVersions is one API group with its served versions, preferred first. */
export interface GroupVersions {
  group: string;
  versions: string[];
}

export class Registry {
  private readonly byPath = new Map<string, ResourceDef>();
  private readonly byKind = new Map<string, ResourceDef>();
  /** all lists each resource once, at its storage version: what controllers that walk every resource iterate. */
  readonly all: readonly ResourceDef[];
  /** served lists every served group version of every resource: each storage def followed by its derived ones. */
  readonly served: readonly ResourceDef[];

  constructor(defs: readonly ResourceDef[] = RESOURCES) {
    this.all = defs;
    this.served = defs.flatMap((def) => [def, ...(def.alsoServedAs ?? []).map((sv) => servedVersionDef(def, sv))]);
    for (const def of this.served) {
      const path = `${groupVersion(def)}/${def.plural}`;
      if (this.byPath.has(path)) throw new Error(`Registry: ${path} registered twice`);
      this.byPath.set(path, def);
      this.byKind.set(`${groupVersion(def)}/${def.kind}`, def);
    }
  }

  /** lookup finds the resource a path names ("" group for /api/v1). */
  lookup(group: string, version: string, plural: string): ResourceDef | undefined {
    return this.byPath.get(`${group === '' ? version : `${group}/${version}`}/${plural}`);
  }

  /** forKind finds the resource of an object's apiVersion and kind ("apps/v1", "Deployment"). */
  forKind(apiVersion: string, kind: string): ResourceDef | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  /** resolve finds a resource by any name kubectl accepts: plural, singular, short name, or "plural.group". */
  resolve(name: string): ResourceDef | undefined {
    const lower = name.toLowerCase();
    const dot = lower.indexOf('.');
    const [base, group] = dot < 0 ? [lower, undefined] : [lower.slice(0, dot), lower.slice(dot + 1)];
    return this.all.find(
      (d) =>
        (group === undefined || d.group === group) &&
        (d.plural === base || d.singular === base || d.kind.toLowerCase() === base || d.shortNames.includes(base)),
    );
  }

  /** groups lists the API groups (core "" first), each with its versions, in registration order (a storage version before the versions derived from it). */
  groups(): GroupVersions[] {
    const out: GroupVersions[] = [];
    for (const def of this.served) {
      let g = out.find((x) => x.group === def.group);
      if (!g) out.push((g = { group: def.group, versions: [] }));
      if (!g.versions.includes(def.version)) g.versions.push(def.version);
    }
    return out;
  }

  /** inGroupVersion lists a group version's resources. */
  inGroupVersion(group: string, version: string): ResourceDef[] {
    return this.served.filter((d) => d.group === group && d.version === version);
  }
}
