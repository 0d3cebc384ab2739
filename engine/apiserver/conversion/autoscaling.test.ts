import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../object';
import {
  BEHAVIOR_ANNOTATION,
  CONDITIONS_ANNOTATION,
  hpaV1ToV2,
  hpaV2ToV1,
  METRIC_SPECS_ANNOTATION,
  METRIC_STATUSES_ANNOTATION,
} from './autoscaling';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const cpu = (averageUtilization: number) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } } });

const v2 = (spec: Body, status?: Body, annotations?: Record<string, string>): KubeObject => ({
  kind: 'HorizontalPodAutoscaler',
  apiVersion: 'autoscaling/v2',
  metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '7', ...(annotations ? { annotations } : {}) },
  spec: { scaleTargetRef: ref, minReplicas: 2, maxReplicas: 5, ...spec },
  ...(status ? { status } : {}),
});

/** EVERYTHING is a v2 HPA using every metric source and status field v1 cannot express; the cpu Utilization metric comes last, where v1 → v2 puts it. */
const EVERYTHING = v2(
  {
    metrics: [
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } },
      { type: 'Pods', pods: { metric: { name: 'rps', selector: { matchLabels: { tier: 'front' } } }, target: { type: 'AverageValue', averageValue: '10' } } },
      {
        type: 'Object',
        object: { describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main' }, metric: { name: 'hits' }, target: { type: 'Value', value: '2k' } },
      },
      { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } } },
      { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 70 } } },
      cpu(60),
    ],
    behavior: {
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }] },
      scaleDown: { selectPolicy: 'Min', policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] },
    },
  },
  {
    observedGeneration: 3,
    lastScaleTime: '2025-01-01T00:00:00Z',
    currentReplicas: 3,
    desiredReplicas: 4,
    currentMetrics: [
      { type: 'Resource', resource: { name: 'cpu', current: { averageValue: '250m', averageUtilization: 65 } } },
      { type: 'Pods', pods: { metric: { name: 'rps' }, current: { averageValue: '12' } } },
      { type: 'External', external: { metric: { name: 'queue' }, current: { value: '0', averageValue: '31' } } },
    ],
    conditions: [{ type: 'AbleToScale', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z', reason: 'ReadyForNewScale', message: 'recommended size matches current size' }],
  },
  { team: 'shop' },
);

describe('HorizontalPodAutoscaler autoscaling/v2 → v1', () => {
  it('turns a cpu Utilization metric into targetCPUUtilizationPercentage, with no annotation', () => {
    const v1 = hpaV2ToV1(v2({ metrics: [cpu(70)] }, { currentReplicas: 2, desiredReplicas: 2 }));
    expect(v1).toEqual({
      kind: 'HorizontalPodAutoscaler',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '7' },
      spec: { scaleTargetRef: ref, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 70 },
      status: { currentReplicas: 2, desiredReplicas: 2 },
    });
  });

  it('keeps what v1 cannot express in annotations, as v1 MetricSpecs and Go-named behavior', () => {
    const v1 = hpaV2ToV1(EVERYTHING) as Body;
    expect(v1.spec.targetCPUUtilizationPercentage).toBe(60);
    expect(v1.status).toEqual({ observedGeneration: 3, lastScaleTime: '2025-01-01T00:00:00Z', currentReplicas: 3, desiredReplicas: 4, currentCPUUtilizationPercentage: 65 });
    const a = v1.metadata.annotations;
    expect(a.team).toBe('shop');
    expect(JSON.parse(a[METRIC_SPECS_ANNOTATION])).toEqual([
      { type: 'Resource', resource: { name: 'memory', targetAverageValue: '100Mi' } },
      { type: 'Pods', pods: { metricName: 'rps', targetAverageValue: '10', selector: { matchLabels: { tier: 'front' } } } },
      { type: 'Object', object: { target: { kind: 'Ingress', name: 'main', apiVersion: 'networking.k8s.io/v1' }, metricName: 'hits', targetValue: '2k' } },
      { type: 'External', external: { metricName: 'queue', targetAverageValue: '30' } },
      { type: 'ContainerResource', containerResource: { name: 'cpu', targetAverageUtilization: 70, container: 'app' } },
    ]);
    // Every current metric is kept, the cpu one too (its raw value has no v1 field).
    expect(JSON.parse(a[METRIC_STATUSES_ANNOTATION])[0]).toEqual({ type: 'Resource', resource: { name: 'cpu', currentAverageUtilization: 65, currentAverageValue: '250m' } });
    expect(JSON.parse(a[CONDITIONS_ANNOTATION])).toEqual(EVERYTHING.status && (EVERYTHING.status as Body).conditions);
    expect(JSON.parse(a[BEHAVIOR_ANNOTATION])).toEqual({
      ScaleUp: { StabilizationWindowSeconds: 0, SelectPolicy: 'Max', Policies: [{ Type: 'Pods', Value: 4, PeriodSeconds: 15 }] },
      ScaleDown: { StabilizationWindowSeconds: null, SelectPolicy: 'Min', Policies: [{ Type: 'Percent', Value: 10, PeriodSeconds: 60 }] },
    });
  });

  it('writes unset required quantities as "0", as Go writes a zero Quantity', () => {
    const v1 = hpaV2ToV1(v2({ metrics: [{ type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'Value', value: '5' } } }] })) as Body;
    expect(JSON.parse(v1.metadata.annotations[METRIC_SPECS_ANNOTATION])).toEqual([{ type: 'Pods', pods: { metricName: 'rps', targetAverageValue: '0' } }]);
    expect(v1.spec.targetCPUUtilizationPercentage).toBeUndefined();
  });

  it('replaces stale round-trip annotations with the ones the object calls for', () => {
    const v1 = hpaV2ToV1(v2({ metrics: [cpu(50)] }, undefined, { [METRIC_SPECS_ANNOTATION]: '[{"type":"Pods"}]', [BEHAVIOR_ANNOTATION]: '{}', keep: 'me' })) as Body;
    expect(v1.metadata.annotations).toEqual({ keep: 'me' });
  });

  it('leaves its input alone', () => {
    const before = JSON.stringify(EVERYTHING);
    hpaV2ToV1(EVERYTHING);
    expect(JSON.stringify(EVERYTHING)).toBe(before);
  });
});

describe('HorizontalPodAutoscaler autoscaling/v1 → v2', () => {
  it('makes targetCPUUtilizationPercentage a cpu Utilization metric and currentCPUUtilizationPercentage its status', () => {
    const out = hpaV1ToV2({
      kind: 'HorizontalPodAutoscaler',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: ref, maxReplicas: 3, targetCPUUtilizationPercentage: 40 },
      status: { currentReplicas: 0, desiredReplicas: 1, currentCPUUtilizationPercentage: 35 },
    });
    expect(out).toEqual({
      kind: 'HorizontalPodAutoscaler',
      apiVersion: 'autoscaling/v2',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: ref, maxReplicas: 3, metrics: [cpu(40)] },
      // currentReplicas 0 is omitted, as v2's omitempty writes it.
      status: { desiredReplicas: 1, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 35 } } }] },
    });
  });

  it('gives an object with no metric the cpu 80% target v1 always implied', () => {
    const out = hpaV1ToV2({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'x' }, spec: { scaleTargetRef: ref, maxReplicas: 2 } }) as Body;
    expect(out.spec.metrics).toEqual([cpu(80)]);
  });

  it('puts the annotation metrics first and the cpu one after them', () => {
    const out = hpaV1ToV2({
      metadata: { name: 'x', annotations: { [METRIC_SPECS_ANNOTATION]: '[{"type":"Resource","resource":{"name":"memory","targetAverageUtilization":75}}]' } },
      spec: { scaleTargetRef: ref, maxReplicas: 2, targetCPUUtilizationPercentage: 50 },
    }) as Body;
    expect(out.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 75 } } }, cpu(50)]);
    expect(out.metadata.annotations).toBeUndefined();
  });

  it('reads the behavior annotation as encoding/json does: field names in any case', () => {
    const out = hpaV1ToV2({
      metadata: { name: 'x', annotations: { [BEHAVIOR_ANNOTATION]: '{"scaleDown":{"stabilizationwindowseconds":120}}' } },
      spec: { scaleTargetRef: ref, maxReplicas: 2 },
    }) as Body;
    expect(out.spec.behavior).toEqual({ scaleDown: { stabilizationWindowSeconds: 120 } });
  });

  it('fails on an annotation that is not JSON of its type', () => {
    const bad = (annotations: Record<string, string>) => () => hpaV1ToV2({ metadata: { name: 'x', annotations }, spec: { scaleTargetRef: ref, maxReplicas: 2 } });
    expect(bad({ [METRIC_SPECS_ANNOTATION]: '[{' })).toThrow(/autoscaling.alpha.kubernetes.io\/metrics/);
    expect(bad({ [METRIC_STATUSES_ANNOTATION]: '{"type":"Pods"}' })).toThrow(/current-metrics/);
  });
});

describe('HorizontalPodAutoscaler round trips', () => {
  it('v2 → v1 → v2 loses nothing', () => {
    expect(hpaV1ToV2(hpaV2ToV1(EVERYTHING))).toEqual(EVERYTHING);
    const plain = v2({ metrics: [cpu(75)] }, { desiredReplicas: 0 });
    expect(hpaV1ToV2(hpaV2ToV1(plain))).toEqual(plain);
  });

  it('v1 → v2 → v1 loses nothing', () => {
    const v1: KubeObject = {
      kind: 'HorizontalPodAutoscaler',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'web', annotations: { note: 'x' } },
      spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 4, targetCPUUtilizationPercentage: 55 },
      status: { lastScaleTime: '2025-01-01T00:00:00Z', currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 90 },
    };
    expect(hpaV2ToV1(hpaV1ToV2(v1))).toEqual({
      ...v1,
      // The cpu status comes back with the raw value v1 has no field for, as its zero.
      metadata: { ...v1.metadata, annotations: { note: 'x', [METRIC_STATUSES_ANNOTATION]: '[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":90,"currentAverageValue":"0"}}]' } },
    });
    const viaAnnotations = hpaV2ToV1(EVERYTHING);
    expect(hpaV2ToV1(hpaV1ToV2(viaAnnotations))).toEqual(viaAnnotations);
  });
});
