/** Admission: the plugin contracts (./types) and the plugins this folder implements. */
export * from './types';
export { namespaceLifecycle, IMMORTAL_NAMESPACES, type NamespaceGetter, type NamespaceLifecycleOptions } from './namespace_lifecycle';
