/**
 * The API server's public surface: the assembly (createApiServer), the
 * request/response messages, the resource registry, manifests, admission
 * contracts and the pieces a front or a lab needs.
 */
export { createApiServer, DEFAULT_NAMESPACES, KUBERNETES_SERVICE, attrsFor, type ApiServerAssembly, type CreateApiServerOptions } from './apiserver';
export { ApiServer, LOOPBACK_USER, attributesFor, type ApiServerOptions } from './handler/server';
export type { ApiRequest, ApiResponse, Cancel, ResponseSink, WatchEventMessage, WatchEventType } from './handler/types';
export type { RulesResolver, RulesResult, ResourceRule, NonResourceRule } from './handler/reviews';
export { Registry, RESOURCES, groupVersion, qualifiedResource, STANDARD_VERBS, type ResourceDef, type Column } from './registry';
export { parseRequestInfo, type RequestInfo } from './requestinfo';
export { parseManifests, ManifestError, type ParsedObject } from './manifest/manifest';
export * from './admission';
export { AuditLog, auditEvent, type AuditEvent, type AuditSink } from './audit/audit';
export { toTable, wantsTable } from './table/table';
export { GarbageCollector, resourcePath } from './gc/garbage_collector';
export { NamespaceController } from './gc/namespace_controller';
export { rfc3339, rfc3339Micro, parseRfc3339, humanDuration, type Clock } from './time';
export type { KubeObject } from './object';
