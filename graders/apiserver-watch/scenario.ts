/**
 * Scenarios of the apiserver-watch lab as data (see inside.play.ts for what
 * each step does) and the fast-check arbitraries of its hidden families.
 * Steps of one scenario often share a time, so updates race and watches
 * open while writes are in flight.
 */
import * as fc from 'fast-check';
import { NAMESPACES, type Fault, type Step, type WatchScenario } from './inside.play';

export type { Fault, Step, WatchScenario };

/** LOCAL_TICK_MS and CLUSTER_TICK_MS space the times steps are drawn from. */
const LOCAL_TICK_MS = 10;
const CLUSTER_TICK_MS = 250;

const at = (ticks: number, tick: number) => fc.integer({ min: 0, max: ticks }).map((t) => t * tick);

function stepArb(tick: number, ticks: number, weights: Partial<Record<Step['do'], number>>): fc.Arbitrary<Step> {
  const t = at(ticks, tick);
  const client = fc.integer({ min: 0, max: 2 });
  const counter = fc.integer({ min: 0, max: 2 });
  const watcher = fc.integer({ min: 0, max: 1 });
  const obj = fc.integer({ min: 0, max: 3 });
  const ns = fc.integer({ min: 0, max: NAMESPACES.length - 1 });
  const all: Record<Step['do'], fc.Arbitrary<Step>> = {
    increment: fc.record({ at: t, do: fc.constant('increment' as const), client, counter }),
    cas: fc.record({ at: t, do: fc.constant('cas' as const), client, counter }),
    stale: fc.record({ at: t, do: fc.constant('stale' as const), client, counter }),
    put: fc.record({ at: t, do: fc.constant('put' as const), obj, ns }),
    delete: fc.record({ at: t, do: fc.constant('delete' as const), obj, ns }),
    watch: fc.record({ at: t, do: fc.constant('watch' as const), watcher, back: fc.integer({ min: 0, max: 6 }) }),
    disconnect: fc.record({ at: t, do: fc.constant('disconnect' as const), watcher }),
    reconnect: fc.record({ at: t, do: fc.constant('reconnect' as const), watcher }),
    progress: fc.record({ at: t, do: fc.constant('progress' as const), watcher }),
    compact: fc.record({ at: t, do: fc.constant('compact' as const), back: fc.integer({ min: 0, max: 4 }) }),
  };
  return fc.oneof(...Object.entries(weights).map(([k, weight]) => ({ arbitrary: all[k as Step['do']], weight: weight! })));
}

const byTime = (steps: Step[]) => [...steps].sort((a, b) => a.at - b.at);

function localArb(weights: Partial<Record<Step['do'], number>>, must: (ticks: number) => fc.Arbitrary<Step[]>, min = 8, max = 28): fc.Arbitrary<WatchScenario> {
  const ticks = 20;
  return fc
    .record({
      counters: fc.integer({ min: 1, max: 3 }),
      steps: fc.array(stepArb(LOCAL_TICK_MS, ticks, weights), { minLength: min, maxLength: max }),
      must: must(ticks),
    })
    .map(({ counters, steps, must: m }) => ({ etcd: 'local' as const, counters, steps: byTime([...m, ...steps]), faults: [], loss: 0, faultMs: 0 }));
}

const T = LOCAL_TICK_MS;

/** concurrentUpdatesArb: three clients racing read-modify-write increments, with fresh and stale preconditions. */
export const concurrentUpdatesArb = localArb({ increment: 6, cas: 3, stale: 2, put: 1, watch: 1 }, () =>
  fc.constant<Step[]>([
    { at: 2 * T, do: 'increment', client: 0, counter: 0 },
    { at: 2 * T, do: 'increment', client: 1, counter: 0 },
    { at: 4 * T, do: 'stale', client: 2, counter: 0 },
  ]),
);

/** watchResumeArb: watches that disconnect and resume from the last resourceVersion seen or a bookmark. */
export const watchResumeArb = localArb({ increment: 3, put: 4, delete: 3, watch: 2, disconnect: 2, reconnect: 3, progress: 3 }, () =>
  fc.constant<Step[]>([
    { at: 0, do: 'watch', watcher: 0, back: 1 },
    { at: 8 * T, do: 'progress', watcher: 0 },
    { at: 9 * T, do: 'reconnect', watcher: 0 },
  ]),
);

/** compactionArb: compactions while watches are open and before they resume. */
export const compactionArb = localArb({ increment: 2, put: 4, delete: 2, watch: 2, disconnect: 2, reconnect: 3, progress: 1, compact: 3 }, () =>
  fc.integer({ min: 0, max: 1 }).map((back): Step[] => [
    // Watchers 3 and 4 are this family's own: no random step touches them.
    { at: 0, do: 'watch', watcher: 2, back: 0 },
    { at: 3 * T, do: 'disconnect', watcher: 2 },
    { at: 5 * T, do: 'put', obj: 0, ns: 0 },
    { at: 6 * T, do: 'put', obj: 1, ns: 1 },
    { at: 7 * T, do: 'put', obj: 2, ns: 0 },
    { at: 8 * T, do: 'delete', obj: 0, ns: 0 },
    { at: 12 * T, do: 'compact', back },
    { at: 13 * T, do: 'watch', watcher: 3, back: back + 3 },
    { at: 14 * T, do: 'reconnect', watcher: 2 },
  ]),
);

/** mixedArb: everything at once over one etcd. */
export const mixedArb = localArb({ increment: 3, cas: 2, stale: 1, put: 3, delete: 2, watch: 2, disconnect: 1, reconnect: 2, progress: 2, compact: 1 }, () => fc.constant([]), 10, 34);

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ at: at(16, CLUSTER_TICK_MS), do: fc.constant('crash-leader' as const), downMs: fc.integer({ min: 500, max: 3_000 }) }),
  fc.record({ at: at(16, CLUSTER_TICK_MS), do: fc.constant('isolate' as const), member: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ at: at(16, CLUSTER_TICK_MS), do: fc.constant('isolate-leader' as const) }),
);

/** replicatedArb: updates and watches over a three-member etcd with a crashed or isolated leader and lost messages. */
export const replicatedArb: fc.Arbitrary<WatchScenario> = fc
  .record({
    counters: fc.integer({ min: 1, max: 2 }),
    steps: fc.array(stepArb(CLUSTER_TICK_MS, 24, { increment: 4, cas: 2, stale: 1, put: 3, delete: 2, watch: 2, disconnect: 1, reconnect: 2, progress: 2, compact: 1 }), { minLength: 8, maxLength: 26 }),
    faults: fc.array(faultArb, { minLength: 1, maxLength: 2 }),
    loss: fc.constantFrom(0, 0.02, 0.05),
  })
  .map(({ counters, steps, faults, loss }) => ({
    etcd: 'cluster' as const,
    counters,
    steps: byTime([{ at: 0, do: 'watch', watcher: 0, back: 0 }, ...steps]),
    faults,
    loss,
    faultMs: 4_000,
  }));

/** describeStep renders a step as the learner reads a reproduction. */
export function describeStep(s: Step): string {
  const t = `t=${s.at}ms`;
  switch (s.do) {
    case 'increment':
      return `${t} c${s.client + 1} increments counter-${s.counter} (no precondition)`;
    case 'cas':
      return `${t} c${s.client + 1} reads counter-${s.counter}, then increments it with that resourceVersion as precondition`;
    case 'stale':
      return `${t} c${s.client + 1} increments counter-${s.counter} with an older resourceVersion as precondition`;
    case 'put':
      return `${t} put cm-${s.obj} in ${NAMESPACES[s.ns % NAMESPACES.length]}`;
    case 'delete':
      return `${t} delete cm-${s.obj} in ${NAMESPACES[s.ns % NAMESPACES.length]}`;
    case 'watch':
      return `${t} watcher ${s.watcher + 1} watches from ${s.back} revisions back`;
    case 'disconnect':
      return `${t} watcher ${s.watcher + 1} disconnects (stops its watch)`;
    case 'reconnect':
      return `${t} watcher ${s.watcher + 1} stops if still watching and resumes from the last resourceVersion it saw (after a 410: from the latest)`;
    case 'progress':
      return `${t} watcher ${s.watcher + 1} requests progress (a bookmark)`;
    case 'compact':
      return `${t} compact ${s.back} revisions back`;
  }
}

function describeFault(f: Fault): string {
  const t = `t=${f.at}ms`;
  if (f.do === 'crash-leader') return `${t} the etcd leader crashes for ${f.downMs}ms`;
  if (f.do === 'isolate') return `${t} etcd member n${(f.member % 3) + 1} is cut off`;
  return `${t} the etcd leader is cut off`;
}

/** describeScenario is a scenario as a numbered list of steps. */
export function describeScenario(s: WatchScenario): string {
  const head =
    s.etcd === 'cluster'
      ? `three-member etcd${s.loss ? `, ${s.loss * 100}% message loss` : ''}, healed at t=${s.faultMs}ms; `
      : 'one etcd store; ';
  const lines = [...s.steps.map((x) => ({ at: x.at, text: describeStep(x) })), ...s.faults.map((f) => ({ at: f.at, text: describeFault(f) }))].sort((a, b) => a.at - b.at);
  return `${head}${s.counters} counter${s.counters === 1 ? '' : 's'} (counter-0…) at count 0; ${lines.map((l, i) => `${i + 1}. ${l.text}`).join('; ')}`;
}
