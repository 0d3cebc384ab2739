/**
 * AdmissionScenario is one admission-lab scenario, as plain data: the
 * namespaces (some being terminated), LimitRanges and ResourceQuotas set
 * up first, then waves of creates. A wave's creates are sent at once, so
 * they race for the same quota; the next wave starts when every answer of
 * the last one is in. Names are unique within a scenario, so every create
 * admitted is stored.
 */
import * as fc from 'fast-check';

/** ResourceList is a core/v1 ResourceList: resource name → quantity text. */
export type ResourceList = Record<string, string>;

/** LimitItem is a LimitRangeItem of type Container or Pod. */
export interface LimitItem {
  type: 'Container' | 'Pod';
  default?: ResourceList;
  defaultRequest?: ResourceList;
  min?: ResourceList;
  max?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

export interface ContainerSpec {
  name: string;
  requests?: ResourceList;
  limits?: ResourceList;
}

/** Request is one create. */
export interface Request {
  resource: 'pods' | 'configmaps' | 'secrets';
  namespace: string;
  name: string;
  containers?: ContainerSpec[];
  initContainers?: ContainerSpec[];
}

export interface AdmissionScenario {
  namespaces: { name: string; terminating: boolean }[];
  limitRanges: { namespace: string; name: string; limits: LimitItem[] }[];
  /** quotas: at most one per namespace tracks compute resources, and it sorts first ("compute" < "objects"). */
  quotas: { namespace: string; name: string; hard: ResourceList }[];
  waves: Request[][];
}

// Quantities on ladders, each step with the spellings people write, so a comparison of texts goes wrong.
const CPU: [number, string[]][] = [
  [50, ['50m']],
  [100, ['100m', '0.1']],
  [200, ['200m']],
  [250, ['250m']],
  [500, ['500m', '0.5']],
  [750, ['750m']],
  [900, ['900m']],
  [1000, ['1', '1000m']],
  [1500, ['1500m', '1.5']],
  [2000, ['2']],
  [3000, ['3', '3000m']],
];
const MEMORY: [number, string[]][] = [
  [32, ['32Mi']],
  [64, ['64Mi']],
  [128, ['128Mi']],
  [256, ['256Mi']],
  [512, ['512Mi', '0.5Gi']],
  [1024, ['1Gi', '1024Mi']],
  [2048, ['2Gi']],
];
const LADDERS = { cpu: CPU, memory: MEMORY } as const;
type Res = keyof typeof LADDERS;

/** quantityArb spells step i of a ladder. */
function spell(res: Res, i: number, variant: number): string {
  const forms = LADDERS[res][i][1];
  return forms[variant % forms.length];
}

const stepArb = (res: Res, lo = 0, hi = LADDERS[res].length - 1) => fc.integer({ min: lo, max: hi });

/** containerLimitArb is a consistent Container item: min ≤ defaultRequest ≤ default ≤ max, per resource, each part optional. */
function containerItemArb(opts: { defaults: boolean; bounds: boolean; ratio: boolean }): fc.Arbitrary<LimitItem> {
  const perRes = (res: Res) =>
    fc
      .record({
        steps: fc.uniqueArray(stepArb(res), { minLength: 4, maxLength: 4 }).map((xs) => [...xs].sort((a, b) => a - b)),
        has: fc.record({ min: fc.boolean(), dreq: fc.boolean(), def: fc.boolean(), max: fc.boolean(), ratio: fc.boolean() }),
        variant: fc.nat(3),
        ratio: fc.constantFrom('1', '1500m', '2', '4'),
      })
      .map(({ steps, has, variant, ratio }) => ({ res, steps, has, variant, ratio }));
  return fc.tuple(perRes('cpu'), perRes('memory')).map((parts) => {
    const item: LimitItem = { type: 'Container' };
    for (const { res, steps, has, variant, ratio } of parts) {
      const put = (field: 'min' | 'defaultRequest' | 'default' | 'max' | 'maxLimitRequestRatio', text: string) => ((item[field] ??= {})[res] = text);
      const [mn, dreq, def, mx] = steps;
      if (opts.bounds && has.min) put('min', spell(res, mn, variant));
      if (opts.defaults && (has.dreq || !opts.bounds)) put('defaultRequest', spell(res, dreq, variant + 1));
      if (opts.defaults && (has.def || !opts.bounds)) put('default', spell(res, def, variant));
      if (opts.bounds && has.max) put('max', spell(res, mx, variant + 1));
      // A ratio below default/defaultRequest would make the LimitRange refuse its own defaults: keep it at least that.
      if (opts.ratio && has.ratio) {
        const r = Number(ratio.endsWith('m') ? Number(ratio.slice(0, -1)) / 1000 : ratio);
        const need = LADDERS[res][def][0] / LADDERS[res][dreq][0];
        put('maxLimitRequestRatio', r >= need ? ratio : String(Math.ceil(need)));
      }
    }
    return item;
  });
}

/** podItemArb bounds the pod's sums. */
const podItemArb: fc.Arbitrary<LimitItem> = fc
  .record({ cpu: fc.option(stepArb('cpu', 5), { nil: undefined }), memory: fc.option(stepArb('memory', 3), { nil: undefined }), variant: fc.nat(3) })
  .filter((p) => p.cpu !== undefined || p.memory !== undefined)
  .map(({ cpu, memory, variant }) => {
    const max: ResourceList = {};
    if (cpu !== undefined) max.cpu = spell('cpu', cpu, variant);
    if (memory !== undefined) max.memory = spell('memory', memory, variant);
    return { type: 'Pod', max };
  });

/** containerArb sets, per resource, nothing, a limit only, or a request no larger than its limit. */
function containerArb(name: string): fc.Arbitrary<ContainerSpec> {
  const perRes = (res: Res) =>
    fc.oneof(
      fc.constant(null),
      fc.record({ lim: stepArb(res), v: fc.nat(3) }).map(({ lim, v }) => ({ res, req: undefined as number | undefined, lim, v })),
      fc.record({ a: stepArb(res), b: stepArb(res), v: fc.nat(3) }).map(({ a, b, v }) => ({ res, req: Math.min(a, b), lim: Math.max(a, b), v })),
    );
  return fc.tuple(perRes('cpu'), perRes('memory')).map((parts) => {
    const c: ContainerSpec = { name };
    for (const p of parts) {
      if (!p) continue;
      (c.limits ??= {})[p.res] = spell(p.res, p.lim, p.v);
      if (p.req !== undefined) (c.requests ??= {})[p.res] = spell(p.res, p.req, p.v + 1);
    }
    return c;
  });
}

const CONTAINER_NAMES = ['app', 'sidecar', 'proxy'];

function podArb(namespace: string, name: string, maxContainers = 3, init = true): fc.Arbitrary<Request> {
  return fc
    .record({
      n: fc.integer({ min: 1, max: maxContainers }),
      containers: fc.tuple(...CONTAINER_NAMES.map(containerArb)),
      init: init ? fc.option(containerArb('setup'), { nil: undefined, freq: 3 }) : fc.constant(undefined),
    })
    .map(({ n, containers, init: i }) => ({ resource: 'pods' as const, namespace, name, containers: containers.slice(0, n), ...(i ? { initContainers: [i] } : {}) }));
}

/** Knobs shape a family's scenarios. */
export interface Knobs {
  defaults: boolean;
  bounds: boolean;
  ratio: boolean;
  podLimits: boolean;
  quota: 'none' | 'count' | 'compute' | 'both';
  namespaces: boolean;
  waves: [number, number];
  perWave: [number, number];
  objects: boolean;
}

export const FAMILY_KNOBS: Record<string, Knobs> = {
  'limit-defaults': { defaults: true, bounds: false, ratio: false, podLimits: false, quota: 'none', namespaces: false, waves: [1, 2], perWave: [2, 4], objects: false },
  'limit-bounds': { defaults: false, bounds: true, ratio: true, podLimits: true, quota: 'none', namespaces: false, waves: [1, 2], perWave: [3, 5], objects: false },
  'defaults-then-bounds': { defaults: true, bounds: true, ratio: true, podLimits: true, quota: 'none', namespaces: false, waves: [1, 2], perWave: [3, 5], objects: false },
  'quota-races': { defaults: false, bounds: false, ratio: false, podLimits: false, quota: 'count', namespaces: false, waves: [1, 3], perWave: [4, 8], objects: true },
  'quota-compute': { defaults: true, bounds: false, ratio: false, podLimits: false, quota: 'compute', namespaces: false, waves: [1, 3], perWave: [3, 6], objects: false },
  'namespaces': { defaults: false, bounds: false, ratio: false, podLimits: false, quota: 'none', namespaces: true, waves: [1, 2], perWave: [3, 6], objects: true },
  mixed: { defaults: true, bounds: true, ratio: true, podLimits: true, quota: 'both', namespaces: true, waves: [1, 3], perWave: [3, 7], objects: true },
};

/** scenarioArb generates a family's scenarios from its knobs. */
export function scenarioArb(k: Knobs): fc.Arbitrary<AdmissionScenario> {
  const namespacesArb = k.namespaces
    ? fc.record({ terminating: fc.boolean(), missing: fc.boolean() }).map((x) => ({ terminating: x.terminating || !x.missing, missing: x.missing }))
    : fc.constant({ terminating: false, missing: false });
  const itemsArb = fc
    .record({
      container: k.defaults || k.bounds ? fc.option(containerItemArb({ defaults: k.defaults, bounds: k.bounds, ratio: k.ratio }), { nil: undefined, freq: 8 }) : fc.constant(undefined),
      pod: k.podLimits ? fc.option(podItemArb, { nil: undefined }) : fc.constant(undefined),
    })
    .map(({ container, pod }) => [container, pod].filter((x): x is LimitItem => x !== undefined));
  const hardArb = fc.record({
    pods: fc.integer({ min: 1, max: 4 }),
    configmaps: fc.integer({ min: 0, max: 3 }),
    secrets: fc.integer({ min: 0, max: 3 }),
    cpu: stepArb('cpu', 4, 10),
    memory: stepArb('memory', 3, 6),
    compute: fc.subarray(['requests.cpu', 'limits.cpu', 'requests.memory', 'limits.memory'], { minLength: 1 }),
    legacy: fc.boolean(),
  });
  return fc
    .record({
      ns: namespacesArb,
      items: itemsArb,
      hard: hardArb,
      waveCount: fc.integer({ min: k.waves[0], max: k.waves[1] }),
      sizes: fc.array(fc.integer({ min: k.perWave[0], max: k.perWave[1] }), { minLength: 3, maxLength: 3 }),
      kinds: fc.array(fc.constantFrom<Request['resource']>('pods', 'pods', 'configmaps', 'secrets'), { minLength: 30, maxLength: 30 }),
      places: fc.array(fc.nat(5), { minLength: 30, maxLength: 30 }),
      pods: fc.array(podArb('team', 'x'), { minLength: 30, maxLength: 30 }),
    })
    .map(({ ns, items, hard, waveCount, sizes, kinds, places, pods }) => {
      const namespaces = [{ name: 'team', terminating: false }];
      if (ns.terminating) namespaces.push({ name: 'closing', terminating: true });
      const targets = ['team', ...(ns.terminating ? ['closing'] : []), ...(ns.missing ? ['ghost'] : [])];
      const limitRanges = items.length ? [{ namespace: 'team', name: 'limits', limits: items }] : [];
      const quotas: AdmissionScenario['quotas'] = [];
      if (k.quota === 'compute' || k.quota === 'both') {
        const h: ResourceList = {};
        for (const name of hard.compute) h[name] = name.endsWith('cpu') ? spell('cpu', hard.cpu, 0) : spell('memory', hard.memory, 0);
        if (hard.legacy && k.quota === 'compute') h.pods = String(hard.pods + 1);
        quotas.push({ namespace: 'team', name: 'compute', hard: h });
      }
      if (k.quota === 'count' || k.quota === 'both') {
        quotas.push({
          namespace: 'team',
          name: 'objects',
          hard: { [hard.legacy ? 'pods' : 'count/pods']: String(hard.pods), configmaps: String(hard.configmaps), 'count/secrets': String(hard.secrets) },
        });
      }
      let n = 0;
      const waves: Request[][] = [];
      for (let w = 0; w < waveCount; w++) {
        const wave: Request[] = [];
        for (let i = 0; i < sizes[w]; i++, n++) {
          const kind = k.objects ? kinds[n] : 'pods';
          const namespace = targets[places[n] % targets.length];
          const name = `${kind === 'pods' ? 'pod' : kind === 'configmaps' ? 'cm' : 'secret'}-${n}`;
          wave.push(kind === 'pods' ? { ...pods[n], namespace, name } : { resource: kind, namespace, name });
        }
        waves.push(wave);
      }
      return { namespaces, limitRanges, quotas, waves };
    });
}

function list(l: ResourceList | undefined): string {
  return Object.entries(l ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** describeRequest is a create as kubectl would be asked for it. */
export function describeRequest(r: Request): string {
  if (r.resource !== 'pods') return `create ${r.resource.slice(0, -1)} ${r.name} -n ${r.namespace}`;
  const c = (x: ContainerSpec) => `${x.name}(${[x.requests && `requests ${list(x.requests)}`, x.limits && `limits ${list(x.limits)}`].filter(Boolean).join('; ') || 'no resources'})`;
  const init = r.initContainers?.length ? `, init ${r.initContainers.map(c).join(' ')}` : '';
  return `create pod ${r.name} -n ${r.namespace}: ${(r.containers ?? []).map(c).join(' ')}${init}`;
}

/** describeScenario renders a scenario as its setup and waves, one line each. */
export function describeScenario(s: AdmissionScenario): string {
  const lines: string[] = [];
  for (const ns of s.namespaces) lines.push(`namespace ${ns.name}${ns.terminating ? ' (being deleted: Terminating)' : ''}`);
  for (const lr of s.limitRanges) {
    const items = lr.limits.map((it) =>
      [`type ${it.type}`, it.default && `default ${list(it.default)}`, it.defaultRequest && `defaultRequest ${list(it.defaultRequest)}`, it.min && `min ${list(it.min)}`, it.max && `max ${list(it.max)}`, it.maxLimitRequestRatio && `maxLimitRequestRatio ${list(it.maxLimitRequestRatio)}`]
        .filter(Boolean)
        .join(', '),
    );
    lines.push(`limitrange ${lr.namespace}/${lr.name}: ${items.join(' | ')}`);
  }
  for (const q of s.quotas) lines.push(`resourcequota ${q.namespace}/${q.name}: hard ${list(q.hard)}`);
  s.waves.forEach((w, i) => lines.push(`wave ${i + 1}, at once: ${w.map(describeRequest).join('; ')}`));
  return lines.join('\n');
}
