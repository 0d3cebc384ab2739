import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { callAdmissionWebhook, webhookUrl } from './admission-webhook';

describe('the admission webhook caller', () => {
  it('adds the timeout to a url, and finds no endpoints behind a Service', () => {
    expect(String(webhookUrl({ name: 'a', clientConfig: { url: 'https://127.0.0.1:9443/mutate?x=1' } } as never, 5))).toBe('https://127.0.0.1:9443/mutate?x=1&timeout=5s');
    expect(webhookUrl({ name: 'a', clientConfig: { service: { name: 'hooks', namespace: 'infra', path: '/v' } } } as never, 10)).toEqual({
      error: 'failed to call webhook: Post "https://hooks.infra.svc:443/v?timeout=10s": no endpoints available for service "hooks"',
    });
    expect(webhookUrl({ name: 'a', clientConfig: { url: 'not a url' } } as never, 10)).toEqual({ error: 'failed to call webhook: parse "not a url": invalid URL' });
  });

  it('reports a refused connection as the API server words it', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const err = await new Promise<string | null>((resolve) =>
      callAdmissionWebhook({ name: 'a', clientConfig: { url: `https://127.0.0.1:${port}/v` } } as never, { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }, (e) => resolve(e)),
    );
    expect(err).toBe(`failed to call webhook: Post "https://127.0.0.1:${port}/v?timeout=10s": connect ECONNREFUSED 127.0.0.1:${port}`);
  });
});
