import { describe, expect, it } from 'vitest';
import { credentialsText, describeRequest } from './request-view';

describe('describeRequest', () => {
  it('shows the request line with its query, the credentials and the JSON body', () => {
    const v = describeRequest({
      method: 'GET',
      path: '/api/v1/namespaces/default/pods',
      query: { watch: 'true', resourceVersion: '25' },
      headers: {},
      credentials: { clientCertificate: { commonName: 'kubernetes-admin', organizations: ['system:masters'] } },
    });
    expect(v).toEqual({ method: 'GET', target: '/api/v1/namespaces/default/pods?watch=true&resourceVersion=25', credentials: 'client certificate CN=kubernetes-admin, O=system:masters' });
    expect(describeRequest({ method: 'POST', path: '/p', query: {}, headers: {}, body: '{"a":1}', credentials: {} }).body).toBe('{\n  "a": 1\n}');
  });

  it('shows only the start of a bearer token', () => {
    expect(credentialsText({ bearerToken: '8f2c1d0e7b6a4f3e' })).toBe('Authorization: Bearer 8f2c…');
    expect(credentialsText({})).toBe('no credentials');
  });
});
