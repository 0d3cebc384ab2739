/**
 * X.509 client certificates (k8s.io/apiserver request/x509 with
 * CommonNameUserConversion): the TLS front has already verified the chain
 * against the client CA and hands over the leaf's subject; the user is its
 * common name and the groups its organizations.
 */
import type { Authenticator, Credentials, AuthResult } from '../types';
import { NONE } from './token';

/**
 * x509Authenticator maps a verified client certificate's subject to a user:
 * CN → username, O → groups. No certificate, or one with an empty CN, is no
 * opinion (upstream's conversion answers (nil, false, nil) for an empty CN,
 * so the request is judged by the other authenticators, or as anonymous).
 */
export function x509Authenticator(): Authenticator {
  return {
    authenticate(credentials: Credentials, done: (result: AuthResult) => void): void {
      const cert = credentials.clientCertificate;
      if (!cert || cert.commonName === '') return done(NONE);
      done({ user: { username: cert.commonName, groups: [...cert.organizations] } });
    },
  };
}
