import { describe, expect, it } from 'vitest';
import { HostSet } from '../sim/hosts';
import { Simulation } from '../sim/kernel';
import { Network } from '../sim/network';
import type { Ready } from '../raft/types';
import type { ClusterEvent } from './events';
import { EtcdMember, RAFT_KEY, type NetMessage } from './member';
import type { RaftDriverFactory, RaftOutput } from './raft-driver';
import { newMemberStore } from './store';

const ready = (r: Partial<Ready>): Ready => ({ entries: [], committedEntries: [], messages: [], readStates: [], ...r });

/** scripted makes a driver that answers its first tick with the given Ready. */
function scripted(rd: Ready): RaftDriverFactory {
  return (config) => {
    let ticks = 0;
    return {
      input: (): RaftOutput => ({
        accepted: true,
        readies: ticks++ === 0 ? [rd] : [],
        status: { id: config.id, term: 1, vote: '', lead: '', raftState: 'StateFollower', commit: 0, applied: 0, lastIndex: 0 },
      }),
    };
  };
}

function boot(rd: Ready) {
  const sim = new Simulation<ClusterEvent>({ seed: 1 });
  const net = new Network<NetMessage>(sim);
  const hosts = new HostSet<NetMessage, EtcdMember>(sim, net);
  const config = { peers: ['n1', 'n2'], tickMs: 100, electionTick: 10, heartbeatTick: 1, raft: scripted(rd), newStore: newMemberStore, record: (e: ClusterEvent) => sim.record(e) };
  hosts.add('n1', (ctx) => new EtcdMember(ctx, config));
  return { sim, hosts };
}

describe('EtcdMember', () => {
  it('persists a Ready before sending its messages', () => {
    const { sim, hosts } = boot(
      ready({
        hardState: { term: 1, vote: 'n1', commit: 0 },
        entries: [{ index: 1, term: 1, data: '' }],
        messages: [{ type: 'MsgVote', from: 'n1', to: 'n2', term: 1, index: 1, logTerm: 1 }],
      }),
    );
    sim.runFor(200);
    const kinds = sim.trace.events.map((e) => e.kind);
    expect(kinds.indexOf('raft.persist')).toBeGreaterThan(-1);
    expect(kinds.indexOf('raft.persist')).toBeLessThan(kinds.indexOf('net.send'));
    expect(hosts.disk('n1').get(RAFT_KEY)).toEqual({ hardState: { term: 1, vote: 'n1', commit: 0 }, entries: [{ index: 1, term: 1, data: '' }] });
  });

  it('refuses entries that would leave a hole in the stored log', () => {
    const { sim } = boot(ready({ entries: [{ index: 3, term: 1, data: '' }] }));
    expect(() => sim.runFor(200)).toThrow("n1's Ready had entries starting at index 3, but its stored log ends at index 0: entries must overwrite or extend the stored log");
  });

  it('refuses a message to a member that does not exist', () => {
    const { sim } = boot(ready({ messages: [{ type: 'MsgHeartbeat', from: 'n1', to: 'n9', term: 1, commit: 0, context: '' }] }));
    expect(() => sim.runFor(200)).toThrow('n1 sent a MsgHeartbeat to "n9", which is not one of its peers');
  });

  it('refuses a message claiming another sender', () => {
    const { sim } = boot(ready({ messages: [{ type: 'MsgHeartbeat', from: 'n2', to: 'n2', term: 1, commit: 0, context: '' }] }));
    expect(() => sim.runFor(200)).toThrow('n1 sent a MsgHeartbeat that claims to come from "n2"');
  });

  it('refuses to apply data no client proposed', () => {
    const { sim } = boot(ready({ entries: [{ index: 1, term: 1, data: 'garbage' }], committedEntries: [{ index: 1, term: 1, data: 'garbage' }] }));
    expect(() => sim.runFor(200)).toThrow(/n1 applied entry 1 whose data is not a command any client proposed/);
  });
});
