/**
 * Health endpoints (k8s.io/apiserver/pkg/server/healthz): /healthz, /livez
 * and /readyz answer "ok", or with ?verbose one line per check
 * ("[+]ping ok", "[-]etcd failed: reason withheld") and a closing
 * "<endpoint> check passed|failed"; /readyz/<check> runs one check;
 * ?exclude=<check> skips one. A failing endpoint answers 500.
 */

/** HealthCheck is one named check; done(null) when healthy, else the reason. */
export interface HealthCheck {
  name: string;
  check(done: (err: string | null) => void): void;
}

/** pingCheck always passes (healthz.PingHealthz). */
export const pingCheck: HealthCheck = { name: 'ping', check: (done) => done(null) };

/** HealthResult is the endpoint's HTTP answer: status and plain-text body. */
export interface HealthResult {
  status: number;
  body: string;
}

/**
 * runHealth answers one endpoint. subpath is the check name after the
 * endpoint (/readyz/etcd), "" for the whole endpoint.
 */
export function runHealth(
  endpoint: 'healthz' | 'livez' | 'readyz',
  checks: readonly HealthCheck[],
  subpath: string,
  query: Record<string, string | undefined>,
  excluded: readonly string[],
  done: (res: HealthResult) => void,
): void {
  if (subpath !== '') {
    const c = checks.find((x) => x.name === subpath);
    if (!c) return done({ status: 404, body: '404 page not found\n' });
    return c.check((err) => done(err ? { status: 500, body: `internal server error: ${err}\n` } : { status: 200, body: 'ok' }));
  }
  const skip = new Set(excluded);
  const selected = checks.filter((c) => !skip.has(c.name));
  const results: Array<string | null> = new Array(selected.length);
  let pending = selected.length;
  const finish = () => {
    const failed = results.some((r) => r !== null);
    const verbose = query.verbose !== undefined || failed;
    if (!verbose) return done({ status: 200, body: 'ok' });
    const lines = selected.map((c, i) => (results[i] === null ? `[+]${c.name} ok` : `[-]${c.name} failed: reason withheld`));
    const unknown = excluded.filter((name) => !checks.some((c) => c.name === name));
    if (unknown.length) lines.push(`warn: some health checks cannot be excluded: no matches for ${unknown.map((n) => `"${n}"`).join(',')}`);
    lines.push(failed ? `${endpoint} check failed` : `${endpoint} check passed`);
    done({ status: failed ? 500 : 200, body: `${lines.join('\n')}\n` });
  };
  if (pending === 0) return finish();
  selected.forEach((c, i) =>
    c.check((err) => {
      results[i] = err;
      if (--pending === 0) finish();
    }),
  );
}
