/** The simulation kernel: clock, seeded randomness, events, network, hosts and trace. */
export { Rng } from './rng';
export { EventQueue } from './queue';
export { Trace, type TraceEvent, type Stamped } from './trace';
export { Simulation, SimulationLimitError, DEFAULT_LIMITS, type SimulationLimits, type Timer } from './kernel';
export { Network, DEFAULT_LINK, type LinkSpec, type NetEvent, type DropReason, type Deliver } from './network';
export { Disk } from './disk';
export { ContractViolation } from './contract';
export { HostSet, type HostContext, type Process, type Boot, type HostEvent } from './hosts';

import type { NetEvent } from './network';
import type { HostEvent } from './hosts';
/** KernelEvent is every event the kernel itself records. */
export type KernelEvent = NetEvent | HostEvent;
