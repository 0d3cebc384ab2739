import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32, dosDateTime, zipStore } from './zip';

const enc = new TextEncoder();
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** onDisk writes an archive to a fresh temporary directory and returns its path. */
function onDisk(zip: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'zip-test-'));
  dirs.push(dir);
  const path = join(dir, 'work.zip');
  writeFileSync(path, zip);
  return path;
}

describe('crc32', () => {
  it('matches the standard check values', () => {
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    expect(crc32(enc.encode('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });
});

describe('dosDateTime', () => {
  it('packs local time at two-second resolution', () => {
    expect(dosDateTime(new Date(2024, 2, 15, 13, 45, 31))).toEqual({ date: ((2024 - 1980) << 9) | (3 << 5) | 15, time: (13 << 11) | (45 << 5) | 15 });
  });

  it('clamps times before 1980', () => {
    expect(dosDateTime(new Date(1970, 0, 1))).toEqual({ date: (1 << 5) | 1, time: 0 });
  });
});

describe('zipStore', () => {
  const files = [
    { path: 'labs/etcd-quorum/raft.ts', data: enc.encode('export const x = 1;\n'), modified: new Date(2024, 5, 1, 12, 0, 0) },
    { path: 'labs/etcd-quorum/report.json', data: enc.encode('{"schema":1}\n'), modified: new Date(2024, 5, 1, 12, 0, 0) },
    { path: 'labs/ünïcode/é.ts', data: enc.encode('// ü\n'), modified: new Date(2024, 5, 1, 12, 0, 0) },
    { path: 'empty.txt', data: new Uint8Array(), modified: new Date(2024, 5, 1, 12, 0, 0) },
  ];

  it('makes an archive unzip -t accepts', () => {
    const out = execFileSync('unzip', ['-t', onDisk(zipStore(files))], { encoding: 'utf8' });
    expect(out).toMatch(/No errors detected/);
    for (const f of files) expect(out).toContain(`testing: ${f.path}`);
  });

  it('gives back each file byte for byte, with its name and time', () => {
    const path = onDisk(zipStore(files));
    for (const f of files) expect(new Uint8Array(execFileSync('unzip', ['-p', path, f.path]))).toEqual(f.data);
    const listing = execFileSync('unzip', ['-l', path], { encoding: 'utf8' });
    expect(listing).toMatch(/2024-06-01 12:00\s+labs\/etcd-quorum\/raft\.ts/);
  });

  it('extracts into the lab folders of a clone', () => {
    const path = onDisk(zipStore(files));
    const into = mkdtempSync(join(tmpdir(), 'unzip-'));
    dirs.push(into);
    execFileSync('unzip', ['-q', path, '-d', into]);
    expect(readFileSync(join(into, 'labs/etcd-quorum/raft.ts'), 'utf8')).toBe('export const x = 1;\n');
  });

  it('makes an empty archive that unzip accepts as empty', () => {
    const zip = zipStore([]);
    expect(zip).toHaveLength(22);
    const run = spawnSync('unzip', ['-t', onDisk(zip)], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toMatch(/zipfile is empty/);
  });

  it('refuses paths that would escape the folder it is extracted into, and duplicates', () => {
    const at = (path: string) => [{ path, data: new Uint8Array(), modified: new Date() }];
    for (const bad of ['/etc/passwd', '../x', 'a/../../x', 'a//b', 'a\\b', '']) expect(() => zipStore(at(bad))).toThrow(/not a relative path/);
    expect(() => zipStore([...at('a'), ...at('a')])).toThrow(/twice/);
  });
});
