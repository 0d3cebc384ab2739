/**
 * Hostile submissions in a roster: the submissions of tests/fixtures/hostile
 * (an infinite loop, process.exit(0), reading the secret or the environment,
 * writing files, opening sockets, printing a fake report, patching built-ins
 * or the engine, importing grader internals…), each committed by a learner
 * of one class next to an honest learner, and regraded by `npm run roster`.
 * Each must end as a failure of that learner's lab, with the property the
 * corpus names, and never stop, hang or falsify the roster.
 *
 * The corpus's memory hogs (a minute each per scenario) and the other
 * endless-callback variants are left to tests/unit/confinement*.test.ts,
 * which grade single scenarios; a roster regrades every scenario.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/roster';
import { parseRoster, type Roster } from '../../cli/lib/roster/schema';
import { courseRepo, graded, T0 } from '../../cli/lib/roster/testing/course';
import { solutionText } from '../../cli/lib/roster/testing/submissions';
import { listScenarios } from '../../graders/core/scenarios';
import { labs } from '../../graders/registry';
import { CORPUS, DIR, ONLY, type Hostile } from '../fixtures/hostile/corpus';

const LAB = labs.find((l) => l.info.id === 'etcd-backup-restore')!;
const SLOW = new Set(['heap-hog', 'buffer-hog', 'busy-then', 'busy-await', 'endless-microtasks']);
const HOSTILE: Hostile[] = CORPUS.filter((h) => h.lab === LAB.info.id && !SLOW.has(h.name));
const SECRET = 'a roster secret that no submission may read';

let root: string;
let roster: Roster;
let output = '';
let seconds = 0;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'roster-hostile-'));
  const learners = [{ id: 'honest', repo: 'repos/honest' }, ...HOSTILE.map((h) => ({ id: h.name, repo: `repos/${h.name}` }))];
  courseRepo(join(root, 'repos', 'honest'), [{ message: 'solved', time: T0 + 10, files: graded(LAB.info, solutionText(LAB.info)) }]);
  for (const h of HOSTILE) {
    courseRepo(join(root, 'repos', h.name), [{ message: h.name, time: T0 + 10, files: graded(LAB.info, readFileSync(join(DIR, `${h.name}.ts`), 'utf8')) }]);
  }
  writeFileSync(join(root, 'class.json'), JSON.stringify({ learners }));
  const sink = { write: (s: string) => (output += s), isTTY: false };
  const started = performance.now();
  const code = await main(['--class', join(root, 'class.json'), '--out', join(root, 'out'), '--labs', LAB.info.id, '--timeout', '1', '--workers', '2'], {
    out: sink,
    err: sink,
    env: { KUBE_INTERNALS_ROSTER_SECRET: SECRET },
  });
  seconds = (performance.now() - started) / 1000;
  expect(code, output).toBe(0);
  roster = parseRoster(readFileSync(join(root, 'out', 'roster.json'), 'utf8'));
}, 600_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('a roster of hostile submissions', () => {
  it('grades every learner, and the honest one passes as if alone', () => {
    expect(roster.learners.map((l) => l.id)).toEqual(['honest', ...HOSTILE.map((h) => h.name)]);
    expect(roster.learners[0].labs[0]).toMatchObject({ status: 'graded', passed: true, score: { earned: listScenarios(LAB).length, total: listScenarios(LAB).length } });
    expect(seconds).toBeLessThan(300);
  });

  it.each(HOSTILE.map((h) => [h.name, h] as const))('%s ends as a failure with its property', (_name, h) => {
    const e = roster.learners.find((l) => l.id === h.name)!.labs[0];
    expect(e.status).toBe('graded');
    expect(e.passed).toBe(false);
    expect(e.score!.earned).toBeLessThan(e.score!.total);
    // The corpus's fastest example fails as the corpus says (its message's first line).
    const example = e.failing.find((f) => f.id === ONLY[h.lab]);
    expect(example, JSON.stringify(e.failing.slice(0, 3))).toBeDefined();
    expect(example!.property).toBe(h.property);
    expect(example!.message).toMatch(new RegExp(h.message.source.replace(/\$$/, '')));
  });

  it('lets no submission write a file, or put the secret anywhere', () => {
    for (const h of HOSTILE) for (const path of h.touches ?? []) expect(existsSync(path), path).toBe(false);
    for (const f of ['roster.json', 'roster.csv', 'index.html']) expect(readFileSync(join(root, 'out', f), 'utf8')).not.toContain(SECRET);
  });
});
