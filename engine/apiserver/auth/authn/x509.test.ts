import { describe, expect, it } from 'vitest';
import { authenticate } from './testing';
import { x509Authenticator } from './x509';

describe('x509Authenticator', () => {
  it('maps CN to the user and O to groups', () => {
    expect(authenticate(x509Authenticator(), { clientCertificate: { commonName: 'kubernetes-admin', organizations: ['system:masters'] } })).toEqual({
      user: { username: 'kubernetes-admin', groups: ['system:masters'] },
    });
  });

  it('has no opinion without a certificate or with an empty CN', () => {
    expect(authenticate(x509Authenticator(), {})).toEqual({ none: true });
    expect(authenticate(x509Authenticator(), { clientCertificate: { commonName: '', organizations: ['system:masters'] } })).toEqual({ none: true });
  });
});
