import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../../../engine/etcd/kv-protocol';
import { committed, entryLabel, partitionLine, roleChange, summaryLine } from './narration';
import type { MemberView, Role } from './view';

describe('roleChange', () => {
  it('tells a campaign, including a candidate that tries again in the next term', () => {
    expect(roleChange('n2', { role: 'follower', term: 3 }, { role: 'candidate', term: 4 })).toBe('n2 timed out and started an election for term 4');
    expect(roleChange('n2', { role: 'candidate', term: 4 }, { role: 'candidate', term: 5 })).toBe('n2 timed out and started an election for term 5');
  });

  it('tells a win and a leader stepping down', () => {
    expect(roleChange('n2', { role: 'candidate', term: 4 }, { role: 'leader', term: 4 })).toBe('n2 became leader of term 4');
    expect(roleChange('n2', { role: 'leader', term: 4 }, { role: 'follower', term: 6 })).toBe('n2 stepped down: it saw the newer term 6');
  });

  it('stays quiet about a follower adopting a term or a candidate losing', () => {
    expect(roleChange('n1', { role: 'follower', term: 1 }, { role: 'follower', term: 2 })).toBeUndefined();
    expect(roleChange('n1', { role: 'candidate', term: 2 }, { role: 'follower', term: 2 })).toBeUndefined();
  });
});

describe('committed', () => {
  const log = [
    { term: 1, index: 1, data: '' },
    { term: 1, index: 2, data: encodeCommand({ id: 'c1/1', client: 'c1', seq: 1, op: 'put', key: 'x', value: 'v1' }) },
  ];

  it('names a single entry', () => {
    expect(committed(0, 1, log)).toBe('entry 1 committed (the empty entry of term 1)');
    expect(committed(1, 2, log)).toBe('entry 2 committed (put x = v1)');
  });

  it('gives a range for several', () => {
    expect(committed(0, 2, log)).toBe('entries 1–2 committed');
  });
});

describe('entryLabel', () => {
  it('does not throw on data that is not a command', () => {
    expect(entryLabel({ data: '{' })).toBe('unknown command');
  });
});

describe('partitionLine', () => {
  it('lists the groups', () => {
    expect(partitionLine([['n1'], ['n2', 'n3']])).toBe('network split: n1 | n2 n3');
  });
});

describe('summaryLine', () => {
  it('names the leader and its term, or says there is none', () => {
    const member = (id: string, term: number, role: Role): MemberView => ({ id, role, term, vote: '', lead: '', commit: 0, lastIndex: 0, applied: 0, log: [], cutFrom: [], cutOff: false });
    const members = [member('n1', 3, 'leader'), member('n2', 4, 'leader')];
    expect(summaryLine({ members, leader: 'n2', commit: 7 })).toBe('Leader: n2, term 4. Highest commit index: 7.');
    expect(summaryLine({ members, leader: undefined, commit: 0 })).toBe('No leader. Highest commit index: 0.');
  });
});
