/**
 * NamespaceLifecycle (plugin/pkg/admission/namespace/lifecycle): nothing is
 * created in a namespace that does not exist or is being terminated, and
 * the immortal namespaces cannot be deleted.
 */
import { newForbidden, newNotFound, type StatusError } from '../errors';
import type { KubeObject } from '../object';
import type { AdmissionAttributes, AdmitDone, ValidatingPlugin } from './types';

/** IMMORTAL_NAMESPACES are the namespaces the plugin refuses to delete (its default --immortal-namespaces). */
export const IMMORTAL_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public'];

/** NamespaceGetter reads a namespace: the object, null when absent, or an error. */
export type NamespaceGetter = (name: string, done: (err: StatusError | null, ns: KubeObject | null) => void) => void;

export interface NamespaceLifecycleOptions {
  getNamespace: NamespaceGetter;
  immortal?: readonly string[];
}

/**
 * namespaceLifecycle makes the plugin. It validates (it never mutates), and
 * sees CREATE for any namespaced resource and DELETE of namespaces.
 * Access reviews are exempt, as upstream exempts them (they create nothing).
 */
export function namespaceLifecycle(opts: NamespaceLifecycleOptions): ValidatingPlugin {
  const immortal = new Set(opts.immortal ?? IMMORTAL_NAMESPACES);
  return {
    name: 'NamespaceLifecycle',
    handles: (op) => op === 'CREATE' || op === 'UPDATE' || op === 'DELETE',
    validate(a: AdmissionAttributes, done: AdmitDone) {
      const isNamespace = a.resource.group === '' && a.resource.resource === 'namespaces';
      if (isNamespace) {
        if (a.operation === 'DELETE' && immortal.has(a.name))
          return done(newForbidden({ group: '', resource: 'namespaces' }, a.name, 'this namespace may not be deleted'));
        return done(null);
      }
      // Only creates in a namespace are checked (upstream lets updates and deletes through to storage).
      if (a.operation !== 'CREATE' || a.namespace === '' || a.resource.group === 'authorization.k8s.io') return done(null);
      opts.getNamespace(a.namespace, (err, ns) => {
        if (err) return done(err);
        if (!ns) return done(newNotFound({ group: '', resource: 'namespaces' }, a.namespace));
        if ((ns.status as { phase?: string } | undefined)?.phase === 'Terminating') {
          const e = newForbidden(
            { group: a.resource.group, resource: a.resource.resource },
            a.name,
            `unable to create new content in namespace ${a.namespace} because it is being terminated`,
          );
          e.status.details = { ...e.status.details, causes: [{ reason: 'NamespaceTerminating', message: `namespace ${a.namespace} is being terminated`, field: 'metadata.namespace' }] };
          return done(e);
        }
        done(null);
      });
    },
  };
}
