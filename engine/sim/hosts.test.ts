import { describe, expect, it } from 'vitest';
import { HostSet, type HostContext, type HostEvent } from './hosts';
import { Simulation } from './kernel';
import { Network, type NetEvent } from './network';

/** Counter persists how many messages it has seen and keeps a volatile count too. */
class Counter {
  volatile = 0;
  constructor(readonly ctx: HostContext<string>) {}
  receive(): void {
    this.volatile++;
    this.ctx.disk.put('seen', (this.ctx.disk.get<number>('seen') ?? 0) + 1);
  }
}

function setup() {
  const sim = new Simulation<NetEvent | HostEvent>({ seed: 1 });
  const net = new Network<string>(sim);
  const hosts = new HostSet<string, Counter>(sim, net);
  hosts.add('a', (ctx) => new Counter(ctx));
  hosts.add('b', (ctx) => new Counter(ctx));
  return { sim, net, hosts };
}

describe('HostSet', () => {
  it('keeps only the disk across a crash and restart', () => {
    const { sim, net, hosts } = setup();
    net.send('a', 'b', 'x');
    net.send('a', 'b', 'y');
    sim.runFor(20);
    expect(hosts.process('b')!.volatile).toBe(2);
    hosts.crash('b');
    expect(hosts.isUp('b')).toBe(false);
    const fresh = hosts.restart('b')!;
    expect(fresh.volatile).toBe(0);
    expect(fresh.ctx.disk.get('seen')).toBe(2);
    expect(fresh.ctx.incarnation).toBe(2);
  });

  it('drops messages that arrive while the host is down', () => {
    const { sim, net, hosts } = setup();
    hosts.crash('b');
    net.send('a', 'b', 'x');
    sim.runFor(20);
    hosts.restart('b');
    expect(hosts.disk('b').get('seen')).toBeUndefined();
    expect(sim.trace.ofKind('net.drop').map((d) => d.reason)).toEqual(['down']);
  });

  it('never fires timers or sends of a crashed incarnation', () => {
    const { sim, hosts } = setup();
    const old = hosts.process('a')!;
    let fired = false;
    old.ctx.after(10, () => (fired = true));
    hosts.crash('a');
    old.ctx.send('b', 'ghost');
    sim.runFor(50);
    expect(fired).toBe(false);
    expect(hosts.process('b')!.volatile).toBe(0);
    expect(old.ctx.alive).toBe(false);
  });

  it('gives each incarnation its own seeded rng stream', () => {
    const { hosts } = setup();
    const first = hosts.process('a')!.ctx.rng.uint32();
    hosts.crash('a');
    const second = hosts.restart('a')!.ctx.rng.uint32();
    expect(second).not.toBe(first);
  });

  it('rejects unknown and duplicate hosts', () => {
    const { hosts } = setup();
    expect(() => hosts.crash('zz')).toThrow(/unknown host zz/);
    expect(() => hosts.add('a', (ctx) => new Counter(ctx))).toThrow(/already exists/);
  });
});
