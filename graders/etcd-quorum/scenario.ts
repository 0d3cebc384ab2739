import * as fc from 'fast-check';

/**
 * QuorumScenario is one hidden or visible etcd-quorum scenario, as plain
 * data: a cluster, a fault phase, then a healed phase in which the cluster
 * must make progress. Members and clients are referred to by number (member
 * 0 is n1, client 0 is c1) so that shrinking can drop any of them.
 */
export interface QuorumScenario {
  members: number;
  clients: number;
  /** faultMs is how long the fault phase lasts; then the network heals and every member restarts. */
  faultMs: number;
  /** network is the links' behaviour during the fault phase. */
  network: NetworkFaults;
  faults: Fault[];
  requests: ClientRequest[];
}

export interface NetworkFaults {
  minLatencyMs: number;
  maxLatencyMs: number;
  loss: number;
  duplicate: number;
  reorder: number;
}

/** Fault is something that happens at `at` ms during the fault phase. */
export type Fault =
  /** partition splits the members by side number; clients listed in `clients` join the side given. */
  | { at: number; kind: 'partition'; sides: number[]; clientSides: number[] }
  /** isolate-leader cuts whoever leads at that moment off from every other member, with client `withClient` (or none) on its side. */
  | { at: number; kind: 'isolate-leader'; withClient: number | null }
  /** one-way stops messages from member `from` to member `to` only. */
  | { at: number; kind: 'one-way'; from: number; to: number }
  | { at: number; kind: 'heal-network' }
  | { at: number; kind: 'crash'; member: number }
  /** crash-leader crashes whoever leads at that moment. */
  | { at: number; kind: 'crash-leader' }
  | { at: number; kind: 'restart'; member: number }
  /** slow adds `ms` of latency to every link of member `member`. */
  | { at: number; kind: 'slow'; member: number; ms: number };

/** ClientRequest is a request client `client` makes at `at` ms; puts write a value unique to the request. */
export interface ClientRequest {
  at: number;
  client: number;
  kind: 'put' | 'get';
  key: string;
}

/** HEALED_PHASE_MS is how long the cluster runs after the heal; SETTLE_MS, how long it may take to elect and catch up. */
export const HEALED_PHASE_MS = 14_000;
export const SETTLE_MS = 3_000;

export const KEYS = ['a', 'b', 'c'];

export const HEALTHY: NetworkFaults = { minLatencyMs: 1, maxLatencyMs: 10, loss: 0, duplicate: 0, reorder: 0 };

const members = fc.constantFrom(3, 5);
const at = (faultMs: number) => fc.integer({ min: 200, max: faultMs - 200 });

const mildNetwork: fc.Arbitrary<NetworkFaults> = fc.record({
  minLatencyMs: fc.integer({ min: 1, max: 5 }),
  maxLatencyMs: fc.integer({ min: 5, max: 30 }),
  loss: fc.constantFrom(0, 0.01, 0.05),
  duplicate: fc.constantFrom(0, 0.02),
  reorder: fc.constantFrom(0, 0.1),
});

const roughNetwork: fc.Arbitrary<NetworkFaults> = fc.record({
  minLatencyMs: fc.integer({ min: 1, max: 20 }),
  maxLatencyMs: fc.integer({ min: 20, max: 150 }),
  loss: fc.constantFrom(0.05, 0.1, 0.2),
  duplicate: fc.constantFrom(0.02, 0.05, 0.1),
  reorder: fc.constantFrom(0.1, 0.3),
});

/** requests draws a workload over both phases; the healed phase's requests come after SETTLE_MS. */
function requests(clients: number, faultMs: number, count: { min: number; max: number }): fc.Arbitrary<ClientRequest[]> {
  const one = (lo: number, hi: number) =>
    fc.record({
      at: fc.integer({ min: lo, max: hi }),
      client: fc.integer({ min: 0, max: clients - 1 }),
      kind: fc.constantFrom<'put' | 'get'>('put', 'get'),
      key: fc.constantFrom(...KEYS),
    });
  return fc
    .tuple(
      fc.array(one(0, faultMs), { minLength: count.min, maxLength: count.max }),
      fc.array(one(faultMs + SETTLE_MS, faultMs + SETTLE_MS + 3_000), { minLength: 2, maxLength: 6 }),
    )
    .map(([a, b]) => sortByTime([...a, ...b]));
}

function sortByTime<T extends { at: number }>(items: T[]): T[] {
  return items.map((x, i) => [x, i] as const).sort((p, q) => p[0].at - q[0].at || p[1] - q[1]).map(([x]) => x);
}

/** scenario builds a scenario arbitrary from a member count, a network and a fault generator. */
function scenario(options: {
  network: fc.Arbitrary<NetworkFaults>;
  faultMs: fc.Arbitrary<number>;
  faults: (members: number, clients: number, faultMs: number) => fc.Arbitrary<Fault[]>;
  requests?: { min: number; max: number };
}): fc.Arbitrary<QuorumScenario> {
  return fc
    .record({ members, clients: fc.integer({ min: 2, max: 3 }), faultMs: options.faultMs, network: options.network })
    .chain(({ members, clients, faultMs, network }) =>
      fc.record({
        members: fc.constant(members),
        clients: fc.constant(clients),
        faultMs: fc.constant(faultMs),
        network: fc.constant(network),
        faults: options.faults(members, clients, faultMs).map(sortByTime),
        requests: requests(clients, faultMs, options.requests ?? { min: 8, max: 24 }),
      }),
    );
}

const partitionFault = (m: number, c: number, faultMs: number): fc.Arbitrary<Fault> =>
  fc.record({
    at: at(faultMs),
    kind: fc.constant('partition' as const),
    sides: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: m, maxLength: m }),
    clientSides: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: c, maxLength: c }),
  });
const oneWay = (m: number, faultMs: number): fc.Arbitrary<Fault> =>
  fc
    .record({ at: at(faultMs), from: fc.integer({ min: 0, max: m - 1 }), to: fc.integer({ min: 0, max: m - 1 }) })
    .filter((f) => f.from !== f.to)
    .map((f) => ({ ...f, kind: 'one-way' as const }));
const healNetwork = (faultMs: number): fc.Arbitrary<Fault> => fc.record({ at: at(faultMs), kind: fc.constant('heal-network' as const) });
const crash = (m: number, faultMs: number): fc.Arbitrary<Fault> =>
  fc.record({ at: at(faultMs), kind: fc.constant('crash' as const), member: fc.integer({ min: 0, max: m - 1 }) });
const crashLeader = (faultMs: number): fc.Arbitrary<Fault> => fc.record({ at: at(faultMs), kind: fc.constant('crash-leader' as const) });
const restart = (m: number, faultMs: number): fc.Arbitrary<Fault> =>
  fc.record({ at: at(faultMs), kind: fc.constant('restart' as const), member: fc.integer({ min: 0, max: m - 1 }) });
const isolateLeader = (c: number, faultMs: number): fc.Arbitrary<Fault> =>
  fc.record({ at: at(faultMs), kind: fc.constant('isolate-leader' as const), withClient: fc.option(fc.integer({ min: 0, max: c - 1 }), { nil: null }) });
const slow = (m: number, faultMs: number): fc.Arbitrary<Fault> =>
  fc.record({ at: at(faultMs), kind: fc.constant('slow' as const), member: fc.integer({ min: 0, max: m - 1 }), ms: fc.integer({ min: 50, max: 400 }) });

/** partitions: two-way and one-way partitions come and go over a mildly faulty network. */
export const partitionsArb = scenario({
  network: mildNetwork,
  faultMs: fc.integer({ min: 6_000, max: 14_000 }),
  faults: (m, c, f) => fc.array(fc.oneof(partitionFault(m, c, f), partitionFault(m, c, f), oneWay(m, f), healNetwork(f)), { minLength: 1, maxLength: 6 }),
});

/** crashes: members, often the leader, crash and restart, sometimes during an election. */
export const crashesArb = scenario({
  network: mildNetwork,
  faultMs: fc.integer({ min: 6_000, max: 14_000 }),
  faults: (m, _c, f) => fc.array(fc.oneof(crash(m, f), crashLeader(f), crashLeader(f), restart(m, f), restart(m, f)), { minLength: 2, maxLength: 10 }),
});

/**
 * electionChurn: slow links and crashes timed around elections, so that
 * candidates overlap and voters restart mid-election.
 */
export const electionChurnArb = scenario({
  network: fc.record({
    minLatencyMs: fc.integer({ min: 20, max: 60 }),
    maxLatencyMs: fc.integer({ min: 60, max: 250 }),
    loss: fc.constantFrom(0, 0.02),
    duplicate: fc.constantFrom(0, 0.05),
    reorder: fc.constantFrom(0, 0.2),
  }),
  faultMs: fc.integer({ min: 6_000, max: 12_000 }),
  faults: (m, _c, f) =>
    fc.array(
      fc.oneof(
        crashLeader(f),
        fc.integer({ min: 0, max: m - 1 }).chain((member) =>
          fc.integer({ min: 200, max: f - 1_000 }).chain((t) =>
            fc.integer({ min: 20, max: 600 }).map((gap): Fault[] => [
              { at: t, kind: 'crash', member },
              { at: t + gap, kind: 'restart', member },
            ]),
          ),
        ),
      ),
      { minLength: 2, maxLength: 8 },
    ).map((xs) => xs.flat() as Fault[]),
  requests: { min: 4, max: 12 },
});

/**
 * leaderIsolation: the leader is cut off with a client that keeps talking to
 * it, while the majority elects a new leader and takes writes; then the
 * network heals and the old leader must give way.
 */
export const leaderIsolationArb = scenario({
  network: mildNetwork,
  faultMs: fc.integer({ min: 6_000, max: 12_000 }),
  faults: (_m, c, f) =>
    fc.array(
      fc.integer({ min: 1_500, max: Math.max(1_600, f - 3_000) }).chain((t) =>
        fc.tuple(fc.integer({ min: 0, max: c - 1 }), fc.integer({ min: 2_500, max: 5_000 })).map(([client, lasting]): Fault[] => [
          { at: t, kind: 'isolate-leader', withClient: client },
          { at: Math.min(t + lasting, f - 200), kind: 'heal-network' },
        ]),
      ),
      { minLength: 1, maxLength: 2 },
    ).map((xs) => xs.flat() as Fault[]),
  requests: { min: 16, max: 32 },
});

/** flakyNetwork: no partitions or crashes, but heavy loss, duplication, reordering and slow members. */
export const flakyNetworkArb = scenario({
  network: roughNetwork,
  faultMs: fc.integer({ min: 6_000, max: 12_000 }),
  faults: (m, _c, f) => fc.array(slow(m, f), { maxLength: 3 }),
});

/** mixed: everything at once. */
export const mixedArb = scenario({
  network: fc.oneof(mildNetwork, roughNetwork),
  faultMs: fc.integer({ min: 8_000, max: 14_000 }),
  faults: (m, c, f) =>
    fc.array(fc.oneof(partitionFault(m, c, f), oneWay(m, f), healNetwork(f), crash(m, f), crashLeader(f), restart(m, f), isolateLeader(c, f), slow(m, f)), {
      minLength: 2,
      maxLength: 10,
    }),
});

/** describeScenario renders a scenario as a learner's reproduction recipe. */
export function describeScenario(s: QuorumScenario): string {
  const n = (i: number) => `n${i + 1}`;
  const c = (i: number) => `c${i + 1}`;
  const net = s.network;
  const faults = [
    net.loss || net.duplicate || net.reorder
      ? `links ${net.minLatencyMs}–${net.maxLatencyMs}ms with ${pct(net.loss)} loss, ${pct(net.duplicate)} duplication, ${pct(net.reorder)} reordering`
      : `links ${net.minLatencyMs}–${net.maxLatencyMs}ms`,
    ...s.faults.map((f) => `at ${f.at}ms ${describeFault(f, n, c)}`),
  ];
  const puts = s.requests.filter((r) => r.kind === 'put').length;
  return `${s.members} members, ${s.clients} clients; faults until ${s.faultMs}ms: ${faults.join('; ')}; then the network heals and all members restart, and the cluster runs to ${s.faultMs + HEALED_PHASE_MS}ms; ${s.requests.length} requests (${puts} puts, ${s.requests.length - puts} gets) on keys ${KEYS.join(', ')}`;
}

function describeFault(f: Fault, n: (i: number) => string, c: (i: number) => string): string {
  switch (f.kind) {
    case 'partition': {
      const side = (k: number) => [...f.sides.flatMap((s, i) => (s === k ? [n(i)] : [])), ...f.clientSides.flatMap((s, i) => (s === k ? [c(i)] : []))];
      return `partition {${side(0).join(', ')}} | {${side(1).join(', ')}}`;
    }
    case 'isolate-leader':
      return `isolate the leader${f.withClient === null ? '' : ` with ${c(f.withClient)}`}`;
    case 'one-way':
      return `cut ${n(f.from)} → ${n(f.to)} (one way)`;
    case 'heal-network':
      return 'heal the network';
    case 'crash':
      return `crash ${n(f.member)}`;
    case 'crash-leader':
      return 'crash the leader';
    case 'restart':
      return `restart ${n(f.member)}`;
    case 'slow':
      return `slow ${n(f.member)}'s links by ${f.ms}ms`;
  }
}

function pct(p: number): string {
  return `${Math.round(p * 100)}%`;
}
