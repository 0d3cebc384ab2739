import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { etcdQuorum } from './grader';
import { describeScenario, HEALED_PHASE_MS, KEYS, SETTLE_MS, type QuorumScenario } from './scenario';

/** wellFormed lists what is wrong with a scenario's data (nothing, for a good one). */
function wellFormed(s: QuorumScenario): string[] {
  const wrong: string[] = [];
  if (![3, 5].includes(s.members)) wrong.push(`${s.members} members`);
  if (s.clients < 1) wrong.push(`${s.clients} clients`);
  const sorted = (xs: { at: number }[]) => xs.every((x, i) => i === 0 || xs[i - 1].at <= x.at);
  if (!sorted(s.faults)) wrong.push('faults out of order');
  if (!sorted(s.requests)) wrong.push('requests out of order');
  for (const f of s.faults) {
    if (f.at < 0 || f.at >= s.faultMs) wrong.push(`fault at ${f.at}ms outside the fault phase`);
    if ((f.kind === 'crash' || f.kind === 'restart' || f.kind === 'slow') && (f.member < 0 || f.member >= s.members)) wrong.push(`no member ${f.member}`);
    if (f.kind === 'partition' && (f.sides.length !== s.members || f.clientSides.length !== s.clients)) wrong.push('partition sides do not match the cluster');
    if (f.kind === 'isolate-leader' && f.withClient !== null && f.withClient >= s.clients) wrong.push(`no client ${f.withClient}`);
  }
  for (const r of s.requests) {
    if (r.client < 0 || r.client >= s.clients) wrong.push(`no client ${r.client}`);
    if (!KEYS.includes(r.key)) wrong.push(`key ${r.key}`);
    if (r.at < 0 || r.at > s.faultMs + HEALED_PHASE_MS - SETTLE_MS) wrong.push(`request at ${r.at}ms too late to be answered`);
  }
  if (!s.requests.some((r) => r.at >= s.faultMs + SETTLE_MS)) wrong.push('no request after the heal');
  return wrong;
}

describe('scenario families', () => {
  it.each(etcdQuorum.families.map((f) => [f.name, f] as const))('%s draws well-formed scenarios with requests after the heal', (_name, family) => {
    fc.assert(
      fc.property(family.arbitrary, (s) => {
        expect(wellFormed(s)).toEqual([]);
      }),
      { numRuns: 60, seed: 42 },
    );
  });

  it('plays the examples as well-formed scenarios', () => {
    for (const e of etcdQuorum.examples) expect(wellFormed(e.data), e.id).toEqual([]);
  });

  it('makes the isolated client idle when the leader is cut off, and has it read a key the majority writes', () => {
    const family = etcdQuorum.families.find((f) => f.name === 'leader-isolation')!;
    fc.assert(
      fc.property(family.arbitrary, (s) => {
        const [first] = s.faults.filter((f) => f.kind === 'isolate-leader');
        if (first.kind !== 'isolate-leader' || first.withClient === null) throw new Error('no client isolated with the leader');
        const buddy = first.withClient;
        const heal = s.faults.find((f) => f.kind === 'heal-network' && f.at > first.at)!;
        const busy = s.requests.filter((r) => r.client === buddy && r.at >= first.at - 1_500 && r.at < first.at);
        expect(busy).toEqual([]);
        const reads = s.requests.filter((r) => r.client === buddy && r.kind === 'get' && r.at > first.at && r.at < heal.at);
        const write = s.requests.find((r) => r.client !== buddy && r.kind === 'put' && r.at > first.at && r.at < heal.at && reads.some((g) => g.key === r.key && g.at > r.at));
        expect(write).toBeDefined();
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it('describes a scenario as a reproduction recipe', () => {
    const s: QuorumScenario = {
      members: 3,
      clients: 2,
      faultMs: 5_000,
      network: { minLatencyMs: 1, maxLatencyMs: 20, loss: 0.05, duplicate: 0, reorder: 0.1 },
      faults: [
        { at: 1_000, kind: 'crash-leader', downMs: 400 },
        { at: 2_000, kind: 'partition', sides: [0, 1, 1], clientSides: [1, 0] },
      ],
      requests: [{ at: 1_200, client: 0, kind: 'put', key: 'a' }],
    };
    expect(describeScenario(s)).toBe(
      '3 members, 2 clients; faults until 5000ms: links 1–20ms with 5% loss, 0% duplication, 10% reordering; at 1000ms crash the leader for 400ms; at 2000ms partition {n1, c2} | {n2, n3, c1}; then the network heals, every crashed member restarts, and the cluster runs to 17000ms; 1 requests (1 puts, 0 gets) on keys a, b, c',
    );
  });
});
