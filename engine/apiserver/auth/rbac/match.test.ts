import { describe, expect, it } from 'vitest';
import { apiGroupMatches, nonResourceURLMatches, resourceMatches, resourceNameMatches, ruleAllows, verbMatches } from './match';
import { request, rule, urlRequest, urlRule, user } from './testing';

const alice = user('alice');

describe('verbMatches', () => {
  it.each([
    [['get'], 'get', true],
    [['get', 'list'], 'list', true],
    [['*'], 'deletecollection', true],
    [['get'], 'list', false],
    [['Get'], 'get', false],
    [[], 'get', false],
  ])('verbs %j against %s is %s', (verbs, verb, want) => {
    expect(verbMatches({ verbs }, verb)).toBe(want);
  });
});

describe('apiGroupMatches', () => {
  it.each([
    [[''], '', true],
    [['*'], 'apps', true],
    [['*'], '', true],
    [['apps'], '', false],
    [[''], 'apps', false],
    [['extensions', 'apps'], 'apps', true],
    [undefined, '', false],
  ])('apiGroups %j against %j is %s', (apiGroups, group, want) => {
    expect(apiGroupMatches({ verbs: ['get'], apiGroups }, group)).toBe(want);
  });
});

describe('resourceMatches', () => {
  it.each([
    [['pods'], 'pods', '', true],
    [['*'], 'pods/log', 'log', true],
    [['pods'], 'pods/log', 'log', false],
    [['pods/log'], 'pods', '', false],
    [['pods/log'], 'pods/log', 'log', true],
    [['*/scale'], 'deployments/scale', 'scale', true],
    [['*/scale'], 'deployments', '', false],
    [['*/scale'], 'deployments/status', 'status', false],
    // "*/<subresource>" is matched on its length and ends, exactly as upstream does.
    [['*/cale'], 'deployments/scale', 'scale', false],
    [['pods/*'], 'pods/log', 'log', false],
  ])('resources %j against %s (subresource %j) is %s', (resources, combined, sub, want) => {
    expect(resourceMatches({ verbs: ['get'], resources }, combined, sub)).toBe(want);
  });
});

describe('resourceNameMatches', () => {
  it('lets any name through a rule without names, including none', () => {
    expect(resourceNameMatches({ verbs: ['get'] }, '')).toBe(true);
    expect(resourceNameMatches({ verbs: ['get'], resourceNames: [] }, 'web')).toBe(true);
  });

  it('lets only the listed names through a rule with names, never a request without one', () => {
    const r = { verbs: ['get'], resourceNames: ['web', 'db'] };
    expect(resourceNameMatches(r, 'db')).toBe(true);
    expect(resourceNameMatches(r, 'cache')).toBe(false);
    expect(resourceNameMatches(r, '')).toBe(false);
  });
});

describe('nonResourceURLMatches', () => {
  it.each([
    [['/healthz'], '/healthz', true],
    [['/healthz'], '/healthz/etcd', false],
    [['*'], '/anything', true],
    [['/apis/*'], '/apis/apps', true],
    [['/apis/*'], '/apis/', true],
    [['/apis/*'], '/apis', false],
    [['/api*'], '/apis', true],
    [['/api**'], '/apiserver', true],
    [['/version/'], '/version', false],
  ])('nonResourceURLs %j against %s is %s', (nonResourceURLs, path, want) => {
    expect(nonResourceURLMatches({ verbs: ['get'], nonResourceURLs }, path)).toBe(want);
  });
});

describe('ruleAllows', () => {
  it('needs verb, group, resource and name to match on a resource request', () => {
    const r = rule(['get'], ['apps'], ['deployments'], ['web']);
    expect(ruleAllows(request(alice, 'get', 'deployments.apps', { namespace: 'dev', name: 'web' }), r)).toBe(true);
    expect(ruleAllows(request(alice, 'list', 'deployments.apps', { namespace: 'dev' }), r)).toBe(false);
    expect(ruleAllows(request(alice, 'get', 'deployments', { namespace: 'dev', name: 'web' }), r)).toBe(false);
    expect(ruleAllows(request(alice, 'get', 'deployments.apps/scale', { namespace: 'dev', name: 'web' }), r)).toBe(false);
  });

  it('never lets a resource rule cover a non-resource request, nor the other way round', () => {
    expect(ruleAllows(urlRequest(alice, 'get', '/healthz'), rule(['*'], ['*'], ['*']))).toBe(false);
    expect(ruleAllows(request(alice, 'get', 'pods', { namespace: 'dev' }), urlRule(['*'], ['*']))).toBe(false);
    expect(ruleAllows(urlRequest(alice, 'get', '/healthz'), urlRule(['get'], ['/healthz']))).toBe(true);
    expect(ruleAllows(urlRequest(alice, 'post', '/healthz'), urlRule(['get'], ['/healthz']))).toBe(false);
  });
});
