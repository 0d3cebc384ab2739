/**
 * token-webhook is the front's side of --authentication-token-webhook-config-file:
 * it reads the kubeconfig-format file kube-apiserver takes (the webhook's
 * URL in clusters[].cluster.server, its CA, and the API server's own
 * credentials in users[].user), and sends each TokenReview there as an
 * HTTP(S) POST, the way k8s.io/apiserver's webhook client does. The engine
 * decides what the answer means (engine/apiserver/auth/authn/webhook.ts);
 * this module only moves bytes and reports transport failures as errors.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { TokenReview } from 'kubernetes-types/authentication/v1';
import { parse as parseYaml } from 'yaml';
import type { TokenReviewReply } from '../../../engine/apiserver/auth/authn/webhook';
import { postJson, type Endpoint } from './post-json';

/** WebhookTarget is where and how to reach the webhook. */
export type WebhookTarget = Endpoint;

/** WEBHOOK_TIMEOUT_MS bounds one review, as the webhook client's default request timeout does. */
export const WEBHOOK_TIMEOUT_MS = 30_000;

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** WebhookConfigError says what is wrong with the webhook config file (a user error: exit status 2). */
export class WebhookConfigError extends Error {}

/** readWebhookConfig parses the config file; it throws a WebhookConfigError that says what is wrong with it. */
export function readWebhookConfig(path: string): WebhookTarget {
  const where = `--authentication-token-webhook-config-file ${path}`;
  let doc: Any;
  try {
    doc = parseYaml(readFileSync(path, 'utf8')) as Any;
  } catch (e) {
    throw new WebhookConfigError(`${where}: ${(e as Error).message}`);
  }
  const cluster: Any | undefined = doc?.clusters?.[0]?.cluster;
  if (!cluster || typeof cluster.server !== 'string') throw new WebhookConfigError(`${where}: no clusters[0].cluster.server (the webhook's URL)`);
  let url: URL;
  try {
    url = new URL(cluster.server);
  } catch {
    throw new WebhookConfigError(`${where}: clusters[0].cluster.server is not a URL: "${cluster.server}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookConfigError(`${where}: the webhook's URL must be http or https, got "${cluster.server}"`);
  const base = dirname(resolve(path));
  // A *-data field holds base64 PEM; the plain field names a file relative to the config file.
  const pem = (o: Any | undefined, field: string): string | undefined => {
    if (!o) return undefined;
    if (typeof o[`${field}-data`] === 'string') return Buffer.from(o[`${field}-data`], 'base64').toString('utf8');
    if (typeof o[field] !== 'string') return undefined;
    try {
      return readFileSync(resolve(base, o[field]), 'utf8');
    } catch (e) {
      throw new WebhookConfigError(`${where}: ${field}: ${(e as Error).message}`);
    }
  };
  const user: Any | undefined = doc?.users?.[0]?.user;
  return {
    url,
    ca: pem(cluster, 'certificate-authority'),
    cert: pem(user, 'client-certificate'),
    key: pem(user, 'client-key'),
    token: typeof user?.token === 'string' ? user.token : undefined,
    insecure: cluster['insecure-skip-tls-verify'] === true,
  };
}

/** sendTokenReview POSTs one review and calls reply once with the webhook's review or the reason there is none. */
export function sendTokenReview(target: WebhookTarget, review: TokenReview, reply: (r: TokenReviewReply) => void): void {
  postJson(target, review, WEBHOOK_TIMEOUT_MS, (r) => {
    if ('error' in r) return reply(r);
    if (r.status < 200 || r.status > 299) return reply({ error: `the webhook answered ${r.status}: ${r.text.slice(0, 200)}` });
    try {
      const parsed = JSON.parse(r.text) as TokenReview;
      if (parsed?.kind !== 'TokenReview') return reply({ error: `the webhook answered with a ${String(parsed?.kind)}, not a TokenReview` });
      reply({ review: parsed });
    } catch (e) {
      reply({ error: `the webhook's answer is not JSON: ${(e as Error).message}` });
    }
  });
}
