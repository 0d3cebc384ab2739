/**
 * The diagram's view state: plain data describing one frame, computed by
 * DiagramModel from the trace and drawn by the island. Nothing here refers to
 * the engine's objects, so a frame can be compared, logged or serialized.
 */
import type { DropReason } from '../../../engine/sim/network';
import type { MessageKind } from './messages';

/** Role is what a running member believes it is; 'down' is a crashed member. */
export type Role = 'leader' | 'candidate' | 'follower' | 'down';

/** EntryView is one entry of a member's stored log. */
export interface EntryView {
  index: number;
  term: number;
  /** committed is true when the index is within this member's own commit index. */
  committed: boolean;
  /** label says what the entry holds: "put x = v1", or "empty" for a new leader's empty entry. */
  label: string;
}

/** MemberView is one member as the diagram shows it. */
export interface MemberView {
  id: string;
  role: Role;
  /**
   * term, vote, lead and commit are the member's latest Raft status; while it
   * is down, what its disk holds (the hard state it persisted last).
   */
  term: number;
  vote: string;
  lead: string;
  commit: number;
  /** lastIndex is the index of the last entry in its stored log (0 when empty). */
  lastIndex: number;
  /** applied is the highest index it has applied to its store in this incarnation. */
  applied: number;
  /** log is its stored log, index 1 first. */
  log: EntryView[];
  /** cutFrom lists the other members it cannot exchange messages with (a partition). */
  cutFrom: string[];
  /**
   * cutOff is true when the network leaves it, itself included, fewer than a
   * quorum of members to talk to: on the minority side of a partition it can
   * neither win an election nor commit, whoever is up.
   */
  cutOff: boolean;
}

/** LinkView is the network path between two hosts; links are undirected here. */
export interface LinkView {
  a: string;
  b: string;
  /** cut is true when messages cannot pass in at least one direction. */
  cut: boolean;
}

/** MessageView is a message on the wire, or one that was just dropped. */
export interface MessageView {
  /** id is the network's message id (a duplicate shares its original's id). */
  id: number;
  from: string;
  to: string;
  kind: MessageKind;
  label: string;
  entries: number;
  rejected: boolean;
  sentAt: number;
  /**
   * progress is how far along the link the message is, from 0 (leaving
   * `from`) to 1 (reaching `to`): (now − sentAt) / (arrival − sentAt). For a
   * dropped message it is where it was when dropped.
   */
  progress: number;
  /** exact is false when the arrival time is not yet known and progress is an estimate. */
  exact: boolean;
  /** dropped says why it will never arrive; absent while the message is in flight. */
  dropped?: DropReason;
}

/** LineKind is what a narration line is about (for its styling). */
export type LineKind = 'election' | 'commit' | 'fault' | 'network' | 'client';

/** NarrationLine is one notable event, in words. */
export interface NarrationLine {
  /** t is the virtual time in ms. */
  t: number;
  kind: LineKind;
  text: string;
}

/** DiagramView is everything the island draws for one frame at virtual time `t`. */
export interface DiagramView {
  t: number;
  members: MemberView[];
  clients: string[];
  links: LinkView[];
  messages: MessageView[];
  /** lines are the most recent narration lines, oldest first. */
  lines: NarrationLine[];
  /** leader is the running leader with the highest term, if any. */
  leader?: string;
  /** commit is the highest commit index any member has reached. */
  commit: number;
}
