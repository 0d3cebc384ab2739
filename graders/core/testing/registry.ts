import type { AnyLabGrader } from '../lab';
import { counterLab } from './counter-lab';

/** labs is a registry holding only the fixture lab, for testing workers and sessions. */
export const labs: readonly AnyLabGrader[] = [counterLab];
