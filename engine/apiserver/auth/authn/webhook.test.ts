import type { TokenReview } from 'kubernetes-types/authentication/v1';
import { describe, expect, it } from 'vitest';
import { authenticateToken } from './testing';
import { WebhookTokenAuthenticator, type TokenReviewReply } from './webhook';

const API = ['https://kubernetes.default.svc.cluster.local'];

function webhook(answer: (review: TokenReview) => TokenReviewReply) {
  const sent: TokenReview[] = [];
  const auth = new WebhookTokenAuthenticator({
    send: (review, reply) => {
      sent.push(review);
      reply(answer(review));
    },
    implicitAudiences: API,
  });
  return { auth, sent };
}

const reviewed = (status: TokenReview['status']): TokenReviewReply => ({
  review: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: {}, status },
});

describe('WebhookTokenAuthenticator', () => {
  it('sends an authentication.k8s.io/v1 TokenReview and maps the user it returns', () => {
    const { auth, sent } = webhook(() =>
      reviewed({ authenticated: true, user: { username: 'jane', uid: '42', groups: ['devs'], extra: { scopes: ['a', 'b'] } } }),
    );
    expect(authenticateToken(auth, 'opaque', API)).toEqual({
      user: { username: 'jane', uid: '42', groups: ['devs'], extra: { scopes: ['a', 'b'] } },
      audiences: API,
    });
    expect(sent).toEqual([{ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'opaque', audiences: API } }]);
  });

  it('maps a refusal with an error to that error and one without to no opinion', () => {
    expect(authenticateToken(webhook(() => reviewed({ authenticated: false, error: 'token revoked' })).auth, 't')).toEqual({ error: 'token revoked' });
    expect(authenticateToken(webhook(() => reviewed({ authenticated: false })).auth, 't')).toEqual({ none: true });
    expect(authenticateToken(webhook(() => ({ error: 'connection refused' })).auth, 't')).toEqual({ error: 'connection refused' });
  });

  it('requires the audiences the webhook confirms to meet the request\'s', () => {
    const other = webhook(() => reviewed({ authenticated: true, audiences: ['vault'], user: { username: 'jane' } })).auth;
    expect(authenticateToken(other, 't', API)).toEqual({ none: true });
    expect(authenticateToken(other, 't', ['vault', 'x'])).toEqual({ user: { username: 'jane', groups: [] }, audiences: ['vault'] });
    // Not audience-limited: no audiences are sent and none are checked.
    const { auth, sent } = webhook(() => reviewed({ authenticated: true, audiences: ['vault'], user: { username: 'jane' } }));
    expect(authenticateToken(auth, 't')).toEqual({ user: { username: 'jane', groups: [] } });
    expect(sent[0]!.spec).toEqual({ token: 't' });
  });
});
