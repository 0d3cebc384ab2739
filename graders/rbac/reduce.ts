/**
 * Reduction of a failing policy: the grader shrinks the policy around one
 * wrong answer, so the message shows only the bindings, subjects and rules
 * that still make the learner answer wrongly.
 */
import type { BindingSpec, RoleSpec } from './scenario';

/** PolicySpec is the part of a scenario a reduction shrinks. */
export interface PolicySpec {
  roles: RoleSpec[];
  bindings: BindingSpec[];
}

/** REDUCE_TRIES bounds the learner calls one reduction makes. */
export const REDUCE_TRIES = 80;

/** smaller lists the policies one step smaller than p: a binding, a subject or a rule fewer. */
function smaller(p: PolicySpec): PolicySpec[] {
  const out: PolicySpec[] = [];
  for (let i = 0; i < p.bindings.length; i++) out.push({ ...p, bindings: p.bindings.filter((_, j) => j !== i) });
  for (const [i, b] of p.bindings.entries()) {
    if (b.subjects.length < 2) continue;
    for (let k = 0; k < b.subjects.length; k++) {
      const bindings = p.bindings.map((x, j) => (j === i ? { ...x, subjects: x.subjects.filter((_, m) => m !== k) } : x));
      out.push({ ...p, bindings });
    }
  }
  for (const [i, r] of p.roles.entries()) {
    if (r.rules.length < 2) continue;
    for (let k = 0; k < r.rules.length; k++) {
      const roles = p.roles.map((x, j) => (j === i ? { ...x, rules: x.rules.filter((_, m) => m !== k) } : x));
      out.push({ ...p, roles });
    }
  }
  return out;
}

/**
 * reducePolicy removes bindings, subjects and rules from `p` one at a time,
 * keeping each removal after which `stillFails` holds, until none can go or
 * REDUCE_TRIES calls are spent. Deterministic: candidates are tried in order.
 */
export function reducePolicy(p: PolicySpec, stillFails: (candidate: PolicySpec) => boolean, tries = REDUCE_TRIES): PolicySpec {
  let current = p;
  let left = tries;
  for (let progress = true; progress && left > 0; ) {
    progress = false;
    for (const candidate of smaller(current)) {
      if (left-- <= 0) break;
      if (stillFails(candidate)) {
        current = candidate;
        progress = true;
        break;
      }
    }
  }
  return current;
}
