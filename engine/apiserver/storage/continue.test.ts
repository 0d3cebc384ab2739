import { describe, expect, it } from 'vitest';
import { base64UrlEncode, utf8Encode } from '../auth/authn/bytes';
import { decodeContinue, encodeContinue } from './continue';

const token = (o: unknown) => base64UrlEncode(utf8Encode(JSON.stringify(o)));

describe('continue tokens', () => {
  it('encode the start key relative to the prefix and the revision, as base64url JSON', () => {
    const t = encodeContinue('/registry/pods/default/web\0', '/registry/pods/', 42);
    expect(t).toBe(token({ v: 'meta.k8s.io/v1', rv: 42, start: 'default/web\0' }));
    expect(t).not.toMatch(/[=+/]/);
    expect(decodeContinue(t, '/registry/pods/')).toEqual({ fromKey: '/registry/pods/default/web\0', rv: 42 });
  });

  it('refuse a key outside the prefix when encoding', () => {
    expect(() => encodeContinue('/registry/nodes/a', '/registry/pods/', 1)).toThrow('the key and key prefix do not match');
  });

  it.each([
    ['not base64', '!!!', 'continue key is not valid: illegal base64 data'],
    ['another version', token({ v: 'v1alpha1', rv: 1, start: 'a' }), 'continue key is not valid: server does not recognize this encoded version v1alpha1'],
    ['a zero revision', token({ v: 'meta.k8s.io/v1', rv: 0, start: 'a' }), 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)'],
    ['an empty start', token({ v: 'meta.k8s.io/v1', rv: 3, start: '' }), 'continue key is not valid: encoded start key empty (version meta.k8s.io/v1)'],
    ['a path escaping the prefix', token({ v: 'meta.k8s.io/v1', rv: 3, start: '../secrets/x' }), 'continue key is not valid: ../secrets/x'],
  ])('refuse %s', (_name, t, error) => {
    expect(decodeContinue(t, '/registry/pods/')).toEqual({ error });
  });
});
