/**
 * The static token file of --token-auth-file (k8s.io/apiserver
 * token/tokenfile): a CSV of `token,user,uid[,"group1,group2"[,…]]`. The
 * file is read once at start-up; a malformed file stops the API server with
 * the CSV reader's error, so parseTokenFile returns that error instead of an
 * authenticator.
 */
import type { Authenticator, AuthResult, Credentials, UserInfo } from '../types';
import { CsvReader } from './csv';
import { NONE, type TokenAuthenticator, type TokenResult } from './token';

/** TokenFile is a parsed token file: users by token, and the warnings upstream logs while reading it. */
export interface TokenFile {
  tokens: ReadonlyMap<string, UserInfo>;
  warnings: string[];
}

/**
 * parseTokenFile reads a token file's text as tokenfile.NewCSV does. Records
 * may have any number of columns ≥ 3 (extra columns after the groups are
 * ignored); the fourth is split on "," into groups; a record with an empty
 * token is skipped and a repeated token replaces the earlier one (both with a
 * warning naming the record number). `path` appears in messages as upstream.
 */
export function parseTokenFile(content: string, path: string): TokenFile | { error: string } {
  const reader = new CsvReader(content);
  const tokens = new Map<string, UserInfo>();
  const warnings: string[] = [];
  let recordNum = 0;
  for (;;) {
    const read = reader.read();
    if ('eof' in read) break;
    if ('error' in read) return read;
    const record = read.record;
    if (record.length < 3) {
      return { error: `token file '${path}' must have at least 3 columns (token, user name, user uid), found ${record.length}` };
    }
    recordNum++;
    const [token, name, uid] = record as [string, string, string];
    if (token === '') {
      warnings.push(`empty token has been found in token file '${path}', record number '${recordNum}'`);
      continue;
    }
    if (tokens.has(token)) warnings.push(`duplicate token has been found in token file '${path}', record number '${recordNum}'`);
    // Go's strings.Split("", ",") is [""]: an empty groups column is one empty group, as upstream.
    tokens.set(token, { username: name, uid, groups: record.length >= 4 ? record[3]!.split(',') : [] });
  }
  return { tokens, warnings };
}

/**
 * TokenFileAuthenticator answers tokens listed in a token file: the listed
 * user, or no opinion for any other token. Each answer is a fresh copy.
 */
export class TokenFileAuthenticator implements TokenAuthenticator, Authenticator {
  constructor(private readonly tokens: ReadonlyMap<string, UserInfo>) {}

  /** fromCsv parses a token file and throws its error, as kube-apiserver exits on a bad --token-auth-file. */
  static fromCsv(content: string, path: string): TokenFileAuthenticator {
    const parsed = parseTokenFile(content, path);
    if ('error' in parsed) throw new Error(parsed.error);
    return new TokenFileAuthenticator(parsed.tokens);
  }

  authenticateToken(token: string, _audiences: readonly string[] | undefined, done: (result: TokenResult) => void): void {
    const user = this.tokens.get(token);
    if (!user) return done(NONE);
    done({ user: { username: user.username, uid: user.uid, groups: [...user.groups] } });
  }

  authenticate(credentials: Credentials, done: (result: AuthResult) => void): void {
    const token = credentials.bearerToken;
    if (token === undefined || token === '') return done(NONE);
    this.authenticateToken(token, undefined, (r) => done(r));
  }
}
