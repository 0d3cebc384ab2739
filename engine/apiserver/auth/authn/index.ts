/**
 * The API server's authentication stage (k8s.io/apiserver authentication
 * and kubernetes/pkg serviceaccount, bootstrap): authenticators behind the
 * Authenticator seam of ../types, the chain that combines them
 * (buildAuthenticator), and the ServiceAccount token issuer.
 */
export * from './bootstrap';
export { CachedTokenAuthenticator, DEFAULT_CACHE_ENTRIES } from './cache';
export * from './chain';
export { parseTokenFile, TokenFileAuthenticator, type TokenFile } from './tokenfile';
export { keyId, publicJwk, publicKeyDer, publicKeyPem, type RsaJwk } from './keys';
export type { Lookup, LookupResult } from './lookup';
export { anonymousAuthenticator, authenticatedGroupAdder, unionAuthenticator } from './request';
export { generateRsaKey, publicKeyOf, type RsaPrivateKey, type RsaPublicKey } from './rsa';
export * from './serviceaccount';
export * from './token';
export * from './webhook';
export { x509Authenticator } from './x509';
