import type { LabGrader, Verdict } from '../core/lab';
import { LabCodeError } from '../core/realm/realm';
import { checkOutcome } from './checks';
import type { Outcome } from './inside.driver';
import { describeScenario, FAMILY_KNOBS, scenarioArb, type AdmissionScenario, type ContainerSpec, type Request } from './scenario';

/** INSIDE is the realm module that runs the API server with the learner's plugins. */
const INSIDE = 'graders/admission/inside.ts';

/** summarize says what a passing run showed. */
function summarize(s: AdmissionScenario, o: Outcome): string {
  const created = o.answers.filter((a) => a.code > 0 && a.code < 300).length;
  const races = o.conflicts ? `; ${o.conflicts} quota write${o.conflicts === 1 ? '' : 's'} lost a race and decided again` : '';
  return `${o.answers.length} creates in ${s.waves.length} wave${s.waves.length === 1 ? '' : 's'}: ${created} created, ${o.answers.length - created} refused as the API server refuses them${races}`;
}

/** playScenario runs a scenario with the realm's plugins and checks the outcome. */
export function playScenario(s: AdmissionScenario, realm: import('../core/realm/realm').Realm, seed: string): Verdict {
  let outcome: Outcome;
  try {
    outcome = realm.create(INSIDE, 'start').call('play', s, seed) as Outcome;
  } catch (e) {
    if (e instanceof LabCodeError) return { passed: false, property: 'limit-defaults', message: `limit-defaults: the plugins could not be set up: ${e.describe()}` };
    throw e;
  }
  // Frames of lab code name the realm's compiled lines: map them to the learner's.
  for (const a of outcome.answers) a.message = a.message.replace(/\(at (labs\/[\w./-]+\.ts:\d+:\d+)\)/g, (_m, at: string) => `(at ${realm.locate(at)})`);
  const r = checkOutcome(s, outcome);
  if (r.valid === false) return { passed: false, property: r.property, message: r.message };
  return { passed: true, message: summarize(s, outcome) };
}

// Builders for the examples.
const c = (name: string, requests?: Record<string, string>, limits?: Record<string, string>): ContainerSpec => ({ name, ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) });
const pod = (namespace: string, name: string, ...containers: ContainerSpec[]): Request => ({ resource: 'pods', namespace, name, containers });
const cm = (namespace: string, name: string): Request => ({ resource: 'configmaps', namespace, name });
const secret = (namespace: string, name: string): Request => ({ resource: 'secrets', namespace, name });

/** admission is the grader of the admission lab: LimitRanger, ResourceQuota and NamespaceLifecycle in the real API server. */
export const admission: LabGrader<AdmissionScenario> = {
  info: {
    id: 'admission',
    title: 'Admission: LimitRanger, ResourceQuota, NamespaceLifecycle',
    summary: 'Implement three admission plugins of the API server: LimitRange defaults and bounds, quotas that hold under concurrent creates, and namespaces that refuse new objects while they are deleted.',
    lesson: '/apiserver/admission/',
    files: ['admission.ts'],
    reference: { 'admission.ts': 'engine/apiserver/admission/plugins.ts' },
    solution: [
      'engine/apiserver/admission/plugins.ts',
      'engine/apiserver/admission/limit_ranger.ts',
      'engine/apiserver/admission/resource_quota.ts',
      'engine/apiserver/admission/namespace_lifecycle.ts',
      'engine/apiserver/admission/index.ts',
      'engine/apiserver/apiserver.ts',
      'engine/apiserver/index.ts',
    ],
  },
  binaryData: false,
  examples: [
    {
      id: 'defaults-and-max',
      title: 'LimitRange defaults fill in what containers leave out; a limit over max is refused',
      data: {
        namespaces: [{ name: 'team', terminating: false }],
        limitRanges: [{ namespace: 'team', name: 'limits', limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' }, max: { cpu: '1', memory: '1Gi' } }] }],
        quotas: [],
        waves: [[pod('team', 'web', c('app')), pod('team', 'api', c('app', { cpu: '250m' }, { cpu: '500m' }), c('proxy')), pod('team', 'big', c('app', undefined, { cpu: '2' }))]],
      },
    },
    {
      id: 'ratio-and-pod-max',
      title: 'maxLimitRequestRatio per Container and max per Pod, quantities compared by value',
      data: {
        namespaces: [{ name: 'team', terminating: false }],
        limitRanges: [{ namespace: 'team', name: 'limits', limits: [{ type: 'Container', maxLimitRequestRatio: { cpu: '2' } }, { type: 'Pod', max: { cpu: '1500m', memory: '1Gi' } }] }],
        quotas: [],
        waves: [
          [
            pod('team', 'ok', c('app', { cpu: '500m', memory: '512Mi' }, { cpu: '900m', memory: '512Mi' })),
            pod('team', 'bursty', c('app', { cpu: '100m' }, { cpu: '1' })),
            pod('team', 'wide', c('a', { cpu: '1' }, { cpu: '1' }), c('b', { cpu: '500m', memory: '0.5Gi' }, { cpu: '1000m', memory: '1024Mi' })),
          ],
        ],
      },
    },
    {
      id: 'quota-race',
      title: 'six pods created at once against a quota of three: exactly three get in',
      data: {
        namespaces: [{ name: 'team', terminating: false }],
        limitRanges: [],
        quotas: [{ namespace: 'team', name: 'objects', hard: { pods: '3', configmaps: '1' } }],
        waves: [
          [1, 2, 3, 4, 5, 6].map((i) => pod('team', `pod-${i}`, c('app', { cpu: '100m' }, { cpu: '100m' }))),
          [cm('team', 'settings'), cm('team', 'more')],
        ],
      },
    },
    {
      id: 'quota-needs-limits',
      title: 'a quota on limits.cpu: pods must say their limit, and the LimitRange default says it for them',
      data: {
        namespaces: [{ name: 'team', terminating: false }],
        limitRanges: [{ namespace: 'team', name: 'limits', limits: [{ type: 'Container', default: { memory: '256Mi' } }] }],
        quotas: [{ namespace: 'team', name: 'compute', hard: { 'limits.cpu': '2', 'limits.memory': '1Gi' } }],
        waves: [[pod('team', 'web', c('app', undefined, { cpu: '1' })), pod('team', 'bare', c('app'), c('log')), pod('team', 'db', c('app', undefined, { cpu: '1500m' }))]],
      },
    },
    {
      id: 'terminating-namespace',
      title: 'a namespace being deleted refuses new pods, configmaps and secrets; a missing one answers 404',
      data: {
        namespaces: [
          { name: 'team', terminating: false },
          { name: 'closing', terminating: true },
        ],
        limitRanges: [],
        quotas: [],
        waves: [[pod('closing', 'web', c('app')), cm('closing', 'settings'), secret('closing', 'token'), secret('ghost', 'token'), cm('team', 'settings')]],
      },
    },
  ],
  families: [
    { name: 'limit-defaults', title: 'LimitRange defaults on containers and init containers', count: 4, arbitrary: scenarioArb(FAMILY_KNOBS['limit-defaults']!) },
    { name: 'limit-bounds', title: 'min, max and maxLimitRequestRatio per Container and per Pod', count: 5, arbitrary: scenarioArb(FAMILY_KNOBS['limit-bounds']!) },
    { name: 'defaults-then-bounds', title: 'defaults applied first, then the bounds checked on them', count: 4, arbitrary: scenarioArb(FAMILY_KNOBS['defaults-then-bounds']!) },
    { name: 'quota-races', title: 'object-count quotas under concurrent creates', count: 5, arbitrary: scenarioArb(FAMILY_KNOBS['quota-races']!) },
    { name: 'quota-compute', title: 'compute quotas: must specify, and usage under concurrent creates', count: 4, arbitrary: scenarioArb(FAMILY_KNOBS['quota-compute']!) },
    { name: 'namespaces', title: 'terminating and missing namespaces', count: 3, arbitrary: scenarioArb(FAMILY_KNOBS.namespaces!) },
    { name: 'mixed', title: 'everything at once', count: 5, arbitrary: scenarioArb(FAMILY_KNOBS.mixed!) },
  ],
  run: (data, ctx) => playScenario(data, ctx.realm, ctx.seed),
  describe: describeScenario,
};
