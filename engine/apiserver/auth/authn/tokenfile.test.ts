import { describe, expect, it } from 'vitest';
import { parseTokenFile, TokenFileAuthenticator } from './tokenfile';
import { authenticate, authenticateToken } from './testing';

const FILE = [
  'token1,alice,1001,"system:masters,devs"',
  'token2,bob,1002',
  'token3,carol,1003,qa,ignored-column,another',
  '',
  'token4,dave,1004,',
].join('\n');

describe('parseTokenFile', () => {
  it('reads users, uids and comma-separated groups, ignoring extra columns', () => {
    const parsed = parseTokenFile(FILE, '/etc/kubernetes/tokens.csv');
    if ('error' in parsed) throw new Error(parsed.error);
    expect(Object.fromEntries(parsed.tokens)).toEqual({
      token1: { username: 'alice', uid: '1001', groups: ['system:masters', 'devs'] },
      token2: { username: 'bob', uid: '1002', groups: [] },
      token3: { username: 'carol', uid: '1003', groups: ['qa'] },
      // As strings.Split("", ","): an empty fourth column is one empty group.
      token4: { username: 'dave', uid: '1004', groups: [''] },
    });
    expect(parsed.warnings).toEqual([]);
  });

  it('refuses a record with fewer than three columns, naming the file', () => {
    expect(parseTokenFile('token1,alice,1\ntoken2,bob', 'tokens.csv')).toEqual({
      error: "token file 'tokens.csv' must have at least 3 columns (token, user name, user uid), found 2",
    });
  });

  it('refuses malformed CSV with the reader\'s line and column', () => {
    expect(parseTokenFile('token1,alice,1\ntoken2,b"ob,2\n', 'tokens.csv')).toEqual({
      error: 'parse error on line 2, column 9: bare " in non-quoted-field',
    });
  });

  it('skips empty tokens and lets a repeated token replace the earlier one, with warnings by record number', () => {
    const parsed = parseTokenFile(',nobody,0\nt,first,1\nt,second,2\n', 'tokens.csv');
    if ('error' in parsed) throw new Error(parsed.error);
    expect([...parsed.tokens.keys()]).toEqual(['t']);
    expect(parsed.tokens.get('t')!.username).toBe('second');
    expect(parsed.warnings).toEqual([
      "empty token has been found in token file 'tokens.csv', record number '1'",
      "duplicate token has been found in token file 'tokens.csv', record number '3'",
    ]);
  });
});

describe('TokenFileAuthenticator', () => {
  const auth = TokenFileAuthenticator.fromCsv(FILE, 'tokens.csv');

  it('authenticates a listed token as its user and has no opinion on others', () => {
    expect(authenticateToken(auth, 'token1')).toEqual({ user: { username: 'alice', uid: '1001', groups: ['system:masters', 'devs'] } });
    expect(authenticateToken(auth, 'token9')).toEqual({ none: true });
    expect(authenticate(auth, { bearerToken: 'token2' })).toEqual({ user: { username: 'bob', uid: '1002', groups: [] } });
    expect(authenticate(auth, {})).toEqual({ none: true });
  });

  it('hands out copies, so a caller cannot change the file\'s users', () => {
    const first = authenticateToken(auth, 'token1');
    if (!('user' in first)) throw new Error('expected a user');
    first.user.groups.push('hacked');
    expect(authenticateToken(auth, 'token1')).toEqual({ user: { username: 'alice', uid: '1001', groups: ['system:masters', 'devs'] } });
  });

  it('throws the parse error from fromCsv, as the API server refuses to start', () => {
    expect(() => TokenFileAuthenticator.fromCsv('a,b', 'tokens.csv')).toThrow(/must have at least 3 columns/);
  });
});
