/**
 * The admission bug corpus: plausible wrong solutions, each a mistake a
 * learner really makes, written as a mutation of the engine's plugins
 * (engine/apiserver/admission limit_ranger.ts, resource_quota.ts,
 * namespace_lifecycle.ts). The grader's own tests play every one and
 * require that it fails with one of the properties in `expect`.
 */
import type { Mutation } from '../core/mutations';

/** AdmissionBug is one wrong solution of this lab's corpus (see graders/core/mutations.ts). */
export type AdmissionBug = Mutation;

const LIMIT = 'engine/apiserver/admission/limit_ranger.ts';
const QUOTA = 'engine/apiserver/admission/resource_quota.ts';
const LIFECYCLE = 'engine/apiserver/admission/namespace_lifecycle.ts';

/** BUGS is the corpus. */
export const BUGS: readonly AdmissionBug[] = [
  {
    id: 'quota-checked-not-reserved',
    description: 'the quota is checked but the admitted usage is never written to status.used, so concurrent (and later) creates all see room',
    file: QUOTA,
    find: "if (d.kind === 'charge') writes.push(d.quota);",
    replace: "if (d.kind === 'charge') void d.quota;",
    expect: ['quota-never-exceeded', 'quota-usage-accurate'],
  },
  {
    id: 'quota-written-without-precondition',
    description: 'status.used is written without the resourceVersion it was read at, so two racing creates both write "used + 1" and one reservation is lost',
    file: QUOTA,
    find: "if (d.kind === 'charge') writes.push(d.quota);",
    replace: "if (d.kind === 'charge') writes.push({ ...d.quota, metadata: { ...d.quota.metadata, resourceVersion: undefined } });",
    expect: ['quota-never-exceeded', 'quota-usage-accurate'],
  },
  {
    id: 'quota-gives-up-on-conflict',
    description: 'a 409 on the quota write is passed to the client instead of reading the quota again and deciding again',
    file: QUOTA,
    find: 'if (!isConflict(err)) return done(err);',
    replace: 'return done(err);',
    expect: ['quota-usage-accurate'],
  },
  {
    id: 'quota-retries-stale-quota',
    description: 'on a conflict the same (stale) quota is written again instead of being read again, until the retries run out',
    file: QUOTA,
    find: "if (++retries > maxRetries) return done(newInternalError('resource quota evaluation timed out'));\n          attempt();",
    replace: "if (++retries > maxRetries) return done(newInternalError('resource quota evaluation timed out'));\n          writeAll(writes, i);",
    expect: ['quota-usage-accurate'],
  },
  {
    id: 'quota-checks-usage-before-request',
    description: 'the quota compares what is already used with hard, forgetting to add what the request asks for',
    file: QUOTA,
    find: 'const exceeded = exceededNames(maskUsage(newUsed, requested.keys()), hard);',
    replace: 'const exceeded = exceededNames(maskUsage(used, requested.keys()), hard);',
    expect: ['quota-never-exceeded'],
  },
  {
    id: 'quota-message-shows-used-after',
    description: 'the "exceeded quota" message reports used with the refused request already added',
    file: QUOTA,
    find: "used.get(k) ?? { nanos: 0n, format: 'DecimalSI' as const }",
    replace: "newUsed.get(k) ?? { nanos: 0n, format: 'DecimalSI' as const }",
    expect: ['error-texts'],
  },
  {
    id: 'limits-compared-as-strings',
    description: 'a limit is compared with max as text, so "1" looks smaller than "500m"',
    file: LIMIT,
    find: 'if (l > e) return `${bound}, but limit is ${formatQuantity(lim)}`;',
    replace: 'if (formatQuantity(lim) > formatQuantity(enforced)) return `${bound}, but limit is ${formatQuantity(lim)}`;',
    expect: ['limit-bounds'],
  },
  {
    id: 'ignores-max-limit-request-ratio',
    description: 'maxLimitRequestRatio is never checked',
    file: LIMIT,
    find: '  each(item.maxLimitRequestRatio, (res, q) => ratioConstraint(type, res, q, requests, limits));\n',
    replace: '',
    expect: ['limit-bounds'],
  },
  {
    id: 'ignores-pod-items',
    description: 'only Container items are enforced: a Pod item (bounds on the sum of the containers) is skipped',
    file: LIMIT,
    find: "} else if (item.type === 'Pod') {",
    replace: "} else if (item.type === 'Pod' && lr.spec?.limits?.length === 0) {",
    expect: ['limit-bounds'],
  },
  {
    id: 'defaults-overwrite-container-values',
    description: "the LimitRange defaults replace what a container set, not only what it left out",
    file: LIMIT,
    find: "const setLimits = Object.keys(defaults.limits).filter((k) => !has('limits', k)).sort();",
    replace: 'const setLimits = Object.keys(defaults.limits).sort();',
    expect: ['limit-defaults', 'limit-bounds', 'quota-never-exceeded', 'quota-usage-accurate'],
  },
  {
    id: 'init-containers-not-defaulted',
    description: 'defaults go into containers but not into init containers',
    file: LIMIT,
    find: "  for (const c of podContainers(pod, 'initContainers')) phrases.push(...mergeDefaults(c, defaults, 'init container'));\n",
    replace: '',
    expect: ['limit-defaults', 'limit-bounds'],
  },
  {
    id: 'defaults-after-validation',
    description: 'defaults are applied in validate, after the bounds were checked, instead of in admit',
    file: LIMIT,
    find: "        if (target === 'pods') for (const lr of lrs) applyPodDefaults(lr, a.object!);\n        return null;",
    replace: '        return null;',
    also: [
      {
        file: LIMIT,
        find: "        return errs.length ? admissionForbidden(a, aggregate(errs)) : null;",
        replace: "        if (target === 'pods') for (const lr of lrs) applyPodDefaults(lr, a.object!);\n        return errs.length ? admissionForbidden(a, aggregate(errs)) : null;",
      },
    ],
    expect: ['mutating-before-validating'],
  },
  {
    id: 'terminating-checked-for-pods-only',
    description: 'a Terminating namespace refuses new pods but lets configmaps and secrets in',
    file: LIFECYCLE,
    find: "if ((ns.status as { phase?: string } | undefined)?.phase === 'Terminating') {",
    replace: "if (a.resource.resource === 'pods' && (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') {",
    expect: ['namespace-terminating'],
  },
  {
    id: 'missing-namespace-allowed',
    description: 'a create in a namespace that does not exist is let through',
    file: LIFECYCLE,
    find: "if (!ns) return done(newNotFound({ group: '', resource: 'namespaces' }, a.namespace));",
    replace: 'if (!ns) return done(null);',
    expect: ['namespace-missing'],
  },
];
