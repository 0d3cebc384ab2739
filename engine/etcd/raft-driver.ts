import type { Message, PersistedState, RaftConfig, RaftNode, Ready, Status } from '../raft/types';

/** RaftInput is one input to a Raft node. */
export type RaftInput =
  | { kind: 'tick' }
  | { kind: 'step'; message: Message }
  | { kind: 'propose'; data: string }
  | { kind: 'readIndex'; ctx: string };

/**
 * RaftOutput is everything one input produced: whether a propose/readIndex
 * was accepted, the Readies the node emitted (in order), and its status after
 * the input when that changed (omitted otherwise: most ticks change nothing).
 */
export interface RaftOutput {
  accepted: boolean;
  readies: Ready[];
  status?: Status;
}

/**
 * RaftDriver feeds one input to a node and collects every Ready it then has.
 * It exists so a member can drive a node living in another realm (a learner's,
 * in the grader's sandbox) with one call per input instead of five.
 */
export interface RaftDriver {
  input(input: RaftInput): RaftOutput;
}

/** DriverConfig is a RaftConfig whose rng is given as a seed, so it can cross a realm boundary. */
export type DriverConfig = Omit<RaftConfig, 'rng'> & { seed: number };

/** RaftDriverFactory starts a driven node, fresh or from what a member persisted. */
export type RaftDriverFactory = (config: DriverConfig, persisted: PersistedState) => RaftDriver;

/** MAX_READY_CYCLES bounds ready()/advance() rounds per input: a node that never runs out of work is a bug. */
export const MAX_READY_CYCLES = 64;

/**
 * LocalRaftDriver drives a RaftNode in the same realm. Advancing right after
 * ready() is equivalent to advancing after the host has carried the Ready out,
 * because the host does so synchronously before giving the node any other input.
 */
export class LocalRaftDriver implements RaftDriver {
  private last: Status | undefined;

  constructor(private readonly node: RaftNode) {}

  input(input: RaftInput): RaftOutput {
    let accepted = true;
    switch (input.kind) {
      case 'tick':
        this.node.tick();
        break;
      case 'step':
        this.node.step(input.message);
        break;
      case 'propose':
        accepted = this.node.propose(input.data) === true;
        break;
      case 'readIndex':
        accepted = this.node.readIndex(input.ctx) === true;
        break;
      default:
        throw new Error(`unknown raft input ${(input as { kind: string }).kind}`);
    }
    const readies: Ready[] = [];
    while (this.node.hasReady()) {
      if (readies.length >= MAX_READY_CYCLES) {
        throw new Error(`hasReady() was still true after ${MAX_READY_CYCLES} ready()/advance() rounds for one input: advance() must clear the work it acknowledged`);
      }
      readies.push(this.node.ready());
      this.node.advance();
    }
    const status = this.node.status();
    if (this.last && sameStatus(this.last, status)) return { accepted, readies };
    this.last = status;
    return { accepted, readies, status };
  }
}

function sameStatus(a: Status, b: Status): boolean {
  return (
    a.term === b.term && a.vote === b.vote && a.lead === b.lead && a.raftState === b.raftState && a.commit === b.commit && a.applied === b.applied && a.lastIndex === b.lastIndex && a.id === b.id
  );
}
