/**
 * Field-error builders for validators: the FieldError type and texts are
 * errors.ts's (field.Error); these are short names for the builders so
 * validators read like upstream's `field.Required(fldPath, "")`.
 */
import { field, type FieldError } from '../errors';

export type { FieldError } from '../errors';

export const required = (path: string, detail?: string): FieldError => field.required(path, detail);
export const invalid = (path: string, value: unknown, detail?: string): FieldError => field.invalid(path, value, detail);
export const forbidden = (path: string, detail: string): FieldError => field.forbidden(path, detail);
export const duplicate = (path: string, value: unknown): FieldError => field.duplicate(path, value);
export const notSupported = (path: string, value: unknown, valid: string[]): FieldError => field.notSupported(path, value, valid);
export const tooLong = (path: string, max: number): FieldError => field.tooLong(path, max);

/**
 * invalidShown is field.Invalid for a value Go prints in a form JSON cannot
 * give (a %#v map): `shown` is printed as is.
 */
export function invalidShown(path: string, shown: string, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field: path, detail: `${shown}: ${detail}` };
}
