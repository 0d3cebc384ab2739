/**
 * RESOURCES: every resource this API server serves, one entry each. The
 * entry is all the generic machinery needs (paths, discovery, storage key,
 * printer, defaulting, validation); adding a resource is adding an entry.
 */
import type { KubeObject } from '../object';
import * as d from './defaults';
import * as p from '../table/printers';
import * as v from '../validation/resources';
import { hpaV1ToV2, hpaV2ToV1 } from '../conversion/autoscaling';
import { STANDARD_VERBS, type ResourceDef } from './types';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Entry = Partial<ResourceDef> & Pick<ResourceDef, 'group' | 'version' | 'kind' | 'plural' | 'namespaced'>;

/** def fills an entry's common defaults: singular from kind, standard verbs, plural as the storage key. */
function def(e: Entry): ResourceDef {
  return {
    singular: e.kind.toLowerCase(),
    shortNames: [],
    verbs: STANDARD_VERBS,
    subresources: [],
    categories: [],
    etcdPrefix: e.plural,
    stored: true,
    tracksGeneration: false,
    columns: p.createdAtColumns,
    selectableFields: {},
    nameValidation: 'subdomain',
    ...e,
  };
}

const str = (value: unknown) => (value === undefined || value === null ? '' : String(value));
const field = (path: string) => (obj: KubeObject) => str(path.split('.').reduce<unknown>((o, k) => (o as Any)?.[k], obj));
const ALL = ['all'];
const REPLICAS_SCALE = { specReplicasPath: 'spec.replicas', statusReplicasPath: 'status.replicas', labelSelectorPath: 'spec.selector' };
const REVIEW_VERBS = ['create'];

export const RESOURCES: readonly ResourceDef[] = [
  // core/v1
  def({
    group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'],
    subresources: ['status'], columns: p.namespaceColumns, nameValidation: 'label',
    selectableFields: { 'status.phase': field('status.phase') },
    defaults: d.defaultNamespace, prepareForCreate: d.prepareNamespaceForCreate, validate: v.validateNamespace,
  }),
  def({
    group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, shortNames: ['po'], categories: ALL,
    subresources: ['binding', 'status'], columns: p.podColumns, returnDeletedObject: true,
    selectableFields: {
      'spec.nodeName': field('spec.nodeName'),
      'spec.restartPolicy': field('spec.restartPolicy'),
      'spec.schedulerName': field('spec.schedulerName'),
      'spec.serviceAccountName': field('spec.serviceAccountName'),
      'spec.hostNetwork': (o) => String((o.spec as Any)?.hostNetwork ?? false),
      'status.phase': field('status.phase'),
      'status.podIP': field('status.podIP'),
      'status.nominatedNodeName': field('status.nominatedNodeName'),
    },
    defaults: d.defaultPod, prepareForCreate: d.preparePodForCreate, validate: v.validatePod,
  }),
  def({
    group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, shortNames: ['no'], etcdPrefix: 'minions',
    subresources: ['status'], columns: p.nodeColumns, selectableFields: { 'spec.unschedulable': (o) => String((o.spec as Any)?.unschedulable ?? false) },
  }),
  def({
    group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true, shortNames: ['svc'], categories: ALL,
    etcdPrefix: 'services/specs', subresources: ['status'], columns: p.serviceColumns, nameValidation: 'label',
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    defaults: d.defaultService, validate: v.validateService,
  }),
  def({
    group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints', singular: 'endpoints', namespaced: true, shortNames: ['ep'],
    etcdPrefix: 'services/endpoints', columns: p.endpointsColumns,
  }),
  def({ group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, shortNames: ['cm'], columns: p.configMapColumns, validate: v.validateConfigMap }),
  def({
    group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true, columns: p.secretColumns,
    selectableFields: { type: field('type') }, defaults: d.defaultSecret, validate: v.validateSecret,
  }),
  def({ group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true, shortNames: ['sa'], columns: p.serviceAccountColumns }),
  def({
    group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'], columns: p.eventColumns,
    selectableFields: Object.fromEntries(
      [
        'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion',
        'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'type',
      ].map((f) => [f, field(f)]).concat([['source', (o: KubeObject) => str((o as Any).reportingComponent || (o as Any).source?.component)]]),
    ),
  }),
  def({ group: '', version: 'v1', kind: 'LimitRange', plural: 'limitranges', namespaced: true, shortNames: ['limits'], columns: p.limitRangeColumns }),
  def({
    group: '', version: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', namespaced: true, shortNames: ['quota'],
    subresources: ['status'], columns: p.resourceQuotaColumns,
  }),
  def({
    group: '', version: 'v1', kind: 'PersistentVolume', plural: 'persistentvolumes', namespaced: false, shortNames: ['pv'],
    subresources: ['status'], columns: p.persistentVolumeColumns,
    defaults: d.defaultPersistentVolume, prepareForCreate: d.preparePersistentVolumeForCreate,
  }),
  def({
    group: '', version: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true, shortNames: ['pvc'],
    subresources: ['status'], columns: p.persistentVolumeClaimColumns,
    defaults: d.defaultPersistentVolumeClaim, prepareForCreate: d.preparePersistentVolumeClaimForCreate,
  }),
  // apps/v1
  def({
    group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true, shortNames: ['deploy'], categories: ALL,
    subresources: ['status', 'scale'], scale: REPLICAS_SCALE, tracksGeneration: true, columns: p.deploymentColumns,
    defaults: d.defaultDeployment, prepareForCreate: d.resetStatus, validate: v.validateWorkload,
  }),
  def({
    group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true, shortNames: ['rs'], categories: ALL,
    subresources: ['status', 'scale'], scale: REPLICAS_SCALE, tracksGeneration: true, columns: p.replicaSetColumns,
    selectableFields: { 'status.replicas': (o) => String((o.status as Any)?.replicas ?? 0) },
    defaults: d.defaultReplicaSet, prepareForCreate: d.resetStatus, validate: v.validateWorkload,
  }),
  def({
    group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true, shortNames: ['sts'], categories: ALL,
    subresources: ['status', 'scale'], scale: REPLICAS_SCALE, tracksGeneration: true, columns: p.statefulSetColumns,
    defaults: d.defaultStatefulSet, prepareForCreate: d.resetStatus, validate: v.validateWorkload,
  }),
  def({
    group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true, shortNames: ['ds'], categories: ALL,
    subresources: ['status'], tracksGeneration: true, columns: p.daemonSetColumns,
    defaults: d.defaultDaemonSet, prepareForCreate: d.resetStatus, validate: v.validateWorkload,
  }),
  // batch/v1
  def({
    group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', namespaced: true, categories: ALL, subresources: ['status'],
    tracksGeneration: true, columns: p.jobColumns, selectableFields: { 'status.successful': (o) => String((o.status as Any)?.succeeded ?? 0) },
    defaults: d.defaultJob, prepareForCreate: d.resetStatus, validate: v.validateJob,
  }),
  def({
    group: 'batch', version: 'v1', kind: 'CronJob', plural: 'cronjobs', namespaced: true, shortNames: ['cj'], categories: ALL,
    subresources: ['status'], tracksGeneration: true, columns: p.cronJobColumns,
    defaults: d.defaultCronJob, prepareForCreate: d.resetStatus, validate: v.validateCronJob,
  }),
  // rbac.authorization.k8s.io/v1
  ...(['Role', 'ClusterRole'] as const).map((kind) =>
    def({
      group: 'rbac.authorization.k8s.io', version: 'v1', kind, plural: `${kind.toLowerCase()}s`, namespaced: kind === 'Role',
      columns: p.createdAtColumns, nameValidation: 'path-segment', validate: v.validateRole,
    }),
  ),
  ...(['RoleBinding', 'ClusterRoleBinding'] as const).map((kind) =>
    def({
      group: 'rbac.authorization.k8s.io', version: 'v1', kind, plural: `${kind.toLowerCase()}s`, namespaced: kind === 'RoleBinding',
      columns: p.bindingColumns, nameValidation: 'path-segment', validate: v.validateBinding,
    }),
  ),
  def({
    group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass', plural: 'priorityclasses', namespaced: false, shortNames: ['pc'],
    columns: p.priorityClassColumns, defaults: d.defaultPriorityClass, validate: v.validatePriorityClass,
  }),
  def({
    group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', plural: 'storageclasses', namespaced: false, shortNames: ['sc'],
    columns: p.storageClassColumns, defaults: d.defaultStorageClass,
  }),
  def({
    group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true, shortNames: ['netpol'],
    tracksGeneration: true, columns: p.networkPolicyColumns, defaults: d.defaultNetworkPolicy,
  }),
  def({
    group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true,
    columns: p.endpointSliceColumns, defaults: d.defaultEndpointSlice,
    selectableFields: { addressType: field('addressType') },
  }),
  def({
    group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true,
    shortNames: ['hpa'], categories: ALL, subresources: ['status'], columns: p.hpaColumns,
    defaults: d.defaultHPA, prepareForCreate: d.resetStatus, validate: v.validateHPA,
    // Stored at v2; autoscaling/v1 (what `kubectl autoscale` writes) is converted on the way in and out.
    alsoServedAs: [{ version: 'v1', toStorage: hpaV1ToV2, fromStorage: hpaV2ToV1 }],
  }),
  def({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', namespaced: true, columns: p.leaseColumns }),
  def({
    group: 'admissionregistration.k8s.io', version: 'v1', kind: 'MutatingWebhookConfiguration', plural: 'mutatingwebhookconfigurations',
    namespaced: false, columns: p.webhookConfigurationColumns, tracksGeneration: true, defaults: (o) => d.defaultWebhookConfiguration(o, true),
  }),
  def({
    group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingWebhookConfiguration', plural: 'validatingwebhookconfigurations',
    namespaced: false, columns: p.webhookConfigurationColumns, tracksGeneration: true, defaults: (o) => d.defaultWebhookConfiguration(o, false),
  }),
  // authorization.k8s.io/v1: computed on create, never stored.
  ...(
    [
      ['SelfSubjectAccessReview', false],
      ['SelfSubjectRulesReview', false],
      ['SubjectAccessReview', false],
      ['LocalSubjectAccessReview', true],
    ] as const
  ).map(([kind, namespaced]) =>
    def({ group: 'authorization.k8s.io', version: 'v1', kind, plural: `${kind.toLowerCase()}s`, namespaced, verbs: REVIEW_VERBS, stored: false }),
  ),
  // authentication.k8s.io/v1 SelfSubjectReview (kubectl auth whoami): who the API server thinks the caller is.
  def({ group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', namespaced: false, verbs: REVIEW_VERBS, stored: false }),
];
