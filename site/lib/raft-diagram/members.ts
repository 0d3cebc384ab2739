/**
 * MemberState follows one etcd member through the trace: its disk (from
 * raft.persist), its latest Raft status (raft.state), what it applied
 * (raft.apply) and whether it runs (host.start / host.crash). It is what the
 * member "really" is at a point of virtual time, with no access to the engine.
 */
import type { Entry, HardState, StateType } from '../../../engine/raft/types';
import type { EtcdEvent } from '../../../engine/etcd/events';
import type { Role } from './view';

/** MemberState is a member's state as the trace tells it. */
export interface MemberState {
  id: string;
  up: boolean;
  incarnation: number;
  /** disk is what survives a crash: the last persisted hard state and the stored log. */
  disk: { hardState: HardState; log: Entry[] };
  /** status is the latest Raft status of the running incarnation (reset at each start). */
  status: { term: number; vote: string; role: Exclude<Role, 'down'>; lead: string; commit: number };
  applied: number;
}

/** newMemberState is a member that has not started yet. */
export function newMemberState(id: string): MemberState {
  return {
    id,
    up: false,
    incarnation: 0,
    disk: { hardState: { term: 0, vote: '', commit: 0 }, log: [] },
    status: { term: 0, vote: '', role: 'follower', lead: '', commit: 0 },
    applied: 0,
  };
}

/** roleOf maps etcd's StateType to the diagram's role. */
export function roleOf(s: StateType): Exclude<Role, 'down'> {
  return s === 'StateLeader' ? 'leader' : s === 'StateCandidate' ? 'candidate' : 'follower';
}

/**
 * started is `m` after its host booted incarnation `incarnation`: a Raft node
 * starts as a follower that knows no leader, from the hard state on its disk.
 */
export function started(m: MemberState, incarnation: number): MemberState {
  const hs = m.disk.hardState;
  return { ...m, up: true, incarnation, applied: 0, status: { term: hs.term, vote: hs.vote, role: 'follower', lead: '', commit: hs.commit } };
}

/** crashed is `m` after its host crashed: only the disk is left. */
export function crashed(m: MemberState): MemberState {
  return { ...m, up: false };
}

type Persist = Extract<EtcdEvent, { kind: 'raft.persist' }>;
type State = Extract<EtcdEvent, { kind: 'raft.state' }>;
type Apply = Extract<EtcdEvent, { kind: 'raft.apply' }>;

/**
 * persisted is `m` after a raft.persist: the hard state replaced when given,
 * and entries written at index i replacing whatever was stored at i and after
 * (the rule EtcdMember's disk follows).
 */
export function persisted(m: MemberState, e: Persist): MemberState {
  let log = m.disk.log;
  if (e.entries.length > 0) {
    const first = e.entries[0].index;
    log = [...log.slice(0, Math.max(0, first - 1)), ...e.entries.map((x) => ({ term: x.term, index: x.index, data: x.data }))];
  }
  return { ...m, disk: { hardState: e.hardState ? { ...e.hardState } : m.disk.hardState, log } };
}

/** stated is `m` after a raft.state: its new status. */
export function stated(m: MemberState, e: State): MemberState {
  return { ...m, status: { term: e.term, vote: e.vote, role: roleOf(e.role), lead: e.lead, commit: e.commit } };
}

/** appliedTo is `m` after a raft.apply. */
export function appliedTo(m: MemberState, e: Apply): MemberState {
  const last = e.entries.reduce((max, x) => Math.max(max, x.index), m.applied);
  return { ...m, applied: last };
}

/**
 * shown is the status the diagram displays: the running node's, or while the
 * member is down, its disk's hard state (what it will start from).
 */
export function shown(m: MemberState): { role: Role; term: number; vote: string; lead: string; commit: number } {
  if (m.up) return { ...m.status };
  const hs = m.disk.hardState;
  return { role: 'down', term: hs.term, vote: hs.vote, lead: '', commit: hs.commit };
}
