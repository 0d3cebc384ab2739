/**
 * Messages of the named API groups clients send as protobuf: apps/v1,
 * batch/v1, rbac.authorization.k8s.io/v1, scheduling.k8s.io/v1,
 * autoscaling/v1 (Scale, HorizontalPodAutoscaler), authorization.k8s.io/v1
 * and policy/v1, from their generated.proto files. Object statuses are left
 * out (a create or update ignores them; the fields are skipped like unknown
 * ones), as are the Job's podFailurePolicy and successPolicy.
 */
import type { MessageSpec } from '../schema';

export const APPS: Record<string, MessageSpec> = {
  Deployment: { 1: 'metadata ObjectMeta', 2: 'spec DeploymentSpec' },
  DeploymentSpec: {
    1: 'replicas *int32',
    2: 'selector LabelSelector',
    3: 'template PodTemplateSpec',
    4: 'strategy DeploymentStrategy',
    5: 'minReadySeconds int32',
    6: 'revisionHistoryLimit *int32',
    7: 'paused bool',
    9: 'progressDeadlineSeconds *int32',
    10: 'podReplacementPolicy *string',
  },
  DeploymentStrategy: { 1: 'type', 2: 'rollingUpdate RollingUpdateDeployment' },
  RollingUpdateDeployment: { 1: 'maxUnavailable IntOrString', 2: 'maxSurge IntOrString' },
};

export const BATCH: Record<string, MessageSpec> = {
  Job: { 1: 'metadata ObjectMeta', 2: 'spec JobSpec' },
  JobSpec: {
    1: 'parallelism *int32',
    2: 'completions *int32',
    3: 'activeDeadlineSeconds *int64',
    4: 'selector LabelSelector',
    5: 'manualSelector *bool',
    6: 'template PodTemplateSpec',
    7: 'backoffLimit *int32',
    8: 'ttlSecondsAfterFinished *int32',
    9: 'completionMode *string',
    10: 'suspend *bool',
    12: 'backoffLimitPerIndex *int32',
    13: 'maxFailedIndexes *int32',
    14: 'podReplacementPolicy *string',
    15: 'managedBy *string',
  },
  CronJob: { 1: 'metadata ObjectMeta', 2: 'spec CronJobSpec' },
  CronJobSpec: {
    1: 'schedule',
    2: 'startingDeadlineSeconds *int64',
    3: 'concurrencyPolicy',
    4: 'suspend *bool',
    5: 'jobTemplate JobTemplateSpec',
    6: 'successfulJobsHistoryLimit *int32',
    7: 'failedJobsHistoryLimit *int32',
    8: 'timeZone *string',
  },
  JobTemplateSpec: { 1: 'metadata ObjectMeta', 2: 'spec JobSpec' },
};

export const RBAC: Record<string, MessageSpec> = {
  Role: { 1: 'metadata ObjectMeta', 2: 'rules []PolicyRule' },
  ClusterRole: { 1: 'metadata ObjectMeta', 2: 'rules []PolicyRule', 3: 'aggregationRule AggregationRule' },
  AggregationRule: { 1: 'clusterRoleSelectors []LabelSelector' },
  PolicyRule: { 1: 'verbs []string', 2: 'apiGroups []string', 3: 'resources []string', 4: 'resourceNames []string', 5: 'nonResourceURLs []string' },
  RoleBinding: { 1: 'metadata ObjectMeta', 2: 'subjects []Subject', 3: 'roleRef RoleRef' },
  ClusterRoleBinding: { 1: 'metadata ObjectMeta', 2: 'subjects []Subject', 3: 'roleRef RoleRef' },
  // RoleRef's and Subject's kind and name are written without omitempty.
  RoleRef: { 1: 'apiGroup *string', 2: 'kind *string', 3: 'name *string' },
  Subject: { 1: 'kind *string', 2: 'apiGroup', 3: 'name *string', 4: 'namespace' },
};

export const SCHEDULING: Record<string, MessageSpec> = {
  // value is written without omitempty: 0 is a priority like any other.
  PriorityClass: { 1: 'metadata ObjectMeta', 2: 'value *int32', 3: 'globalDefault bool', 4: 'description', 5: 'preemptionPolicy *string' },
};

export const AUTOSCALING: Record<string, MessageSpec> = {
  Scale: { 1: 'metadata ObjectMeta', 2: 'spec ScaleSpec', 3: 'status ScaleStatus' },
  // Scaling to zero is a replicas of 0, kept so the intent is explicit.
  ScaleSpec: { 1: 'replicas *int32' },
  ScaleStatus: { 1: 'replicas *int32', 2: 'selector' },
  // autoscaling/v1 HorizontalPodAutoscaler (what `kubectl autoscale` sends); maxReplicas and the reference's kind and name are written without omitempty.
  HorizontalPodAutoscaler: { 1: 'metadata ObjectMeta', 2: 'spec HorizontalPodAutoscalerSpec' },
  HorizontalPodAutoscalerSpec: { 1: 'scaleTargetRef CrossVersionObjectReference', 2: 'minReplicas *int32', 3: 'maxReplicas *int32', 4: 'targetCPUUtilizationPercentage *int32' },
  CrossVersionObjectReference: { 1: 'kind *string', 2: 'name *string', 3: 'apiVersion' },
};

export const AUTHORIZATION: Record<string, MessageSpec> = {
  SelfSubjectAccessReview: { 1: 'metadata ObjectMeta', 2: 'spec SelfSubjectAccessReviewSpec', 3: 'status SubjectAccessReviewStatus' },
  SelfSubjectAccessReviewSpec: { 1: 'resourceAttributes ResourceAttributes', 2: 'nonResourceAttributes NonResourceAttributes' },
  SubjectAccessReview: { 1: 'metadata ObjectMeta', 2: 'spec SubjectAccessReviewSpec', 3: 'status SubjectAccessReviewStatus' },
  LocalSubjectAccessReview: { 1: 'metadata ObjectMeta', 2: 'spec SubjectAccessReviewSpec', 3: 'status SubjectAccessReviewStatus' },
  SubjectAccessReviewSpec: {
    1: 'resourceAttributes ResourceAttributes',
    2: 'nonResourceAttributes NonResourceAttributes',
    3: 'user',
    4: 'groups []string',
    5: 'extra map[string]ExtraValue',
    6: 'uid',
  },
  ResourceAttributes: {
    1: 'namespace',
    2: 'verb',
    3: 'group',
    4: 'version',
    5: 'resource',
    6: 'subresource',
    7: 'name',
    8: 'fieldSelector FieldSelectorAttributes',
    9: 'labelSelector LabelSelectorAttributes',
  },
  FieldSelectorAttributes: { 1: 'rawSelector', 2: 'requirements []FieldSelectorRequirement' },
  FieldSelectorRequirement: { 1: 'key', 2: 'operator', 3: 'values []string' },
  LabelSelectorAttributes: { 1: 'rawSelector', 2: 'requirements []LabelSelectorRequirement' },
  NonResourceAttributes: { 1: 'path', 2: 'verb' },
  // allowed is written without omitempty.
  SubjectAccessReviewStatus: { 1: 'allowed *bool', 2: 'reason', 3: 'evaluationError', 4: 'denied bool' },
  SelfSubjectRulesReview: { 1: 'metadata ObjectMeta', 2: 'spec SelfSubjectRulesReviewSpec' },
  SelfSubjectRulesReviewSpec: { 1: 'namespace' },
};

/** AUTHENTICATION is authentication.k8s.io/v1's TokenRequest (the serviceaccounts/token subresource) and SelfSubjectReview (its status is the server's to fill). */
export const AUTHENTICATION: Record<string, MessageSpec> = {
  TokenRequest: { 1: 'metadata ObjectMeta', 2: 'spec TokenRequestSpec', 3: 'status TokenRequestStatus' },
  TokenRequestSpec: { 1: 'audiences []string', 4: 'expirationSeconds *int64', 3: 'boundObjectRef BoundObjectReference' },
  BoundObjectReference: { 1: 'kind', 2: 'apiVersion', 3: 'name', 4: 'uid' },
  TokenRequestStatus: { 1: 'token', 2: 'expirationTimestamp Time' },
  SelfSubjectReview: { 1: 'metadata ObjectMeta' },
};

export const POLICY: Record<string, MessageSpec> = {
  PodDisruptionBudget: { 1: 'metadata ObjectMeta', 2: 'spec PodDisruptionBudgetSpec' },
  PodDisruptionBudgetSpec: {
    1: 'minAvailable IntOrString',
    2: 'selector LabelSelector',
    3: 'maxUnavailable IntOrString',
    4: 'unhealthyPodEvictionPolicy *string',
  },
  Eviction: { 1: 'metadata ObjectMeta', 2: 'deleteOptions DeleteOptions' },
};
