/**
 * The server-side printers: the columns `kubectl get` shows for each kind,
 * computed by the API server as pkg/printers/internalversion does, so that a
 * Table response already holds "READY 1/1", "STATUS Running", "AGE 5m".
 * Each exported set is one kind's columns; cells read the untyped object
 * defensively since stored objects may be partial.
 */
import { humanDuration, parseRfc3339 } from '../time';
import type { Column, ColumnType } from '../registry/types';
import type { KubeObject } from '../object';
import { getPath } from '../object';

type Cell = string | number | boolean | null;
type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function col(name: string, type: ColumnType, description: string, cell: (o: Any, now: number) => Cell, priority: 0 | 1 = 0, format?: string): Column {
  return { name, type, description, priority, cell: cell as Column['cell'], ...(format ? { format } : {}) };
}

const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const AGE_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.';

/** age is translateTimestampSince: the object's age, or "<unknown>" without a creationTimestamp. */
export function age(ts: unknown, now: number): string {
  if (typeof ts !== 'string') return '<unknown>';
  const t = parseRfc3339(ts);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

const nameCol = () => col('Name', 'string', NAME_DESCRIPTION, (o) => o.metadata?.name ?? '', 0, 'name');
const ageCol = () => col('Age', 'string', AGE_DESCRIPTION, (o, now) => age(o.metadata?.creationTimestamp, now));
const none = (s: string | undefined | null) => (s === undefined || s === null || s === '' ? '<none>' : s);
const arr = (v: unknown): Any[] => (Array.isArray(v) ? v : []);
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/** labelSelectorString prints a LabelSelector as metav1.FormatLabelSelector does. */
export function labelSelectorString(sel: unknown): string {
  if (!sel || typeof sel !== 'object') return '<none>';
  const s = sel as Any;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(s.matchLabels ?? {})) parts.push(`${k}=${v}`);
  for (const r of arr(s.matchExpressions)) {
    const op = String(r.operator ?? '');
    const values = arr(r.values).join(',');
    if (op === 'In') parts.push(`${r.key} in (${values})`);
    else if (op === 'NotIn') parts.push(`${r.key} notin (${values})`);
    else if (op === 'Exists') parts.push(String(r.key));
    else if (op === 'DoesNotExist') parts.push(`!${r.key}`);
  }
  const out = parts.join(',');
  return out === '' ? '<none>' : out;
}

/** mapSelectorString prints a map selector (Service, DaemonSet nodeSelector) as labels.FormatLabels: sorted k=v. */
function mapSelectorString(m: unknown): string {
  if (!m || typeof m !== 'object') return '<none>';
  const parts = Object.keys(m as Any)
    .sort()
    .map((k) => `${k}=${(m as Any)[k]}`);
  return parts.length ? parts.join(',') : '<none>';
}

const containers = (podSpec: Any | undefined) => arr(podSpec?.containers);
const containerNames = (path: string) => (o: Any) => containers(getPath(o, path) as Any).map((c) => c.name).join(',');
const containerImages = (path: string) => (o: Any) => containers(getPath(o, path) as Any).map((c) => c.image).join(',');
const workloadWide = (templateSpec: string, selector = true): Column[] => [
  col('Containers', 'string', 'Names of each container in the template.', containerNames(templateSpec), 1),
  col('Images', 'string', 'Images referenced by each container in the template.', containerImages(templateSpec), 1),
  ...(selector ? [col('Selector', 'string', 'Selector', (o: Any) => labelSelectorString(o.spec?.selector), 1)] : []),
];

/** podStatus is printPod's STATUS: the phase, refined by reasons from init and app containers and deletion. */
export function podStatus(pod: Any): string {
  const status = pod.status ?? {};
  let reason: string = status.reason || status.phase || 'Pending';
  const initStatuses = arr(status.initContainerStatuses);
  const initTotal = arr(pod.spec?.initContainers).length;
  let initializing = false;
  initStatuses.forEach((c, i) => {
    if (initializing) return;
    const term = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (term && term.exitCode === 0) return;
    if (term) {
      reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
      initializing = true;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
      initializing = true;
    } else {
      reason = `Init:${i}/${initTotal}`;
      initializing = true;
    }
  });
  if (!initializing) {
    let hasRunning = false;
    const statuses = arr(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
      else if (c.state?.terminated) reason = c.state.terminated.signal ? `Signal:${c.state.terminated.signal}` : `ExitCode:${c.state.terminated.exitCode}`;
      else if (c.ready && c.state?.running) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) {
      const ready = arr(status.conditions).some((c) => c.type === 'Ready' && c.status === 'True');
      reason = ready ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata?.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

function podRestarts(pod: Any, now: number): string {
  let restarts = 0;
  let last = NaN;
  for (const c of [...arr(pod.status?.initContainerStatuses), ...arr(pod.status?.containerStatuses)]) {
    restarts += num(c.restartCount);
    const finished = c.lastState?.terminated?.finishedAt;
    if (typeof finished === 'string') {
      const t = parseRfc3339(finished);
      if (!Number.isNaN(t) && (Number.isNaN(last) || t > last)) last = t;
    }
  }
  return restarts > 0 && !Number.isNaN(last) ? `${restarts} (${humanDuration(now - last)} ago)` : String(restarts);
}

export const podColumns: Column[] = [
  nameCol(),
  col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.', (o) => {
    const total = containers(o.spec).length;
    const ready = arr(o.status?.containerStatuses).filter((c) => c.ready).length;
    return `${ready}/${total}`;
  }),
  col('Status', 'string', 'The aggregate status of the containers in this pod.', (o) => podStatus(o)),
  col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.', podRestarts),
  ageCol(),
  col('IP', 'string', 'The IP address assigned to the pod', (o) => none(o.status?.podIP), 1),
  col('Node', 'string', 'The node that the pod is assigned to', (o) => none(o.spec?.nodeName), 1),
  col('Nominated Node', 'string', 'The node that the pod is nominated to run on', (o) => none(o.status?.nominatedNodeName), 1),
  col('Readiness Gates', 'string', 'The readiness gates of the pod', (o) => {
    const gates = arr(o.spec?.readinessGates);
    if (gates.length === 0) return '<none>';
    const conds = arr(o.status?.conditions);
    const ok = gates.filter((g) => conds.some((c) => c.type === g.conditionType && c.status === 'True')).length;
    return `${ok}/${gates.length}`;
  }, 1),
];

function nodeRoles(o: Any): string {
  const roles = Object.keys(o.metadata?.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .filter((r) => r !== '')
    .sort();
  return roles.length ? roles.join(',') : '<none>';
}

function nodeStatus(o: Any): string {
  const ready = arr(o.status?.conditions).find((c) => c.type === 'Ready');
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (o.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

const nodeAddress = (type: string) => (o: Any) => none(arr(o.status?.addresses).find((a) => a.type === type)?.address);

export const nodeColumns: Column[] = [
  nameCol(),
  col('Status', 'string', 'The status of the node', nodeStatus),
  col('Roles', 'string', 'The roles of the node', nodeRoles),
  ageCol(),
  col('Version', 'string', 'Kubelet Version reported by the node.', (o) => o.status?.nodeInfo?.kubeletVersion ?? ''),
  col('Internal-IP', 'string', 'List of internal IPs.', nodeAddress('InternalIP'), 1),
  col('External-IP', 'string', 'List of external IPs.', nodeAddress('ExternalIP'), 1),
  col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', (o) => o.status?.nodeInfo?.osImage || '<unknown>', 1),
  col('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", (o) => o.status?.nodeInfo?.kernelVersion || '<unknown>', 1),
  col('Container-Runtime', 'string', 'Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2).', (o) => o.status?.nodeInfo?.containerRuntimeVersion || '<unknown>', 1),
];

export const namespaceColumns: Column[] = [
  nameCol(),
  col('Status', 'string', 'The status of the namespace', (o) => o.status?.phase ?? ''),
  ageCol(),
];

function servicePorts(o: Any): string {
  const ports = arr(o.spec?.ports).map((p) => {
    const base = p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`;
    return base;
  });
  return ports.length ? ports.join(',') : '<none>';
}

function serviceExternalIP(o: Any): string {
  const type = o.spec?.type ?? 'ClusterIP';
  const external = arr(o.spec?.externalIPs);
  if (type === 'ExternalName') return o.spec?.externalName ?? '<none>';
  if (type === 'LoadBalancer') {
    const ingress = arr(o.status?.loadBalancer?.ingress).map((i) => i.ip || i.hostname);
    const all = [...ingress, ...external];
    return all.length ? all.join(',') : '<pending>';
  }
  return external.length ? external.join(',') : '<none>';
}

export const serviceColumns: Column[] = [
  nameCol(),
  col('Type', 'string', 'The type of the service', (o) => o.spec?.type ?? 'ClusterIP'),
  col('Cluster-IP', 'string', 'The cluster IP of the service', (o) => none(o.spec?.clusterIP)),
  col('External-IP', 'string', 'The external IP of the service', serviceExternalIP),
  col('Port(s)', 'string', 'The ports of the service', servicePorts),
  ageCol(),
  col('Selector', 'string', 'The selector of the service', (o) => mapSelectorString(o.spec?.selector), 1),
];

/** formatEndpoints is printers.formatEndpoints: up to three ip:port pairs, then "+ N more...". */
function formatEndpoints(o: Any): string {
  const all: string[] = [];
  for (const subset of arr(o.subsets)) {
    const ports = arr(subset.ports);
    for (const addr of arr(subset.addresses)) {
      if (ports.length === 0) all.push(addr.ip);
      for (const p of ports) all.push(`${addr.ip}:${p.port}`);
    }
  }
  if (all.length === 0) return '<none>';
  return all.length > 3 ? `${all.slice(0, 3).join(',')} + ${all.length - 3} more...` : all.join(',');
}

export const endpointsColumns: Column[] = [
  nameCol(),
  col('Endpoints', 'string', 'Endpoints of the resource', formatEndpoints),
  ageCol(),
];

export const configMapColumns: Column[] = [
  nameCol(),
  col('Data', 'string', 'Number of data entries in the ConfigMap', (o) => Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length),
  ageCol(),
];
configMapColumns[1].type = 'integer';

export const secretColumns: Column[] = [
  nameCol(),
  col('Type', 'string', 'The type of the secret', (o) => o.type ?? 'Opaque'),
  col('Data', 'integer', 'The number of data entries in the secret', (o) => Object.keys(o.data ?? {}).length),
  ageCol(),
];

export const serviceAccountColumns: Column[] = [
  nameCol(),
  col('Secrets', 'integer', 'The number of secrets associated with the service account', (o) => arr(o.secrets).length),
  ageCol(),
];

const eventTime = (o: Any, which: 'first' | 'last') =>
  which === 'first' ? o.firstTimestamp ?? o.eventTime ?? o.metadata?.creationTimestamp : o.lastTimestamp ?? o.series?.lastObservedTime ?? o.eventTime ?? o.metadata?.creationTimestamp;

export const eventColumns: Column[] = [
  col('Last Seen', 'string', 'Time when last event occurrence observed.', (o, now) => age(eventTime(o, 'last'), now)),
  col('Type', 'string', "Type of this event (Normal, Warning), new types could be added in the future.", (o) => o.type ?? ''),
  col('Reason', 'string', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.', (o) => o.reason ?? ''),
  col('Object', 'string', 'The object that this event is about.', (o) => `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}`),
  col('Subobject', 'string', 'The subobject that this event is about.', (o) => o.involvedObject?.fieldPath ?? '', 1),
  col('Source', 'string', 'The component reporting this event.', (o) => [o.source?.component, o.source?.host].filter(Boolean).join(', '), 1),
  col('Message', 'string', 'A human-readable description of the status of this operation.', (o) => o.message ?? ''),
  col('First Seen', 'string', 'The time at which the event was first recorded.', (o, now) => age(eventTime(o, 'first'), now), 1),
  col('Count', 'string', 'The number of times this event has occurred.', (o) => String(o.count ?? 1), 1),
  col('Name', 'string', NAME_DESCRIPTION, (o) => o.metadata?.name ?? '', 1, 'name'),
];

/** createdAtColumns are the default table's columns (metav1 DefaultTableConvertor and the printers that mimic it). */
export const createdAtColumns: Column[] = [
  nameCol(),
  col('Created At', 'date', AGE_DESCRIPTION, (o) => o.metadata?.creationTimestamp ?? null),
];

function quotaUsage(o: Any, prefix: 'limits.' | 'other'): string {
  const hard = o.status?.hard ?? o.spec?.hard ?? {};
  const used = o.status?.used ?? {};
  const keys = Object.keys(hard)
    .filter((k) => (prefix === 'limits.' ? k.startsWith('limits.') : !k.startsWith('limits.')))
    .sort();
  return keys.map((k) => `${k}: ${used[k] ?? '0'}/${hard[k]}`).join(', ');
}

export const resourceQuotaColumns: Column[] = [
  nameCol(),
  ageCol(),
  col('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.', (o) => quotaUsage(o, 'other')),
  col('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.', (o) => quotaUsage(o, 'limits.')),
];

const accessModes = (modes: unknown) =>
  arr(modes)
    .map((m) => ({ ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' })[m as unknown as string] ?? m)
    .join(',');

export const persistentVolumeColumns: Column[] = [
  nameCol(),
  col('Capacity', 'string', 'capacity is the description of the persistent volume\'s resources and capacity.', (o) => o.spec?.capacity?.storage ?? ''),
  col('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted.', (o) => accessModes(o.spec?.accessModes)),
  col('Reclaim Policy', 'string', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.', (o) => o.spec?.persistentVolumeReclaimPolicy ?? ''),
  col('Status', 'string', 'phase indicates if a volume is available, bound to a claim, or released by a claim.', (o) => o.status?.phase ?? ''),
  col('Claim', 'string', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.', (o) => (o.spec?.claimRef ? `${o.spec.claimRef.namespace}/${o.spec.claimRef.name}` : '')),
  col('StorageClass', 'string', 'storageClassName is the name of StorageClass to which this persistent volume belongs.', (o) => o.spec?.storageClassName ?? ''),
  col('VolumeAttributesClass', 'string', 'Name of VolumeAttributesClass to which this persistent volume belongs.', (o) => o.spec?.volumeAttributesClassName || '<unset>'),
  col('Reason', 'string', 'reason is a brief CamelCase string that describes any failure.', (o) => o.status?.reason ?? ''),
  ageCol(),
  col('VolumeMode', 'string', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.', (o) => o.spec?.volumeMode ?? 'Filesystem', 1),
];

export const persistentVolumeClaimColumns: Column[] = [
  nameCol(),
  col('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.', (o) => (o.metadata?.deletionTimestamp ? 'Terminating' : o.status?.phase ?? '')),
  col('Volume', 'string', 'volumeName is the binding reference to the PersistentVolume backing this claim.', (o) => o.spec?.volumeName ?? ''),
  col('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.', (o) => o.status?.capacity?.storage ?? ''),
  col('Access Modes', 'string', 'accessModes contains the desired access modes the volume should have.', (o) => accessModes(o.status?.accessModes)),
  col('StorageClass', 'string', 'storageClassName is the name of the StorageClass required by the claim.', (o) => o.spec?.storageClassName ?? ''),
  col('VolumeAttributesClass', 'string', 'volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.', (o) => o.spec?.volumeAttributesClassName || '<unset>'),
  ageCol(),
  col('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.', (o) => o.spec?.volumeMode ?? 'Filesystem', 1),
];

export const deploymentColumns: Column[] = [
  nameCol(),
  col('Ready', 'string', 'Number of the pod with ready state', (o) => `${num(o.status?.readyReplicas)}/${o.spec?.replicas ?? 1}`),
  col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.', (o) => num(o.status?.updatedReplicas)),
  col('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.', (o) => num(o.status?.availableReplicas)),
  ageCol(),
  ...workloadWide('spec.template.spec'),
];

export const replicaSetColumns: Column[] = [
  nameCol(),
  col('Desired', 'integer', 'Number of desired pods.', (o) => o.spec?.replicas ?? 1),
  col('Current', 'integer', 'Number of actual replicas.', (o) => num(o.status?.replicas)),
  col('Ready', 'integer', 'Number of ready replicas.', (o) => num(o.status?.readyReplicas)),
  ageCol(),
  ...workloadWide('spec.template.spec'),
];

export const statefulSetColumns: Column[] = [
  nameCol(),
  col('Ready', 'string', 'Number of the pod with ready state', (o) => `${num(o.status?.readyReplicas)}/${o.spec?.replicas ?? 1}`),
  ageCol(),
  ...workloadWide('spec.template.spec', false),
];

export const daemonSetColumns: Column[] = [
  nameCol(),
  col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod.', (o) => num(o.status?.desiredNumberScheduled)),
  col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod.', (o) => num(o.status?.currentNumberScheduled)),
  col('Ready', 'integer', 'The number of nodes that should be running the daemon pod and have one or more ready.', (o) => num(o.status?.numberReady)),
  col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod', (o) => num(o.status?.updatedNumberScheduled)),
  col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more available.', (o) => num(o.status?.numberAvailable)),
  col('Node Selector', 'string', 'NodeSelector is a selector which must be true for the pod to fit on a node.', (o) => mapSelectorString(o.spec?.template?.spec?.nodeSelector)),
  ageCol(),
  ...workloadWide('spec.template.spec'),
];

function jobStatus(o: Any): string {
  const conds = arr(o.status?.conditions);
  const has = (t: string) => conds.some((c) => c.type === t && c.status === 'True');
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (o.metadata?.deletionTimestamp) return 'Terminating';
  if (has('Suspended')) return 'Suspended';
  if (has('FailureTarget')) return 'FailureTarget';
  if (has('SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

function jobDuration(o: Any, now: number): string {
  const start = o.status?.startTime;
  if (typeof start !== 'string') return '';
  const end = typeof o.status?.completionTime === 'string' ? parseRfc3339(o.status.completionTime) : now;
  return humanDuration(end - parseRfc3339(start));
}

export const jobColumns: Column[] = [
  nameCol(),
  col('Status', 'string', 'Status of the job.', jobStatus),
  col('Completions', 'string', 'The desired number of successfully finished pods the job should be run with.', (o) => {
    const succeeded = num(o.status?.succeeded);
    const completions = o.spec?.completions;
    if (typeof completions === 'number') return `${succeeded}/${completions}`;
    const parallelism = o.spec?.parallelism ?? 1;
    return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
  }),
  col('Duration', 'string', 'Time required to complete the job.', jobDuration),
  ageCol(),
  ...workloadWide('spec.template.spec'),
];

export const cronJobColumns: Column[] = [
  nameCol(),
  col('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.', (o) => o.spec?.schedule ?? ''),
  col('Timezone', 'string', 'The time zone name for the given schedule.', (o) => o.spec?.timeZone ?? '<none>'),
  col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions.', (o) => String(o.spec?.suspend ?? false)),
  col('Active', 'integer', 'A list of pointers to currently running jobs.', (o) => arr(o.status?.active).length),
  col('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.', (o, now) => (o.status?.lastScheduleTime ? age(o.status.lastScheduleTime, now) : '<none>')),
  ageCol(),
  ...workloadWide('spec.jobTemplate.spec.template.spec'),
];

const subjects = (kind: string) => (o: Any) =>
  arr(o.subjects)
    .filter((s) => s.kind === kind)
    .map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name))
    .join(', ');

export const bindingColumns: Column[] = [
  nameCol(),
  col('Role', 'string', 'Role is the role that the binding refers to.', (o) => `${o.roleRef?.kind ?? ''}/${o.roleRef?.name ?? ''}`),
  ageCol(),
  col('Users', 'string', 'Users in the roleBinding', subjects('User'), 1),
  col('Groups', 'string', 'Groups in the roleBinding', subjects('Group'), 1),
  col('ServiceAccounts', 'string', 'ServiceAccounts in the roleBinding', subjects('ServiceAccount'), 1),
];

export const priorityClassColumns: Column[] = [
  nameCol(),
  col('Value', 'integer', 'The integer value of this priority class.', (o) => num(o.value)),
  col('Global-Default', 'boolean', 'globalDefault specifies whether this PriorityClass should be considered as the default priority.', (o) => o.globalDefault ?? false),
  ageCol(),
  col('PreemptionPolicy', 'string', 'preemptionPolicy is the Policy for preempting pods with lower priority.', (o) => o.preemptionPolicy ?? 'PreemptLowerPriority'),
];

export const storageClassColumns: Column[] = [
  col('Name', 'string', NAME_DESCRIPTION, (o) => {
    const isDefault = o.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true';
    return isDefault ? `${o.metadata?.name} (default)` : o.metadata?.name ?? '';
  }, 0, 'name'),
  col('Provisioner', 'string', 'Indicates the type of the provisioner.', (o) => o.provisioner ?? ''),
  col('ReclaimPolicy', 'string', 'Dynamically provisioned PersistentVolumes of this storage class are created with this reclaimPolicy.', (o) => o.reclaimPolicy ?? 'Delete'),
  col('VolumeBindingMode', 'string', 'VolumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.', (o) => o.volumeBindingMode ?? 'Immediate'),
  col('AllowVolumeExpansion', 'string', 'AllowVolumeExpansion shows whether the storage class allow volume expand.', (o) => String(o.allowVolumeExpansion ?? false)),
  ageCol(),
];

export const networkPolicyColumns: Column[] = [
  nameCol(),
  col('Pod-Selector', 'string', 'Selects the pods to which this NetworkPolicy object applies.', (o) => labelSelectorString(o.spec?.podSelector)),
  ageCol(),
];

export const endpointSliceColumns: Column[] = [
  nameCol(),
  col('AddressType', 'string', 'The IP protocol for this slice', (o) => o.addressType ?? ''),
  col('Ports', 'string', 'The ports contained in the slice', (o) => {
    const ports = arr(o.ports).map((p) => String(p.port ?? ''));
    return ports.length ? ports.join(',') : '<unset>';
  }),
  col('Endpoints', 'string', 'The endpoints contained in the slice', (o) => {
    const addrs = arr(o.endpoints).flatMap((e) => arr(e.addresses));
    if (addrs.length === 0) return '<unset>';
    return addrs.length > 3 ? `${addrs.slice(0, 3).join(',')} + ${addrs.length - 3} more...` : addrs.join(',');
  }),
  ageCol(),
];

export const hpaColumns: Column[] = [
  nameCol(),
  col('Reference', 'string', 'Reference to the scaled resource', (o) => `${o.spec?.scaleTargetRef?.kind ?? ''}/${o.spec?.scaleTargetRef?.name ?? ''}`),
  col('Targets', 'string', 'Targets for the metrics', (o) => {
    const metrics = arr(o.spec?.metrics);
    if (metrics.length === 0) return '<none>';
    const current = arr(o.status?.currentMetrics);
    return metrics
      .map((m, i) => {
        if (m.type !== 'Resource') return `<unknown>/${m.type}`;
        const name = m.resource?.name;
        const target = m.resource?.target ?? {};
        const cur = current[i]?.resource?.current;
        if (target.averageUtilization !== undefined) return `${name}: ${cur?.averageUtilization !== undefined ? `${cur.averageUtilization}%` : '<unknown>'}/${target.averageUtilization}%`;
        return `${name}: ${cur?.averageValue ?? '<unknown>'}/${target.averageValue ?? target.value ?? ''}`;
      })
      .join(', ');
  }),
  col('MinPods', 'string', 'Minimum number of replicas', (o) => String(o.spec?.minReplicas ?? 1)),
  col('MaxPods', 'integer', 'Maximum number of replicas', (o) => num(o.spec?.maxReplicas)),
  col('Replicas', 'integer', 'Current replicas', (o) => num(o.status?.currentReplicas)),
  ageCol(),
];

export const leaseColumns: Column[] = [
  nameCol(),
  col('Holder', 'string', 'The holder of the lease', (o) => o.spec?.holderIdentity ?? ''),
  ageCol(),
];

export const webhookConfigurationColumns: Column[] = [
  nameCol(),
  col('Webhooks', 'integer', 'Webhooks indicates the number of webhooks in the configuration', (o) => arr(o.webhooks).length),
  ageCol(),
];

export const limitRangeColumns: Column[] = [
  nameCol(),
  col('Created At', 'date', AGE_DESCRIPTION, (o) => o.metadata?.creationTimestamp ?? null),
];

/** rowCells evaluates columns on an object: one Table row's cells. */
export function rowCells(columns: Column[], obj: KubeObject, now: number): Cell[] {
  return columns.map((c) => c.cell(obj, now));
}
