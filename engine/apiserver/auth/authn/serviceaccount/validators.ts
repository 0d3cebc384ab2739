/**
 * The two ServiceAccount token validators of pkg/serviceaccount: bound
 * tokens (claims.go: times, then the ServiceAccount, Secret, Pod or Node the
 * token names must still exist with the same uid) and legacy secret-based
 * tokens (legacy.go: the Secret must still hold this very token).
 */
import type { Node, Pod, Secret, ServiceAccount } from 'kubernetes-types/core/v1';
import type { Clock } from '../../../time';
import { parseRfc3339 } from '../../../time';
import { base64Decode, bytesEqual, utf8Encode } from '../bytes';
import { notFoundMessage, type Lookup, type LookupResult } from '../lookup';
import { once } from '../token';
import type { TokenValidator, ValidatorResult } from './authenticator';
import { objectAt, stringAt, type PublicClaims } from './claims';
import { LEGACY_CLAIMS } from './issuer';
import { credentialIdForJti, splitUsername, type ServiceAccountInfo } from './names';

/**
 * ServiceAccountTokenGetter reads the objects tokens refer to (upstream's
 * clientGetter: informer caches, then a live GET). getNode is optional: a
 * token bound to a Node alone is refused without it.
 */
export interface ServiceAccountTokenGetter {
  getServiceAccount: Lookup<ServiceAccount>;
  getPod: Lookup<Pod>;
  getSecret: Lookup<Secret>;
  getNode?: (name: string, done: (result: LookupResult<Node>) => void) => void;
}

/** LEEWAY_MS is go-jose's jwt.DefaultLeeway, applied to exp, nbf, iat and to deletion timestamps. */
export const LEEWAY_MS = 60_000;

/** INVALID_SINCE_LABEL marks a legacy token Secret the cleaner has invalidated. */
export const INVALID_SINCE_LABEL = 'kubernetes.io/legacy-token-invalid-since';

const INVALIDATED = 'service account token has been invalidated';

/** lookupObject calls a lookup and turns "not found" into the API's NotFound message; an empty name is refused as client-go refuses it. */
function lookupObject<T>(lookup: Lookup<T>, resource: string, namespace: string, name: string, done: (r: { object: T } | { error: string }) => void): void {
  if (name === '') return done({ error: 'resource name may not be empty' });
  lookup(namespace, name, once(`lookup ${resource}`, (r: LookupResult<T>) => {
    if ('object' in r) return done(r);
    done({ error: 'notFound' in r ? notFoundMessage(resource, name) : r.error });
  }));
}

/** deletedBefore reports whether obj has a deletionTimestamp earlier than `limitMs`. */
function deletedBefore(obj: { metadata?: { deletionTimestamp?: string } }, limitMs: number): boolean {
  const ts = obj.metadata?.deletionTimestamp;
  return ts !== undefined && parseRfc3339(ts) < limitMs;
}

/** isDeleted reports whether obj has any deletionTimestamp (legacy tokens allow no grace). */
function isDeleted(obj: { metadata?: { deletionTimestamp?: string } }): boolean {
  return obj.metadata?.deletionTimestamp !== undefined;
}

/**
 * boundTokenValidator is validator.Validate for TokenRequest tokens, with the
 * 1.30 defaults (ServiceAccountTokenJTI, ServiceAccountTokenPodNodeInfo and
 * ServiceAccountTokenNodeBindingValidation on). In order: nbf, exp, iat with
 * one minute of leeway; the ServiceAccount (its lookup error as is; uid;
 * deleted more than a minute ago); then the bound Secret, Pod, or Node.
 */
export function boundTokenValidator(getter: ServiceAccountTokenGetter, clock: Clock): TokenValidator {
  return {
    validate(_token, pub: PublicClaims, claims, done: (result: ValidatorResult) => void): void {
      const now = clock();
      if (pub.nbf !== undefined && now + LEEWAY_MS < pub.nbf * 1000) return done({ error: 'service account token is not valid yet' });
      if (pub.exp !== undefined && now - LEEWAY_MS > pub.exp * 1000) return done({ error: 'service account token has expired' });
      if (pub.iat !== undefined && now + LEEWAY_MS < pub.iat * 1000) return done({ error: 'service account token is issued in the future' });

      const invalidIfDeletedBefore = now - LEEWAY_MS;
      const k8s = objectAt(claims, 'kubernetes.io');
      const namespace = stringAt(k8s, 'namespace');
      const saRef = { name: stringAt(objectAt(k8s, 'serviceaccount'), 'name'), uid: stringAt(objectAt(k8s, 'serviceaccount'), 'uid') };
      const podObj = objectAt(k8s, 'pod');
      const secretObj = objectAt(k8s, 'secret');
      const nodeObj = objectAt(k8s, 'node');
      const podRef = podObj && { name: stringAt(podObj, 'name'), uid: stringAt(podObj, 'uid') };
      const secretRef = secretObj && { name: stringAt(secretObj, 'name'), uid: stringAt(secretObj, 'uid') };
      const nodeRef = nodeObj && { name: stringAt(nodeObj, 'name'), uid: stringAt(nodeObj, 'uid') };

      const info: ServiceAccountInfo = { namespace, name: saRef.name, uid: saRef.uid };
      const jti = credentialIdForJti(pub.jti);
      if (jti) info.credentialID = jti;

      const checkNode = (): void => {
        if (!nodeRef) return done({ info });
        if (podRef) {
          // A pod-bound token only records its node; the pod check already bound it.
          info.nodeName = nodeRef.name;
          if (nodeRef.uid) info.nodeUID = nodeRef.uid;
          return done({ info });
        }
        if (!getter.getNode) return done({ error: INVALIDATED });
        if (nodeRef.name === '') return done({ error: INVALIDATED });
        getter.getNode(nodeRef.name, once('lookup nodes', (r: LookupResult<Node>) => {
          if (!('object' in r)) return done({ error: INVALIDATED });
          const node = r.object;
          if ((node.metadata?.uid ?? '') !== nodeRef.uid) {
            return done({ error: `node UID (${node.metadata?.uid ?? ''}) does not match service account node ref claim (${nodeRef.uid})` });
          }
          if (deletedBefore(node, invalidIfDeletedBefore)) return done({ error: INVALIDATED });
          info.nodeName = nodeRef.name;
          if (nodeRef.uid) info.nodeUID = nodeRef.uid;
          done({ info });
        }));
      };

      const checkPod = (): void => {
        if (!podRef) return checkNode();
        lookupObject(getter.getPod, 'pods', namespace, podRef.name, (r) => {
          if ('error' in r) return done({ error: INVALIDATED });
          const pod = r.object;
          if (podRef.uid !== (pod.metadata?.uid ?? '')) {
            return done({ error: `pod UID (${pod.metadata?.uid ?? ''}) does not match service account pod ref claim (${podRef.uid})` });
          }
          if (deletedBefore(pod, invalidIfDeletedBefore)) return done({ error: INVALIDATED });
          info.podName = podRef.name;
          info.podUID = podRef.uid;
          checkNode();
        });
      };

      const checkSecret = (): void => {
        if (!secretRef) return checkPod();
        lookupObject(getter.getSecret, 'secrets', namespace, secretRef.name, (r) => {
          if ('error' in r) return done({ error: INVALIDATED });
          const secret = r.object;
          if (secretRef.uid !== (secret.metadata?.uid ?? '')) {
            return done({ error: `secret UID (${secret.metadata?.uid ?? ''}) does not match service account secret ref claim (${secretRef.uid})` });
          }
          if (deletedBefore(secret, invalidIfDeletedBefore)) return done({ error: INVALIDATED });
          checkPod();
        });
      };

      lookupObject(getter.getServiceAccount, 'serviceaccounts', namespace, saRef.name, (r) => {
        if ('error' in r) return done(r);
        const sa = r.object;
        const uid = sa.metadata?.uid ?? '';
        if (uid !== saRef.uid) return done({ error: `service account UID (${uid}) does not match claim (${saRef.uid})` });
        if (deletedBefore(sa, invalidIfDeletedBefore)) return done({ error: `service account ${namespace}/${saRef.name} has been deleted` });
        checkSecret();
      });
    },
  };
}

/** secretToken is the decoded "token" key of a Secret's data (Secret data is base64 in JSON). */
function secretToken(secret: Secret): Uint8Array {
  const encoded = secret.data?.token;
  return (encoded !== undefined && base64Decode(encoded)) || new Uint8Array(0);
}

/**
 * legacyTokenValidator is legacyValidator.Validate: the flat claims must be
 * present and agree with "sub"; with lookup (--service-account-lookup,
 * default true) the Secret must exist, not be deleting, hold exactly this
 * token and not be labelled invalid, and the ServiceAccount must exist, not be
 * deleting, with the claimed uid. (Upstream also stamps the Secret with a
 * last-used label; that write is not modelled.)
 */
export function legacyTokenValidator(getter: ServiceAccountTokenGetter, lookup = true): TokenValidator {
  return {
    validate(token, pub: PublicClaims, claims, done: (result: ValidatorResult) => void): void {
      const claim = (k: string): string => stringAt(claims, k);
      if (pub.sub === '') return done({ error: 'sub claim is missing' });
      const namespace = claim(LEGACY_CLAIMS.namespace);
      if (namespace === '') return done({ error: 'namespace claim is missing' });
      const secretName = claim(LEGACY_CLAIMS.secretName);
      if (secretName === '') return done({ error: 'secretName claim is missing' });
      const saName = claim(LEGACY_CLAIMS.serviceAccountName);
      if (saName === '') return done({ error: 'serviceAccountName claim is missing' });
      const saUID = claim(LEGACY_CLAIMS.serviceAccountUID);
      if (saUID === '') return done({ error: 'serviceAccountUID claim is missing' });
      const subject = splitUsername(pub.sub);
      if (!subject || subject.namespace !== namespace || subject.name !== saName) return done({ error: 'sub claim is invalid' });

      const info: ServiceAccountInfo = { namespace, name: saName, uid: saUID };
      if (!lookup) return done({ info });
      lookupObject(getter.getSecret, 'secrets', namespace, secretName, (rs) => {
        if ('error' in rs) return done({ error: 'Token has been invalidated' });
        const secret = rs.object;
        if (isDeleted(secret)) return done({ error: 'Token has been invalidated' });
        if (!bytesEqual(secretToken(secret), utf8Encode(token))) return done({ error: "Token does not match server's copy" });
        lookupObject(getter.getServiceAccount, 'serviceaccounts', namespace, saName, (ra) => {
          if ('error' in ra) return done(ra);
          const sa = ra.object;
          if (isDeleted(sa)) return done({ error: `ServiceAccount ${namespace}/${saName} has been deleted` });
          const uid = sa.metadata?.uid ?? '';
          if (uid !== saUID) return done({ error: `ServiceAccount UID (${uid}) does not match claim (${saUID})` });
          if (secret.metadata?.labels?.[INVALID_SINCE_LABEL]) {
            return done({
              error:
                `the token in secret ${namespace}/${secretName} for service account ${namespace}/${saName} has been marked invalid. ` +
                `Use tokens from the TokenRequest API or manually created secret-based tokens, or remove the '${INVALID_SINCE_LABEL}' label from the secret to temporarily allow use of this token`,
            });
          }
          done({ info });
        });
      });
    },
  };
}
