/**
 * Predicates on a StatusLike, as k8s.io/apimachinery/pkg/api/errors answers
 * them: a reason wins; a bare code counts only when the reason is empty.
 */
import type { StatusLike } from './types';

/** isResourceExpired is IsResourceExpired || IsGone: the requested resourceVersion is no longer available (410). */
export function isResourceExpired(status: StatusLike | null | undefined): boolean {
  if (!status) return false;
  if (status.reason === 'Expired' || status.reason === 'Gone') return true;
  return !status.reason && status.code === 410;
}

/** isTooManyRequests is IsTooManyRequests: the server asks the client to back off (429). */
export function isTooManyRequests(status: StatusLike | null | undefined): boolean {
  if (!status) return false;
  if (status.reason === 'TooManyRequests') return true;
  return !status.reason && status.code === 429;
}

/**
 * isTooLargeResourceVersion is the reflector's isTooLargeResourceVersionError:
 * the server has not caught up with the requested resourceVersion yet (a
 * ResourceVersionTooLarge cause), so the list is retried from the latest state.
 */
export function isTooLargeResourceVersion(status: StatusLike | null | undefined): boolean {
  return !!status?.details?.causes?.some((c) => c.reason === 'ResourceVersionTooLarge');
}

/** statusMessage is a Status as Go's error text: its message, or its reason and code. */
export function statusMessage(status: StatusLike): string {
  return status.message || `${status.reason || 'Unknown'} (${status.code ?? 0})`;
}

/** statusError builds a local failure Status (client-side errors have no HTTP code: 0). */
export function statusError(message: string, reason = '', code = 0): StatusLike {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}
