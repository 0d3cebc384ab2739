/**
 * The rbac lab's checkers: pure functions comparing the learner's answers
 * with the reference's, and naming the property a wrong answer breaks (see
 * diagnose.ts for how).
 */
import type { Policy, SubjectRulesReviewStatus } from '../../engine/apiserver/auth/rbac/types';
import type { Attributes, AuthorizerResult } from '../../engine/apiserver/auth/types';
import type { CheckResult } from '../core/lab';
import { allowingTriple, blame, diagnose, featuresOf, FEATURE_PROPERTY, grants, missesOf, missingRoleBindings, nearMisses, probe, triples, type Ask, type Feature, type Miss } from './diagnose';
import { HINTS, PROPERTIES, type Property } from './properties';
import { describeRequest } from './scenario';

export { HINTS, PROPERTIES, type Property } from './properties';
export { probe, probePolicy, type Ask } from './diagnose';

/** answer renders a decision as the can-i answer with its reason. */
function answer(r: AuthorizerResult): string {
  const yes = r.decision === 'Allow';
  return `${yes ? 'yes' : 'no'} (${r.decision}${r.reason ? `, ${JSON.stringify(r.reason)}` : ''})`;
}

/** isResult says whether a value is an AuthorizerResult. */
export function isResult(v: unknown): v is AuthorizerResult {
  if (v === null || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return (o.decision === 'Allow' || o.decision === 'Deny' || o.decision === 'NoOpinion') && typeof o.reason === 'string';
}

/** Decided is one request with both answers. */
export interface Decided {
  attributes: Attributes;
  mine: unknown;
  ref: AuthorizerResult;
}

/** DecisionFailure is a wrong answer: the property it breaks, the message, and which request it was. */
export interface DecisionFailure {
  property: Property;
  message: string;
  index: number;
}

/** clearedFeatures are the features of the requests the learner allowed rightly, with the reason the reference gives (see diagnose). */
export function clearedFeatures(policy: Policy, decided: readonly Decided[]): Set<Feature> {
  const all = triples(policy);
  const cleared = new Set<Feature>();
  for (const d of decided) {
    if (d.ref.decision !== 'Allow' || !isResult(d.mine) || d.mine.decision !== 'Allow' || d.mine.reason !== d.ref.reason) continue;
    for (const f of allowingTriple(all, d.attributes)?.features ?? []) cleared.add(f);
  }
  return cleared;
}

/**
 * findDecisionFailure compares the learner's decisions with the reference's
 * and returns the wrong one whose property is clearest (the earliest among
 * equals); when every decision is right, the first with another reason
 * (`reasons`). `cleared` defaults to what these decisions clear.
 */
export function findDecisionFailure(
  policy: Policy,
  decided: readonly Decided[],
  cleared: ReadonlySet<Feature> = clearedFeatures(policy, decided),
  ask?: Ask,
): DecisionFailure | undefined {
  // implicated counts, per feature, the wrongly refused requests whose allowing rule has it (not cleared).
  const implicated = new Map<Feature, number>();
  const all = triples(policy);
  for (const d of decided) {
    if (d.ref.decision !== 'Allow' || !isResult(d.mine) || d.mine.decision === 'Allow') continue;
    for (const f of allowingTriple(all, d.attributes)?.features ?? []) if (!cleared.has(f)) implicated.set(f, (implicated.get(f) ?? 0) + 1);
  }
  // refusedRight are the near misses of requests the learner rightly did not allow, when it was their only one.
  const refusedRight = new Set<Miss>();
  for (const d of decided) {
    if (d.ref.decision === 'Allow' || !isResult(d.mine) || d.mine.decision === 'Allow') continue;
    const misses = missesOf(all, d.attributes);
    if (misses.length === 1) refusedRight.add(misses[0]!);
  }
  let worst: (DecisionFailure & { score: number }) | undefined;
  for (const [index, d] of decided.entries()) {
    const q = describeRequest(d.attributes);
    if (!isResult(d.mine)) {
      return { property: PROPERTIES.contract, index, message: `${PROPERTIES.contract}: ${q} your authorize returned ${JSON.stringify(d.mine) ?? 'undefined'}; ${HINTS.contract}` };
    }
    const mine = d.mine;
    const refAllowed = d.ref.decision === 'Allow';
    if (refAllowed === (mine.decision === 'Allow') && (refAllowed || mine.decision === 'NoOpinion')) continue;
    const { property, score } = diagnose(policy, d.attributes, refAllowed, mine, cleared, implicated, refusedRight);
    if (!worst || score < worst.score) worst = { property, score, index, message: `${property}: ${q} expected ${answer(d.ref)}, got ${answer(mine)}; ${HINTS[property]}` };
  }
  if (worst) {
    // With the learner at hand, probes name the property surely; the heuristics above only guess.
    const d = decided[worst.index]!;
    const mine = d.mine as AuthorizerResult;
    const probed = ask && mine.decision !== 'Deny' ? probe(policy, d.attributes, d.ref.decision === 'Allow', ask) : undefined;
    if (probed && probed !== worst.property) {
      return { property: probed, index: worst.index, message: `${probed}: ${describeRequest(d.attributes)} expected ${answer(d.ref)}, got ${answer(mine)}; ${HINTS[probed]}` };
    }
    return { property: worst.property, index: worst.index, message: worst.message };
  }
  const reportsMissingRoles = decided.some((d) => d.ref.decision !== 'Allow' && d.ref.reason !== '' && (d.mine as AuthorizerResult).reason === d.ref.reason);
  for (const [index, d] of decided.entries()) {
    const mine = d.mine as AuthorizerResult;
    if (mine.reason === d.ref.reason) continue;
    const q = describeRequest(d.attributes);
    const named = mine.decision === 'Allow' ? all.filter((t) => mine.reason === `RBAC: allowed by ${t.source}`) : [];
    // Allowed through a later binding that grants it too: the learner missed the one the reference names.
    if (named.some((t) => grants(t, d.attributes))) {
      const first = all.filter((t) => d.ref.reason === `RBAC: allowed by ${t.source}` && grants(t, d.attributes)).map((t) => featuresOf(t, d.attributes));
      const open = first.map((f) => f.filter((x) => !cleared.has(x) && FEATURE_PROPERTY[x] !== PROPERTIES.subjects));
      const suspect = open.find((f) => f.length > 0)?.[0];
      if (suspect) {
        const property = FEATURE_PROPERTY[suspect];
        return {
          property,
          index,
          message: `${property}: ${q} allowed as expected, but your reason ${JSON.stringify(mine.reason)} names a later binding: ${JSON.stringify(d.ref.reason)} grants it first; ${HINTS[property]}`,
        };
      }
    }
    // Allowed, but through a binding that does not grant it: the answer was right by chance.
    if (named.length > 0 && !named.some((t) => grants(t, d.attributes))) {
      const { property } = nearMisses(named, d.attributes, refusedRight);
      if (property !== PROPERTIES.denyByDefault) {
        return {
          property,
          index,
          message: `${property}: ${q} allowed as expected, but your reason ${JSON.stringify(mine.reason)} names a binding that does not grant it (${JSON.stringify(d.ref.reason)} does); ${HINTS[property]}`,
        };
      }
    }
    // Refused, and the reason lacks a missing role of a binding that applies, from a learner who reports
    // missing roles elsewhere: blame how that binding applies.
    if (d.ref.decision !== 'Allow' && mine.decision !== 'Allow' && reportsMissingRoles) {
      const missed = missingRoleBindings(policy, d.attributes).filter((m) => !mine.reason.includes(m.error));
      for (const m of missed) {
        const { property } = blame(featuresOf(m.triple, d.attributes), cleared);
        if (property === PROPERTIES.subjects) continue;
        return {
          property,
          index,
          message: `${property}: ${q} not allowed, as expected, but the reason should be ${JSON.stringify(d.ref.reason)}, not ${JSON.stringify(mine.reason)}: ${m.triple.source} applies to this user, and its role is missing; ${HINTS[property]}`,
        };
      }
    }
    const what = d.ref.decision === 'Allow' ? 'allowed as expected' : 'not allowed, as expected';
    return {
      property: PROPERTIES.reasons,
      index,
      message: `${PROPERTIES.reasons}: ${q} ${what}, but the reason should be ${JSON.stringify(d.ref.reason)}, not ${JSON.stringify(mine.reason)}; ${HINTS.reasons}`,
    };
  }
  return undefined;
}

/** checkDecisions is findDecisionFailure as a CheckResult. */
export function checkDecisions(policy: Policy, decided: readonly Decided[]): CheckResult {
  const f = findDecisionFailure(policy, decided);
  return f ? { valid: false, property: f.property, message: f.message } : { valid: true };
}

/** canonicalRule renders a resource or non-resource rule as a comparable string, empty lists left out. */
export function canonicalRule(r: Record<string, unknown>): string {
  const keys = ['verbs', 'apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'];
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = r[k];
    if (Array.isArray(v) && v.length > 0) out[k] = v;
    else if (v !== undefined && !Array.isArray(v)) out[k] = v;
  }
  return JSON.stringify(out);
}

/** multisetDiff returns what `want` has that `got` lacks, and the reverse, counting repeats. */
function multisetDiff(want: string[], got: string[]): { missing: string[]; unexpected: string[] } {
  const left = [...got];
  const missing: string[] = [];
  for (const w of want) {
    const i = left.indexOf(w);
    if (i < 0) missing.push(w);
    else left.splice(i, 1);
  }
  return { missing, unexpected: left };
}

function rulesList(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.every((x) => x !== null && typeof x === 'object') ? v.map((x) => canonicalRule(x as Record<string, unknown>)) : undefined;
}

/**
 * checkRulesFor compares a rules review: the same resource and non-resource
 * rules (as multisets: order and repeats do not matter beyond counting),
 * incomplete false, and the same evaluationError.
 */
export function checkRulesFor(question: string, mine: unknown, ref: SubjectRulesReviewStatus): CheckResult {
  const fail = (detail: string): CheckResult => ({ valid: false, property: PROPERTIES.rulesFor, message: `${PROPERTIES.rulesFor}: ${question}: ${detail}; ${HINTS['rules-for']}` });
  if (mine === null || typeof mine !== 'object') return fail(`rulesFor returned ${JSON.stringify(mine) ?? 'undefined'}, not a SubjectRulesReviewStatus`);
  const m = mine as Record<string, unknown>;
  for (const [field, want] of [
    ['resourceRules', ref.resourceRules],
    ['nonResourceRules', ref.nonResourceRules],
  ] as const) {
    const got = rulesList(m[field]);
    if (!got) return fail(`${field} should be a list of rules, got ${JSON.stringify(m[field]) ?? 'undefined'}`);
    const { missing, unexpected } = multisetDiff(
      want.map((r) => canonicalRule(r as unknown as Record<string, unknown>)),
      got,
    );
    if (missing.length > 0 || unexpected.length > 0) {
      const parts = [];
      if (missing.length > 0) parts.push(`missing ${missing.join(', ')}`);
      if (unexpected.length > 0) parts.push(`unexpected ${unexpected.join(', ')}`);
      return fail(`${field} ${parts.join('; ')}`);
    }
  }
  if (m.incomplete !== false) return fail(`incomplete should be false (RBAC can always list its rules), got ${JSON.stringify(m.incomplete) ?? 'undefined'}`);
  const err = typeof m.evaluationError === 'string' && m.evaluationError !== '' ? m.evaluationError : undefined;
  if (err !== ref.evaluationError) {
    return fail(`evaluationError should be ${ref.evaluationError === undefined ? 'absent' : JSON.stringify(ref.evaluationError)}, got ${err === undefined ? 'none' : JSON.stringify(err)}`);
  }
  return { valid: true };
}
