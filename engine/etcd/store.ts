import { createStore } from './mvcc';
import type { MemberStore } from './member';

/**
 * MvccMemberStore is a member's state machine: etcd's MVCC store. Writes
 * applied from the log become puts; reads are ranges at the current revision;
 * each applied entry's index and term are recorded as the store's consistent
 * index, as etcd does so a restarted member knows how far it had applied.
 */
export class MvccMemberStore implements MemberStore {
  readonly mvcc = createStore();

  put(key: string, value: string): number {
    return this.mvcc.put(key, value).header.revision;
  }

  get(key: string): { value: string | null; revision: number } {
    const r = this.mvcc.range(key);
    return { value: r.kvs[0]?.value ?? null, revision: r.header.revision };
  }

  get revision(): number {
    return this.mvcc.currentRevision();
  }

  applied(index: number, term: number): void {
    this.mvcc.setConsistentIndex(index, term);
  }
}

/** newMemberStore makes a member's state machine. */
export function newMemberStore(): MvccMemberStore {
  return new MvccMemberStore();
}
