/**
 * tree: git trees from a flat list of files. A commit of the learner's
 * repository is built from texts, not from the working tree or an index
 * (the text graded is not always the text in the editor a moment later),
 * so the site writes the blobs and then the nested trees itself.
 */

/** FileEntry is one file of a flat tree: its git mode ("100644") and blob id. */
export interface FileEntry {
  mode: string;
  oid: string;
}

/** TreeItem is one entry of a git tree object, as isomorphic-git's writeTree takes it. */
export interface TreeItem {
  mode: string;
  path: string;
  oid: string;
  type: 'blob' | 'tree';
}

interface Dir {
  files: Map<string, FileEntry>;
  dirs: Map<string, Dir>;
}

/** checkPath refuses what git cannot store as a path, or what must not be one: "", "a//b", ".", "..", "/a". */
export function checkPath(path: string): string[] {
  const parts = path.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p === '.git')) throw new Error(`not a repository path: ${JSON.stringify(path)}`);
  return parts;
}

/**
 * writeNestedTree writes the trees holding `files` (repository path →
 * blob), each subtree before its parent, and returns the root tree's id.
 * A path that is both a file and a directory is an error.
 */
export async function writeNestedTree(files: ReadonlyMap<string, FileEntry>, writeTree: (items: TreeItem[]) => Promise<string>): Promise<string> {
  const root: Dir = { files: new Map(), dirs: new Map() };
  for (const [path, entry] of files) {
    const parts = checkPath(path);
    let dir = root;
    for (const name of parts.slice(0, -1)) {
      if (dir.files.has(name)) throw new Error(`${path}: ${name} is a file`);
      let next = dir.dirs.get(name);
      if (!next) dir.dirs.set(name, (next = { files: new Map(), dirs: new Map() }));
      dir = next;
    }
    const name = parts[parts.length - 1];
    if (dir.dirs.has(name)) throw new Error(`${path} is a directory`);
    dir.files.set(name, entry);
  }
  const write = async (dir: Dir): Promise<string> => {
    const items: TreeItem[] = [];
    for (const [name, sub] of dir.dirs) items.push({ mode: '040000', path: name, oid: await write(sub), type: 'tree' });
    for (const [name, f] of dir.files) items.push({ mode: f.mode, path: name, oid: f.oid, type: 'blob' });
    return writeTree(items);
  };
  return write(root);
}
