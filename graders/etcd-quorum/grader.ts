import { EtcdCluster } from '../../engine/etcd/cluster';
import type { RaftDriverFactory, RaftInput, RaftOutput } from '../../engine/etcd/raft-driver';
import { newMemberStore } from '../../engine/etcd/store';
import type { CheckResult, LabGrader, Verdict } from '../core/lab';
import { LabCodeError, type Realm } from '../core/realm/realm';
import { verdictForError } from '../core/runner';
import { SimulationLimitError } from '../../engine/sim/kernel';
import { busiestTraffic, checkProgressAfterHeal, diagnoseStall, SAFETY_CHECKS } from './checks';
import {
  crashesArb,
  describeScenario,
  electionChurnArb,
  flakyNetworkArb,
  HEALED_PHASE_MS,
  HEALTHY,
  leaderIsolationArb,
  mixedArb,
  partitionsArb,
  SETTLE_MS,
  type ClientRequest,
  type Fault,
  type QuorumScenario,
} from './scenario';

/** INSIDE is the realm module that wraps the learner's node in a driver. */
const INSIDE = 'graders/etcd-quorum/inside.ts';

/**
 * STEP_LIMIT bounds one scenario's simulation at over ten times what a
 * correct node needs (the reference, and a plain solution written on the
 * starter, take at most about 4,400 events over 20 seeds), so a message storm
 * fails in a second or two instead of running on.
 */
const STEP_LIMIT = 50_000;

/** realmRaft starts members' nodes inside the realm, naming the node and input in any error. */
export function realmRaft(realm: Realm): RaftDriverFactory {
  return (config, persisted) => {
    const remote = realm.create(INSIDE, 'start', config, persisted);
    return {
      input(input: RaftInput): RaftOutput {
        try {
          return remote.call('input', input) as RaftOutput;
        } catch (e) {
          if (e instanceof LabCodeError) throw e.withContext(`(in ${config.id}'s ${describeInput(input)})`);
          throw e;
        }
      },
    };
  };
}

function describeInput(input: RaftInput): string {
  switch (input.kind) {
    case 'step':
      return `step(${input.message.type} from ${input.message.from})`;
    case 'propose':
      return 'propose()';
    case 'readIndex':
      return 'readIndex()';
    default:
      return 'tick()';
  }
}

/**
 * stageScenario builds a cluster whose nodes come from `raft` and schedules
 * the scenario's faults, requests and heal on it, without running it.
 */
export function stageScenario(s: QuorumScenario, seed: string, raft: RaftDriverFactory): EtcdCluster {
  const cluster = new EtcdCluster({ seed, members: s.members, raft, newStore: newMemberStore, link: s.network, limits: { maxSteps: STEP_LIMIT } });
  const clients = Array.from({ length: s.clients }, (_, i) => cluster.addClient(`c${i + 1}`).id);
  for (const f of s.faults) cluster.sim.at(Math.min(f.at, s.faultMs), () => applyFault(cluster, f, clients));
  s.requests.forEach((r, i) => cluster.sim.at(r.at, () => submit(cluster, clients, r, i)));
  cluster.sim.at(s.faultMs, () => cluster.healAll());
  return cluster;
}

/** playScenario runs a scenario to its end on a cluster whose nodes come from `raft`, and returns the cluster. */
export function playScenario(s: QuorumScenario, seed: string, raft: RaftDriverFactory): EtcdCluster {
  const cluster = stageScenario(s, seed, raft);
  cluster.sim.runUntil(s.faultMs + HEALED_PHASE_MS);
  return cluster;
}

function submit(cluster: EtcdCluster, clients: string[], r: ClientRequest, i: number): void {
  const client = cluster.client(clients[r.client % clients.length]);
  client.submit(r.kind === 'put' ? { kind: 'put', key: r.key, value: `v${i + 1}` } : { kind: 'get', key: r.key });
}

function applyFault(cluster: EtcdCluster, f: Fault, clients: string[]): void {
  const m = cluster.members;
  const member = (i: number) => m[i % m.length];
  switch (f.kind) {
    case 'partition': {
      const side = (k: number) => [...m.filter((_, i) => (f.sides[i] ?? 0) === k), ...clients.filter((_, i) => (f.clientSides[i] ?? 0) === k)];
      cluster.partition([side(0), side(1)]);
      return;
    }
    case 'isolate-leader': {
      const leader = cluster.leader() ?? m[0];
      const buddy = f.withClient === null ? [] : [clients[f.withClient % clients.length]];
      cluster.partition([[leader, ...buddy], [...m.filter((x) => x !== leader), ...clients.filter((c) => !buddy.includes(c))]]);
      return;
    }
    case 'one-way':
      cluster.net.block(member(f.from), member(f.to));
      return;
    case 'heal-network':
      cluster.net.heal();
      return;
    case 'crash':
      cluster.crash(member(f.member));
      return;
    case 'crash-leader': {
      const leader = cluster.leader();
      if (!leader) return;
      cluster.crash(leader);
      if (f.downMs !== undefined) cluster.sim.after(f.downMs, () => cluster.restart(leader));
      return;
    }
    case 'restart':
      cluster.restart(member(f.member));
      return;
    case 'slow': {
      const slowed = member(f.member);
      for (const other of [...m, ...clients]) {
        if (other === slowed) continue;
        for (const [a, b] of [[slowed, other], [other, slowed]]) {
          const link = cluster.net.link(a, b);
          cluster.net.setLink(a, b, { minLatencyMs: link.minLatencyMs + f.ms, maxLatencyMs: link.maxLatencyMs + f.ms });
        }
      }
      return;
    }
  }
}

/**
 * judgeAborted explains a run that lab code cut short by throwing (or by
 * running into a limit or breaking the host's contract). A safety property
 * already violated by then is usually the cause, and it names the mistake
 * better than the exception it led to (a stale leader overwriting committed
 * entries trips an assertion later), so the checks run on the trace so far,
 * and the error is reported only if none of them fails.
 */
export function judgeAborted(cluster: EtcdCluster, error: unknown): Verdict {
  const trace = { members: cluster.members, events: cluster.sim.trace.events };
  const after = verdictForError(error);
  for (const check of SAFETY_CHECKS) {
    const r = check(trace);
    if (r.valid === false) {
      const then = after.passed ? '' : `\nThe run then stopped at ${cluster.sim.now}ms: ${after.message}`;
      return { passed: false, property: r.property, message: `${r.message}${then}` };
    }
  }
  if (error instanceof SimulationLimitError && !after.passed) {
    // A storm is usually two members answering each other forever: show who, and what the trace says about why.
    const since = Math.max(0, cluster.sim.now - 2_000);
    return { ...after, message: `${after.property}: ${after.message}; ${busiestTraffic(trace)}; ${diagnoseStall(trace, since).join('; ')}` };
  }
  return after;
}

/** judge runs every check on a finished cluster's trace. */
export function judge(cluster: EtcdCluster, s: QuorumScenario): Verdict {
  const trace = { members: cluster.members, events: cluster.sim.trace.events };
  const notes: string[] = [];
  const results: CheckResult[] = [...SAFETY_CHECKS.map((check) => check(trace))];
  const end = s.faultMs + HEALED_PHASE_MS;
  results.push(checkProgressAfterHeal(trace, s.faultMs, s.faultMs + SETTLE_MS, end));
  for (const r of results) {
    if (r.valid === false) return { passed: false, property: r.property, message: r.message };
    if (r.valid === 'unknown') notes.push(r.message);
  }
  const writes = trace.events.filter((e) => e.kind === 'client.ok' && e.op === 'put').length;
  const reads = trace.events.filter((e) => e.kind === 'client.ok' && e.op === 'get').length;
  return { passed: true, message: `safe and live: ${writes} writes and ${reads} reads answered${notes.length ? `; note: ${notes.join('; ')}` : ''}` };
}

const put = (at: number, client: number, key: string): ClientRequest => ({ at, client, kind: 'put', key });
const get = (at: number, client: number, key: string): ClientRequest => ({ at, client, kind: 'get', key });
const afterHeal = (faultMs: number): ClientRequest[] => [put(faultMs + SETTLE_MS, 0, 'a'), get(faultMs + SETTLE_MS + 500, 1, 'a')];

/** etcdQuorum is the grader of the etcd-quorum lab: the learner's Raft node in a five- or three-member etcd. */
export const etcdQuorum: LabGrader<QuorumScenario> = {
  info: {
    id: 'etcd-quorum',
    title: 'etcd quorum: Raft elections, replication and commit',
    summary: 'Implement the Raft node inside etcd: elections, log replication, commit at a quorum and linearizable reads.',
    lesson: '/etcd/raft/',
    files: ['raft.ts'],
    reference: { 'raft.ts': 'engine/raft/node.ts' },
    solution: ['engine/raft/node.ts', 'engine/raft/log.ts', 'engine/raft/progress.ts', 'engine/raft/read_only.ts', 'engine/etcd/cluster.ts'],
  },
  examples: [
    {
      id: 'three-member-election',
      title: 'three members elect a leader and serve a few requests',
      data: { members: 3, clients: 2, faultMs: 3_000, network: HEALTHY, faults: [], requests: [put(1_500, 0, 'a'), get(1_800, 1, 'a'), put(2_000, 1, 'b'), get(2_400, 0, 'b'), ...afterHeal(3_000)] },
    },
    {
      id: 'five-member-writes',
      title: 'five members replicate a steady stream of writes and reads',
      data: {
        members: 5,
        clients: 2,
        faultMs: 4_000,
        network: HEALTHY,
        faults: [],
        requests: Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? put(1_500 + i * 150, i % 2, ['a', 'b'][(i >> 1) % 2]) : get(1_500 + i * 150, 1, ['a', 'b'][(i >> 1) % 2]))).concat(afterHeal(4_000)),
      },
    },
    {
      id: 'leader-crash',
      title: 'the leader crashes; the others elect a new one and lose nothing',
      data: {
        members: 5,
        clients: 2,
        faultMs: 6_000,
        network: HEALTHY,
        faults: [{ at: 2_500, kind: 'crash-leader' }],
        requests: [put(1_500, 0, 'a'), put(2_400, 1, 'a'), get(2_600, 0, 'a'), put(3_000, 1, 'b'), get(4_500, 0, 'a'), get(5_000, 1, 'b'), ...afterHeal(6_000)],
      },
    },
    {
      id: 'minority-leader',
      title: 'the leader is cut off with one client; the majority moves on',
      data: {
        members: 5,
        clients: 2,
        faultMs: 7_000,
        network: HEALTHY,
        faults: [
          { at: 2_000, kind: 'isolate-leader', withClient: 0 },
          { at: 6_000, kind: 'heal-network' },
        ],
        requests: [put(1_500, 0, 'a'), put(2_100, 0, 'a'), put(2_200, 1, 'a'), get(4_500, 1, 'a'), get(4_600, 0, 'a'), put(6_500, 1, 'b'), ...afterHeal(7_000)],
      },
    },
    {
      id: 'lossy-links',
      title: 'messages are lost, duplicated and reordered',
      data: {
        members: 5,
        clients: 2,
        faultMs: 6_000,
        network: { minLatencyMs: 1, maxLatencyMs: 40, loss: 0.1, duplicate: 0.05, reorder: 0.2 },
        faults: [],
        requests: Array.from({ length: 12 }, (_, i) => (i % 3 === 2 ? get(1_500 + i * 300, i % 2, 'a') : put(1_500 + i * 300, i % 2, 'a'))).concat(afterHeal(6_000)),
      },
    },
  ],
  families: [
    { name: 'partitions', title: 'a minority cut off, then two-way and one-way partitions', count: 4, arbitrary: partitionsArb },
    { name: 'crashes', title: 'crashes and restarts', count: 4, arbitrary: crashesArb },
    { name: 'election-churn', title: 'crashes in the middle of elections and writes, over slow links', count: 4, arbitrary: electionChurnArb },
    { name: 'leader-isolation', title: 'an isolated leader with a client reading from it, then writing to it', count: 4, arbitrary: leaderIsolationArb },
    { name: 'flaky-network', title: 'loss, duplication, reordering and slow members', count: 3, arbitrary: flakyNetworkArb },
    { name: 'mixed', title: 'everything at once', count: 4, arbitrary: mixedArb },
  ],
  run(s, { seed, realm }) {
    const cluster = stageScenario(s, seed, realmRaft(realm));
    try {
      cluster.sim.runUntil(s.faultMs + HEALED_PHASE_MS);
    } catch (e) {
      return judgeAborted(cluster, e);
    }
    return judge(cluster, s);
  },
  describe: describeScenario,
};
