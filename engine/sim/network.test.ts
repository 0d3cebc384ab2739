import { describe, expect, it } from 'vitest';
import { Simulation } from './kernel';
import { Network, type NetEvent } from './network';

function setup(seed = 1, link = {}) {
  const sim = new Simulation<NetEvent>({ seed });
  const net = new Network<string>(sim, { defaultLink: link });
  const inbox: Record<string, { from: string; msg: string; t: number }[]> = { a: [], b: [], c: [] };
  for (const id of Object.keys(inbox)) net.attach(id, (from, msg) => inbox[id].push({ from, msg, t: sim.now }));
  return { sim, net, inbox };
}

describe('Network', () => {
  it('delivers within the link latency bounds', () => {
    const { sim, net, inbox } = setup(1, { minLatencyMs: 10, maxLatencyMs: 20 });
    for (let i = 0; i < 50; i++) net.send('a', 'b', `m${i}`);
    sim.runFor(100);
    expect(inbox.b).toHaveLength(50);
    for (const m of inbox.b) {
      expect(m.t).toBeGreaterThanOrEqual(10);
      expect(m.t).toBeLessThanOrEqual(20);
    }
  });

  it('drops messages with the loss probability and records why', () => {
    const { sim, net, inbox } = setup(2, { loss: 0.5 });
    for (let i = 0; i < 1000; i++) net.send('a', 'b', 'x');
    sim.runFor(100);
    expect(inbox.b.length).toBeGreaterThan(400);
    expect(inbox.b.length).toBeLessThan(600);
    const drops = sim.trace.ofKind('net.drop');
    expect(drops.every((d) => d.reason === 'loss')).toBe(true);
    expect(drops.length + inbox.b.length).toBe(1000);
  });

  it('duplicates messages', () => {
    const { sim, net, inbox } = setup(3, { duplicate: 1 });
    net.send('a', 'b', 'once');
    sim.runFor(100);
    expect(inbox.b.map((m) => m.msg)).toEqual(['once', 'once']);
    expect(sim.trace.ofKind('net.duplicate')).toHaveLength(1);
  });

  it('reorders messages on one link', () => {
    const { sim, net, inbox } = setup(4, { minLatencyMs: 5, maxLatencyMs: 5, reorder: 0.5, reorderDelayMs: 100 });
    for (let i = 0; i < 20; i++) net.send('a', 'b', String(i));
    sim.runFor(500);
    const order = inbox.b.map((m) => Number(m.msg));
    expect(order).toHaveLength(20);
    expect(order).not.toEqual([...order].sort((x, y) => x - y));
  });

  it('cuts both directions across a partition and restores them on heal', () => {
    const { sim, net, inbox } = setup();
    net.partition([['a'], ['b', 'c']]);
    net.send('a', 'b', 'x');
    net.send('b', 'a', 'y');
    net.send('b', 'c', 'z');
    sim.runFor(50);
    expect(inbox.a).toEqual([]);
    expect(inbox.b).toEqual([]);
    expect(inbox.c.map((m) => m.msg)).toEqual(['z']);
    net.heal();
    net.send('a', 'b', 'after');
    sim.runFor(50);
    expect(inbox.b.map((m) => m.msg)).toEqual(['after']);
  });

  it('blocks one direction only', () => {
    const { sim, net, inbox } = setup();
    net.block('a', 'b');
    net.send('a', 'b', 'lost');
    net.send('b', 'a', 'kept');
    sim.runFor(50);
    expect(inbox.b).toEqual([]);
    expect(inbox.a.map((m) => m.msg)).toEqual(['kept']);
    net.unblock('a', 'b');
    net.send('a', 'b', 'now');
    sim.runFor(50);
    expect(inbox.b.map((m) => m.msg)).toEqual(['now']);
  });

  it('drops messages already on the wire when a partition starts', () => {
    const { sim, net, inbox } = setup(5, { minLatencyMs: 20, maxLatencyMs: 20 });
    net.send('a', 'b', 'in-flight');
    sim.runFor(10);
    net.partition([['a'], ['b']]);
    sim.runFor(50);
    expect(inbox.b).toEqual([]);
    expect(sim.trace.ofKind('net.drop')[0].reason).toBe('partition');
  });

  it('drops messages for detached endpoints as down', () => {
    const { sim, net } = setup();
    net.detach('b');
    net.send('a', 'b', 'x');
    sim.runFor(50);
    expect(sim.trace.ofKind('net.drop')[0].reason).toBe('down');
  });

  it('applies per-link specs', () => {
    const { sim, net, inbox } = setup(6);
    net.setLink('a', 'b', { minLatencyMs: 200, maxLatencyMs: 200 });
    net.send('a', 'b', 'slow');
    net.send('a', 'c', 'fast');
    sim.runFor(100);
    expect(inbox.b).toEqual([]);
    expect(inbox.c).toHaveLength(1);
    sim.runFor(150);
    expect(inbox.b[0].t).toBe(200);
  });

  it('rejects impossible link specs', () => {
    const { net } = setup();
    expect(() => net.setLink('a', 'b', { loss: 2 })).toThrow(/probability/);
    expect(() => net.setLink('a', 'b', { minLatencyMs: 5, maxLatencyMs: 1 })).toThrow(/min <= max/);
  });
});
