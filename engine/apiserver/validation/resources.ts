/**
 * Type-specific validation, focused on what learners and kubectl trip over
 * (pkg/apis/<group>/validation): pods need named containers with images and keep
 * their spec on update, workloads need a selector matching their template,
 * and a few enumerations. Each validator returns field errors for a 422.
 */
import type { KubeObject } from '../object';
import { deepEqual, isPlainObject } from '../object';
import { duplicate, forbidden, invalid, invalidShown, notSupported, required, type FieldError } from './field';
import { isDNS1123Label, isDNS1123Subdomain } from './names';
import { validateLabels } from './meta';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const arr = (v: unknown): Any[] => (Array.isArray(v) ? v : []);

/** goMap prints a map[string]string as Go's %#v does, which upstream's selector message shows. */
export function goMap(m: unknown): string {
  if (!isPlainObject(m)) return 'map[string]string(nil)';
  const keys = Object.keys(m).sort();
  return `map[string]string{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(m[k])}`).join(', ')}}`;
}

/** validateContainers checks one container list (containers, initContainers). */
function validateContainers(list: unknown, field: string, needOne: boolean, seen: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const containers = arr(list);
  if (needOne && containers.length === 0) return [required(field)];
  containers.forEach((c, i) => {
    const f = `${field}[${i}]`;
    if (!c.name) errs.push(required(`${f}.name`));
    else {
      for (const msg of isDNS1123Label(c.name)) errs.push(invalid(`${f}.name`, c.name, msg));
      if (seen.has(c.name)) errs.push(duplicate(`${f}.name`, c.name));
      seen.add(c.name);
    }
    if (!c.image || String(c.image).trim() === '') errs.push(required(`${f}.image`));
    const ports = new Set<string>();
    arr(c.ports).forEach((p, j) => {
      const pf = `${f}.ports[${j}]`;
      if (typeof p.containerPort !== 'number' || p.containerPort < 1 || p.containerPort > 65535)
        errs.push(invalid(`${pf}.containerPort`, p.containerPort ?? 0, 'must be between 1 and 65535, inclusive'));
      if (p.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) errs.push(notSupported(`${pf}.protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
      if (p.name) {
        if (ports.has(p.name)) errs.push(duplicate(`${pf}.name`, p.name));
        ports.add(p.name);
      }
    });
    if (c.imagePullPolicy !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy))
      errs.push(notSupported(`${f}.imagePullPolicy`, c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']));
  });
  return errs;
}

/** validatePodSpec is the focused ValidatePodSpec: containers, restart policy, volumes' names. */
export function validatePodSpec(spec: unknown, field: string): FieldError[] {
  if (!isPlainObject(spec)) return [required(field)];
  const s = spec as Any;
  const seen = new Set<string>();
  const errs = [
    ...validateContainers(s.containers, `${field}.containers`, true, seen),
    ...validateContainers(s.initContainers, `${field}.initContainers`, false, seen),
  ];
  if (s.restartPolicy !== undefined && !['Always', 'OnFailure', 'Never'].includes(s.restartPolicy))
    errs.push(notSupported(`${field}.restartPolicy`, s.restartPolicy, ['Always', 'Never', 'OnFailure']));
  const volumes = new Set<string>();
  arr(s.volumes).forEach((v, i) => {
    if (!v.name) errs.push(required(`${field}.volumes[${i}].name`));
    else if (volumes.has(v.name)) errs.push(duplicate(`${field}.volumes[${i}].name`, v.name));
    volumes.add(v.name);
  });
  return errs;
}

export function validatePod(obj: KubeObject, old?: KubeObject): FieldError[] {
  const errs = validatePodSpec(obj.spec, 'spec');
  if (old && errs.length === 0) errs.push(...validatePodSpecUpdate(obj.spec as Any, old.spec as Any));
  return errs;
}

/**
 * POD_UPDATE_MESSAGE is ValidatePodUpdate's refusal: a pod's spec is fixed
 * once created except for a few fields.
 */
export const POD_UPDATE_MESSAGE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** validatePodSpecUpdate compares specs with the mutable fields masked out. */
function validatePodSpecUpdate(spec: Any, old: Any): FieldError[] {
  const mask = (s: Any, from: Any) => {
    const c = JSON.parse(JSON.stringify(s ?? {})) as Any;
    for (const key of ['containers', 'initContainers']) {
      arr(c[key]).forEach((ctr, i) => {
        const prev = arr(from?.[key])[i];
        if (prev) ctr.image = prev.image;
      });
    }
    c.activeDeadlineSeconds = from?.activeDeadlineSeconds;
    c.tolerations = from?.tolerations;
    c.terminationGracePeriodSeconds = from?.terminationGracePeriodSeconds;
    return c;
  };
  const errs: FieldError[] = [];
  const oldTolerations = arr(old?.tolerations);
  const newTolerations = arr(spec?.tolerations);
  if (!oldTolerations.every((t) => newTolerations.some((n) => deepEqual(n, t))))
    errs.push(forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
  if (!deepEqual(mask(spec, old), old ?? {})) errs.push(forbidden('spec', POD_UPDATE_MESSAGE));
  return errs;
}

/**
 * validateSelectorMatchesTemplate is the workload check: a selector is
 * required, and must select the template's labels.
 */
export function validateSelectorMatchesTemplate(obj: KubeObject, templatePath: 'spec.template' | 'spec.jobTemplate.spec.template' = 'spec.template'): FieldError[] {
  const spec = (obj.spec ?? {}) as Any;
  const errs: FieldError[] = [];
  const selector = spec.selector;
  if (!isPlainObject(selector)) errs.push(required('spec.selector'));
  else if (Object.keys(selector.matchLabels ?? {}).length === 0 && arr(selector.matchExpressions).length === 0)
    errs.push(invalid('spec.selector', selector, 'empty selector is invalid for deployment'));
  const template = templatePath === 'spec.template' ? spec.template : spec.jobTemplate?.spec?.template;
  const labels = template?.metadata?.labels ?? {};
  errs.push(...validateLabels(labels, `${templatePath}.metadata.labels`));
  if (isPlainObject(selector) && errs.length === 0 && !selectorMatches(selector as Any, labels))
    // Upstream prints the template's labels with Go's %#v.
    errs.push(invalidShown(`${templatePath}.metadata.labels`, goMap(labels), '`selector` does not match template `labels`'));
  if (template) errs.push(...validatePodSpec(template.spec, `${templatePath}.spec`));
  else errs.push(required(templatePath));
  if (typeof spec.replicas === 'number' && spec.replicas < 0) errs.push(invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  return errs;
}

/** selectorMatches evaluates a LabelSelector against a label map. */
export function selectorMatches(selector: Any, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const r of arr(selector.matchExpressions)) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const values = arr(r.values) as unknown as string[];
    if (r.operator === 'In' && !(has && values.includes(labels[r.key]))) return false;
    if (r.operator === 'NotIn' && has && values.includes(labels[r.key])) return false;
    if (r.operator === 'Exists' && !has) return false;
    if (r.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** validateWorkload adds the immutable selector check on update (apps/v1). */
export function validateWorkload(obj: KubeObject, old?: KubeObject): FieldError[] {
  const errs = validateSelectorMatchesTemplate(obj);
  if (old && !deepEqual((obj.spec as Any)?.selector, (old.spec as Any)?.selector))
    errs.push(invalid('spec.selector', (obj.spec as Any)?.selector ?? null, 'field is immutable'));
  return errs;
}

export function validateJob(obj: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as Any;
  const errs: FieldError[] = [];
  if (!spec.template) return [required('spec.template')];
  errs.push(...validatePodSpec(spec.template.spec, 'spec.template.spec'));
  const rp = spec.template.spec?.restartPolicy;
  if (rp !== undefined && rp !== 'OnFailure' && rp !== 'Never') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['OnFailure', 'Never']));
  return errs;
}

export function validateCronJob(obj: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as Any;
  const errs: FieldError[] = [];
  if (!spec.schedule) errs.push(required('spec.schedule'));
  if (!spec.jobTemplate?.spec?.template) errs.push(required('spec.jobTemplate.spec.template'));
  else errs.push(...validatePodSpec(spec.jobTemplate.spec.template.spec, 'spec.jobTemplate.spec.template.spec'));
  return errs;
}

export function validateService(obj: KubeObject, old?: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as Any;
  const errs: FieldError[] = [];
  const type = spec.type ?? 'ClusterIP';
  if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(type))
    errs.push(notSupported('spec.type', type, ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']));
  const ports = arr(spec.ports);
  if (ports.length === 0 && type !== 'ExternalName' && spec.clusterIP !== 'None') errs.push(required('spec.ports'));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    if (ports.length > 1 && !p.name) errs.push(required(`spec.ports[${i}].name`));
    if (p.name) {
      if (names.has(p.name)) errs.push(duplicate(`spec.ports[${i}].name`, p.name));
      names.add(p.name);
    }
    if (typeof p.port !== 'number' || p.port < 1 || p.port > 65535) errs.push(invalid(`spec.ports[${i}].port`, p.port ?? 0, 'must be between 1 and 65535, inclusive'));
  });
  if (old) {
    const oldIP = (old.spec as Any)?.clusterIP;
    if (oldIP && spec.clusterIP !== oldIP && (old.spec as Any)?.type !== 'ExternalName')
      errs.push(invalid('spec.clusterIPs[0]', spec.clusterIP ?? '', 'may not change once set'));
  }
  return errs;
}

export function validateConfigMap(obj: KubeObject, old?: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of Object.keys((obj.data as Any) ?? {}))
    if (!/^[-._a-zA-Z0-9]+$/.test(key))
      errs.push(invalid('data', key, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
  if (old && (old as Any).immutable === true) {
    if (!deepEqual(obj.data, old.data) || !deepEqual(obj.binaryData, old.binaryData)) errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
    if ((obj as Any).immutable !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  }
  return errs;
}

export function validateSecret(obj: KubeObject, old?: KubeObject): FieldError[] {
  const errs = validateConfigMap(obj, old);
  if (old && (obj as Any).type !== (old as Any).type) errs.push(invalid('type', (obj as Any).type ?? '', 'field is immutable'));
  return errs;
}

/** validateRoleRef requires a roleRef on bindings and makes it immutable. */
export function validateBinding(obj: KubeObject, old?: KubeObject): FieldError[] {
  const ref = (obj as Any).roleRef;
  const errs: FieldError[] = [];
  if (!ref?.name) errs.push(required('roleRef.name'));
  if (ref?.kind !== 'Role' && ref?.kind !== 'ClusterRole') errs.push(notSupported('roleRef.kind', ref?.kind ?? '', ['Role', 'ClusterRole']));
  if (old && !deepEqual(ref, (old as Any).roleRef)) errs.push(invalid('roleRef', ref, 'cannot change roleRef'));
  arr((obj as Any).subjects).forEach((s, i) => {
    if (!s.name) errs.push(required(`subjects[${i}].name`));
    if (!['User', 'Group', 'ServiceAccount'].includes(s.kind)) errs.push(notSupported(`subjects[${i}].kind`, s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  });
  return errs;
}

export function validateRole(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  arr((obj as Any).rules).forEach((r, i) => {
    if (arr(r.verbs).length === 0) errs.push(required(`rules[${i}].verbs`, 'verbs must contain at least one value'));
    if (arr(r.nonResourceURLs).length && arr(r.resources).length)
      errs.push(invalid(`rules[${i}].nonResourceURLs`, r.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
  });
  return errs;
}

export function validatePriorityClass(obj: KubeObject, old?: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const name = obj.metadata?.name ?? '';
  if (name.startsWith('system-') && !['system-node-critical', 'system-cluster-critical'].includes(name))
    errs.push(forbidden('metadata.name', 'priority class names with \'system-\' prefix are reserved for system use only'));
  if (typeof (obj as Any).value !== 'number') errs.push(required('value'));
  if (old && (obj as Any).value !== (old as Any).value) errs.push(forbidden('value', 'may not be changed in an update.'));
  return errs;
}

export function validateNamespace(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const finalizers: unknown[] = Array.isArray((obj.spec as Any)?.finalizers) ? (obj.spec as Any).finalizers : [];
  for (const [i, f] of finalizers.entries())
    if (typeof f !== 'string' || (f !== 'kubernetes' && (!f.includes('/') || isDNS1123Subdomain(f.split('/')[0]).length > 0)))
      errs.push(invalid(`spec.finalizers[${i}]`, f, 'name is neither a standard finalizer name nor is it fully qualified'));
  return errs;
}

export function validateHPA(obj: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as Any;
  const errs: FieldError[] = [];
  if (!spec.scaleTargetRef?.kind) errs.push(required('spec.scaleTargetRef.kind'));
  if (!spec.scaleTargetRef?.name) errs.push(required('spec.scaleTargetRef.name'));
  if (typeof spec.maxReplicas !== 'number' || spec.maxReplicas < 1) errs.push(invalid('spec.maxReplicas', spec.maxReplicas ?? 0, 'must be greater than or equal to 1'));
  if (typeof spec.minReplicas === 'number' && spec.minReplicas > spec.maxReplicas)
    errs.push(invalid('spec.maxReplicas', spec.maxReplicas, 'must be greater than or equal to `minReplicas`'));
  return errs;
}
