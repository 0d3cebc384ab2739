import { describe, expect, it } from 'vitest';
import { describeMessage } from './messages';

describe('describeMessage', () => {
  it.each([
    [{ type: 'MsgVote', term: 3, index: 7, logTerm: 2 }, 'vote', 'MsgVote term 3, last entry 7 of term 2'],
    [{ type: 'MsgVoteResp', term: 3, reject: true }, 'vote-reply', 'MsgVoteResp term 3, refused'],
    [{ type: 'MsgApp', term: 2, index: 4, logTerm: 2, entries: [{}, {}], commit: 4 }, 'append', 'MsgApp term 2, entries 5–6, commit 4'],
    [{ type: 'MsgApp', term: 2, index: 4, logTerm: 2, entries: [], commit: 4 }, 'append', 'MsgApp term 2, no entries, commit 4'],
    [{ type: 'MsgAppResp', term: 2, index: 6, reject: false }, 'append-reply', 'MsgAppResp term 2, has up to 6'],
    [{ type: 'MsgHeartbeat', term: 2, commit: 6 }, 'heartbeat', 'MsgHeartbeat term 2, commit 6'],
    [{ type: 'MsgHeartbeatResp', term: 2 }, 'heartbeat-reply', 'MsgHeartbeatResp term 2'],
    [{ type: 'kv.put', key: 'x', value: 'v1' }, 'client', 'put x = v1'],
    [{ type: 'kv.not-leader', leaderHint: 'n4' }, 'client-reply', 'not leader (try n4)'],
    [{ type: 'kv.ok', revision: 5 }, 'client-reply', 'ok, revision 5'],
  ])('describes %o', (msg, kind, label) => {
    expect(describeMessage(msg)).toMatchObject({ kind, label });
  });

  it('counts an append’s entries and flags refusals', () => {
    expect(describeMessage({ type: 'MsgApp', term: 1, index: 0, entries: [{}], commit: 0 }).entries).toBe(1);
    expect(describeMessage({ type: 'MsgAppResp', term: 1, index: 3, reject: true }).rejected).toBe(true);
    expect(describeMessage({ type: 'MsgVoteResp', term: 1, reject: false }).rejected).toBe(false);
  });

  it('never throws on something it does not know', () => {
    expect(describeMessage(null)).toMatchObject({ kind: 'other', label: 'unknown' });
    expect(describeMessage({ type: 'MsgSnap' })).toMatchObject({ kind: 'other', label: 'MsgSnap' });
  });
});
