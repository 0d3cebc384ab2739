import { afterEach, describe, expect, it } from 'vitest';
import { buildRecord, recordPath, serializeRecord } from '../../../graders/core/record';
import { buildReport } from '../../../graders/core/report';
import { tempWorkspace, type TempWorkspace } from './testing';
import { listWorkFiles, readWorkFile, recordedStatus, writeWorkFile } from './worktree';

let t: TempWorkspace;
afterEach(() => t?.remove());

const scenario = (passed: boolean) => ({ id: 's', title: 's', visible: true, passed, message: '', replay: '' });

describe('the working tree', () => {
  it('stores a text with the time it was typed, not the time it was written', async () => {
    t = tempWorkspace();
    const typed = Date.UTC(2024, 0, 1, 8, 30, 0, 123);
    await writeWorkFile(t.fs, t.dir, 'labs/a/x.ts', 'text\n', typed);
    expect(await readWorkFile(t.fs, t.dir, 'labs/a/x.ts')).toEqual({ text: 'text\n', mtimeMs: typed });
  });

  it('reads a missing file, or one under a missing folder, as absent', async () => {
    t = tempWorkspace();
    expect(await readWorkFile(t.fs, t.dir, 'labs/none/x.ts')).toBeUndefined();
    await writeWorkFile(t.fs, t.dir, 'labs/a/x.ts', '', 1);
    expect(await readWorkFile(t.fs, t.dir, 'labs/a/x.ts/deeper')).toBeUndefined();
    expect(await readWorkFile(t.fs, t.dir, 'labs/a')).toBeUndefined();
  });

  it('lists the files under a folder, sorted, and nothing for a missing one', async () => {
    t = tempWorkspace();
    for (const p of ['labs/b/y.ts', 'labs/a/x.ts', 'labs/a/report.json']) await writeWorkFile(t.fs, t.dir, p, '', 1);
    expect(await listWorkFiles(t.fs, t.dir, 'labs')).toEqual(['labs/a/report.json', 'labs/a/x.ts', 'labs/b/y.ts']);
    expect(await listWorkFiles(t.fs, t.dir, 'nothing')).toEqual([]);
  });
});

describe('recordedStatus', () => {
  const write = (lab: string, text: string) => writeWorkFile(t.fs, t.dir, recordPath(lab), text, 1);

  it('reads the status from the record of the latest graded attempt', async () => {
    t = tempWorkspace();
    await write('a', serializeRecord(buildRecord(buildReport('a', '1', [scenario(true)], 5), { 'labs/a/x.ts': 'x' })));
    await write('b', serializeRecord(buildRecord(buildReport('b', '1', [scenario(true), scenario(false)], 5), { 'labs/b/y.ts': 'y' })));
    expect(await recordedStatus(t.fs, t.dir, 'a')).toBe('passed');
    expect(await recordedStatus(t.fs, t.dir, 'b')).toBe('attempted');
    expect(await recordedStatus(t.fs, t.dir, 'c')).toBe('not-started');
  });

  it('counts an unreadable record as an attempt that did not pass', async () => {
    t = tempWorkspace();
    await write('a', '{"schema": 1, "passed": true');
    expect(await recordedStatus(t.fs, t.dir, 'a')).toBe('attempted');
  });
});
