/**
 * Confinement, part two: lab code that reaches for the host (environment,
 * files, sockets, processes, stdout, exit), the grader's internals or the
 * built-ins, to read the secret or change its grade, ends as a clear failure
 * of its own lab, graded through the CLI, and the grading process carries on.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, ESCAPES, expectFailedAs, grade, hostileFiles, parseReport, sandboxesGone } from '../fixtures/hostile/corpus';

/** PORT is where open-socket.ts tries to connect. */
const PORT = 47917;
let server: Server;
let connections = 0;

beforeAll(async () => {
  server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(PORT, '127.0.0.1', () => resolve()));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the hostile corpus', () => {
  it('lists every hostile file once', () => {
    expect(CORPUS.map((h) => h.name).sort()).toEqual(hostileFiles());
  });
});

describe('lab code reaching out of its realm ends as a failure of its lab', () => {
  for (const h of ESCAPES) {
    it(`${h.name} (${h.lab}) fails with ${h.property}`, () => expectFailedAs(h));
  }

  it('opened no connection to the test server', () => {
    expect(connections).toBe(0);
  });
});

describe('after the corpus', () => {
  it('the grading process is healthy: the reference still passes, in fresh sandboxes that all end', async () => {
    const graded = await grade(['etcd-backup-restore', '--reference', '--seed', '1', '--only', 'compact-and-read,snapshot-round-trip', '--json']);
    expect(graded.code, graded.stderr).toBe(0);
    expect(parseReport(graded.stdout)).toMatchObject({ passed: true, score: { earned: 2, total: 2 } });
    expect(process.exitCode ?? 0).toBe(0);
    expect(await sandboxesGone()).toEqual([]);
  });
});
