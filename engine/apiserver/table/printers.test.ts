import { describe, expect, it } from 'vitest';
import { Registry } from '../registry/registry';
import { deploymentColumns, podStatus, rowCells, serviceColumns } from './printers';

const cols = (plural: string) => new Registry().resolve(plural)!.columns.filter((c) => c.priority === 0).map((c) => c.name.toUpperCase());

describe('printers', () => {
  it('have kubectl get’s default columns', () => {
    expect(cols('pods')).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(cols('deployments')).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(cols('services')).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect(cols('nodes')).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(cols('replicasets')).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE']);
    expect(cols('namespaces')).toEqual(['NAME', 'STATUS', 'AGE']);
    expect(cols('events')).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(cols('roles')).toEqual(['NAME', 'CREATED AT']);
  });

  it('computes pod STATUS from phase, container states and deletion', () => {
    expect(podStatus({ status: { phase: 'Running', containerStatuses: [{ ready: true, state: { running: {} } }] } })).toBe('Running');
    expect(podStatus({ status: { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff' } } }] } })).toBe('CrashLoopBackOff');
    expect(podStatus({ spec: { initContainers: [{}, {}] }, status: { phase: 'Pending', initContainerStatuses: [{ state: { terminated: { exitCode: 0 } } }, { state: { running: {} } }] } })).toBe('Init:1/2');
    expect(podStatus({ metadata: { deletionTimestamp: 'x' }, status: { phase: 'Running' } })).toBe('Terminating');
  });

  it('fills deployment and service cells', () => {
    const now = Date.UTC(2026, 0, 1, 0, 5, 0);
    const d = { metadata: { name: 'web', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { replicas: 3 }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } };
    expect(rowCells(deploymentColumns, d, now).slice(0, 5)).toEqual(['web', '2/3', 3, 2, '5m']);
    const s = { metadata: { name: 'svc' }, spec: { type: 'NodePort', clusterIP: '10.96.0.10', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] } };
    expect(rowCells(serviceColumns, s, now).slice(0, 5)).toEqual(['svc', 'NodePort', '10.96.0.10', '<none>', '80:30080/TCP']);
  });
});
