/**
 * RaftDiagram runs the lesson's live cluster: a five-member etcd on the
 * engine's reference Raft plus one client, a virtual clock the island drives
 * from requestAnimationFrame, the reader's actions (crash, restart, isolate,
 * heal, write), and a DiagramModel that turns the trace into frames. It
 * touches no DOM, so everything but the drawing is tested in Node.
 *
 * Virtual time: each frame adds the wall time since the last one (capped, so
 * a tab that was in the background does not jump ahead) times the speed. The
 * simulation runs LOOKAHEAD_MS ahead of the time shown, so a message's
 * arrival is already in the trace while it is drawn in flight. An action
 * happens at the simulation's time, and the shown time jumps there first, so
 * its effect is on screen at once, even while paused.
 */
import { EtcdCluster } from '../../../engine/etcd/cluster';
import { newMemberStore } from '../../../engine/etcd/store';
import type { LinkSpec } from '../../../engine/sim/network';
import { DiagramModel } from './model';
import type { DiagramView } from './view';

/** SPEEDS are the speed choices offered, as virtual ms per wall ms. */
export const SPEEDS: readonly number[] = [0.1, 0.25, 0.5, 1];

/** DEFAULT_SPEED shows an election within a few seconds and heartbeats slowly enough to follow. */
export const DEFAULT_SPEED = 0.5;

/**
 * DIAGRAM_LINK is the diagram's one-way latency: a round trip of 60–120 ms,
 * about etcd's 100 ms heartbeat interval, as the lesson recommends. (The
 * engine's default, 1–5 ms, would make messages invisible.)
 */
export const DIAGRAM_LINK = { minLatencyMs: 30, maxLatencyMs: 60 } as const satisfies Partial<LinkSpec>;

/** LOOKAHEAD_MS is how far the simulation runs ahead of the shown time: the longest latency. */
export const LOOKAHEAD_MS = DIAGRAM_LINK.maxLatencyMs;

/** MAX_FRAME_MS caps the wall time one frame may account for. */
export const MAX_FRAME_MS = 100;

/** DROP_LINGER_WALL_MS is how long a dropped message stays on screen, in wall ms. */
export const DROP_LINGER_WALL_MS = 500;

/** CLIENT is the diagram's client host. */
export const CLIENT = 'c1';

/** RaftDiagramOptions starts a diagram. */
export interface RaftDiagramOptions {
  seed: number;
  /** members is the cluster size (default 5). */
  members?: number;
  /** speed is virtual ms per wall ms (default DEFAULT_SPEED). */
  speed?: number;
  /** playing is whether time runs (default true). */
  playing?: boolean;
}

/**
 * RaftDiagram is one live cluster and its clock. Frames and actions never go
 * back in virtual time; an action taken while the simulation is ahead of the
 * shown time first moves the shown time up to it.
 */
export class RaftDiagram {
  readonly members: readonly string[];
  private seedValue: number;
  private speedValue: number;
  /** playing is whether frames advance virtual time. */
  playing: boolean;
  private clusterValue: EtcdCluster;
  private model: DiagramModel;
  private cursor = 0;
  private time = 0;
  private writes = 0;
  private readonly isolated = new Set<string>();
  private failureValue: string | undefined;
  private readonly size: number;

  constructor(options: RaftDiagramOptions) {
    this.size = options.members ?? 5;
    this.seedValue = options.seed;
    this.speedValue = checkSpeed(options.speed ?? DEFAULT_SPEED);
    this.playing = options.playing ?? true;
    this.clusterValue = this.build();
    this.members = [...this.clusterValue.members];
    this.model = new DiagramModel({ members: this.members, clients: [CLIENT], estimateMs: LOOKAHEAD_MS });
    this.run();
  }

  /** seed is the seed of the current run: the same seed, without actions, replays the same run. */
  get seed(): number {
    return this.seedValue;
  }

  /** now is the virtual time shown, in ms. */
  get now(): number {
    return this.time;
  }

  get speed(): number {
    return this.speedValue;
  }

  /** setSpeed changes virtual ms per wall ms; it must be positive and finite. */
  setSpeed(speed: number): void {
    this.speedValue = checkSpeed(speed);
  }

  /** cluster is the simulated cluster (for tests and tools; the diagram draws only from the trace). */
  get cluster(): EtcdCluster {
    return this.clusterValue;
  }

  /** failure is set when the simulation stopped on an error; the diagram then stays frozen. */
  get failure(): string | undefined {
    return this.failureValue;
  }

  /** writesSent counts the writes the reader asked for in this run. */
  get writesSent(): number {
    return this.writes;
  }

  /** isUp reports whether member `id` is running. */
  isUp(id: string): boolean {
    return this.clusterValue.hosts.isUp(id);
  }

  /** isIsolated reports whether member `id` is on the isolated side of the network. */
  isIsolated(id: string): boolean {
    return this.isolated.has(id);
  }

  /**
   * frame advances virtual time by `wallMs` (at most MAX_FRAME_MS) times the
   * speed when playing, runs the simulation to match, and returns the frame.
   */
  frame(wallMs: number): DiagramView {
    if (this.playing && !this.failureValue && wallMs > 0) this.time += Math.min(wallMs, MAX_FRAME_MS) * this.speedValue;
    this.run();
    return this.view();
  }

  /** view returns the frame at the current time without advancing it. */
  view(): DiagramView {
    return this.model.view(this.time, { lingerMs: DROP_LINGER_WALL_MS * this.speedValue });
  }

  /** crash stops member `id`; only its disk survives. */
  crash(id: string): void {
    const m = this.member(id);
    this.act(() => this.clusterValue.crash(m));
  }

  /** restart boots member `id` again from its disk. */
  restart(id: string): void {
    const m = this.member(id);
    this.act(() => this.clusterValue.restart(m));
  }

  /**
   * isolate moves member `id` to the isolated side of a partition. Isolated
   * members can still talk to each other (isolating two of five makes a
   * minority of two) and to the client, which sits outside the partition.
   */
  isolate(id: string): void {
    this.member(id);
    this.act(() => {
      this.isolated.add(id);
      this.repartition();
    });
  }

  /** reconnect moves member `id` back to the main side. */
  reconnect(id: string): void {
    this.member(id);
    this.act(() => {
      this.isolated.delete(id);
      this.repartition();
    });
  }

  /** heal removes every partition (crashed members stay down). */
  heal(): void {
    this.act(() => {
      this.isolated.clear();
      this.clusterValue.net.heal();
    });
  }

  /** write has the client put x = v<n>, n counting this run's writes from 1. */
  write(): void {
    this.act(() => {
      this.writes++;
      this.clusterValue.client(CLIENT).submit({ kind: 'put', key: 'x', value: `v${this.writes}` });
    });
  }

  /** reset starts a new run from `seed` (by default the same seed: a replay). */
  reset(seed: number = this.seedValue): void {
    this.seedValue = seed;
    this.clusterValue = this.build();
    this.model = new DiagramModel({ members: this.members, clients: [CLIENT], estimateMs: LOOKAHEAD_MS });
    this.cursor = 0;
    this.time = 0;
    this.writes = 0;
    this.isolated.clear();
    this.failureValue = undefined;
    this.run();
  }

  private build(): EtcdCluster {
    const cluster = new EtcdCluster({ seed: this.seedValue, members: this.size, newStore: newMemberStore, link: DIAGRAM_LINK });
    cluster.addClient(CLIENT);
    return cluster;
  }

  private member(id: string): string {
    if (!this.members.includes(id)) throw new Error(`unknown member ${id}; the members are ${this.members.join(', ')}`);
    return id;
  }

  private repartition(): void {
    const net = this.clusterValue.net;
    net.heal();
    const inside = this.members.filter((m) => this.isolated.has(m));
    const outside = this.members.filter((m) => !this.isolated.has(m));
    if (inside.length > 0 && outside.length > 0) net.partition([inside, outside]);
  }

  /** act performs a reader's action at the simulation's time, after showing that time. */
  private act(fn: () => void): void {
    if (this.failureValue) return;
    this.time = Math.max(this.time, this.clusterValue.sim.now);
    this.guard(fn);
    this.pull();
  }

  private run(): void {
    const target = this.time + LOOKAHEAD_MS;
    if (!this.failureValue && target > this.clusterValue.sim.now) this.guard(() => this.clusterValue.sim.runUntil(target));
    this.pull();
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.failureValue = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      this.playing = false;
    }
  }

  private pull(): void {
    const events = this.clusterValue.sim.trace.events;
    if (events.length > this.cursor) {
      this.model.ingest(events.slice(this.cursor));
      this.cursor = events.length;
    }
  }
}

function checkSpeed(speed: number): number {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, got ${speed}`);
  return speed;
}
