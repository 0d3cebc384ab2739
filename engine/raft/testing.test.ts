import { describe, expect, it } from 'vitest';
import { RaftNetwork, seededRandom } from './testing';
import type { Message, RaftConfig, RaftNode, Ready, Status } from './types';

// Tests of the test helper itself, with scripted nodes whose Readies are
// fixed in advance, so that what RaftNetwork does with them is all that is
// under test.

/** ScriptedNode hands out scripted Readies and records what it is given. */
class ScriptedNode implements RaftNode {
  readonly stepped: Message[] = [];
  readonly script: Ready[] = [];
  advances = 0;
  ticks = 0;
  term = 1;
  role: Status['raftState'] = 'StateFollower';
  /** onAdvance runs inside advance(), to look at the world at that moment. */
  onAdvance?: () => void;
  private outstanding = false;

  constructor(readonly config: RaftConfig) {}

  tick(): void {
    this.ticks++;
  }
  step(m: Message): void {
    this.stepped.push(m);
  }
  propose(): boolean {
    return false;
  }
  readIndex(): boolean {
    return false;
  }
  hasReady(): boolean {
    return this.script.length > 0;
  }
  ready(): Ready {
    if (this.outstanding) throw new Error('ready twice');
    this.outstanding = true;
    return this.script.shift()!;
  }
  advance(): void {
    this.outstanding = false;
    this.advances++;
    this.onAdvance?.();
  }
  status(): Status {
    return { id: this.config.id, term: this.term, vote: '', lead: '', raftState: this.role, commit: 0, applied: 0, lastIndex: 0 };
  }
}

function scripted(): { net: RaftNetwork; nodes: Map<string, ScriptedNode> } {
  const nodes = new Map<string, ScriptedNode>();
  const net = new RaftNetwork(3, {
    factory: (config) => {
      const n = new ScriptedNode(config);
      nodes.set(config.id, n);
      return n;
    },
  });
  return { net, nodes };
}

function rd(partial: Partial<Ready>): Ready {
  return { entries: [], committedEntries: [], messages: [], readStates: [], ...partial };
}

const hb = (from: string, to: string): Message => ({ type: 'MsgHeartbeat', from, to, term: 1, commit: 0, context: '' });
const e = (index: number, term: number, data = `d${index}`) => ({ index, term, data });

describe('seededRandom', () => {
  it('replays the same sequence for the same seed and stays in range', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    const xs = Array.from({ length: 100 }, () => a.intn(7));
    expect(Array.from({ length: 100 }, () => b.intn(7))).toEqual(xs);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x < 7)).toBe(true);
    expect(new Set(xs).size).toBe(7);
    const c = seededRandom(6);
    expect(Array.from({ length: 100 }, () => c.intn(7))).not.toEqual(xs);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => seededRandom(1).intn(0)).toThrow(/positive integer/);
  });
});

describe('RaftNetwork carrying out Readies', () => {
  it('persists, then sends, then applies, then advances', () => {
    const { net, nodes } = scripted();
    const n1 = nodes.get('n1')!;
    n1.script.push(
      rd({
        hardState: { term: 1, vote: 'n1', commit: 1 },
        entries: [e(1, 1), e(2, 1)],
        committedEntries: [e(1, 1)],
        messages: [hb('n1', 'n2')],
        readStates: [{ index: 1, requestCtx: 'r' }],
      }),
    );
    let seenAtAdvance: unknown;
    n1.onAdvance = () => {
      seenAtAdvance = {
        stored: net.storage.get('n1'),
        inFlight: [...net.inFlight],
        applied: [...net.applied.get('n1')!],
        readStates: [...net.readStates.get('n1')!],
      };
    };
    net.tick('n1');
    expect(n1.ticks).toBe(1);
    expect(seenAtAdvance).toEqual({
      stored: { hardState: { term: 1, vote: 'n1', commit: 1 }, entries: [e(1, 1), e(2, 1)] },
      inFlight: [hb('n1', 'n2')],
      applied: [e(1, 1)],
      readStates: [{ index: 1, requestCtx: 'r' }],
    });
  });

  it('drops stored entries from the first appended index on', () => {
    const { net, nodes } = scripted();
    const n1 = nodes.get('n1')!;
    n1.script.push(rd({ entries: [e(1, 1), e(2, 1), e(3, 1)] }), rd({ entries: [e(2, 2)] }));
    net.tick('n1');
    expect(net.storage.get('n1')!.entries).toEqual([e(1, 1), e(2, 2)]);
  });

  it('throws on entries that would leave a gap in storage', () => {
    const { net, nodes } = scripted();
    nodes.get('n1')!.script.push(rd({ entries: [e(2, 1)] }));
    expect(() => net.tick('n1')).toThrow(/leaving a gap/);
  });

  it('throws on committed entries applied out of order', () => {
    const { net, nodes } = scripted();
    nodes.get('n1')!.script.push(rd({ entries: [e(1, 1), e(2, 1)], committedEntries: [e(2, 1)] }));
    expect(() => net.tick('n1')).toThrow(/applied entry 2 after 0/);
  });

  it('throws when two members apply different entries at one index', () => {
    const { net, nodes } = scripted();
    nodes.get('n1')!.script.push(rd({ entries: [e(1, 1)], committedEntries: [e(1, 1, 'a')] }));
    nodes.get('n2')!.script.push(rd({ entries: [e(1, 2)], committedEntries: [e(1, 2, 'b')] }));
    net.tick('n1');
    expect(() => net.tick('n2')).toThrow(/state machine safety violated: n2 applied \(term 2, "b"\) at index 1/);
  });

  it('throws when two members lead the same term', () => {
    const { net, nodes } = scripted();
    for (const id of ['n1', 'n2']) {
      const n = nodes.get(id)!;
      n.role = 'StateLeader';
      n.script.push(rd({ softState: { lead: id, raftState: 'StateLeader' } }));
    }
    net.tick('n1');
    expect(() => net.tick('n2')).toThrow(/election safety violated: n1 and n2 both led term 1/);
  });
});

describe('RaftNetwork delivery', () => {
  it('delivers in send order and only what matches', () => {
    const { net, nodes } = scripted();
    const later: Message = { type: 'MsgHeartbeat', from: 'n1', to: 'n2', term: 1, commit: 1, context: '' };
    nodes.get('n1')!.script.push(rd({ messages: [hb('n1', 'n2'), hb('n1', 'n3'), later] }));
    net.tick('n1');
    expect(net.deliver((m) => m.to === 'n2')).toBe(2);
    expect(nodes.get('n2')!.stepped.map((m) => m.type === 'MsgHeartbeat' && m.commit)).toEqual([0, 1]);
    expect(net.inFlight).toEqual([hb('n1', 'n3')]);
  });

  it('drops messages across cut links and to crashed members', () => {
    const { net, nodes } = scripted();
    nodes.get('n1')!.script.push(rd({ messages: [hb('n1', 'n2'), hb('n1', 'n3')] }));
    net.tick('n1');
    net.isolate('n2');
    net.crash('n3');
    net.stabilize();
    expect(nodes.get('n2')!.stepped).toEqual([]);
    expect(net.inFlight).toEqual([]);
  });

  it('cuts links between partitions, and heal restores them', () => {
    const { net, nodes } = scripted();
    net.partition(['n1', 'n2'], ['n3']);
    nodes.get('n1')!.script.push(rd({ messages: [hb('n1', 'n2'), hb('n1', 'n3')] }));
    net.tick('n1');
    net.stabilize();
    expect([nodes.get('n2')!.stepped.length, nodes.get('n3')!.stepped.length]).toEqual([1, 0]);
    net.heal();
    nodes.get('n1')!.script.push(rd({ messages: [hb('n1', 'n3')] }));
    net.tick('n1');
    net.stabilize();
    expect(nodes.get('n3')!.stepped).toHaveLength(1);
  });

  it('lets intercept rewrite or drop a message', () => {
    const { net, nodes } = scripted();
    net.intercept = (m) => (m.to === 'n3' ? undefined : { ...m, term: 9 });
    nodes.get('n1')!.script.push(rd({ messages: [hb('n1', 'n2'), hb('n1', 'n3')] }));
    net.tick('n1');
    net.stabilize();
    expect(nodes.get('n2')!.stepped).toEqual([{ ...hb('n1', 'n2'), term: 9 }]);
    expect(nodes.get('n3')!.stepped).toEqual([]);
  });

  it('restarts a crashed member from a copy of its storage with an empty state machine', () => {
    const { net, nodes } = scripted();
    const first = nodes.get('n1')!;
    first.script.push(rd({ hardState: { term: 1, vote: 'n1', commit: 1 }, entries: [e(1, 1)], committedEntries: [e(1, 1)] }));
    net.tick('n1');
    net.crash('n1');
    expect(() => net.node('n1')).toThrow(/not running/);
    net.restart('n1');
    expect(nodes.get('n1')).not.toBe(first);
    expect(net.applied.get('n1')).toEqual([]);
    expect(() => net.restart('n1')).toThrow(/already running/);
  });

  it('fails instead of hanging when the network never goes quiet', () => {
    const nodes = new Map<string, ScriptedNode>();
    const net = new RaftNetwork(2, {
      maxDeliveries: 50,
      factory: (config) => {
        const n = new ScriptedNode(config);
        nodes.set(config.id, n);
        return n;
      },
    });
    // Every delivery makes the recipient send the message back.
    for (const n of nodes.values()) {
      n.step = (m) => {
        n.script.push(rd({ messages: [{ ...m, from: m.to, to: m.from }] }));
      };
    }
    nodes.get('n1')!.script.push(rd({ messages: [hb('n1', 'n2')] }));
    net.tick('n1');
    expect(() => net.stabilize()).toThrow(/did not quiesce within 50 deliveries/);
  });
});
