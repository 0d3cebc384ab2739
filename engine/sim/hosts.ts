import { Disk } from './disk';
import type { Timer } from './kernel';
import type { Network, NetworkClock } from './network';
import type { Rng } from './rng';

/** HostEvent is what HostSet records in the trace. */
export type HostEvent =
  | { kind: 'host.start'; host: string; incarnation: number }
  | { kind: 'host.crash'; host: string; incarnation: number };

/** HostClock is the part of the Simulation a HostSet uses. */
export interface HostClock extends Omit<NetworkClock, 'record'> {
  record(event: HostEvent): void;
}

/**
 * HostContext is everything a process may touch: its id, the clock, its own
 * seeded Rng, its Disk, the network (send) and timers. A crash invalidates
 * the context: its timers never fire and its sends are ignored.
 */
export interface HostContext<M> {
  readonly id: string;
  /** incarnation counts starts: 1 at first boot, +1 at every restart. */
  readonly incarnation: number;
  readonly now: number;
  readonly rng: Rng;
  readonly disk: Disk;
  send(to: string, msg: M): void;
  after(delayMs: number, fn: () => void): Timer;
  /** alive is false once this incarnation has crashed. */
  readonly alive: boolean;
}

/** Process is a running program on a host: it receives messages. */
export interface Process<M> {
  receive(from: string, msg: M): void;
}

/** Boot starts a process on a host, from whatever its Disk holds. */
export type Boot<M, P extends Process<M> = Process<M>> = (ctx: HostContext<M>) => P;

interface HostRecord<M, P> {
  boot: Boot<M, P & Process<M>>;
  disk: Disk;
  incarnation: number;
  process?: P;
  ctx?: { alive: boolean };
}

/**
 * HostSet runs processes on named hosts over a Network, and crashes and
 * restarts them. A crash loses everything but the host's Disk: the process
 * object, its pending timers, and messages that arrive while it is down.
 */
export class HostSet<M, P extends Process<M> = Process<M>> {
  private readonly hosts = new Map<string, HostRecord<M, P>>();

  constructor(
    private readonly clock: HostClock,
    private readonly net: Network<M>,
  ) {}

  /** add creates host `id` with an empty disk and boots it. */
  add(id: string, boot: Boot<M, P>): P {
    if (this.hosts.has(id)) throw new Error(`host ${id} already exists`);
    this.hosts.set(id, { boot, disk: new Disk(), incarnation: 0 });
    return this.start(id);
  }

  /** ids lists the hosts in the order they were added. */
  ids(): string[] {
    return [...this.hosts.keys()];
  }

  /** isUp reports whether host `id` is running. */
  isUp(id: string): boolean {
    return this.get(id).process !== undefined;
  }

  /** process returns the running process on `id`, or undefined while it is down. */
  process(id: string): P | undefined {
    return this.get(id).process;
  }

  /** disk returns host `id`'s stable storage. */
  disk(id: string): Disk {
    return this.get(id).disk;
  }

  /** crash stops host `id` at once; only its Disk survives. Crashing a down host does nothing. */
  crash(id: string): void {
    const h = this.get(id);
    if (!h.process) return;
    h.ctx!.alive = false;
    h.process = undefined;
    h.ctx = undefined;
    this.net.detach(id);
    this.clock.record({ kind: 'host.crash', host: id, incarnation: h.incarnation });
  }

  /** restart boots host `id` again from its Disk. Restarting a running host does nothing. */
  restart(id: string): P | undefined {
    if (this.isUp(id)) return this.process(id);
    return this.start(id);
  }

  private start(id: string): P {
    const h = this.get(id);
    h.incarnation++;
    const state = { alive: true };
    const { clock, net } = this;
    const rng = clock.rng.fork(`host/${id}/${h.incarnation}`);
    const ctx: HostContext<M> = {
      id,
      incarnation: h.incarnation,
      get now() {
        return clock.now;
      },
      rng,
      disk: h.disk,
      send(to, msg) {
        if (state.alive) net.send(id, to, msg);
      },
      after(delayMs, fn) {
        return clock.after(delayMs, () => {
          if (state.alive) fn();
        });
      },
      get alive() {
        return state.alive;
      },
    };
    h.ctx = state;
    this.clock.record({ kind: 'host.start', host: id, incarnation: h.incarnation });
    const proc = h.boot(ctx);
    h.process = proc;
    net.attach(id, (from, msg) => {
      if (state.alive) proc.receive(from, msg);
    });
    return proc;
  }

  private get(id: string): HostRecord<M, P> {
    const h = this.hosts.get(id);
    if (!h) throw new Error(`unknown host ${id}`);
    return h;
  }
}
