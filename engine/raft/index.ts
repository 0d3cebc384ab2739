/**
 * The engine's Raft node: the contract (types) and the reference
 * implementation behind it (createRaftNode). Tests and tools that need a
 * whole cluster import RaftNetwork from './testing'.
 */
export * from './types';
export { createRaftNode } from './node';
