import { describe, expect, it } from 'vitest';
import { pingCheck, runHealth, type HealthCheck, type HealthResult } from './health';

const failing: HealthCheck = { name: 'etcd', check: (done) => done('etcdserver: request timed out') };
const run = (checks: HealthCheck[], sub = '', query: Record<string, string> = {}, exclude: string[] = []) => {
  let out: HealthResult | undefined;
  runHealth('readyz', checks, sub, query, exclude, (r) => (out = r));
  return out!;
};

describe('runHealth', () => {
  it('answers ok, or every check and the verdict when verbose', () => {
    expect(run([pingCheck])).toEqual({ status: 200, body: 'ok' });
    expect(run([pingCheck], '', { verbose: '' })).toEqual({ status: 200, body: '[+]ping ok\nreadyz check passed\n' });
  });

  it('fails with 500, listing checks with reasons withheld', () => {
    expect(run([pingCheck, failing])).toEqual({ status: 500, body: '[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed\n' });
    expect(run([pingCheck, failing], 'etcd')).toEqual({ status: 500, body: 'internal server error: etcdserver: request timed out\n' });
  });

  it('excludes checks by name and warns about unknown names', () => {
    expect(run([pingCheck, failing], '', { verbose: '' }, ['etcd', 'nope'])).toEqual({
      status: 200,
      body: '[+]ping ok\nwarn: some health checks cannot be excluded: no matches for "nope"\nreadyz check passed\n',
    });
  });
});
