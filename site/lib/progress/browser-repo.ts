/**
 * browser-repo: the learner's repository in this browser: isomorphic-git
 * over lightning-fs (IndexedDB), writes serialized across tabs with a Web
 * Lock.
 */
import { courseFs, REPO_DIR, workFs } from './browser';
import { LearnerRepo } from './repo';
import { Workspace } from './workspace';

/** webLock runs `fn` holding the named Web Lock, or directly where the browser has no Web Locks. */
function webLock(name: string): <T>(fn: () => Promise<T>) => Promise<T> {
  return <T>(fn: () => Promise<T>) => (navigator.locks ? (navigator.locks.request(name, fn) as Promise<T>) : fn());
}

let shared: Workspace | undefined;

/** courseWorkspace is the page's workspace over the course repository. */
export function courseWorkspace(): Workspace {
  const fs = courseFs();
  shared ??= new Workspace(
    new LearnerRepo({ fs, dir: REPO_DIR, exclusive: webLock('kube-internals:repo'), durable: () => fs.promises.flush() }),
    workFs(),
  );
  return shared;
}
