import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STRUCTURE } from '../engine/apiserver/schema/structure.gen';
import { definitionPrefix, generate, moduleOfGroup, registryRoots, render } from './gen-schemas';
import { DESCRIPTIONS } from './lib/schema-descriptions.gen';
import { REPO_ROOT } from './lib/repo';

const TYPES = join(REPO_ROOT, 'node_modules/kubernetes-types');
const read = (m: string) => readFileSync(join(TYPES, `${m}.d.ts`), 'utf8');

describe('gen-schemas on small declarations', () => {
  const files = new Map([
    [
      'things/v1',
      `import { ObjectMeta, Time } from "../meta/v1";
/** Thing is a test kind. */
export interface Thing {
    apiVersion?: "things.example.com/v1";
    kind?: "Thing";
    /** Standard metadata. */
    metadata?: ObjectMeta;
    /** spec is required. */
    spec: ThingSpec;
}
export interface ThingSpec {
    count?: number;
    labels?: { [name: string]: string; };
    port: number | string;
    mode?: "A" | "B";
    at?: Time;
    parts?: Array<Part>;
    tags?: string[];
}
export interface Part { name: string; }
export interface Unused { x?: string; }`,
    ],
    ['meta/v1', `/** ObjectMeta is metadata. */\nexport interface ObjectMeta { name?: string; }\n/** Time is a time. */\nexport type Time = string;`],
  ]);
  const g = generate(files, [{ module: 'things/v1', name: 'Thing' }]);

  it('maps interfaces, arrays, maps, literals and refs, with required fields and the kind’s GVK', () => {
    expect(g.definitions['io.k8s.api.things.v1.Thing']).toEqual({
      type: 'object',
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { ref: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }, spec: { ref: 'io.k8s.api.things.v1.ThingSpec' } },
      required: ['spec'],
      'x-kubernetes-group-version-kind': [{ group: 'things.example.com', version: 'v1', kind: 'Thing' }],
    });
    expect(g.definitions['io.k8s.api.things.v1.ThingSpec'].properties).toEqual({
      count: { type: 'integer' },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      port: { ref: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
      mode: { type: 'string' },
      at: { ref: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
      parts: { type: 'array', items: { ref: 'io.k8s.api.things.v1.Part' } },
      tags: { type: 'array', items: { type: 'string' } },
    });
  });

  it('writes only what the roots reach, with the special cases’ upstream schemas', () => {
    expect(Object.keys(g.definitions)).toEqual([
      'io.k8s.api.things.v1.Part',
      'io.k8s.api.things.v1.Thing',
      'io.k8s.api.things.v1.ThingSpec',
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
      'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
      'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
    ]);
    expect(g.definitions['io.k8s.apimachinery.pkg.apis.meta.v1.Time']).toEqual({ type: 'string', format: 'date-time' });
    expect(g.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({ format: 'int-or-string', 'x-kubernetes-int-or-string': true });
  });

  it('keeps descriptions apart: the type’s under "" and each property’s own', () => {
    expect(g.descriptions['io.k8s.api.things.v1.Thing']).toEqual({ '': 'Thing is a test kind.', metadata: 'Standard metadata.', spec: 'spec is required.' });
    expect(g.descriptions['io.k8s.api.things.v1.Part']).toBeUndefined();
    expect(JSON.stringify(g.definitions)).not.toContain('test kind');
  });

  it('refuses shapes it has no mapping for rather than guessing', () => {
    const bad = new Map([['x/v1', 'export interface X { f?: boolean | string; }']]);
    expect(() => generate(bad, [{ module: 'x/v1', name: 'X' }])).toThrow(/unsupported union at io.k8s.api.x.v1.X.f/);
    expect(() => generate(bad, [{ module: 'x/v1', name: 'Nope' }])).toThrow(/no declaration Nope in x\/v1/);
  });
});

describe('gen-schemas on the installed kubernetes-types', () => {
  it('names modules as upstream’s Go packages and groups as kubernetes-types modules', () => {
    expect([definitionPrefix('core/v1'), definitionPrefix('meta/v1'), definitionPrefix('api/resource')]).toEqual([
      'io.k8s.api.core.v1',
      'io.k8s.apimachinery.pkg.apis.meta.v1',
      'io.k8s.apimachinery.pkg.api.resource',
    ]);
    expect([moduleOfGroup('', 'v1'), moduleOfGroup('rbac.authorization.k8s.io', 'v1'), moduleOfGroup('apps', 'v1')]).toEqual(['core/v1', 'rbac/v1', 'apps/v1']);
  });

  it('derives Deployment, Pod resources and Service ports as upstream’s OpenAPI has them', () => {
    const modules = ['apps/v1', 'core/v1', 'meta/v1', 'api/resource', 'runtime'];
    const g = generate(new Map(modules.map((m) => [m, read(m)])), [
      { module: 'apps/v1', name: 'Deployment' },
      { module: 'core/v1', name: 'Service' },
    ]);
    const d = g.definitions;
    expect(d['io.k8s.api.apps.v1.DeploymentSpec'].required).toEqual(['selector', 'template']);
    expect(d['io.k8s.api.apps.v1.RollingUpdateDeployment'].properties!.maxSurge).toEqual({ ref: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString' });
    expect(d['io.k8s.api.core.v1.ResourceRequirements'].properties!.limits).toEqual({ type: 'object', additionalProperties: { ref: 'io.k8s.apimachinery.pkg.api.resource.Quantity' } });
    expect(d['io.k8s.api.core.v1.Container'].required).toEqual(['name']);
    expect(d['io.k8s.api.core.v1.ServicePort'].properties!.targetPort).toEqual({ ref: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString' });
    expect(d['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
    expect(g.descriptions['io.k8s.api.apps.v1.Deployment']['']).toBe('Deployment enables declarative updates for Pods and ReplicaSets.');
  });

  it('has every registry kind in the committed modules, and they are what the generator writes today', () => {
    for (const r of registryRoots()) expect(STRUCTURE[`${definitionPrefix(r.module)}.${r.name}`], `${r.module} ${r.name}`).toBeDefined();
    const files = new Map<string, string>();
    for (const m of new Set(['core/v1', 'meta/v1', 'api/resource', 'runtime', ...registryRoots().map((r) => r.module)])) files.set(m, read(m));
    const text = render(generate(files, registryRoots()));
    expect(readFileSync(join(REPO_ROOT, 'engine/apiserver/schema/structure.gen.ts'), 'utf8'), 'stale: run npx tsx cli/gen-schemas.ts').toBe(text.structure);
    expect(readFileSync(join(REPO_ROOT, 'cli/lib/schema-descriptions.gen.ts'), 'utf8'), 'stale: run npx tsx cli/gen-schemas.ts').toBe(text.descriptions);
    expect(Object.keys(DESCRIPTIONS).every((k) => k in STRUCTURE)).toBe(true);
  });
});
