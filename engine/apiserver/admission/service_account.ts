/**
 * ServiceAccount (plugin/pkg/admission/serviceaccount): every pod created
 * runs as a service account — "default" unless it names one — that must
 * exist, and, unless the pod or the account opts out with
 * automountServiceAccountToken: false, gets the account's credentials as a
 * projected volume (a bound token, the cluster CA, the namespace) mounted in
 * every container at /var/run/secrets/kubernetes.io/serviceaccount.
 */
import type { ServiceAccount } from 'kubernetes-types/core/v1';
import { newNotFound, type StatusError } from '../errors';
import { generateName } from '../ids';
import { isPlainObject, type KubeObject } from '../object';
import type { Rng } from '../../sim/rng';
import { admissionForbidden } from './forbidden';
import type { AdmissionAttributes, AdmitDone, MutatingPlugin } from './types';

/** DEFAULT_SERVICE_ACCOUNT is the account a pod that names none runs as. */
export const DEFAULT_SERVICE_ACCOUNT = 'default';
/** SERVICE_ACCOUNT_VOLUME_NAME is the projected volume's name prefix (a random suffix follows). */
export const SERVICE_ACCOUNT_VOLUME_NAME = 'kube-api-access';
/** DEFAULT_API_TOKEN_MOUNT_PATH is where containers find token, ca.crt and namespace. */
export const DEFAULT_API_TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** ROOT_CA_CONFIG_MAP is the ConfigMap the root CA publisher puts in every namespace. */
export const ROOT_CA_CONFIG_MAP = 'kube-root-ca.crt';
/** TOKEN_EXPIRATION_SECONDS is the bound token's lifetime (WarnOnlyBoundTokenExpirationSeconds: 1h + 7s, so its use past an hour can be told apart). */
export const TOKEN_EXPIRATION_SECONDS = 3607;
/** MIRROR_POD_ANNOTATION marks a kubelet's static pod: its spec is never changed. */
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/** ServiceAccountGetter reads one account: the object, null when absent, or an error. */
export type ServiceAccountGetter = (namespace: string, name: string, done: (err: StatusError | null, sa: ServiceAccount | null) => void) => void;

export interface ServiceAccountOptions {
  getServiceAccount: ServiceAccountGetter;
  /** rng draws the volume's random suffix. */
  rng: Rng;
  /** mountServiceAccountToken false only sets the account (default true). */
  mountServiceAccountToken?: boolean;
  /**
   * after, when given, lets the plugin wait for the "default" account: the
   * ServiceAccount controller creates it just after its namespace, so a pod
   * created in that instant (`kubectl apply` of a namespace and its pods)
   * is looked up again, up to DEFAULT_ATTEMPTS times, 100–199 ms apart, as
   * upstream does. Without it a missing account is refused at once.
   */
  after?: (ms: number, fn: () => void) => void;
}

/** DEFAULT_ATTEMPTS is how many lookups the "default" account gets before the pod is refused. */
export const DEFAULT_ATTEMPTS = 10;

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** tokenVolume is TokenVolumeSource: the projected volume a pod's credentials come from. */
export function tokenVolume(name: string): Any {
  return {
    name,
    projected: {
      defaultMode: 0o644,
      sources: [
        { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
        { configMap: { name: ROOT_CA_CONFIG_MAP, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}

/** shouldAutomount: the pod's automountServiceAccountToken wins, then the account's, else true. */
export function shouldAutomount(sa: ServiceAccount, spec: Any): boolean {
  if (typeof spec.automountServiceAccountToken === 'boolean') return spec.automountServiceAccountToken;
  if (typeof sa.automountServiceAccountToken === 'boolean') return sa.automountServiceAccountToken;
  return true;
}

/**
 * mountToken adds the token volume (reusing a kube-api-access-* volume the
 * pod already has) and mounts it in each container and init container that
 * has nothing mounted at the token path.
 */
export function mountToken(spec: Any, rng: Rng): void {
  const volumes: Any[] = Array.isArray(spec.volumes) ? spec.volumes : [];
  const existing = volumes.find((v) => typeof v?.name === 'string' && v.name.startsWith(`${SERVICE_ACCOUNT_VOLUME_NAME}-`));
  const volumeName: string = existing ? existing.name : generateName(`${SERVICE_ACCOUNT_VOLUME_NAME}-`, rng);
  let needed = false;
  for (const field of ['initContainers', 'containers']) {
    if (!Array.isArray(spec[field])) continue;
    for (const c of spec[field] as Any[]) {
      if (!isPlainObject(c)) continue;
      const mounts: Any[] = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
      if (mounts.some((m) => m?.mountPath === DEFAULT_API_TOKEN_MOUNT_PATH)) continue;
      c.volumeMounts = [...mounts, { name: volumeName, readOnly: true, mountPath: DEFAULT_API_TOKEN_MOUNT_PATH }];
      needed = true;
    }
  }
  if (!existing && needed) spec.volumes = [...volumes, tokenVolume(volumeName)];
}

function isPodCreate(a: AdmissionAttributes): boolean {
  return a.operation === 'CREATE' && a.subresource === '' && a.resource.group === '' && a.resource.resource === 'pods' && isPlainObject(a.object?.spec);
}

/**
 * lookUp reads the account, asking again for "default" while it is absent
 * (see ServiceAccountOptions.after): the retry interval is drawn once per
 * lookup, as upstream draws it once per admission.
 */
function lookUp(opts: ServiceAccountOptions, namespace: string, name: string, done: (err: StatusError | null, sa: ServiceAccount | null) => void): void {
  const attempts = opts.after && name === DEFAULT_SERVICE_ACCOUNT ? DEFAULT_ATTEMPTS : 1;
  const interval = attempts > 1 ? 100 + opts.rng.intn(100) : 0;
  const attempt = (n: number): void =>
    opts.getServiceAccount(namespace, name, (err, sa) => {
      if (sa || (err && err.status.code !== 404) || n + 1 >= attempts) return done(err, sa);
      opts.after!(interval, () => attempt(n + 1));
    });
  attempt(0);
}

/** serviceAccount makes the plugin (mutating; pods on CREATE). */
export function serviceAccount(opts: ServiceAccountOptions): MutatingPlugin {
  const mount = opts.mountServiceAccountToken !== false;
  return {
    name: 'ServiceAccount',
    handles: (op) => op === 'CREATE',
    admit(a: AdmissionAttributes, done: AdmitDone) {
      if (!isPodCreate(a)) return done(null);
      const pod = a.object as KubeObject;
      const spec = pod.spec as Any;
      if (pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) {
        // A mirror pod's spec must stay as the kubelet wrote it, and so may not reach for API credentials.
        if (spec.serviceAccountName) return done(admissionForbidden(a, 'a mirror pod may not reference service accounts'));
        return done(null);
      }
      if (!spec.serviceAccountName) spec.serviceAccountName = DEFAULT_SERVICE_ACCOUNT;
      const name: string = spec.serviceAccountName;
      lookUp(opts, a.namespace, name, (err, sa) => {
        if (err && err.status.code !== 404) return done(err);
        if (!sa) {
          const notFound = newNotFound({ group: '', resource: 'serviceaccount' }, name);
          return done(admissionForbidden(a, `error looking up service account ${a.namespace}/${name}: ${notFound.message}`));
        }
        if (mount && shouldAutomount(sa, spec)) mountToken(spec, opts.rng);
        if (!Array.isArray(spec.imagePullSecrets) || spec.imagePullSecrets.length === 0) {
          const secrets = (sa.imagePullSecrets ?? []).map((s) => ({ name: s.name }));
          if (secrets.length) spec.imagePullSecrets = secrets;
        }
        done(null);
      });
    },
  };
}
