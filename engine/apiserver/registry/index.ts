/** The resource registry: see ./types for a ResourceDef and ./resources for the entries. */
export * from './types';
export { RESOURCES } from './resources';
export { Registry, type GroupVersions } from './registry';
