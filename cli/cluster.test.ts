import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main, parseClusterArgs, UsageError } from './cluster';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk;
      done();
    },
  });
  return { stream, text: () => text };
}

describe('npm run cluster’s arguments', () => {
  it('defaults to port 6443 and ./kubeconfig with a random seed', () => {
    expect(parseClusterArgs([], () => 77)).toEqual({ port: 6443, kubeconfig: 'kubeconfig', seed: 77 });
  });

  it('reads every option', () => {
    expect(parseClusterArgs(['--port', '0', '--kubeconfig', '/tmp/k', '--seed', '5', '--token-auth-file', 't.csv', '--audit-log-path', 'a.log'])).toEqual({
      port: 0,
      kubeconfig: '/tmp/k',
      seed: 5,
      tokenFile: 't.csv',
      auditLogPath: 'a.log',
    });
    expect(parseClusterArgs(['--seed', '1', '--enable-bootstrap-token-auth', '--authentication-token-webhook-config-file', 'w.yaml'])).toMatchObject({
      bootstrapTokens: true,
      tokenWebhookConfig: 'w.yaml',
    });
    expect(parseClusterArgs(['--help'])).toBe('help');
  });

  it('refuses bad values with the reason', () => {
    expect(() => parseClusterArgs(['--port', 'http'])).toThrow(new UsageError('--port must be a port number (0-65535), got "http"'));
    expect(() => parseClusterArgs(['--port', '70000'])).toThrow(/port number/);
    expect(() => parseClusterArgs(['--seed', '-1'])).toThrow(/--seed needs a value|non-negative/);
    expect(() => parseClusterArgs(['--kubeconfig'])).toThrow('--kubeconfig needs a value');
    expect(() => parseClusterArgs(['--frobnicate'])).toThrow('unknown option "--frobnicate"');
  });
});

describe('npm run cluster refuses to start', () => {
  it('on bad usage, with exit status 2 and the usage', async () => {
    const out = sink();
    const err = sink();
    expect(await main(['--port', 'x'], out.stream, err.stream)).toBe(2);
    expect(err.text()).toMatch(/^cluster: --port must be a port number/);
    expect(err.text()).toContain('Usage: npm run cluster');
  });

  it('when the token file cannot be read', async () => {
    const err = sink();
    expect(await main(['--port', '0', '--token-auth-file', '/nonexistent/tokens.csv'], sink().stream, err.stream)).toBe(2);
    expect(err.text()).toMatch(/^cluster: ENOENT: no such file or directory, open '\/nonexistent\/tokens.csv'/);
  });

  it('when the token webhook config is unusable, saying what is wrong with it', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(`${(await import('node:os')).tmpdir()}/webhook-`);
    const cases: Array<[string, RegExp]> = [
      ['clusters: [ {', /^cluster: --authentication-token-webhook-config-file .*w0.yaml: Flow map in block collection must be sufficiently indented/],
      ['apiVersion: v1\nkind: Config\n', /: no clusters\[0\]\.cluster\.server \(the webhook's URL\)\n$/],
      ['clusters: [{name: a, cluster: {server: "ftp://x"}}]\n', /: the webhook's URL must be http or https, got "ftp:\/\/x"\n$/],
    ];
    for (const [i, [text, expected]] of cases.entries()) {
      writeFileSync(`${dir}/w${i}.yaml`, text);
      const err = sink();
      expect(await main(['--port', '0', '--authentication-token-webhook-config-file', `${dir}/w${i}.yaml`], sink().stream, err.stream)).toBe(2);
      expect(err.text()).toMatch(expected);
    }
  });

  it('when the port is taken, saying so', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const err = sink();
    const dir = (await import('node:fs')).mkdtempSync((await import('node:path')).join((await import('node:os')).tmpdir(), 'cluster-'));
    expect(await main(['--port', String(port), '--kubeconfig', `${dir}/config`], sink().stream, err.stream)).toBe(2);
    blocker.close();
    expect(err.text()).toBe(`cluster: port ${port} is in use; pick another with --port\n`);
  });
});
