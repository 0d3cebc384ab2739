import { describe, expect, it } from 'vitest';
import { deriveSeed, secretId } from './seed';

describe('deriveSeed', () => {
  const secret = 'correct horse battery staple';

  it('is a decimal integer of at most 15 digits, so npm run grade --seed replays it', () => {
    for (const learner of ['ada', 'bob', 'cy']) {
      const seed = deriveSeed(secret, learner, 'etcd-quorum');
      expect(seed).toMatch(/^\d{1,15}$/);
      expect(Number(seed)).toBeLessThan(2 ** 48);
    }
  });

  it('is the same for the same secret, learner and lab, and differs when any of them does', () => {
    const seed = deriveSeed(secret, 'ada', 'etcd-quorum');
    expect(deriveSeed(secret, 'ada', 'etcd-quorum')).toBe(seed);
    const others = [deriveSeed(secret + '!', 'ada', 'etcd-quorum'), deriveSeed(secret, 'adb', 'etcd-quorum'), deriveSeed(secret, 'ada', 'etcd-backup-restore')];
    for (const other of others) expect(other).not.toBe(seed);
  });

  it('keeps the fields apart: ("ab", "c") and ("a", "bc") get different seeds', () => {
    expect(deriveSeed(secret, 'ab', 'c')).not.toBe(deriveSeed(secret, 'a', 'bc'));
  });
});

describe('secretId', () => {
  it('is 8 hex digits that tell secrets apart and do not contain the secret', () => {
    expect(secretId('s3cret-s3cret-s3cret')).toMatch(/^[0-9a-f]{8}$/);
    expect(secretId('s3cret-s3cret-s3cret')).toBe(secretId('s3cret-s3cret-s3cret'));
    expect(secretId('s3cret-s3cret-s3cret')).not.toBe(secretId('s3cret-s3cret-s3creT'));
  });
});
