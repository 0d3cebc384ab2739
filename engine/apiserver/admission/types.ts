/**
 * Admission as k8s.io/apiserver/pkg/admission shapes it: after
 * authorization, every write is shown to the mutating plugins (which may
 * change the object), then validated, then shown to the validating plugins
 * (which may only refuse). A refusal is a StatusError; answers come through
 * callbacks because plugins may ask storage or a webhook.
 */
import type { UserInfo } from '../auth/types';
import type { StatusError } from '../errors';
import type { KubeObject } from '../object';

/** Operation is admission.Operation. */
export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** AdmissionAttributes describe the write being admitted (admission.Attributes). */
export interface AdmissionAttributes {
  operation: AdmissionOperation;
  /** kind of the object: group, version, kind ("" group = core). */
  kind: { group: string; version: string; kind: string };
  /** resource of the request: group, version, resource. */
  resource: { group: string; version: string; resource: string };
  subresource: string;
  /** namespace is "" for cluster-scoped resources. */
  namespace: string;
  /** name is "" on a create with generateName (not yet generated). */
  name: string;
  /** object is the incoming object (CREATE, UPDATE); mutating plugins change it in place. Absent on DELETE. */
  object?: KubeObject;
  /** oldObject is the stored object (UPDATE, DELETE). */
  oldObject?: KubeObject;
  userInfo: UserInfo;
  dryRun: boolean;
}

/** AdmitDone is a plugin's answer: null to let the request through, or the error to refuse it with. */
export type AdmitDone = (err: StatusError | null) => void;

/** Plugin is what every admission plugin has: a name and the operations it cares about. */
export interface AdmissionPlugin {
  readonly name: string;
  /** handles says whether the plugin wants to see this operation (admission.Handler.Handles). */
  handles(operation: AdmissionOperation): boolean;
}

/** MutatingPlugin may change attrs.object (admission.MutationInterface). */
export interface MutatingPlugin extends AdmissionPlugin {
  admit(attrs: AdmissionAttributes, done: AdmitDone): void;
}

/** ValidatingPlugin may only refuse (admission.ValidationInterface). */
export interface ValidatingPlugin extends AdmissionPlugin {
  validate(attrs: AdmissionAttributes, done: AdmitDone): void;
}

/** AdmissionChain is the configured plugins, in order: every mutating plugin runs before any validating one. */
export interface AdmissionChain {
  mutating: MutatingPlugin[];
  validating: ValidatingPlugin[];
}

/** runChain calls each plugin's step in order, stopping at the first refusal. */
export function runChain<P extends AdmissionPlugin>(
  plugins: readonly P[],
  attrs: AdmissionAttributes,
  step: (plugin: P, attrs: AdmissionAttributes, done: AdmitDone) => void,
  done: AdmitDone,
): void {
  let i = 0;
  const next = (err: StatusError | null): void => {
    if (err) return done(err);
    while (i < plugins.length && !plugins[i].handles(attrs.operation)) i++;
    if (i >= plugins.length) return done(null);
    const plugin = plugins[i++];
    step(plugin, attrs, next);
  };
  next(null);
}

/** admit runs the chain's mutating plugins. */
export function admit(chain: AdmissionChain, attrs: AdmissionAttributes, done: AdmitDone): void {
  runChain(chain.mutating, attrs, (p, a, d) => p.admit(a, d), done);
}

/** validate runs the chain's validating plugins. */
export function validate(chain: AdmissionChain, attrs: AdmissionAttributes, done: AdmitDone): void {
  runChain(chain.validating, attrs, (p, a, d) => p.validate(a, d), done);
}
