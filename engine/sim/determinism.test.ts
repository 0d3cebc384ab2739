import { describe, expect, it } from 'vitest';
import { HostSet, type HostContext, type HostEvent } from './hosts';
import { Simulation } from './kernel';
import { Network, type NetEvent } from './network';

/** Gossip forwards every message to a random peer after a random pause. */
class Gossip {
  constructor(
    private readonly ctx: HostContext<number>,
    private readonly peers: string[],
  ) {
    ctx.after(ctx.rng.int(1, 20), () => this.ctx.send(this.ctx.rng.pick(this.peers), 0));
  }
  receive(_from: string, hop: number): void {
    this.ctx.disk.put('last', hop);
    if (hop < 200) this.ctx.after(this.ctx.rng.int(0, 3), () => this.ctx.send(this.ctx.rng.pick(this.peers), hop + 1));
  }
}

/** run drives a faulty five-host gossip for two virtual seconds and returns the trace. */
function run(seed: number): string {
  const sim = new Simulation<NetEvent | HostEvent>({ seed });
  const net = new Network<number>(sim, { defaultLink: { loss: 0.05, duplicate: 0.05, reorder: 0.2, minLatencyMs: 1, maxLatencyMs: 30 } });
  const hosts = new HostSet<number>(sim, net);
  const ids = ['h1', 'h2', 'h3', 'h4', 'h5'];
  for (const id of ids) hosts.add(id, (ctx) => new Gossip(ctx, ids.filter((p) => p !== id)));
  sim.after(300, () => net.partition([['h1', 'h2'], ['h3', 'h4', 'h5']]));
  sim.after(500, () => hosts.crash('h3'));
  sim.after(700, () => net.block('h4', 'h5'));
  sim.after(900, () => hosts.restart('h3'));
  sim.after(1200, () => net.heal());
  sim.runUntil(2000);
  return sim.trace.serialize();
}

describe('determinism', () => {
  it('replays the same seed as a byte-identical trace', () => {
    const a = run(1234);
    const b = run(1234);
    expect(a.length).toBeGreaterThan(5_000);
    expect(a).toBe(b);
  });

  it('gives different traces for different seeds', () => {
    expect(run(1)).not.toBe(run(2));
  });
});
