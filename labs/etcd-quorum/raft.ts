/**
 * etcd-quorum: your Raft node. (Interim starter: to be replaced by the full skeleton.)
 */
import type { Message, PersistedState, RaftConfig, RaftNode, RaftNodeFactory, Ready, Status } from '../../engine/raft/types';

class MyRaft implements RaftNode {
  constructor(
    private readonly config: RaftConfig,
    private readonly persisted: PersistedState,
  ) {}
  tick(): void {}
  step(_m: Message): void {}
  propose(_data: string): boolean {
    return false;
  }
  readIndex(_ctx: string): boolean {
    return false;
  }
  hasReady(): boolean {
    return false;
  }
  ready(): Ready {
    return { entries: [], committedEntries: [], messages: [], readStates: [] };
  }
  advance(): void {}
  status(): Status {
    const hs = this.persisted.hardState;
    return { id: this.config.id, term: hs.term, vote: hs.vote, lead: '', raftState: 'StateFollower', commit: hs.commit, applied: 0, lastIndex: this.persisted.entries.length };
  }
}

export const createRaftNode: RaftNodeFactory = (config, persisted) => new MyRaft(config, persisted);
