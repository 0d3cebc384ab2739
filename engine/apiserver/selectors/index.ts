/** Label and field selectors: see ./types. */
export type * from './types';
export { parseLabelSelector, labelSelectorFromMeta, selectorFromSet, everything, nothing } from './labels';
export { parseFieldSelector, everythingFields, escapeValue, META_FIELDS } from './fields';
