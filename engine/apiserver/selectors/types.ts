/**
 * Parsed label and field selectors (k8s.io/apimachinery/pkg/labels and
 * pkg/fields). Parse with parseLabelSelector / labelSelectorFromMeta
 * (./labels) and parseFieldSelector (./fields); a parse error is upstream's
 * text, which the handler answers as 400 BadRequest.
 */

/** LabelOperator is selection.Operator as labels use it. */
export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

/** Requirement is one term of a label selector: key, operator, values (sorted, as upstream keeps them). */
export interface Requirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

/** LabelSelector is labels.Selector: a conjunction of requirements; empty matches everything. */
export interface LabelSelector {
  readonly requirements: readonly Requirement[];
  matches(labels: Readonly<Record<string, string>>): boolean;
  empty(): boolean;
  /** toString is the canonical form (requirements sorted by key), as labels.Selector.String(). */
  toString(): string;
}

/** FieldOperator is what field selectors support. */
export type FieldOperator = '=' | '==' | '!=';

export interface FieldRequirement {
  readonly field: string;
  readonly operator: FieldOperator;
  readonly value: string;
}

/** FieldSelector is fields.Selector: a conjunction of field = / != value terms. */
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  matches(fields: Readonly<Record<string, string>>): boolean;
  empty(): boolean;
  /** requiresExactMatch is the value the selector requires of field with = / ==, if it does. */
  requiresExactMatch(field: string): string | undefined;
  toString(): string;
}

/** Parsed is a parse's result: the selector, or upstream's error text. */
export type Parsed<T> = { ok: true; selector: T } | { ok: false; error: string };
