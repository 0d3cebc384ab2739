import { describe, expect, it } from 'vitest';
import type { KeyValueStorage } from './journal';
import { forgetToken, loadRemote, REMOTE_KEY, saveRemote } from './settings';

function memory(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe('remote settings', () => {
  it('round-trip, trimming the URL and user name but never the token', () => {
    const s = memory();
    saveRemote(s, { url: ' https://git.example/ada.git ', user: ' ada ', token: ' tok ' });
    expect(loadRemote(s)).toEqual({ url: 'https://git.example/ada.git', user: 'ada', token: ' tok ' });
  });

  it('forget the token alone', () => {
    const s = memory();
    saveRemote(s, { url: 'https://x/y.git', user: 'u', token: 't' });
    forgetToken(s);
    expect(loadRemote(s)).toEqual({ url: 'https://x/y.git', user: 'u', token: '' });
  });

  it('read as empty when missing or damaged', () => {
    const s = memory();
    expect(loadRemote(s)).toEqual({ url: '', user: '', token: '' });
    s.data.set(REMOTE_KEY, '{"url": 5, "token": "t"}');
    expect(loadRemote(s)).toEqual({ url: '', user: '', token: 't' });
    s.data.set(REMOTE_KEY, '{');
    expect(loadRemote(s).url).toBe('');
  });
});
