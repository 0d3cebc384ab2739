import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRecord, fileDigest, parseRecord, serializeRecord } from '../../../graders/core/record';
import { buildReport, type Report } from '../../../graders/core/report';
import { tempWorkspace, type TempWorkspace } from './testing';
import { readWorkFile, writeWorkFile } from './worktree';
import { labOfPath } from './workspace';

let t: TempWorkspace;
afterEach(() => t?.remove());

function report(lab: string, seed: string, results: boolean[]): Report {
  return buildReport(
    lab,
    seed,
    results.map((passed, i) => ({ id: `s${i}`, title: `scenario ${i}`, visible: i === 0, passed, message: passed ? 'ok' : 'broken', replay: `npm run grade -- ${lab} --seed ${seed} --only s${i}` })),
    1234,
  );
}

describe('labOfPath', () => {
  it('names the lab of a path under labs/', () => {
    expect(labOfPath('labs/etcd-quorum/raft.ts')).toBe('etcd-quorum');
    expect(labOfPath('labs/etcd-quorum')).toBeUndefined();
    expect(labOfPath('README.md')).toBeUndefined();
  });
});

describe('Workspace.recordAttempt', () => {
  it('commits the graded text and the record npm run grade would write for it', async () => {
    t = tempWorkspace();
    const r = report('etcd-quorum', '1234', [true, true, false]);
    const graded = { 'labs/etcd-quorum/raft.ts': 'export const graded = 1;\n' };
    const oid = await t.ws.recordAttempt(r, graded);
    expect(t.git('log', '-1', '--format=%s', oid).trim()).toBe('etcd-quorum: 2/3 (seed 1234)');
    expect(t.git('show', `${oid}:labs/etcd-quorum/raft.ts`)).toBe(graded['labs/etcd-quorum/raft.ts']);
    const committed = t.git('show', `${oid}:labs/etcd-quorum/report.json`);
    expect(committed).toBe(serializeRecord(buildRecord(r, graded)));
    const parsed = parseRecord(committed, 'etcd-quorum');
    expect('record' in parsed && parsed.record.files).toEqual({ 'labs/etcd-quorum/raft.ts': fileDigest(graded['labs/etcd-quorum/raft.ts']) });
    // The digest is the SHA-256 of the committed bytes, as any tool computes it.
    const sha = execFileSync('sh', ['-c', `git -C '${t.dir}' show ${oid}:labs/etcd-quorum/raft.ts | sha256sum`], { encoding: 'utf8' }).split(' ')[0];
    expect(fileDigest(graded['labs/etcd-quorum/raft.ts'])).toBe(sha);
    // The working tree has the record too, as a clone has after npm run grade.
    expect((await readWorkFile(t.fs, t.dir, 'labs/etcd-quorum/report.json'))?.text).toBe(committed);
  });

  it('lists attempts newest first in the history, and derives the status from the latest', async () => {
    t = tempWorkspace();
    await t.ws.recordAttempt(report('a', '1', [false]), { 'labs/a/x.ts': 'v1' });
    t.clock.ms += 1000;
    await t.ws.recordAttempt(report('a', '2', [true]), { 'labs/a/x.ts': 'v2' });
    const history = await t.ws.history('a');
    expect(history.map((h) => h.kind === 'attempt' && [h.seed, h.passed])).toEqual([
      ['2', true],
      ['1', false],
    ]);
    expect(await t.ws.textAt(history[1].oid, 'labs/a/x.ts')).toBe('v1');
    expect(await t.ws.attemptCount('a')).toBe(2);
    expect((await t.ws.progress(['a', 'b'])).map((p) => p.status)).toEqual(['passed', 'not-started']);
  });
});

describe('Workspace.keep', () => {
  it('saves text about to be replaced, once', async () => {
    t = tempWorkspace();
    await t.ws.recordAttempt(report('a', '1', [false]), { 'labs/a/x.ts': 'graded' });
    expect((await t.ws.keep('a', { 'labs/a/x.ts': 'graded' }, 'saved before restoring an attempt')).created).toBe(false);
    const kept = await t.ws.keep('a', { 'labs/a/x.ts': 'edited since' }, 'saved before restoring an attempt');
    expect(kept.created).toBe(true);
    expect((await t.ws.history('a'))[0]).toMatchObject({ kind: 'save', title: 'saved before restoring an attempt', oid: kept.oid });
    expect(await t.ws.textAt(kept.oid, 'labs/a/x.ts')).toBe('edited since');
  });

  it("refuses files outside the lab's folder", async () => {
    t = tempWorkspace();
    expect(() => t.ws.keep('a', { 'labs/b/x.ts': '' }, 'x')).toThrow(/not a file of lab a/);
  });
});

describe('Workspace.saveWorkingTree', () => {
  it('commits each lab whose working files differ from the branch, and only those', async () => {
    t = tempWorkspace();
    await t.ws.recordAttempt(report('a', '1', [true]), { 'labs/a/x.ts': 'graded' });
    await writeWorkFile(t.fs, t.dir, 'labs/a/x.ts', 'graded', 1);
    await writeWorkFile(t.fs, t.dir, 'labs/b/y.ts', 'new work', 1);
    expect(await t.ws.saveWorkingTree('saved for submission')).toEqual(['b']);
    expect(t.git('show', 'main:labs/b/y.ts')).toBe('new work');
    expect(await t.ws.saveWorkingTree('saved for submission')).toEqual([]);
  });

  it('never commits a record from the working tree: only a graded attempt writes one', async () => {
    t = tempWorkspace();
    await t.ws.recordAttempt(report('a', '1', [true]), { 'labs/a/x.ts': 'graded' });
    const committed = t.git('show', 'main:labs/a/report.json');
    await writeWorkFile(t.fs, t.dir, 'labs/a/report.json', '{"stale": true}\n', 1);
    expect(await t.ws.saveWorkingTree('saved for submission')).toEqual([]);
    expect(t.git('show', 'main:labs/a/report.json')).toBe(committed);
  });
});

describe('Workspace.syncRecord', () => {
  it("puts the branch's record back in the working tree when the tree's copy is stale or missing", async () => {
    t = tempWorkspace();
    expect(await t.ws.syncRecord('a')).toBe(false);
    await t.ws.recordAttempt(report('a', '1', [true]), { 'labs/a/x.ts': 'graded' });
    expect(await t.ws.syncRecord('a')).toBe(false);
    await writeWorkFile(t.fs, t.dir, 'labs/a/report.json', '{"stale": true}\n', 1);
    expect(await t.ws.syncRecord('a')).toBe(true);
    expect((await readWorkFile(t.fs, t.dir, 'labs/a/report.json'))?.text).toBe(t.git('show', 'main:labs/a/report.json'));
  });
});

describe('Workspace.zip', () => {
  it("holds the branch's files at their repository paths", async () => {
    t = tempWorkspace();
    expect(await t.ws.zip()).toBeUndefined();
    await t.ws.recordAttempt(report('a', '1', [true]), { 'labs/a/x.ts': 'graded ✓\n' });
    const zip = await t.ws.zip();
    const path = join(t.dir, '..', `${t.dir.split('/').pop()}.zip`);
    writeFileSync(path, zip!);
    try {
      expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toMatch(/No errors detected/);
      expect(execFileSync('unzip', ['-p', path, 'labs/a/x.ts'], { encoding: 'utf8' })).toBe('graded ✓\n');
      expect(execFileSync('unzip', ['-Z1', path], { encoding: 'utf8' }).trim().split('\n')).toEqual(['labs/a/report.json', 'labs/a/x.ts']);
    } finally {
      execFileSync('rm', ['-f', path]);
    }
  });
});
