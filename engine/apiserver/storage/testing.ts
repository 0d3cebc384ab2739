/**
 * Test helpers for the storage layer: one in-process etcd (localKV over an
 * MVCC store), a hand-driven defer queue and a fake clock, and `call` to run
 * a callback API to completion and return what it answered.
 */
import { createStore } from '../../etcd/mvcc';
import type { MvccStore } from '../../etcd/mvcc/store';
import type { EtcdKV } from '../../etcd/v3/kv';
import { deferQueue, localKV } from '../../etcd/v3/local';
import type { StatusError } from '../errors';
import { createStorage } from './create';
import type { Done, KubeObject, ResourceStorage, StorageClock, StorageConfig } from './types';

/** FakeClock is a StorageClock whose time moves only by advance(). */
export class FakeClock implements StorageClock {
  now = 0;
  private timers: Array<{ at: number; seq: number; fn: () => void; cancelled: boolean }> = [];
  private seq = 0;

  constructor(private readonly settle: () => void) {}

  after(delayMs: number, fn: () => void): { cancel(): void } {
    const t = { at: this.now + delayMs, seq: this.seq++, fn, cancelled: false };
    this.timers.push(t);
    return { cancel: () => void (t.cancelled = true) };
  }

  /** advance moves time by ms, firing due timers in order and settling the queue after each. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers.splice(this.timers.indexOf(due), 1);
      this.now = due.at;
      due.fn();
      this.settle();
    }
    this.now = until;
  }

  get pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
}

export interface Harness {
  mvcc: MvccStore;
  kv: EtcdKV;
  clock: FakeClock;
  defer: (fn: () => void) => void;
  storage: ResourceStorage;
  /** settle runs every queued callback until none is left. */
  settle(): void;
  /** call runs a callback-style call to completion and returns [err, result]. */
  call<T>(fn: (done: Done<T>) => void): [StatusError | null, T | undefined];
}

/** harness makes a pods storage (namespaced, core group) over a fresh in-process etcd. */
export function harness(overrides: Partial<StorageConfig> = {}, wrapKV: (kv: EtcdKV) => EtcdKV = (kv) => kv): Harness {
  const mvcc = createStore();
  const q = deferQueue();
  const settle = () => {
    while (q.drain() > 0);
  };
  const kv = wrapKV(localKV(mvcc, q.defer));
  const clock = new FakeClock(settle);
  const storage = createStorage({
    kv,
    clock,
    defer: q.defer,
    resource: { group: '', resource: 'pods' },
    kind: 'Pod',
    apiVersion: 'v1',
    resourcePrefix: 'pods',
    namespaced: true,
    ...overrides,
  });
  settle();
  const call = <T>(fn: (done: Done<T>) => void): [StatusError | null, T | undefined] => {
    let out: [StatusError | null, T | undefined] | undefined;
    fn((err, res) => {
      if (out) throw new Error('callback called twice');
      out = [err, res];
    });
    if (out) throw new Error('callback called before the call returned');
    settle();
    if (!out) throw new Error('callback never called');
    return out;
  };
  return { mvcc, kv, clock, defer: q.defer, storage, settle, call };
}

/** pod builds a minimal Pod. */
export function pod(name: string, namespace = 'default', labels?: Record<string, string>, extra: Partial<KubeObject> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, uid: `uid-${namespace}-${name}`, ...(labels ? { labels } : {}) }, ...extra };
}
