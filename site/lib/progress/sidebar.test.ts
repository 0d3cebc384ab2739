import { describe, expect, it } from 'vitest';
import { badgeTitle, labOfHref } from './sidebar';

describe('labOfHref', () => {
  const origin = 'https://course.example';

  it("names the lab of a lab page's link, with or without the trailing slash", () => {
    expect(labOfHref('/labs/etcd-quorum/', origin)).toBe('etcd-quorum');
    expect(labOfHref('/labs/etcd-quorum', origin)).toBe('etcd-quorum');
    expect(labOfHref('https://course.example/labs/etcd-backup-restore/', origin)).toBe('etcd-backup-restore');
  });

  it('ignores lesson pages, deeper paths and other sites', () => {
    expect(labOfHref('/etcd/raft/', origin)).toBeUndefined();
    expect(labOfHref('/labs/', origin)).toBeUndefined();
    expect(labOfHref('/labs/etcd-quorum/extra/', origin)).toBeUndefined();
    expect(labOfHref('https://elsewhere.example/labs/etcd-quorum/', origin)).toBeUndefined();
  });
});

describe('badgeTitle', () => {
  it('says the status and its meaning', () => {
    expect(badgeTitle('passed')).toBe('passed: The latest graded attempt passed every scenario.');
  });
});
