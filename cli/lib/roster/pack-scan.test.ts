import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PackLimitError, scanUploadPackResponse, type PackLimits } from './pack-scan';
import { makeRepo } from './testing/repos';

const root = mkdtempSync(join(tmpdir(), 'roster-pack-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const MiB = 1024 * 1024;
const ROOMY: PackLimits = { maxObjectBytes: 32 * MiB, maxTotalBytes: 512 * MiB, maxObjects: 100_000 };

/** packOf returns a repository's whole history as one pack, as git would send it. */
function packOf(dir: string): Buffer {
  const objects = execFileSync('git', ['-C', dir, 'rev-list', '--objects', '--all']);
  return execFileSync('git', ['-C', dir, 'pack-objects', '--stdout', '-q'], { input: objects, maxBuffer: 64 * MiB });
}

/** uploadPackResponse wraps a pack as git-upload-pack answers a fetch: NAK, then side-band-64k channel 1. */
function uploadPackResponse(pack: Buffer): Buffer {
  const pkt = (payload: Buffer) => Buffer.concat([Buffer.from((payload.length + 4).toString(16).padStart(4, '0')), payload]);
  const parts = [pkt(Buffer.from('NAK\n')), pkt(Buffer.from('\x02Counting objects: done.\n'))];
  for (let at = 0; at < pack.length; at += 65515) parts.push(pkt(Buffer.concat([Buffer.from([1]), pack.subarray(at, at + 65515)])));
  parts.push(Buffer.from('0000'));
  return Buffer.concat(parts);
}

/** noise is n bytes that do not compress (a deterministic xorshift stream). */
function noise(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe('scanUploadPackResponse', () => {
  it('lets an ordinary repository through', () => {
    const dir = join(root, 'plain');
    makeRepo(dir, [
      { message: 'one', time: 1_700_000_000, files: { 'labs/one/main.ts': 'export const x = 1;\n' } },
      { message: 'two', time: 1_700_000_100, files: { 'labs/one/main.ts': 'export const x = 2;\n', 'README.md': 'hello\n' } },
    ]);
    expect(() => scanUploadPackResponse(uploadPackResponse(packOf(dir)), ROOMY)).not.toThrow();
  });

  it('refuses a decompression bomb: a small download that unpacks to an object over the limit', () => {
    const dir = join(root, 'bomb');
    makeRepo(dir, [{ message: 'zeros', time: 1_700_000_000, files: { 'data.bin': Buffer.alloc(8 * MiB) } }]);
    const response = uploadPackResponse(packOf(dir));
    expect(response.length).toBeLessThan(MiB / 4);
    const limits = { ...ROOMY, maxObjectBytes: 4 * MiB };
    expect(() => scanUploadPackResponse(response, limits)).toThrow(PackLimitError);
    expect(() => scanUploadPackResponse(response, limits)).toThrow('the repository holds an object of 8.0 MiB, over the 4.0 MiB limit');
  });

  it('counts what a delta rebuilds, not the size of the delta', () => {
    const dir = join(root, 'delta');
    const base = noise(600 * 1024, 7);
    makeRepo(dir, [
      { message: 'a', time: 1_700_000_000, files: { 'a.bin': base } },
      { message: 'b', time: 1_700_000_100, files: { 'b.bin': Buffer.concat([base, Buffer.from('one more line\n')]) } },
    ]);
    const response = uploadPackResponse(packOf(dir));
    // The second blob travels as a small delta: the download is about one blob's size.
    expect(response.length).toBeLessThan(700 * 1024);
    expect(() => scanUploadPackResponse(response, { ...ROOMY, maxTotalBytes: 1 * MiB })).toThrow("the repository's objects add up to over 1.0 MiB once unpacked");
    expect(() => scanUploadPackResponse(response, { ...ROOMY, maxTotalBytes: 2 * MiB })).not.toThrow();
  });

  it('refuses a pack with too many objects before unpacking any', () => {
    const dir = join(root, 'many');
    makeRepo(dir, [{ message: 'files', time: 1_700_000_000, files: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.txt`, `file ${i}\n`])) }]);
    expect(() => scanUploadPackResponse(uploadPackResponse(packOf(dir)), { ...ROOMY, maxObjects: 10 })).toThrow(/the repository has \d+ objects, over the limit of 10/);
  });
});
