import type { Rng } from './rng';
import type { Timer } from './kernel';

/**
 * LinkSpec describes one direction of a link between two hosts. Each message
 * draws its own latency, so messages on one link may overtake each other;
 * `reorder` adds an extra delay to some of them to make that common.
 */
export interface LinkSpec {
  /** minLatencyMs and maxLatencyMs bound the uniform one-way latency. */
  minLatencyMs: number;
  maxLatencyMs: number;
  /** loss is the probability a message is dropped. */
  loss: number;
  /** duplicate is the probability a message is delivered twice. */
  duplicate: number;
  /** reorder is the probability a message is held back by up to reorderDelayMs. */
  reorder: number;
  reorderDelayMs: number;
}

/** DEFAULT_LINK is a healthy data-centre link: 1–5 ms, no faults. */
export const DEFAULT_LINK: LinkSpec = {
  minLatencyMs: 1,
  maxLatencyMs: 5,
  loss: 0,
  duplicate: 0,
  reorder: 0,
  reorderDelayMs: 50,
};

/** DropReason says why a message never arrived. */
export type DropReason = 'loss' | 'partition' | 'down';

/** NetEvent is what the network records in the trace. */
export type NetEvent =
  | { kind: 'net.send'; id: number; from: string; to: string; msg: unknown }
  | { kind: 'net.deliver'; id: number; from: string; to: string }
  | { kind: 'net.drop'; id: number; from: string; to: string; reason: DropReason }
  | { kind: 'net.duplicate'; id: number; from: string; to: string }
  | { kind: 'net.partition'; groups: string[][] }
  | { kind: 'net.block'; from: string; to: string }
  | { kind: 'net.unblock'; from: string; to: string }
  | { kind: 'net.heal' }
  | { kind: 'net.link'; from: string; to: string; spec: LinkSpec };

/** NetworkClock is the part of the Simulation the network uses. */
export interface NetworkClock {
  readonly now: number;
  readonly rng: Rng;
  after(delayMs: number, fn: () => void): Timer;
  record(event: NetEvent): void;
}

/** Deliver hands a message to the endpoint it was sent to. */
export type Deliver<M> = (from: string, msg: M) => void;

/**
 * Network carries messages between named endpoints on the simulated clock,
 * with per-link latency, loss, duplication and reordering, and with
 * partitions: two-way (partition) or one-way (block). A blocked pair drops
 * messages both when they are sent and when they would arrive, so a cut takes
 * effect at once, including for messages already on the wire.
 *
 * Messages must not be mutated after send(): the trace and duplicates share them.
 */
export class Network<M> {
  private readonly endpoints = new Map<string, Deliver<M>>();
  private readonly links = new Map<string, LinkSpec>();
  private readonly blocked = new Set<string>();
  private defaultLink: LinkSpec;
  private readonly rng: Rng;
  private nextId = 1;

  constructor(
    private readonly clock: NetworkClock,
    options: { defaultLink?: Partial<LinkSpec> } = {},
  ) {
    this.defaultLink = checkLink({ ...DEFAULT_LINK, ...options.defaultLink });
    this.rng = clock.rng.fork('network');
  }

  /** attach makes `id` reachable; deliveries call `deliver`. Re-attaching replaces it. */
  attach(id: string, deliver: Deliver<M>): void {
    this.endpoints.set(id, deliver);
  }

  /** detach makes `id` unreachable: messages arriving for it are dropped as 'down'. */
  detach(id: string): void {
    this.endpoints.delete(id);
  }

  /** isAttached reports whether `id` currently receives messages. */
  isAttached(id: string): boolean {
    return this.endpoints.has(id);
  }

  /** link returns the spec in force from `from` to `to`. */
  link(from: string, to: string): LinkSpec {
    return this.links.get(pair(from, to)) ?? this.defaultLink;
  }

  /** setLink changes one direction of one link. */
  setLink(from: string, to: string, spec: Partial<LinkSpec>): void {
    const next = checkLink({ ...this.link(from, to), ...spec });
    this.links.set(pair(from, to), next);
    this.clock.record({ kind: 'net.link', from, to, spec: next });
  }

  /** setDefaultLink changes every link that has no spec of its own. */
  setDefaultLink(spec: Partial<LinkSpec>): void {
    this.defaultLink = checkLink({ ...this.defaultLink, ...spec });
    this.clock.record({ kind: 'net.link', from: '*', to: '*', spec: this.defaultLink });
  }

  /** resetLinks returns every link to DEFAULT_LINK (partitions are untouched). */
  resetLinks(): void {
    this.links.clear();
    this.defaultLink = { ...DEFAULT_LINK };
    this.clock.record({ kind: 'net.link', from: '*', to: '*', spec: this.defaultLink });
  }

  /**
   * partition cuts every pair of hosts in different groups, both ways. Hosts
   * named in no group keep their links.
   */
  partition(groups: string[][]): void {
    for (let a = 0; a < groups.length; a++) {
      for (let b = 0; b < groups.length; b++) {
        if (a === b) continue;
        for (const x of groups[a]) for (const y of groups[b]) this.blocked.add(pair(x, y));
      }
    }
    this.clock.record({ kind: 'net.partition', groups: groups.map((g) => [...g]) });
  }

  /** block cuts one direction only: `from` can no longer reach `to`. */
  block(from: string, to: string): void {
    this.blocked.add(pair(from, to));
    this.clock.record({ kind: 'net.block', from, to });
  }

  /** unblock restores one direction. */
  unblock(from: string, to: string): void {
    this.blocked.delete(pair(from, to));
    this.clock.record({ kind: 'net.unblock', from, to });
  }

  /** heal removes every partition and block (link faults stay; see resetLinks). */
  heal(): void {
    this.blocked.clear();
    this.clock.record({ kind: 'net.heal' });
  }

  /** isBlocked reports whether `from` is cut off from `to`. */
  isBlocked(from: string, to: string): boolean {
    return this.blocked.has(pair(from, to));
  }

  /** send puts `msg` on the wire from `from` to `to`. */
  send(from: string, to: string, msg: M): void {
    const id = this.nextId++;
    this.clock.record({ kind: 'net.send', id, from, to, msg });
    if (this.isBlocked(from, to)) {
      this.clock.record({ kind: 'net.drop', id, from, to, reason: 'partition' });
      return;
    }
    const spec = this.link(from, to);
    if (this.rng.chance(spec.loss)) {
      this.clock.record({ kind: 'net.drop', id, from, to, reason: 'loss' });
      return;
    }
    this.schedule(id, from, to, msg, spec);
    if (this.rng.chance(spec.duplicate)) {
      this.clock.record({ kind: 'net.duplicate', id, from, to });
      this.schedule(id, from, to, msg, spec);
    }
  }

  private schedule(id: number, from: string, to: string, msg: M, spec: LinkSpec): void {
    let delay = spec.minLatencyMs + this.rng.next() * (spec.maxLatencyMs - spec.minLatencyMs);
    if (this.rng.chance(spec.reorder)) delay += this.rng.next() * spec.reorderDelayMs;
    // Whole milliseconds keep traces readable and identical across platforms.
    this.clock.after(Math.round(delay), () => this.arrive(id, from, to, msg));
  }

  private arrive(id: number, from: string, to: string, msg: M): void {
    if (this.isBlocked(from, to)) {
      this.clock.record({ kind: 'net.drop', id, from, to, reason: 'partition' });
      return;
    }
    const deliver = this.endpoints.get(to);
    if (!deliver) {
      this.clock.record({ kind: 'net.drop', id, from, to, reason: 'down' });
      return;
    }
    this.clock.record({ kind: 'net.deliver', id, from, to });
    deliver(from, msg);
  }
}

function pair(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

function checkLink(spec: LinkSpec): LinkSpec {
  const probs: (keyof LinkSpec)[] = ['loss', 'duplicate', 'reorder'];
  for (const k of probs) {
    const v = spec[k];
    if (!(v >= 0 && v <= 1)) throw new RangeError(`link ${k} must be a probability in [0, 1], got ${v}`);
  }
  if (!(spec.minLatencyMs >= 0) || !(spec.maxLatencyMs >= spec.minLatencyMs)) {
    throw new RangeError(`link latency must satisfy 0 <= min <= max, got ${spec.minLatencyMs}..${spec.maxLatencyMs}ms`);
  }
  if (!(spec.reorderDelayMs >= 0)) throw new RangeError(`link reorderDelayMs must be >= 0, got ${spec.reorderDelayMs}`);
  return spec;
}
