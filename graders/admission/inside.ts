/**
 * The admission lab's inside module: it runs in the realm next to the
 * learner's plugins and plays one scenario through the API server with them.
 */
import { limitRanger, namespaceLifecycle, resourceQuota } from '../../labs/admission/admission';
import { runScenario, type Outcome } from './inside.driver';
import type { AdmissionScenario } from './scenario';

/** start returns a driver that plays scenarios with the learner's plugins. */
export function start(): { play(s: AdmissionScenario, seed: string): Outcome } {
  return { play: (s, seed) => runScenario(s, { limitRanger, resourceQuota, namespaceLifecycle }, seed) };
}
