import { describe, expect, it } from 'vitest';
import { writeNestedTree, type TreeItem } from './tree';

/** record writes trees into a list and names each by its position, so nesting is visible. */
function recorder() {
  const trees: TreeItem[][] = [];
  const write = async (items: TreeItem[]) => {
    trees.push(items);
    return `t${trees.length - 1}`;
  };
  return { trees, write };
}

const blob = (oid: string) => ({ mode: '100644', oid });

describe('writeNestedTree', () => {
  it('writes each subtree before its parent and links them by id', async () => {
    const { trees, write } = recorder();
    const root = await writeNestedTree(
      new Map([
        ['labs/a/x.ts', blob('bx')],
        ['labs/b/y.ts', blob('by')],
        ['README.md', blob('br')],
      ]),
      write,
    );
    expect(root).toBe('t3');
    expect(trees).toEqual([
      [{ mode: '100644', path: 'x.ts', oid: 'bx', type: 'blob' }],
      [{ mode: '100644', path: 'y.ts', oid: 'by', type: 'blob' }],
      [
        { mode: '040000', path: 'a', oid: 't0', type: 'tree' },
        { mode: '040000', path: 'b', oid: 't1', type: 'tree' },
      ],
      [
        { mode: '040000', path: 'labs', oid: 't2', type: 'tree' },
        { mode: '100644', path: 'README.md', oid: 'br', type: 'blob' },
      ],
    ]);
  });

  it('refuses a path that is both a file and a folder', async () => {
    const { write } = recorder();
    await expect(writeNestedTree(new Map([['a', blob('1')], ['a/b', blob('2')]]), write)).rejects.toThrow(/a is a file/);
    await expect(writeNestedTree(new Map([['a/b', blob('2')], ['a', blob('1')]]), write)).rejects.toThrow(/a is a directory/);
  });

  it('writes an empty root tree for no files', async () => {
    const { trees, write } = recorder();
    await writeNestedTree(new Map(), write);
    expect(trees).toEqual([[]]);
  });
});
