/**
 * kubectlFor runs the real kubectl against a cluster the test started in
 * this process. It uses the async execFile on purpose: a sync call would
 * block the very event loop that serves kubectl's requests.
 */
import { execFile } from 'node:child_process';

/** KubectlRun is how one kubectl invocation ended. */
export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface KubectlTarget {
  /** kubeconfig is read when kubectl runs (the cluster starts in beforeAll); a --kubeconfig argument overrides it. */
  kubeconfig: () => string;
  /** cacheDir keeps kubectl's discovery cache out of the user's home. */
  cacheDir?: () => string;
  /** quiet: ok() also fails when kubectl printed anything on stderr (a warning). */
  quiet?: boolean;
}

export function kubectlFor(target: KubectlTarget) {
  const kubectl = (...args: string[]): Promise<KubectlRun> =>
    new Promise((resolve) =>
      execFile(
        'kubectl',
        args,
        { encoding: 'utf8', timeout: 30_000, env: { ...process.env, KUBECONFIG: target.kubeconfig(), ...(target.cacheDir ? { KUBECACHEDIR: target.cacheDir() } : {}) } },
        (e, stdout, stderr) => resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout, stderr }),
      ),
    );
  /** ok runs kubectl and returns its output, throwing with kubectl's own error when it failed. */
  const ok = async (...args: string[]): Promise<string> => {
    const r = await kubectl(...args);
    if (r.code !== 0 || (target.quiet && r.stderr !== '')) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
    return r.stdout;
  };
  return { kubectl, ok };
}
