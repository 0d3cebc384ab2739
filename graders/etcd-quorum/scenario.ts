import * as fc from 'fast-check';
import { DEFAULT_CLIENT } from '../../engine/etcd/client';

/**
 * QuorumScenario is one hidden or visible etcd-quorum scenario, as plain
 * data: a cluster, a fault phase, then a healed phase in which the cluster
 * must make progress. Members and clients are referred to by number (member
 * 0 is n1, client 0 is c1) so that shrinking can drop any of them.
 */
export interface QuorumScenario {
  members: number;
  clients: number;
  /** faultMs is how long the fault phase lasts; then the network heals and every crashed member restarts. */
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
  /** crash-leader crashes whoever leads at that moment; it restarts `downMs` later if that is given. */
  | { at: number; kind: 'crash-leader'; downMs?: number }
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

/**
 * SETTLE_MS is how long the cluster may take after the heal to elect a leader
 * and catch up; requests of the healed phase are made in the HEALED_WINDOW_MS
 * after that. HEALED_PHASE_MS, how long the cluster runs after the heal, leaves
 * the last of them a client's whole retry budget to be answered.
 */
export const SETTLE_MS = 3_000;
export const HEALED_WINDOW_MS = 3_000;
export const HEALED_PHASE_MS = SETTLE_MS + HEALED_WINDOW_MS + DEFAULT_CLIENT.giveUpAfterMs;

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

/** request builds one ClientRequest arbitrary in [lo, hi] ms. */
function request(clients: number, lo: number, hi: number): fc.Arbitrary<ClientRequest> {
  return fc.record({
    at: fc.integer({ min: lo, max: hi }),
    client: fc.integer({ min: 0, max: clients - 1 }),
    kind: fc.constantFrom<'put' | 'get'>('put', 'get'),
    key: fc.constantFrom(...KEYS),
  });
}

/** requests draws a workload over both phases; the healed phase's requests come after SETTLE_MS. */
function requests(clients: number, faultMs: number, count: { min: number; max: number }): fc.Arbitrary<ClientRequest[]> {
  return fc
    .tuple(
      fc.array(request(clients, 0, faultMs), { minLength: count.min, maxLength: count.max }),
      fc.array(request(clients, faultMs + SETTLE_MS, faultMs + SETTLE_MS + HEALED_WINDOW_MS), { minLength: 2, maxLength: 6 }),
    )
    .map(([a, b]) => [...a, ...b]);
}

function sortByTime<T extends { at: number }>(items: T[]): T[] {
  return items.map((x, i) => [x, i] as const).sort((p, q) => p[0].at - q[0].at || p[1] - q[1]).map(([x]) => x);
}

/**
 * Plan is what a family's fault generator draws: faults, the requests that
 * go with them (a write just before a crash, reads from a client cut off
 * with a stale leader), and windows in which a client must make no other
 * request, so that it is free when its planned request is due.
 */
interface Plan {
  faults: Fault[];
  requests: ClientRequest[];
  quiet: { client: number; from: number; to: number }[];
}

const plan = (faults: Fault[], requests: ClientRequest[] = [], quiet: Plan['quiet'] = []): Plan => ({ faults, requests, quiet });

/** joinPlans merges plans drawn independently. */
function joinPlans(plans: Plan[]): Plan {
  return { faults: plans.flatMap((p) => p.faults), requests: plans.flatMap((p) => p.requests), quiet: plans.flatMap((p) => p.quiet) };
}

/**
 * assemble makes a scenario of a cluster, a plan and a background workload,
 * leaving out the background requests that fall in the plan's quiet windows.
 */
function assemble(
  cluster: Pick<QuorumScenario, 'members' | 'clients' | 'faultMs' | 'network'>,
  planned: Plan,
  background: ClientRequest[],
): QuorumScenario {
  const quiet = (r: ClientRequest) => planned.quiet.some((q) => q.client === r.client && r.at >= q.from && r.at <= q.to);
  return { ...cluster, faults: sortByTime(planned.faults), requests: sortByTime([...planned.requests, ...background.filter((r) => !quiet(r))]) };
}

/**
 * scenario builds a scenario arbitrary from a network, a fault phase length
 * and a plan generator; a background workload is drawn over both phases.
 */
function scenario(options: {
  network: fc.Arbitrary<NetworkFaults>;
  faultMs: fc.Arbitrary<number>;
  plan: (members: number, clients: number, faultMs: number, network: NetworkFaults) => fc.Arbitrary<Plan>;
  requests?: { min: number; max: number };
}): fc.Arbitrary<QuorumScenario> {
  return fc
    .record({ members, clients: fc.integer({ min: 2, max: 3 }), faultMs: options.faultMs, network: options.network })
    .chain((cluster) =>
      fc
        .record({
          planned: options.plan(cluster.members, cluster.clients, cluster.faultMs, cluster.network),
          background: requests(cluster.clients, cluster.faultMs, options.requests ?? { min: 8, max: 24 }),
        })
        .map(({ planned, background }) => assemble(cluster, planned, background)),
    );
}

/** faultsOnly turns a fault-list generator into a plan generator. */
const faultsOnly =
  (faults: (members: number, clients: number, faultMs: number) => fc.Arbitrary<Fault[]>) =>
  (m: number, c: number, f: number): fc.Arbitrary<Plan> =>
    faults(m, c, f).map((xs) => plan(xs));

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

/**
 * minorityIsolation: a minority of members is cut off for long enough to
 * campaign in vain (raising its term), while the majority, with every
 * client, commits writes; then the network heals. The minority returns with
 * higher terms and shorter logs: only the up-to-date rule keeps it from
 * winning the next election.
 */
const minorityIsolation = (m: number, c: number): fc.Arbitrary<Plan & { end: number }> =>
  fc
    .record({
      t: fc.integer({ min: 1_500, max: 2_500 }),
      lasting: fc.integer({ min: 2_500, max: 4_500 }),
      cut: fc.shuffledSubarray(
        Array.from({ length: m }, (_, i) => i),
        { minLength: 1, maxLength: Math.floor((m - 1) / 2) },
      ),
      writes: fc.array(fc.record({ after: fc.integer({ min: 300, max: 2_200 }), client: fc.integer({ min: 0, max: c - 1 }), key: fc.constantFrom(...KEYS) }), {
        minLength: 2,
        maxLength: 4,
      }),
    })
    .map(({ t, lasting, cut, writes }) => ({
      ...plan(
        [
          { at: t, kind: 'partition', sides: Array.from({ length: m }, (_, i) => (cut.includes(i) ? 1 : 0)), clientSides: Array.from({ length: c }, () => 0) },
          { at: t + lasting, kind: 'heal-network' },
        ],
        writes.map((w) => ({ at: t + w.after, client: w.client, kind: 'put' as const, key: w.key })),
      ),
      end: t + lasting,
    }));

/**
 * partitions: a minority is cut off and comes back (minorityIsolation), then
 * two-way and one-way partitions come and go over a mildly faulty network.
 */
export const partitionsArb = scenario({
  network: mildNetwork,
  faultMs: fc.integer({ min: 8_000, max: 14_000 }),
  plan: (m, c, f) =>
    minorityIsolation(m, c).chain((first) =>
      fc
        .array(fc.oneof(partitionFault(m, c, f), partitionFault(m, c, f), oneWay(m, f), healNetwork(f)), { minLength: 0, maxLength: 5 })
        .map((later) => joinPlans([first, plan(later.filter((x) => x.at > first.end + 500))])),
    ),
});

/** crashes: members, often the leader, crash and restart, sometimes during an election. */
export const crashesArb = scenario({
  network: mildNetwork,
  faultMs: fc.integer({ min: 6_000, max: 14_000 }),
  plan: faultsOnly((m, _c, f) => fc.array(fc.oneof(crash(m, f), crashLeader(f), crashLeader(f), restart(m, f), restart(m, f)), { minLength: 2, maxLength: 10 })),
});

/**
 * busyCrash: every client writes at once, and the leader crashes while the
 * writes are still being replicated, so that the next leader inherits
 * entries of an older term that it does not yet know to be committed. That
 * is most likely two to three and a half of the slowest link's latencies
 * after the writes (measured: the commit-old-term bug of the corpus is then
 * caught by two crashes in three). The crashed leader comes back soon, so
 * that the cluster stays whole for the next one.
 */
const busyCrash = (c: number, f: number, network: NetworkFaults): fc.Arbitrary<Plan> =>
  fc
    .record({
      t: fc.integer({ min: 1_500, max: f - 1_000 }),
      delay: fc.integer({ min: 20, max: 35 }).map((tenths) => Math.max(30, Math.round((network.maxLatencyMs * tenths) / 10))),
      downMs: fc.integer({ min: 200, max: 1_500 }),
      keys: fc.array(fc.constantFrom(...KEYS), { minLength: c, maxLength: c }),
    })
    .map(({ t, delay, downMs, keys }) =>
      plan(
        [{ at: t + delay, kind: 'crash-leader', downMs }],
        keys.map((key, client) => ({ at: t, client, kind: 'put' as const, key })),
        keys.map((_, client) => ({ client, from: t - 600, to: t + delay })),
      ),
    );

/** crashRestart: a member crashes and comes back after `gap` ms, often while votes are in flight. */
const crashRestart = (m: number, f: number): fc.Arbitrary<Plan> =>
  fc
    .record({ member: fc.integer({ min: 0, max: m - 1 }), t: fc.integer({ min: 200, max: f - 1_000 }), gap: fc.integer({ min: 20, max: 600 }) })
    .map(({ member, t, gap }) =>
      plan([
        { at: t, kind: 'crash', member },
        { at: t + gap, kind: 'restart', member },
      ]),
    );

/**
 * electionChurn: slow links and crashes timed around elections, so that
 * candidates overlap, voters restart mid-election, and leaders die with
 * writes half replicated.
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
  plan: (m, c, f, network) =>
    fc.array(fc.oneof({ arbitrary: busyCrash(c, f, network), weight: 2 }, { arbitrary: crashRestart(m, f), weight: 1 }), { minLength: 2, maxLength: 8 }).map(joinPlans),
  requests: { min: 4, max: 12 },
});

/**
 * staleReads: the leader is cut off with client `buddy` while the majority
 * elects a new leader, which takes a write of `key` from another client;
 * then the buddy keeps reading `key` from the old leader until the heal. A
 * leader that answers reads without a quorum's confirmation returns the old
 * value after the new one was acknowledged.
 */
const staleReads = (c: number, t: number): fc.Arbitrary<Plan & { end: number }> =>
  fc
    .record({
      lasting: fc.integer({ min: 3_300, max: 4_000 }),
      buddy: fc.integer({ min: 0, max: c - 1 }),
      writer: fc.integer({ min: 1, max: c - 1 }),
      key: fc.constantFrom(...KEYS),
      writeAt: fc.integer({ min: 1_000, max: 1_400 }),
    })
    .map(({ lasting, buddy, writer, key, writeAt }) => {
      const reads: ClientRequest[] = [];
      for (let at = t + 1_700; at < t + lasting - 100; at += 300) reads.push({ at, client: buddy, kind: 'get', key });
      return {
        ...plan(
          [
            { at: t, kind: 'isolate-leader', withClient: buddy },
            { at: t + lasting, kind: 'heal-network' },
          ],
          [{ at: t + writeAt, client: (buddy + writer) % c, kind: 'put', key }, ...reads],
          [{ client: buddy, from: t - 1_500, to: t + lasting }],
        ),
        end: t + lasting,
      };
    });

/**
 * staleWrites: the leader is cut off with client `buddy`, which writes to
 * it: the old leader's log gets entries no one else has (the client retries
 * them as it cycles through the members). The majority elects a new leader
 * that takes a write, and then that leader crashes too, so the leader
 * elected next has a longer log than the old one and probes it at an index
 * where the old leader holds an entry of a different term. After the heal
 * the old leader's extra entries must be found and thrown away.
 */
const staleWrites = (c: number, t: number): fc.Arbitrary<Plan & { end: number }> =>
  fc
    .record({
      lasting: fc.integer({ min: 3_600, max: 4_400 }),
      buddy: fc.integer({ min: 0, max: c - 1 }),
      writer: fc.integer({ min: 1, max: c - 1 }),
      keys: fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...KEYS)),
      staleAt: fc.integer({ min: 200, max: 500 }),
      writeAt: fc.integer({ min: 1_000, max: 1_400 }),
      crashAt: fc.integer({ min: 2_600, max: 3_000 }),
    })
    .map(({ lasting, buddy, writer, keys, staleAt, writeAt, crashAt }) => ({
      ...plan(
        [
          { at: t, kind: 'isolate-leader', withClient: buddy },
          { at: t + crashAt, kind: 'crash-leader' },
          { at: t + lasting, kind: 'heal-network' },
        ],
        [
          { at: t + staleAt, client: buddy, kind: 'put', key: keys[0] },
          { at: t + writeAt, client: (buddy + writer) % c, kind: 'put', key: keys[1] },
        ],
        [{ client: buddy, from: t - 1_500, to: t + lasting }],
      ),
      end: t + lasting,
    }));

/**
 * leaderIsolation: twice, the leader is cut off with a client of its own
 * while the majority elects a new leader and takes writes, then the network
 * heals and the old leader must give way: first the client reads from the
 * old leader (staleReads), then it writes to it (staleWrites). The fault
 * phase ends shortly after the second heal.
 */
export const leaderIsolationArb: fc.Arbitrary<QuorumScenario> = fc
  .record({ members, clients: fc.integer({ min: 2, max: 3 }), network: mildNetwork, t: fc.integer({ min: 2_500, max: 3_000 }) })
  .chain(({ members, clients, network, t }) =>
    staleReads(clients, t).chain((first) =>
      fc.integer({ min: 1_000, max: 1_800 }).chain((gap) =>
        staleWrites(clients, first.end + gap).chain((second) =>
          fc.integer({ min: 200, max: 600 }).chain((tail) => {
            const faultMs = second.end + tail;
            return requests(clients, faultMs, { min: 6, max: 14 }).map((background) => assemble({ members, clients, faultMs, network }, joinPlans([first, second]), background));
          }),
        ),
      ),
    ),
  );

/** flakyNetwork: no partitions or crashes, but heavy loss, duplication, reordering and slow members. */
export const flakyNetworkArb = scenario({
  network: roughNetwork,
  faultMs: fc.integer({ min: 6_000, max: 12_000 }),
  plan: faultsOnly((m, _c, f) => fc.array(slow(m, f), { maxLength: 3 })),
});

/** mixed: everything at once. */
export const mixedArb = scenario({
  network: fc.oneof(mildNetwork, roughNetwork),
  faultMs: fc.integer({ min: 8_000, max: 14_000 }),
  plan: faultsOnly((m, c, f) =>
    fc.array(fc.oneof(partitionFault(m, c, f), oneWay(m, f), healNetwork(f), crash(m, f), crashLeader(f), restart(m, f), isolateLeader(c, f), slow(m, f)), {
      minLength: 2,
      maxLength: 10,
    }),
  ),
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
  return `${s.members} members, ${s.clients} clients; faults until ${s.faultMs}ms: ${faults.join('; ')}; then the network heals, every crashed member restarts, and the cluster runs to ${s.faultMs + HEALED_PHASE_MS}ms; ${s.requests.length} requests (${puts} puts, ${s.requests.length - puts} gets) on keys ${KEYS.join(', ')}`;
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
      return f.downMs === undefined ? 'crash the leader' : `crash the leader for ${f.downMs}ms`;
    case 'restart':
      return `restart ${n(f.member)}`;
    case 'slow':
      return `slow ${n(f.member)}'s links by ${f.ms}ms`;
  }
}

function pct(p: number): string {
  return `${Math.round(p * 100)}%`;
}
