import { describe, expect, it } from 'vitest';
import { compileLabSources } from '../../cli/lib/compile';
import { engineModules } from '../../cli/lib/modules';
import { learnerModules } from '../core/modules';
import { localRealm } from '../core/realm/local';
import { listScenarios, sampleHidden, generationSeed } from '../core/scenarios';
import { etcdBackupRestore } from './grader';
import { PROPERTIES } from './checks';
import { grade, readRepoFile, referenceMap, starterMap } from './testing';

const SEEDS = Array.from({ length: 50 }, (_, i) => String(i + 1));
const properties = new Set<string>(Object.values(PROPERTIES));

describe('the etcd-backup-restore grader', () => {
  it('passes the reference on 50 seeds', { timeout: 240_000 }, () => {
    const modules = referenceMap();
    for (const seed of SEEDS) {
      const failed = grade(modules, { seed, maxShrinkRuns: 0 }).filter((r) => !r.passed);
      expect(failed.map((r) => `seed ${seed} ${r.id}: ${r.message}`)).toEqual([]);
    }
  });

  it('fails the starter on every example, at the first compaction, with the TODO it threw', { timeout: 60_000 }, () => {
    const results = grade(starterMap(), { seed: '1', maxShrinkRuns: 0 });
    expect(results.some((r) => r.passed)).toBe(false);
    // The location named is the learner's own line: where the starter's compact throws.
    const lines = readRepoFile('labs/etcd-backup-restore/maintenance.ts').split('\n');
    const line = lines.findIndex((l) => l.includes('throw new Error(`compact(')) + 1;
    const column = lines[line - 1].indexOf('new Error') + 1;
    for (const r of results.filter((x) => x.visible)) {
      expect(r.property).toBe('compaction');
      expect(r.message).toMatch(/^compaction: compact\(\d+\) at revision \d+ fails in your store with Error: "compact\(\d+\) [^"]+ \(store at revision \d+\)"/);
      expect(r.message).toContain(`(at labs/etcd-backup-restore/maintenance.ts:${line}:${column})`);
    }
  });

  it('gives the same results and reproductions for the same seed', { timeout: 60_000 }, () => {
    const starter = starterMap();
    const a = grade(starter, { seed: '7' });
    const b = grade(starter, { seed: '7' });
    expect(b).toEqual(a);
    const reference = referenceMap();
    expect(grade(reference, { seed: '8' })).toEqual(grade(reference, { seed: '8' }));
  });

  it('generates every hidden family with the maintenance step it is about', () => {
    const wants: Record<string, string> = {
      compaction: 'compact',
      'backup-restore': 'backup',
      'corrupt-snapshots': 'corrupt|truncate',
      defrag: 'defrag',
    };
    for (const f of etcdBackupRestore.families) {
      const want = wants[f.name];
      if (!want) continue;
      for (let i = 1; i <= 20; i++) {
        const s = sampleHidden(f.arbitrary, generationSeed(String(i), `${f.name}-1`));
        expect(s.steps.some((step) => new RegExp(`^(${want})$`).test(step.do))).toBe(true);
      }
    }
  });

  it('lists examples first, then the hidden families, with unique ids', () => {
    const ids = listScenarios(etcdBackupRestore).map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, etcdBackupRestore.examples.length)).toEqual(etcdBackupRestore.examples.map((e) => e.id));
    expect(etcdBackupRestore.examples.length).toBeGreaterThanOrEqual(3);
  });

  it('names only its own properties (and the runner’s) when the starter fails', { timeout: 60_000 }, () => {
    for (const r of grade(starterMap(), { seed: '2', maxShrinkRuns: 0 })) {
      expect(properties.has(r.property!) || r.property === 'no-exceptions').toBe(true);
      expect(r.message.startsWith(`${r.property}:`) || r.property === 'no-exceptions').toBe(true);
    }
  });
});

describe('the lab boundary', () => {
  const lab = etcdBackupRestore.info;
  const learner = (text: string) => {
    const path = 'labs/etcd-backup-restore/maintenance.ts';
    return { ...learnerModules(engineModules(), lab), ...compileLabSources([{ path, displayPath: path, text }]) };
  };

  it('refuses lab code that re-exports the reference', () => {
    const modules = learner("export { maintenance } from '../../engine/etcd/mvcc/reference';\n");
    const [first] = grade(modules, { seed: '1', only: ['compact-and-read'] });
    expect(first!.passed).toBe(false);
    expect(first!.message).toContain('engine/etcd/mvcc/reference.ts is part of the reference solution of etcd-backup-restore');
  });

  it('refuses lab code that takes the engine entry, which wires in the reference', () => {
    const modules = learner("import { maintenance as m } from '../../engine/etcd/mvcc';\nexport const maintenance = m;\n");
    const [first] = grade(modules, { seed: '1', only: ['compact-and-read'] });
    expect(first!.message).toContain('is part of the reference solution of etcd-backup-restore');
  });

  it('loads the core and the inside module without any solution module', () => {
    const realm = localRealm().binaryData(true).load(starterMap());
    const driver = realm.create('graders/etcd-backup-restore/inside.ts', 'start');
    expect(driver.call('state')).toEqual({ revision: 1, compacted: 0 });
    expect(driver.call('kv', { op: 'put', key: '/registry/a', value: 'x' })).toMatchObject({ outcome: { ok: { header: { revision: 2 } } } });
  });
});
