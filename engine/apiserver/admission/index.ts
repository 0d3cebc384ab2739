/** Admission: the plugin contracts (./types) and the plugins this folder implements. */
export * from './types';
export { namespaceLifecycle, IMMORTAL_NAMESPACES, type NamespaceGetter, type NamespaceLifecycleOptions } from './namespace_lifecycle';
export { limitRanger, LIMIT_RANGER_ANNOTATION, type LimitRangerOptions, type LimitRangeLister } from './limit_ranger';
export { resourceQuota, type ResourceQuotaOptions, type QuotaLister, type QuotaStatusUpdater } from './resource_quota';
export { serviceAccount, type ServiceAccountOptions, type ServiceAccountGetter } from './service_account';
export { mutatingWebhooks, validatingWebhooks, type AdmissionReview, type WebhookCaller, type WebhookRule } from './webhook';
export { admissionForbidden } from './forbidden';
