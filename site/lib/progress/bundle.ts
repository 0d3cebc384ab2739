/**
 * bundle: the learner's repository as one file, in git's bundle format
 * (version 2), which `git clone work.bundle` and `git fetch` read like a
 * remote:
 *
 *   # v2 git bundle\n
 *   <oid> <refname>\n        (one line per ref)
 *   \n
 *   <packfile>               (every object the refs reach)
 *
 * The site's bundles are complete (no prerequisite lines) and name the
 * branch and HEAD, so a clone checks the branch out.
 */
import { git } from './git';
import { BRANCH_REF, type LearnerRepo } from './repo';

export const BUNDLE_SIGNATURE = '# v2 git bundle';

/** BundleRef is one ref a bundle carries. */
export interface BundleRef {
  name: string;
  oid: string;
}

/** bundleHeader is the text before the packfile. */
export function bundleHeader(refs: readonly BundleRef[]): string {
  if (refs.length === 0) throw new Error('a bundle needs at least one ref');
  const lines = refs.map((r) => {
    if (!/^[0-9a-f]{40}$/.test(r.oid)) throw new Error(`not an object id: ${JSON.stringify(r.oid)}`);
    if (!/^(HEAD|refs\/[^\s\0]+)$/.test(r.name)) throw new Error(`not a ref name: ${JSON.stringify(r.name)}`);
    return `${r.oid} ${r.name}\n`;
  });
  return `${BUNDLE_SIGNATURE}\n${lines.join('')}\n`;
}

/** reachableObjects lists every object reachable from commit `tip`: commits, trees and blobs. */
export async function reachableObjects(repo: Pick<LearnerRepo, 'fs' | 'dir'>, tip: string): Promise<string[]> {
  const { fs, dir } = repo;
  const seen = new Set<string>();
  const walkTree = async (oid: string): Promise<void> => {
    if (seen.has(oid)) return;
    seen.add(oid);
    const { tree } = await git.readTree({ fs, dir, oid });
    for (const e of tree) {
      if (e.type === 'tree') await walkTree(e.oid);
      else if (e.type === 'blob') seen.add(e.oid);
      // 'commit' entries are submodules: objects of another repository, never packed.
    }
  };
  for (const c of await git.log({ fs, dir, ref: tip })) {
    seen.add(c.oid);
    await walkTree(c.commit.tree);
  }
  return [...seen];
}

/** createBundle bundles the branch and HEAD, or gives undefined before the first commit. */
export async function createBundle(repo: LearnerRepo): Promise<Uint8Array | undefined> {
  const tip = await repo.head();
  if (!tip) return undefined;
  const oids = await reachableObjects(repo, tip);
  const { packfile } = await git.packObjects({ fs: repo.fs, dir: repo.dir, oids, write: false });
  if (!packfile) throw new Error('isomorphic-git made no packfile');
  const header = new TextEncoder().encode(
    bundleHeader([
      { oid: tip, name: BRANCH_REF },
      { oid: tip, name: 'HEAD' },
    ]),
  );
  const out = new Uint8Array(header.length + packfile.length);
  out.set(header, 0);
  out.set(packfile, header.length);
  return out;
}
