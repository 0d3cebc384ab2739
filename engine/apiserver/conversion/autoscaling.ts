/**
 * HorizontalPodAutoscaler between autoscaling/v1 and autoscaling/v2, as
 * pkg/apis/autoscaling/v1/conversion.go converts through the internal
 * version (whose shape v2 shares, so v2 stands in for it here).
 *
 * v1 has one metric, targetCPUUtilizationPercentage: it is a v2 Resource
 * metric on cpu with a Utilization target. What v1 cannot express rides in
 * annotations, so that v2 → v1 → v2 keeps it:
 * - autoscaling.alpha.kubernetes.io/metrics: the other metrics, as v1
 *   MetricSpecs (the v2beta1-shaped ones: targetAverageUtilization …);
 * - autoscaling.alpha.kubernetes.io/current-metrics: status.currentMetrics,
 *   all of them (the cpu one too, to keep its raw value);
 * - autoscaling.alpha.kubernetes.io/conditions: status.conditions;
 * - autoscaling.alpha.kubernetes.io/behavior: spec.behavior, marshalled as
 *   upstream marshals its internal type, with Go field names ("ScaleUp").
 * Reading a v1 object back, the annotations are decoded into the v2 fields
 * and removed. A v1 object with no metric at all gets the cpu 80% target
 * that v1 always implied.
 */
import { isPlainObject, type KubeObject } from '../object';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** METRIC_SPECS_ANNOTATION is autoscaling.MetricSpecsAnnotation. */
export const METRIC_SPECS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
/** METRIC_STATUSES_ANNOTATION is autoscaling.MetricStatusesAnnotation. */
export const METRIC_STATUSES_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
/** CONDITIONS_ANNOTATION is autoscaling.HorizontalPodAutoscalerConditionsAnnotation. */
export const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
/** BEHAVIOR_ANNOTATION is autoscaling.BehaviorSpecsAnnotation. */
export const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';

const ROUND_TRIP_ANNOTATIONS = [METRIC_SPECS_ANNOTATION, METRIC_STATUSES_ANNOTATION, CONDITIONS_ANNOTATION, BEHAVIOR_ANNOTATION];

/** DEFAULT_CPU_UTILIZATION is autoscaling.DefaultCPUUtilization, the target v1 implies when none is set. */
export const DEFAULT_CPU_UTILIZATION = 80;

/** The zero resource.Quantity, as Go marshals a Quantity that is not a pointer and was never set. */
const ZERO = '0';

const objectOr = (v: unknown): Any | undefined => (isPlainObject(v) ? (v as Any) : undefined);
const isSet = (v: unknown) => v !== undefined && v !== null;
const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** put sets out[key] to a copy of value unless value is unset (a Go `omitempty` field). */
function put(out: Any, key: string, value: unknown): void {
  if (isSet(value)) out[key] = clone(value);
}

/**
 * dropRoundTripAnnotations is DropRoundTripHorizontalPodAutoscalerAnnotations:
 * the annotations without the four conversion ones, or undefined when
 * nothing is left.
 */
export function dropRoundTripAnnotations(annotations: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!annotations) return annotations;
  const out = { ...annotations };
  for (const a of ROUND_TRIP_ANNOTATIONS) delete out[a];
  return Object.keys(out).length ? out : undefined;
}

const isCpuResource = (m: Any) => m.type === 'Resource' && isPlainObject(m.resource) && m.resource.name === 'cpu';

// ---------------------------------------------------------------- v2 → v1

function refToV1(ref: unknown): Any {
  const r = objectOr(ref) ?? {};
  const out: Any = { kind: r.kind ?? '', name: r.name ?? '' };
  if (r.apiVersion) out.apiVersion = r.apiVersion;
  return out;
}

/**
 * metricToV1 is Convert_autoscaling_MetricSpec_To_v1_MetricSpec (side
 * "target") and …MetricStatus_To_v1_MetricStatus (side "current"): each
 * source's target or current value under v1's target…/current… names. A
 * status always carries its values (Go writes the zero Quantity); a spec
 * only those its source requires.
 */
function metricToV1(m: Any, side: 'target' | 'current'): Any {
  const status = side === 'current';
  const out: Any = { type: m.type ?? '' };
  // put a value the status always has, the spec only when set.
  const value = (s: Any, field: string, v: unknown) => (status ? (s[field] = v ?? ZERO) : put(s, field, v));
  const o = objectOr(m.object);
  if (o) {
    const s: Any = { target: refToV1(o.describedObject), metricName: o.metric?.name ?? '', [`${side}Value`]: o[side]?.value ?? ZERO };
    put(s, 'selector', o.metric?.selector);
    put(s, 'averageValue', o[side]?.averageValue);
    out.object = s;
  }
  const p = objectOr(m.pods);
  if (p) {
    const s: Any = { metricName: p.metric?.name ?? '', [`${side}AverageValue`]: p[side]?.averageValue ?? ZERO };
    put(s, 'selector', p.metric?.selector);
    out.pods = s;
  }
  for (const source of ['resource', 'containerResource'] as const) {
    const r = objectOr(m[source]);
    if (!r) continue;
    const s: Any = { name: r.name ?? '' };
    put(s, `${side}AverageUtilization`, r[side]?.averageUtilization);
    value(s, `${side}AverageValue`, r[side]?.averageValue);
    if (source === 'containerResource') s.container = r.container ?? '';
    out[source] = s;
  }
  const e = objectOr(m.external);
  if (e) {
    const s: Any = { metricName: e.metric?.name ?? '' };
    put(s, 'metricSelector', e.metric?.selector);
    value(s, `${side}Value`, e[side]?.value);
    put(s, `${side}AverageValue`, e[side]?.averageValue);
    out.external = s;
  }
  return out;
}

/** metricSpecToV1 is Convert_autoscaling_MetricSpec_To_v1_MetricSpec. */
export const metricSpecToV1 = (m: Any): Any => metricToV1(m, 'target');

/** metricStatusToV1 is Convert_autoscaling_MetricStatus_To_v1_MetricStatus. */
export const metricStatusToV1 = (m: Any): Any => metricToV1(m, 'current');

/** conditionToV1: the same fields; lastTransitionTime is a metav1.Time, which Go writes as null when unset. */
function conditionToV1(c: Any): Any {
  const out: Any = { type: c.type ?? '', status: c.status ?? '', lastTransitionTime: c.lastTransitionTime ?? null };
  put(out, 'reason', c.reason || undefined);
  put(out, 'message', c.message || undefined);
  return out;
}

/** rulesToInternal writes HPAScalingRules as Go marshals the internal type: Go field names, nil as null. */
function rulesToInternal(r: unknown): Any | null {
  const rules = objectOr(r);
  if (!rules) return null;
  return {
    StabilizationWindowSeconds: rules.stabilizationWindowSeconds ?? null,
    SelectPolicy: rules.selectPolicy ?? null,
    Policies: Array.isArray(rules.policies)
      ? rules.policies.map((p: Any) => ({ Type: p?.type ?? '', Value: p?.value ?? 0, PeriodSeconds: p?.periodSeconds ?? 0 }))
      : null,
  };
}

/**
 * hpaV2ToV1 converts an autoscaling/v2 HorizontalPodAutoscaler to
 * autoscaling/v1 (a new object; the input is not changed).
 */
export function hpaV2ToV1(obj: KubeObject): KubeObject {
  const out: KubeObject = { kind: obj.kind ?? 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v1' };
  const metadata: Any = clone(obj.metadata ?? {});
  const annotations: Record<string, string> = dropRoundTripAnnotations(metadata.annotations) ?? {};
  const spec = objectOr(obj.spec);
  const status = objectOr(obj.status);
  const metrics: Any[] = Array.isArray(spec?.metrics) ? spec.metrics.filter(isPlainObject) : [];
  const currentMetrics: Any[] = Array.isArray(status?.currentMetrics) ? status.currentMetrics.filter(isPlainObject) : [];
  const conditions: Any[] = Array.isArray(status?.conditions) ? status.conditions.filter(isPlainObject) : [];

  const others = metrics.filter((m) => !(isCpuResource(m) && isSet(m.resource.target?.averageUtilization)));
  if (others.length) annotations[METRIC_SPECS_ANNOTATION] = JSON.stringify(others.map(metricSpecToV1));
  // The cpu status is kept too: the annotation has its raw value, which currentCPUUtilizationPercentage lacks.
  if (currentMetrics.length) annotations[METRIC_STATUSES_ANNOTATION] = JSON.stringify(currentMetrics.map(metricStatusToV1));
  if (conditions.length) annotations[CONDITIONS_ANNOTATION] = JSON.stringify(conditions.map(conditionToV1));
  const behavior = objectOr(spec?.behavior);
  if (behavior) annotations[BEHAVIOR_ANNOTATION] = JSON.stringify({ ScaleUp: rulesToInternal(behavior.scaleUp), ScaleDown: rulesToInternal(behavior.scaleDown) });
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  out.metadata = metadata;

  if (spec) {
    const s: Any = { scaleTargetRef: refToV1(spec.scaleTargetRef) };
    put(s, 'minReplicas', spec.minReplicas);
    s.maxReplicas = spec.maxReplicas ?? 0;
    // The first cpu Resource metric decides, whatever its target type (upstream breaks there).
    const cpu = metrics.find(isCpuResource);
    if (cpu) put(s, 'targetCPUUtilizationPercentage', cpu.resource.target?.averageUtilization);
    out.spec = s;
  }
  if (status) {
    const s: Any = {};
    put(s, 'observedGeneration', status.observedGeneration);
    put(s, 'lastScaleTime', status.lastScaleTime);
    s.currentReplicas = status.currentReplicas ?? 0;
    s.desiredReplicas = status.desiredReplicas ?? 0;
    for (const m of currentMetrics) if (isCpuResource(m) && isSet(m.resource.current?.averageUtilization)) s.currentCPUUtilizationPercentage = m.resource.current.averageUtilization;
    out.status = s;
  }
  return out;
}

// ---------------------------------------------------------------- v1 → v2

function refFromV1(ref: unknown): Any {
  const r = objectOr(ref) ?? {};
  const out: Any = { kind: r.kind ?? '', name: r.name ?? '' };
  if (r.apiVersion) out.apiVersion = r.apiVersion;
  return out;
}

function identifier(name: unknown, selector: unknown): Any {
  const out: Any = { name: name ?? '' };
  put(out, 'selector', selector);
  return out;
}

function target(type: string, fields: { value?: unknown; averageValue?: unknown; averageUtilization?: unknown }): Any {
  const out: Any = { type };
  put(out, 'value', fields.value);
  put(out, 'averageValue', fields.averageValue);
  put(out, 'averageUtilization', fields.averageUtilization);
  return out;
}

/** metricSpecFromV1 is Convert_v1_MetricSpec_To_autoscaling_MetricSpec. */
export function metricSpecFromV1(m: Any): Any {
  const out: Any = { type: m.type ?? '' };
  const o = objectOr(m.object);
  if (o)
    out.object = {
      describedObject: refFromV1(o.target),
      target: target(isSet(o.averageValue) ? 'AverageValue' : 'Value', { value: o.targetValue ?? ZERO, averageValue: o.averageValue }),
      metric: identifier(o.metricName, o.selector),
    };
  const p = objectOr(m.pods);
  if (p) out.pods = { metric: identifier(p.metricName, p.selector), target: target('AverageValue', { averageValue: p.targetAverageValue ?? ZERO }) };
  const r = objectOr(m.resource);
  if (r) {
    const type = isSet(r.targetAverageUtilization) ? 'Utilization' : 'AverageValue';
    out.resource = { name: r.name ?? '', target: target(type, { averageValue: r.targetAverageValue, averageUtilization: r.targetAverageUtilization }) };
  }
  const c = objectOr(m.containerResource);
  if (c) {
    const type = isSet(c.targetAverageUtilization) ? 'Utilization' : 'AverageValue';
    out.containerResource = {
      name: c.name ?? '',
      container: c.container ?? '',
      target: target(type, { averageValue: c.targetAverageValue, averageUtilization: c.targetAverageUtilization }),
    };
  }
  const e = objectOr(m.external);
  if (e)
    out.external = {
      metric: identifier(e.metricName, e.metricSelector),
      target: target(isSet(e.targetValue) ? 'Value' : 'AverageValue', { value: e.targetValue, averageValue: e.targetAverageValue }),
    };
  return out;
}

/** metricStatusFromV1 is Convert_v1_MetricStatus_To_autoscaling_MetricStatus. */
export function metricStatusFromV1(m: Any): Any {
  const out: Any = { type: m.type ?? '' };
  const current = (fields: { value?: unknown; averageValue?: unknown; averageUtilization?: unknown }) => {
    const c: Any = {};
    put(c, 'value', fields.value);
    put(c, 'averageValue', fields.averageValue);
    put(c, 'averageUtilization', fields.averageUtilization);
    return c;
  };
  const o = objectOr(m.object);
  if (o)
    out.object = {
      metric: identifier(o.metricName, o.selector),
      current: current({ value: o.currentValue ?? ZERO, averageValue: o.averageValue }),
      describedObject: refFromV1(o.target),
    };
  const p = objectOr(m.pods);
  if (p) out.pods = { metric: identifier(p.metricName, p.selector), current: current({ averageValue: p.currentAverageValue ?? ZERO }) };
  const r = objectOr(m.resource);
  if (r) out.resource = { name: r.name ?? '', current: current({ averageValue: r.currentAverageValue ?? ZERO, averageUtilization: r.currentAverageUtilization }) };
  const c = objectOr(m.containerResource);
  if (c)
    out.containerResource = {
      name: c.name ?? '',
      container: c.container ?? '',
      current: current({ averageValue: c.currentAverageValue ?? ZERO, averageUtilization: c.currentAverageUtilization }),
    };
  const e = objectOr(m.external);
  if (e) out.external = { metric: identifier(e.metricName, e.metricSelector), current: current({ value: e.currentValue ?? ZERO, averageValue: e.currentAverageValue }) };
  return out;
}

function conditionFromV1(c: Any): Any {
  const out: Any = { type: c.type ?? '', status: c.status ?? '' };
  put(out, 'lastTransitionTime', c.lastTransitionTime);
  put(out, 'reason', c.reason || undefined);
  put(out, 'message', c.message || undefined);
  return out;
}

/** goField reads a field as encoding/json matches it: the exact name, else case-insensitively. */
function goField(o: Any, name: string): unknown {
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  const key = Object.keys(o).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : o[key];
}

function rulesFromInternal(r: unknown): Any | undefined {
  const rules = objectOr(r);
  if (!rules) return undefined;
  const out: Any = {};
  put(out, 'stabilizationWindowSeconds', goField(rules, 'StabilizationWindowSeconds'));
  put(out, 'selectPolicy', goField(rules, 'SelectPolicy'));
  const policies = goField(rules, 'Policies');
  if (Array.isArray(policies))
    out.policies = policies.map((p) => {
      const q = objectOr(p) ?? {};
      return { type: goField(q, 'Type') ?? '', value: goField(q, 'Value') ?? 0, periodSeconds: goField(q, 'PeriodSeconds') ?? 0 };
    });
  return out;
}

/** decodeAnnotation parses a conversion annotation; bad JSON fails the conversion, as json.Unmarshal's error does upstream. */
function decodeAnnotation(annotations: Record<string, string>, name: string): unknown {
  try {
    return JSON.parse(annotations[name]);
  } catch (e) {
    throw new Error(`annotation ${name}: ${(e as Error).message}`);
  }
}

function decodeList(annotations: Record<string, string>, name: string): Any[] {
  const v = decodeAnnotation(annotations, name);
  if (v === null) return [];
  if (!Array.isArray(v)) throw new Error(`annotation ${name}: json: cannot unmarshal ${typeof v} into Go value of type []`);
  return v.map((x) => objectOr(x) ?? {});
}

/**
 * hpaV1ToV2 converts an autoscaling/v1 HorizontalPodAutoscaler to
 * autoscaling/v2 (a new object; the input is not changed). It throws when a
 * conversion annotation is not valid JSON of its type.
 */
export function hpaV1ToV2(obj: KubeObject): KubeObject {
  const out: KubeObject = { kind: obj.kind ?? 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2' };
  const metadata: Any = clone(obj.metadata ?? {});
  out.metadata = metadata;
  const annotations: Record<string, string> = { ...(objectOr(metadata.annotations) ?? {}) };
  const has = (name: string) => typeof annotations[name] === 'string';
  const spec = objectOr(obj.spec);
  const status = objectOr(obj.status);

  if (spec) {
    const s: Any = { scaleTargetRef: refFromV1(spec.scaleTargetRef) };
    put(s, 'minReplicas', spec.minReplicas);
    s.maxReplicas = spec.maxReplicas ?? 0;
    const cpu: Any[] = isSet(spec.targetCPUUtilizationPercentage)
      ? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } }]
      : [];
    // The annotation's metrics come first, the cpu one after them (as upstream orders them).
    const metrics = has(METRIC_SPECS_ANNOTATION) ? [...decodeList(annotations, METRIC_SPECS_ANNOTATION).map(metricSpecFromV1), ...cpu] : cpu;
    // v1 always implied a cpu target: an object with no metric at all gets it explicitly.
    s.metrics = metrics.length
      ? metrics
      : [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
    if (has(BEHAVIOR_ANNOTATION)) {
      const b = objectOr(decodeAnnotation(annotations, BEHAVIOR_ANNOTATION)) ?? {};
      const behavior: Any = {};
      put(behavior, 'scaleUp', rulesFromInternal(goField(b, 'ScaleUp')));
      put(behavior, 'scaleDown', rulesFromInternal(goField(b, 'ScaleDown')));
      s.behavior = behavior;
    }
    out.spec = s;
  }

  if (status || has(METRIC_STATUSES_ANNOTATION) || has(CONDITIONS_ANNOTATION)) {
    const st = status ?? {};
    const s: Any = {};
    put(s, 'observedGeneration', st.observedGeneration);
    put(s, 'lastScaleTime', st.lastScaleTime);
    // v2's currentReplicas is omitempty, desiredReplicas is not.
    if (st.currentReplicas) s.currentReplicas = st.currentReplicas;
    s.desiredReplicas = st.desiredReplicas ?? 0;
    if (has(METRIC_STATUSES_ANNOTATION)) {
      // The annotation has more than currentCPUUtilizationPercentage (the raw value): it wins.
      const current = decodeList(annotations, METRIC_STATUSES_ANNOTATION).map(metricStatusFromV1);
      if (current.length) s.currentMetrics = current;
    } else if (isSet(st.currentCPUUtilizationPercentage)) {
      s.currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: st.currentCPUUtilizationPercentage } } }];
    }
    if (has(CONDITIONS_ANNOTATION)) {
      const conditions = decodeList(annotations, CONDITIONS_ANNOTATION).map(conditionFromV1);
      if (conditions.length) s.conditions = conditions;
    }
    out.status = s;
  }

  const kept = dropRoundTripAnnotations(annotations);
  if (kept) metadata.annotations = kept;
  else delete metadata.annotations;
  return out;
}
