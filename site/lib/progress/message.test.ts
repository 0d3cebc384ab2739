import { describe, expect, it } from 'vitest';
import { attemptMessage, parseCommitMessage, saveMessage, trailers } from './message';

const report = { lab: 'etcd-quorum', seed: '1234', score: { earned: 25, total: 28 }, passed: false };

describe('attemptMessage', () => {
  it('says lab, score and seed on its first line, for git log --oneline', () => {
    expect(attemptMessage(report).split('\n')[0]).toBe('etcd-quorum: 25/28 (seed 1234)');
  });

  it('reads back as the attempt it records', () => {
    expect(parseCommitMessage(attemptMessage(report))).toEqual({ kind: 'attempt', lab: 'etcd-quorum', seed: '1234', earned: 25, total: 28, passed: false });
    expect(parseCommitMessage(attemptMessage({ ...report, score: { earned: 28, total: 28 }, passed: true }))).toMatchObject({ passed: true, earned: 28 });
  });
});

describe('saveMessage', () => {
  it('reads back with its title', () => {
    const m = saveMessage('etcd-backup-restore', 'saved before Reset to starter');
    expect(m.split('\n')[0]).toBe('etcd-backup-restore: saved before Reset to starter');
    expect(parseCommitMessage(m)).toEqual({ kind: 'save', lab: 'etcd-backup-restore', title: 'saved before Reset to starter' });
  });

  it('refuses a title of more than one line', () => {
    expect(() => saveMessage('etcd-quorum', 'a\nKind: attempt')).toThrow(/one line/);
  });
});

describe('parseCommitMessage', () => {
  it('ignores commits the site did not write', () => {
    expect(parseCommitMessage('Fix the election timer\n')).toBeUndefined();
    expect(parseCommitMessage('Lab: etcd-quorum\nKind: attempt\n')).toBeUndefined();
    expect(parseCommitMessage('wip\n\nSigned-off-by: Ada <ada@example.com>\n')).toBeUndefined();
  });

  it('refuses an attempt whose trailers do not add up, rather than guessing', () => {
    const base = attemptMessage(report);
    expect(parseCommitMessage(base.replace('Score: 25/28', 'Score: 29/28'))).toBeUndefined();
    expect(parseCommitMessage(base.replace('Seed: 1234', 'Seed: x'))).toBeUndefined();
    expect(parseCommitMessage(base.replace('Result: failed', 'Result: maybe'))).toBeUndefined();
    expect(parseCommitMessage(base.replace('Lab: etcd-quorum', 'Lab: ../x'))).toBeUndefined();
  });

  it('reads CRLF messages', () => {
    expect(parseCommitMessage(attemptMessage(report).replace(/\n/g, '\r\n'))).toMatchObject({ kind: 'attempt', seed: '1234' });
  });
});

describe('trailers', () => {
  it('reads only a last paragraph made of Key: value lines', () => {
    expect([...trailers('subject\n\nbody text\n\nA: 1\nB-c: two words\n')]).toEqual([
      ['A', '1'],
      ['B-c', 'two words'],
    ]);
    expect(trailers('subject\n\nA: 1\nnot a trailer\n').size).toBe(0);
    expect(trailers('A: 1').size).toBe(0);
  });
});
