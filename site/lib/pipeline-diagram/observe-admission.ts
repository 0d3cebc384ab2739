/**
 * Observing admission without changing it. chainMarker is a pass-through
 * plugin put first and last in each chain: it records where the chain starts
 * and ends, with the object as it stands there, which also tells where
 * validation (run between the two chains) passed or stopped the request.
 * observeMutating and observeValidating wrap a real plugin and record its
 * answer, and for a mutating plugin the fields it changed.
 */
import type {
  AdmissionAttributes,
  AdmissionOperation,
  MutatingPlugin,
  ValidatingPlugin,
} from '../../../engine/apiserver/admission/types';
import { fieldChanges } from './diff';
import type { AdmissionPhase, Recorder, StatusBody } from './observations';

const ALL_OPERATIONS: ReadonlySet<AdmissionOperation> = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

const snapshot = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** chainMarker records the `edge` of the `phase` chain for every operation and always lets the request through. */
export function chainMarker(phase: AdmissionPhase, edge: 'start' | 'end', recorder: Recorder): MutatingPlugin & ValidatingPlugin {
  const mark = (a: AdmissionAttributes, done: (err: null) => void) => {
    recorder.record({ kind: 'chain', phase, edge, operation: a.operation, object: snapshot(a.object) });
    done(null);
  };
  return {
    name: `pipeline-diagram/${phase}-${edge}`,
    handles: (op) => ALL_OPERATIONS.has(op),
    admit: mark,
    validate: mark,
  };
}

/** observeMutating wraps a mutating plugin: same name and answers; records its verdict and the fields it changed. */
export function observeMutating(plugin: MutatingPlugin, recorder: Recorder): MutatingPlugin {
  return {
    name: plugin.name,
    handles: (op) => plugin.handles(op),
    admit(a, done) {
      const before = snapshot(a.object);
      recorder.within(plugin.name, () =>
        plugin.admit(a, (err) => {
          recorder.record({
            kind: 'plugin',
            phase: 'mutating',
            plugin: plugin.name,
            operation: a.operation,
            ...(err ? { refused: snapshot(err.status) as StatusBody } : {}),
            changes: fieldChanges(before, a.object),
          });
          // What follows the plugin (the next plugin, storage) is not the plugin's doing, even when it answered at once.
          recorder.within(undefined, () => done(err));
        }),
      );
    },
  };
}

/** observeValidating wraps a validating plugin: same name and answers; records its verdict. */
export function observeValidating(plugin: ValidatingPlugin, recorder: Recorder): ValidatingPlugin {
  return {
    name: plugin.name,
    handles: (op) => plugin.handles(op),
    validate(a, done) {
      recorder.within(plugin.name, () =>
        plugin.validate(a, (err) => {
          recorder.record({
            kind: 'plugin',
            phase: 'validating',
            plugin: plugin.name,
            operation: a.operation,
            ...(err ? { refused: snapshot(err.status) as StatusBody } : {}),
            changes: [],
          });
          recorder.within(undefined, () => done(err));
        }),
      );
    },
  };
}
