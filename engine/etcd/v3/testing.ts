/**
 * Helpers for tests of the v3 API on a simulated cluster: run the simulation
 * until a call is answered, and collect what a watch delivers.
 */
import { EtcdCluster } from '../cluster';
import type { LinkSpec } from '../../sim/network';
import type { WatchRequest, WatchResponse } from '../mvcc/types';
import { newMemberStore } from '../store';
import type { EtcdKV, KvError, Reply, WatchStream } from './kv';

/** v3Cluster is a cluster of `members` with the MVCC store, run until it has a leader. */
export function v3Cluster(seed: number | string, members = 3, link?: Partial<LinkSpec>): EtcdCluster {
  const cluster = new EtcdCluster({ seed, members, newStore: newMemberStore, link });
  cluster.sim.runUntilTrue(() => cluster.leader() !== undefined, 10_000);
  if (!cluster.leader()) throw new Error(`seed ${seed}: no leader after 10 s`);
  return cluster;
}

/** Answer is what a call's callback received. */
export interface Answer<T> {
  err: KvError | null;
  res?: T;
  at: number;
}

/**
 * await runs the cluster until the call `start` makes is answered (or the
 * deadline passes, which fails the test) and returns the answer.
 */
export function wait<T>(cluster: EtcdCluster, start: (reply: Reply<T>) => void, withinMs = 10_000): Answer<T> {
  let answer: Answer<T> | undefined;
  start((err, res) => {
    if (answer) throw new Error('a call was answered twice');
    answer = { err, res, at: cluster.sim.now };
  });
  if (answer) throw new Error('a call was answered inside the method that made it');
  cluster.sim.runUntilTrue(() => answer !== undefined, cluster.sim.now + withinMs);
  if (!answer) throw new Error(`no answer within ${withinMs} ms`);
  return answer;
}

/** ok is wait() for a call that must succeed: it returns the response. */
export function ok<T>(cluster: EtcdCluster, start: (reply: Reply<T>) => void, withinMs?: number): T {
  const a = wait(cluster, start, withinMs);
  if (a.err) throw new Error(`${a.err.code}: ${a.err.message}`);
  return a.res as T;
}

/** Recorder collects a watch's responses. */
export interface Recorder {
  stream: WatchStream;
  responses: WatchResponse[];
  /** events lists the delivered events as "TYPE key=value@mod_revision". */
  events(): string[];
}

/** record opens a watch on kv that keeps every response. */
export function record(kv: EtcdKV, req: WatchRequest): Recorder {
  const responses: WatchResponse[] = [];
  const stream = kv.watch(req, (r) => responses.push(r));
  return {
    stream,
    responses,
    events: () => responses.flatMap((r) => r.events.map((e) => `${e.type} ${e.kv.key}=${e.kv.value}@${e.kv.mod_revision}`)),
  };
}
