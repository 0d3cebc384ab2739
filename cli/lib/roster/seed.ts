import { createHmac } from 'node:crypto';

/**
 * deriveSeed is the regrade seed of one (learner, lab): the first 48 bits of
 * HMAC-SHA-256(secret, "kube-internals roster seed v1\0<learner>\0<lab>"), as
 * a decimal integer of at most 15 digits, so `npm run grade -- <lab> --seed
 * <it>` replays it. Without the secret nobody can compute it, and one seed
 * says nothing about another learner's or lab's. Grading workers receive only
 * this seed, never the secret.
 */
export function deriveSeed(secret: string, learner: string, lab: string): string {
  const mac = createHmac('sha256', secret).update(`kube-internals roster seed v1\0${learner}\0${lab}`).digest();
  return String(mac.readUIntBE(0, 6));
}

/** secretId is a short fingerprint of the secret (8 hex digits), to tell rosters made with different secrets apart. */
export function secretId(secret: string): string {
  return createHmac('sha256', secret).update('kube-internals roster secret id v1').digest('hex').slice(0, 8);
}

/** MIN_SECRET_LENGTH is the shortest secret accepted: a guessable secret makes every seed guessable. */
export const MIN_SECRET_LENGTH = 16;
