/**
 * Defaulting and create-time resets for the kinds that have them
 * (pkg/apis/<group>/v1/defaults.go and each strategy's PrepareForCreate), so that
 * `kubectl get -o yaml` shows what a real cluster would fill in.
 * Every function mutates its argument in place.
 */
import type { KubeObject } from '../object';
import { base64Encode, utf8Encode } from '../auth/authn/bytes';
import { dropRoundTripAnnotations } from '../conversion/autoscaling';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const arr = (v: unknown): Any[] => (Array.isArray(v) ? v : []);
const isPlainObject = (v: unknown): v is Any => typeof v === 'object' && v !== null && !Array.isArray(v);
const setDefault = (o: Any, key: string, value: unknown) => {
  if (o[key] === undefined) o[key] = value;
};

/** imagePullPolicyFor is SetDefaults_Container's rule: ":latest" or no tag pulls Always. */
export function imagePullPolicyFor(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  const tag = colon >= 0 ? last.slice(colon + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: Any): void {
  if (typeof c.image === 'string') setDefault(c, 'imagePullPolicy', imagePullPolicyFor(c.image));
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'resources', {});
  for (const p of arr(c.ports)) setDefault(p, 'protocol', 'TCP');
  // Limits without requests default requests to the limits.
  if (isPlainObject(c.resources?.limits)) {
    c.resources.requests = { ...c.resources.limits, ...(c.resources.requests ?? {}) };
  }
}

/** defaultPodSpec is SetDefaults_PodSpec with its containers. */
export function defaultPodSpec(spec: Any | undefined): void {
  if (!isPlainObject(spec)) return;
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'enableServiceLinks', true);
  for (const c of [...arr(spec.initContainers), ...arr(spec.containers)]) defaultContainer(c);
  for (const v of arr(spec.volumes)) {
    if (v.configMap) setDefault(v.configMap, 'defaultMode', 420);
    if (v.secret) setDefault(v.secret, 'defaultMode', 420);
    if (v.projected) setDefault(v.projected, 'defaultMode', 420);
  }
}

export function defaultPod(obj: KubeObject): void {
  const spec = obj.spec as Any;
  defaultPodSpec(spec);
  if (isPlainObject(spec)) {
    setDefault(spec, 'serviceAccountName', 'default');
    setDefault(spec, 'priority', 0);
    setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
    const toleration = (key: string) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
    const tolerations = arr(spec.tolerations);
    // DefaultTolerationSeconds admission (on by default): tolerate not-ready and unreachable for 5 minutes.
    for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'])
      if (!tolerations.some((t) => t.key === key)) tolerations.push(toleration(key));
    spec.tolerations = tolerations;
  }
}

/** qosClass is qos.GetPodQOS: Guaranteed when every container's requests equal its limits, BestEffort with none. */
export function qosClass(spec: Any | undefined): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...arr(spec?.initContainers), ...arr(spec?.containers)];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) guaranteed = false;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function preparePodForCreate(obj: KubeObject): void {
  obj.status = { phase: 'Pending', qosClass: qosClass(obj.spec as Any) };
}

export function resetStatus(obj: KubeObject): void {
  obj.status = {};
}

function defaultTemplate(spec: Any | undefined): void {
  if (isPlainObject(spec?.template)) defaultPodSpec(spec.template.spec);
}

export function defaultDeployment(obj: KubeObject): void {
  const spec = obj.spec as Any;
  if (!isPlainObject(spec)) return;
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'strategy', {});
  setDefault(spec.strategy, 'type', 'RollingUpdate');
  if (spec.strategy.type === 'RollingUpdate') {
    setDefault(spec.strategy, 'rollingUpdate', {});
    setDefault(spec.strategy.rollingUpdate, 'maxUnavailable', '25%');
    setDefault(spec.strategy.rollingUpdate, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultTemplate(spec);
}

export function defaultReplicaSet(obj: KubeObject): void {
  const spec = obj.spec as Any;
  if (!isPlainObject(spec)) return;
  setDefault(spec, 'replicas', 1);
  defaultTemplate(spec);
}

export function defaultStatefulSet(obj: KubeObject): void {
  const spec = obj.spec as Any;
  if (!isPlainObject(spec)) return;
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  setDefault(spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' });
  defaultTemplate(spec);
}

export function defaultDaemonSet(obj: KubeObject): void {
  const spec = obj.spec as Any;
  if (!isPlainObject(spec)) return;
  setDefault(spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultTemplate(spec);
}

function defaultJobSpec(spec: Any): void {
  setDefault(spec, 'parallelism', 1);
  if (spec.completions === undefined && spec.parallelism === 1) spec.completions = 1;
  setDefault(spec, 'backoffLimit', 6);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'podReplacementPolicy', 'TerminatingOrFailed');
  defaultTemplate(spec);
}

export function defaultJob(obj: KubeObject): void {
  const spec = obj.spec as Any;
  if (!isPlainObject(spec)) return;
  defaultJobSpec(spec);
  // The job controller's selector: a generated one on the template's controller-uid label is added at create.
}

export function defaultCronJob(obj: KubeObject): void {
  const spec = obj.spec as Any;
  if (!isPlainObject(spec)) return;
  setDefault(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  if (isPlainObject(spec.jobTemplate?.spec)) defaultTemplate(spec.jobTemplate.spec);
}

export function defaultService(obj: KubeObject): void {
  const spec = obj.spec as Any;
  if (!isPlainObject(spec)) return;
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.type !== 'ExternalName') {
    setDefault(spec, 'internalTrafficPolicy', 'Cluster');
    setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
    setDefault(spec, 'ipFamilies', ['IPv4']);
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  for (const p of arr(spec.ports)) {
    setDefault(p, 'protocol', 'TCP');
    setDefault(p, 'targetPort', p.port);
  }
}

export function defaultNamespace(obj: KubeObject): void {
  obj.spec = isPlainObject(obj.spec) ? obj.spec : {};
  setDefault(obj.spec as Any, 'finalizers', ['kubernetes']);
  const name = obj.metadata?.name;
  // The NamespaceDefaultLabelName feature: every namespace carries its own name as a label.
  if (name && obj.metadata) obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
}

export function prepareNamespaceForCreate(obj: KubeObject): void {
  obj.status = { phase: 'Active' };
}

/**
 * defaultSecret sets type Opaque and folds stringData into data, as the v1
 * conversion does on the way in: stringData is write-only, its values
 * (UTF-8, base64-encoded) win over data's, and it is never stored.
 */
export function defaultSecret(obj: KubeObject): void {
  const o = obj as Any;
  setDefault(o, 'type', 'Opaque');
  if (isPlainObject(o.stringData)) {
    const data: Any = isPlainObject(o.data) ? o.data : {};
    for (const [k, v] of Object.entries(o.stringData)) if (typeof v === 'string') data[k] = base64Encode(utf8Encode(v));
    o.data = data;
  }
  delete o.stringData;
}

export function defaultPersistentVolume(obj: KubeObject): void {
  const spec = obj.spec as Any;
  if (!isPlainObject(spec)) return;
  setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  setDefault(spec, 'volumeMode', 'Filesystem');
}

export function preparePersistentVolumeForCreate(obj: KubeObject): void {
  obj.status = { phase: 'Pending' };
}

export function defaultPersistentVolumeClaim(obj: KubeObject): void {
  const spec = obj.spec as Any;
  if (!isPlainObject(spec)) return;
  setDefault(spec, 'volumeMode', 'Filesystem');
}

export function preparePersistentVolumeClaimForCreate(obj: KubeObject): void {
  obj.status = { phase: 'Pending' };
}

export function defaultStorageClass(obj: KubeObject): void {
  setDefault(obj as Any, 'reclaimPolicy', 'Delete');
  setDefault(obj as Any, 'volumeBindingMode', 'Immediate');
}

export function defaultPriorityClass(obj: KubeObject): void {
  setDefault(obj as Any, 'preemptionPolicy', 'PreemptLowerPriority');
}

export function defaultNetworkPolicy(obj: KubeObject): void {
  const spec = obj.spec as Any;
  if (!isPlainObject(spec)) return;
  if (spec.policyTypes === undefined) spec.policyTypes = spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
  for (const rule of [...arr(spec.ingress), ...arr(spec.egress)]) for (const p of arr(rule.ports)) setDefault(p, 'protocol', 'TCP');
}

/**
 * defaultHPA is autoscaling/v2's SetDefaults_HorizontalPodAutoscaler: one
 * replica at least, a cpu 80% target when no metric is given, and a given
 * behavior completed with the default scaling rules. It also drops the v1
 * round-trip annotations, which only a conversion from v1 may produce (the
 * v2 conversion drops them upstream).
 */
export function defaultHPA(obj: KubeObject): void {
  const meta = obj.metadata;
  if (meta?.annotations) {
    const kept = dropRoundTripAnnotations(meta.annotations);
    if (kept) meta.annotations = kept;
    else delete meta.annotations;
  }
  const spec = obj.spec as Any;
  if (!isPlainObject(spec)) return;
  setDefault(spec, 'minReplicas', 1);
  if (spec.metrics === undefined || spec.metrics === null || (Array.isArray(spec.metrics) && spec.metrics.length === 0))
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  if (isPlainObject(spec.behavior)) {
    spec.behavior.scaleUp = scalingRules(spec.behavior.scaleUp, HPA_SCALE_UP);
    spec.behavior.scaleDown = scalingRules(spec.behavior.scaleDown, HPA_SCALE_DOWN);
  }
}

/**
 * HPA_SCALE_UP and HPA_SCALE_DOWN are the default scaling rules
 * (GenerateHPAScaleUpRules / GenerateHPAScaleDownRules). Scale-down has no
 * stabilization window by default: the controller's
 * --horizontal-pod-autoscaler-downscale-stabilization applies instead.
 */
const HPA_SCALE_UP: Any = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};
const HPA_SCALE_DOWN: Any = { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

/** scalingRules is copyHPAScalingRules over a copy of the defaults: each field the rules set wins. */
function scalingRules(rules: unknown, defaults: Any): Any {
  const out: Any = JSON.parse(JSON.stringify(defaults));
  if (!isPlainObject(rules)) return out;
  for (const [k, v] of Object.entries(rules)) if (v !== undefined && v !== null) out[k] = v;
  return out;
}

export function defaultEndpointSlice(obj: KubeObject): void {
  for (const p of arr((obj as Any).ports)) setDefault(p, 'protocol', 'TCP');
}

export function defaultWebhookConfiguration(obj: KubeObject, mutating: boolean): void {
  for (const w of arr((obj as Any).webhooks)) {
    setDefault(w, 'failurePolicy', 'Fail');
    setDefault(w, 'matchPolicy', 'Equivalent');
    setDefault(w, 'namespaceSelector', {});
    setDefault(w, 'objectSelector', {});
    setDefault(w, 'timeoutSeconds', 10);
    if (mutating) setDefault(w, 'reinvocationPolicy', 'Never');
    for (const r of arr(w.rules)) setDefault(r, 'scope', '*');
  }
}
