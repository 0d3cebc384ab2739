/**
 * admissionForbidden is admission.NewForbidden: a plugin's refusal as a 403
 * on the request's resource, named by the request's name, else the object's
 * name or generateName (names are not generated yet at admission), else
 * "Unknown". A refusal that already is a Forbidden passes through unwrapped.
 */
import { newForbidden, isStatusError, type StatusError } from '../errors';
import type { AdmissionAttributes } from './types';

export function admissionForbidden(a: AdmissionAttributes, why: string | StatusError): StatusError {
  if (isStatusError(why)) {
    if (why.status.reason === 'Forbidden') return why;
    why = why.status.message;
  }
  const meta = a.object?.metadata;
  const name = a.name || meta?.name || meta?.generateName || 'Unknown';
  return newForbidden({ group: a.resource.group, resource: a.resource.resource }, name, why);
}
