/**
 * The token-review webhook (k8s.io/apiserver plugin/pkg/authenticator/token/webhook):
 * the API server asks a remote service about a token it cannot judge by
 * sending an authentication.k8s.io/v1 TokenReview, and believes the answer.
 * The transport is injected: `send` delivers the review (over the simulated
 * network, or HTTP in the front) and replies once with the returned review or
 * a transport error. Results are cached by CachedTokenAuthenticator (see chain.ts).
 */
import type { TokenReview } from 'kubernetes-types/authentication/v1';
import { intersectAudiences, NONE, once, type TokenAuthenticator, type TokenResult } from './token';
import type { UserInfo } from '../types';

/** TokenReviewReply is the webhook's answer: the TokenReview it returned, or why there is none (unreachable, non-2xx, undecodable). */
export type TokenReviewReply = { review: TokenReview } | { error: string };

/** TokenReviewSender delivers review to the webhook and calls reply exactly once. */
export type TokenReviewSender = (review: TokenReview, reply: (result: TokenReviewReply) => void) => void;

/** DEFAULT_WEBHOOK_CACHE_TTL_MS is --authentication-token-webhook-cache-ttl's default, two minutes. */
export const DEFAULT_WEBHOOK_CACHE_TTL_MS = 2 * 60_000;

/**
 * WebhookTokenAuthenticator maps a TokenReview's status: authenticated →
 * its user (username, uid, groups, extra); not authenticated → the webhook's
 * status.error as an error, or no opinion without one; a transport failure is
 * an error. When the request is audience-limited the review carries those
 * audiences and the audiences the webhook confirms (status.audiences, or the
 * API server's own when it names none) must meet them, else no opinion.
 */
export class WebhookTokenAuthenticator implements TokenAuthenticator {
  constructor(
    private readonly options: {
      send: TokenReviewSender;
      /** implicitAudiences are the API server's audiences. */
      implicitAudiences: readonly string[];
    },
  ) {}

  authenticateToken(token: string, audiences: readonly string[] | undefined, done: (result: TokenResult) => void): void {
    const review: TokenReview = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenReview',
      spec: audiences !== undefined ? { token, audiences: [...audiences] } : { token },
    };
    this.options.send(review, once('token review webhook', (reply: TokenReviewReply) => {
      if ('error' in reply) return done({ error: reply.error });
      const status = reply.review.status ?? {};
      let auds: string[] | undefined;
      if (audiences !== undefined) {
        const confirmed = status.audiences && status.audiences.length > 0 ? status.audiences : this.options.implicitAudiences;
        auds = intersectAudiences(audiences, confirmed);
        if (auds.length === 0) return done(NONE);
      }
      if (!status.authenticated) return done(status.error ? { error: status.error } : NONE);
      const u = status.user ?? {};
      const user: UserInfo = { username: u.username ?? '', groups: [...(u.groups ?? [])] };
      if (u.uid !== undefined) user.uid = u.uid;
      if (u.extra) {
        user.extra = {};
        for (const [k, v] of Object.entries(u.extra)) user.extra[k] = [...v];
      }
      done(auds !== undefined ? { user, audiences: auds } : { user });
    }));
  }
}
