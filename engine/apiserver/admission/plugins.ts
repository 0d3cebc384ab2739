/**
 * The built-in plugins the admission lab rebuilds, under the names the
 * lab's file exports: LimitRanger, ResourceQuota and NamespaceLifecycle.
 * This module is the lab's reference (`npm run grade -- admission --reference`).
 */
import { limitRanger } from './limit_ranger';
import { namespaceLifecycle } from './namespace_lifecycle';
import { resourceQuota } from './resource_quota';

export { limitRanger, resourceQuota, namespaceLifecycle };
