/**
 * admission-webhook is the front's WebhookCaller: it sends an AdmissionReview
 * to the webhook a Mutating/ValidatingWebhookConfiguration names, as
 * kube-apiserver's webhook client does: POST to clientConfig.url with
 * `?timeout=<n>s` added, trusting clientConfig.caBundle, within the
 * webhook's timeoutSeconds (10 by default). The simulated cluster runs no
 * pods, so a webhook named by a Service has no endpoints; use a url
 * (https://127.0.0.1:<port>/…) for a webhook you run yourself. What the
 * answer means is the engine's business (engine/apiserver/admission/webhook.ts).
 */
import type { AdmissionReview, Webhook } from '../../../engine/apiserver/admission/webhook';
import { postJson } from './post-json';

/** DEFAULT_TIMEOUT_SECONDS is admissionregistration/v1's default timeoutSeconds. */
export const DEFAULT_TIMEOUT_SECONDS = 10;

/** webhookUrl is where the review goes: the configured url with the timeout parameter, or the Service's address. */
export function webhookUrl(webhook: Webhook, timeoutSeconds: number): URL | { error: string } {
  const config = webhook.clientConfig ?? {};
  if (config.service) {
    const { name, namespace, path, port } = config.service;
    const where = `https://${name}.${namespace}.svc:${port ?? 443}${path ?? ''}?timeout=${timeoutSeconds}s`;
    return { error: `failed to call webhook: Post ${JSON.stringify(where)}: no endpoints available for service ${JSON.stringify(name)}` };
  }
  if (!config.url) return { error: 'failed to call webhook: the webhook has neither a url nor a service in clientConfig' };
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    return { error: `failed to call webhook: parse ${JSON.stringify(config.url)}: invalid URL` };
  }
  url.searchParams.set('timeout', `${timeoutSeconds}s`);
  return url;
}

/** callAdmissionWebhook delivers review and replies once: an error text, or the webhook's review. */
export function callAdmissionWebhook(webhook: Webhook, review: AdmissionReview, reply: (err: string | null, review: AdmissionReview | null) => void): void {
  const timeoutSeconds = webhook.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  const url = webhookUrl(webhook, timeoutSeconds);
  if ('error' in url) return reply(url.error, null);
  const caBundle = webhook.clientConfig?.caBundle;
  const ca = caBundle ? Buffer.from(caBundle, 'base64').toString('utf8') : undefined;
  postJson({ url, ...(ca ? { ca } : {}) }, review, timeoutSeconds * 1000, (r) => {
    if ('error' in r) return reply(`failed to call webhook: ${r.error}`, null);
    if (r.status < 200 || r.status > 299) return reply(`failed to call webhook: the server responded with the status code ${r.status} but did not return more information`, null);
    try {
      reply(null, JSON.parse(r.text) as AdmissionReview);
    } catch (e) {
      reply(`received invalid webhook response: ${(e as Error).message}`, null);
    }
  });
}
