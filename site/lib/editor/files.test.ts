import { describe, expect, it } from 'vitest';
import { extraLibs, fileUri } from './files';

describe('fileUri', () => {
  it('roots a repository path at file:///', () => {
    expect(fileUri('labs/etcd-quorum/raft.ts')).toBe('file:///labs/etcd-quorum/raft.ts');
  });
});

describe('extraLibs', () => {
  it('names each source by its URI, sorted by path', () => {
    expect(extraLibs({ 'engine/b.ts': 'B', 'engine/a.ts': 'A' })).toEqual([
      { filePath: 'file:///engine/a.ts', content: 'A' },
      { filePath: 'file:///engine/b.ts', content: 'B' },
    ]);
  });
});
