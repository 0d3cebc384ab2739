import { describe, expect, it } from 'vitest';
import type { Attributes } from './auth/types';
import {
  field,
  isStatusError,
  newAlreadyExists,
  newBadRequest,
  newConflict,
  newForbidden,
  newForbiddenFor,
  newGone,
  newInternalError,
  newInvalid,
  newMethodNotSupported,
  newNotFound,
  newResourceExpired,
  newServerTimeout,
  newTimeout,
  newTooLargeResourceVersion,
  newTooManyRequests,
  newTooManyRequestsError,
  newUnauthorized,
  reasonOf,
  tooOldResourceVersion,
} from './errors';

const pods = { group: '', resource: 'pods' };
const deployments = { group: 'apps', resource: 'deployments' };

function attrs(over: Partial<Attributes>): Attributes {
  return {
    user: { username: 'bob', groups: ['system:authenticated'] },
    verb: 'get',
    resourceRequest: true,
    namespace: 'default',
    apiGroup: '',
    apiVersion: 'v1',
    resource: 'pods',
    subresource: '',
    name: 'web',
    path: '/api/v1/namespaces/default/pods/web',
    ...over,
  };
}

describe('StatusError builders', () => {
  it('build a full metav1.Status for NotFound', () => {
    const e = newNotFound(pods, 'web');
    expect(e.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "web" not found',
      reason: 'NotFound',
      details: { name: 'web', kind: 'pods' },
      code: 404,
    });
    expect(e.message).toBe('pods "web" not found');
    expect(isStatusError(e)).toBe(true);
    expect(reasonOf(e)).toBe('NotFound');
    expect(reasonOf(new Error('x'))).toBe('');
  });

  it.each([
    ['NotFound, group-qualified', newNotFound(deployments, 'web'), 404, 'NotFound', 'deployments.apps "web" not found'],
    ['AlreadyExists', newAlreadyExists(pods, 'web'), 409, 'AlreadyExists', 'pods "web" already exists'],
    [
      'Conflict',
      newConflict(pods, 'web'),
      409,
      'Conflict',
      'Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again',
    ],
    ['Gone', newGone('gone away'), 410, 'Gone', 'gone away'],
    ['Expired', tooOldResourceVersion(5, 12), 410, 'Expired', 'too old resource version: 5 (12)'],
    ['Expired (any text)', newResourceExpired('x'), 410, 'Expired', 'x'],
    ['BadRequest', newBadRequest('bad'), 400, 'BadRequest', 'bad'],
    ['Unauthorized', newUnauthorized(), 401, 'Unauthorized', 'Unauthorized'],
    ['Forbidden with a name', newForbidden(pods, 'web', 'no'), 403, 'Forbidden', 'pods "web" is forbidden: no'],
    ['Forbidden without a name', newForbidden(deployments, '', 'no'), 403, 'Forbidden', 'deployments.apps is forbidden: no'],
    ['Forbidden without a resource', newForbidden({ group: '', resource: '' }, '', 'no'), 403, 'Forbidden', 'forbidden: no'],
    ['MethodNotAllowed', newMethodNotSupported(pods, 'create'), 405, 'MethodNotAllowed', 'create is not supported on resources of kind "pods"'],
    [
      'ServerTimeout',
      newServerTimeout(pods, 'get', 2),
      500,
      'ServerTimeout',
      'The get operation against pods could not be completed at this time, please try again.',
    ],
    ['Timeout', newTimeout('request did not complete within 60s'), 504, 'Timeout', 'Timeout: request did not complete within 60s'],
    ['TooLargeResourceVersion', newTooLargeResourceVersion(12, 5), 504, 'Timeout', 'Timeout: Too large resource version: 12, current: 5'],
    ['InternalError', newInternalError('boom'), 500, 'InternalError', 'Internal error occurred: boom'],
    ['TooManyRequests', newTooManyRequests('slow down', 1), 429, 'TooManyRequests', 'slow down'],
    ['TooManyRequestsError', newTooManyRequestsError('queue full'), 429, 'TooManyRequests', 'Too many requests: queue full'],
  ])('%s', (_name, e, code, reason, message) => {
    expect(e.status).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });
  });

  it('Invalid lists one cause per field error and aggregates the messages', () => {
    const one = newInvalid({ group: '', kind: 'Pod' }, 'web', [field.required('spec.containers')]);
    expect(one.status).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'Pod "web" is invalid: spec.containers: Required value',
      details: { name: 'web', kind: 'Pod', causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' }] },
    });
    const two = newInvalid({ group: 'apps', kind: 'Deployment' }, 'web', [
      field.invalid('spec.replicas', -1, 'must be greater than or equal to 0'),
      field.notSupported('spec.strategy.type', 'Fast', ['Recreate', 'RollingUpdate']),
    ]);
    expect(two.message).toBe(
      'Deployment.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.strategy.type: Unsupported value: "Fast": supported values: "Recreate", "RollingUpdate"]',
    );
    expect(two.status.details).toMatchObject({ group: 'apps', kind: 'Deployment' });
    expect(newInvalid({ group: '', kind: 'Pod' }, 'web', []).message).toBe('Pod "web" is invalid');
  });

  it('Forbidden from request attributes, as the authorization filter words it', () => {
    expect(newForbiddenFor(attrs({})).message).toBe(
      'pods "web" is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "default"',
    );
    expect(newForbiddenFor(attrs({ verb: 'list', name: '' })).message).toBe(
      'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    expect(newForbiddenFor(attrs({ verb: 'list', name: '', namespace: '', resource: 'nodes' })).message).toBe(
      'nodes is forbidden: User "bob" cannot list resource "nodes" in API group "" at the cluster scope',
    );
    expect(newForbiddenFor(attrs({ apiGroup: 'apps', resource: 'deployments', subresource: 'scale', verb: 'update' }), 'RBAC: role missing').message).toBe(
      'deployments.apps "web" is forbidden: User "bob" cannot update resource "deployments/scale" in API group "apps" in the namespace "default": RBAC: role missing',
    );
    expect(newForbiddenFor(attrs({ resourceRequest: false, path: '/healthz' })).message).toBe('forbidden: User "bob" cannot get path "/healthz"');
  });
});
