import type { MemberStore } from './member';

/** newMemberStore makes a member's state machine. (Interim map store; replaced by the MVCC store.) */
export function newMemberStore(): MemberStore {
  const data = new Map<string, string>();
  let revision = 1;
  return {
    put(key, value) {
      data.set(key, value);
      return ++revision;
    },
    get(key) {
      return { value: data.get(key) ?? null, revision };
    },
    get revision() {
      return revision;
    },
  };
}
