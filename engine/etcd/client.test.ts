import { describe, expect, it } from 'vitest';
import { HostSet, type HostContext } from '../sim/hosts';
import { Simulation } from '../sim/kernel';
import { Network } from '../sim/network';
import { DEFAULT_CLIENT, KvClient } from './client';
import type { ClusterEvent } from './events';
import type { KvRequest } from './kv-protocol';
import type { NetMessage } from './member';

/** FakeMember answers puts: "not leader" with a hint unless it is the leader, and stays silent if mute. */
class FakeMember {
  seen: KvRequest[] = [];
  constructor(
    private readonly ctx: HostContext<NetMessage>,
    private readonly role: { leader: string; mute: Set<string> },
  ) {}
  receive(from: string, msg: NetMessage): void {
    if (msg.type !== 'kv.put') return;
    this.seen.push(msg);
    if (this.role.mute.has(this.ctx.id)) return;
    if (this.ctx.id === this.role.leader) this.ctx.send(from, { type: 'kv.ok', id: msg.id, revision: 2 });
    else this.ctx.send(from, { type: 'kv.not-leader', id: msg.id, leaderHint: this.role.leader });
  }
}

function setup(role: { leader: string; mute: Set<string> }) {
  const sim = new Simulation<ClusterEvent>({ seed: 5 });
  const net = new Network<NetMessage>(sim);
  const hosts = new HostSet<NetMessage, FakeMember | KvClient>(sim, net);
  for (const m of ['n1', 'n2', 'n3']) hosts.add(m, (ctx) => new FakeMember(ctx, role));
  const client = hosts.add('c1', (ctx) => new KvClient(ctx, { ...DEFAULT_CLIENT, members: ['n1', 'n2', 'n3'], record: (e) => sim.record(e) })) as KvClient;
  return { sim, hosts, client };
}

describe('KvClient', () => {
  it('follows a not-leader hint to the leader, under the same request id', () => {
    const { sim, hosts, client } = setup({ leader: 'n3', mute: new Set() });
    client.submit({ kind: 'put', key: 'x', value: '1' });
    sim.runFor(1_000);
    const ok = sim.trace.ofKind('client.ok');
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ id: 'c1/1', value: '1', revision: 2 });
    expect((hosts.process('n3') as FakeMember).seen.map((r) => r.id)).toEqual(['c1/1']);
  });

  it('tries another member when one stays silent', () => {
    const { sim, client } = setup({ leader: 'n2', mute: new Set(['n1', 'n3']) });
    client.submit({ kind: 'put', key: 'x', value: '1' });
    sim.runFor(3_000);
    expect(sim.trace.ofKind('client.ok')).toHaveLength(1);
  });

  it('gives up after its deadline, records the timeout, and moves on', () => {
    const { sim, client } = setup({ leader: 'n1', mute: new Set(['n1', 'n2', 'n3']) });
    client.submit({ kind: 'put', key: 'x', value: '1' });
    client.submit({ kind: 'put', key: 'x', value: '2' });
    sim.runFor(DEFAULT_CLIENT.giveUpAfterMs + 1_000);
    expect(sim.trace.ofKind('client.timeout').map((e) => e.id)).toEqual(['c1/1']);
    expect(sim.trace.ofKind('client.invoke').map((e) => e.id)).toEqual(['c1/1', 'c1/2']);
  });

  it('sends one request at a time, in order', () => {
    const { sim, client } = setup({ leader: 'n1', mute: new Set() });
    client.submit({ kind: 'put', key: 'x', value: '1' });
    client.submit({ kind: 'put', key: 'x', value: '2' });
    expect(client.idle).toBe(false);
    sim.runFor(1_000);
    const ev = sim.trace.events.filter((e) => e.kind === 'client.invoke' || e.kind === 'client.ok').map((e) => `${e.kind}:${(e as { id: string }).id}`);
    expect(ev).toEqual(['client.invoke:c1/1', 'client.ok:c1/1', 'client.invoke:c1/2', 'client.ok:c1/2']);
    expect(client.idle).toBe(true);
  });
});
