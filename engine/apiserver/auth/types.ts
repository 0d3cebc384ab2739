/**
 * The seams of the API server's security stages, as in k8s.io/apiserver:
 * authentication turns a request's credentials into a UserInfo
 * (pkg/authentication/user), authorization decides on Attributes
 * (pkg/authorization/authorizer), and each stage is an interface so that a
 * lab can swap one implementation for the learner's.
 */

/** UserInfo is who a request is from (user.Info). */
export interface UserInfo {
  /** username is unique among users: "kubernetes-admin", "system:serviceaccount:default:builder". */
  username: string;
  uid?: string;
  /** groups the user belongs to, including the ones authentication adds (system:authenticated). */
  groups: string[];
  extra?: Record<string, string[]>;
}

/** Well-known users and groups (user/user.go). */
export const SYSTEM_MASTERS = 'system:masters';
export const ALL_AUTHENTICATED = 'system:authenticated';
export const ALL_UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS = 'system:anonymous';
export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';
export const ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';

/**
 * Credentials are what a request presents. The front (TLS, HTTP headers) or
 * the simulated network fills them in; authenticators only read them.
 */
export interface Credentials {
  /** clientCertificate is the verified client certificate's subject, when TLS presented one the cluster CA signed. */
  clientCertificate?: { commonName: string; organizations: string[] };
  /** bearerToken is the token of an "Authorization: Bearer <token>" header. */
  bearerToken?: string;
}

/**
 * AuthResult is an authenticator's answer: a user, no opinion (the next
 * authenticator is asked), or an error (the credentials were recognised but
 * are not valid: an expired token, a bad signature).
 */
export type AuthResult = { user: UserInfo } | { none: true } | { error: string };

/**
 * Authenticator authenticates credentials. Answers come through a callback
 * because some (the token-review webhook) ask another process.
 */
export interface Authenticator {
  authenticate(credentials: Credentials, done: (result: AuthResult) => void): void;
}

/**
 * Attributes describe the request being authorized (authorizer.AttributesRecord).
 * For a resource request verb is one of get, list, watch, create, update,
 * patch, delete, deletecollection (or a special verb such as impersonate,
 * bind, escalate, use); for a non-resource request it is the lower-cased
 * HTTP method ("get", "post", …) and path is set.
 */
export interface Attributes {
  user: UserInfo;
  verb: string;
  resourceRequest: boolean;
  /** namespace is "" for cluster-scoped resources and for requests across all namespaces. */
  namespace: string;
  /** apiGroup is "" for the core group. */
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  /** name is "" for list, watch, create (without a name) and collection requests. */
  name: string;
  /** path is the request path, for non-resource requests ("/healthz", "/api"). */
  path: string;
}

/** Decision is an authorizer's verdict (authorizer.Decision). */
export type Decision = 'Allow' | 'Deny' | 'NoOpinion';

/** AuthorizerResult is a decision and the reason given for it (shown in 403 messages and audit). */
export interface AuthorizerResult {
  decision: Decision;
  reason: string;
}

/** Authorizer decides whether Attributes are allowed. */
export interface Authorizer {
  authorize(attributes: Attributes): AuthorizerResult;
}
