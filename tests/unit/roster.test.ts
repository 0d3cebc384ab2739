/**
 * The roster end to end, against a real git server on 127.0.0.1 (git's own
 * http-backend, token auth): a class of learners with correct, unfinished,
 * half-done and dishonest work, and hostile repositories, regraded by
 * `npm run roster`'s main(); roster.json and roster.csv are checked field by
 * field.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/roster';
import { CSV_COLUMNS, parseCsv } from '../../cli/lib/roster/csv';
import { parseRoster, type LabEntry, type LearnerEntry, type Roster } from '../../cli/lib/roster/schema';
import { deriveSeed, secretId } from '../../cli/lib/roster/seed';
import { courseRepo, graded, T0 } from '../../cli/lib/roster/testing/course';
import { commitTree, lsTree, publish, replaceInTree, treeOf, writeBlob } from '../../cli/lib/roster/testing/repos';
import { buggyTexts, mainFile, solutionText, starterText } from '../../cli/lib/roster/testing/submissions';
import { listScenarios } from '../../graders/core/scenarios';
import { labs } from '../../graders/registry';
import { startGitServer, type GitServer } from '../fixtures/git-server';

const TOKEN = 'class-token-123';
const SECRET = 'the instructor’s secret, 32+ characters long';
const NOW = new Date('2026-04-01T12:00:00.000Z');
// The class's repositories hold the two etcd labs; the roster is run on those (--labs), as an instructor grading part of a course would.
const ETCD_LABS = labs.filter((l) => l.info.id === 'etcd-quorum' || l.info.id === 'etcd-backup-restore');
const [QUORUM, BACKUP] = ETCD_LABS.map((l) => l.info);
const TOTAL = { [QUORUM.id]: listScenarios(ETCD_LABS[0]).length, [BACKUP.id]: listScenarios(ETCD_LABS[1]).length };
const at = (seconds: number) => new Date((T0 + seconds) * 1000).toISOString();

let server: GitServer;
let otherServer: GitServer;
let root: string;
let closedPort: number;
let roster: Roster;
let csv: Record<string, string>[];
let output = '';
const urls: Record<string, string> = {};

/** freePort finds a port nothing listens on (for the unreachable learner). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** serve publishes a working repository on the class server as <id>.git. */
function serve(id: string, dir: string, on: GitServer = server): void {
  publish(dir, join(on.root, `${id}.git`));
  urls[id] = `${on.url}/${id}.git`;
}

const buggy = buggyTexts(QUORUM).find((b) => b.id === 'quorum-off-by-one')!;

beforeAll(async () => {
  server = await startGitServer({ token: TOKEN });
  otherServer = await startGitServer({ token: 'another-class-token' });
  closedPort = await freePort();
  root = mkdtempSync(join(tmpdir(), 'roster-e2e-'));
  const work = (id: string) => join(root, 'work', id);

  // ada: correct, graded twice on the quorum lab (a wrong try first), once on backup-restore; honest records.
  courseRepo(work('ada'), [
    { message: 'quorum: first try', time: T0 + 100, files: graded(QUORUM, buggy.text, { passed: false, earned: 6, total: 28 }) },
    { message: 'quorum: fixed', time: T0 + 200, files: graded(QUORUM, solutionText(QUORUM), { passed: true, earned: 28, total: 28 }) },
    { message: 'backup-restore', time: T0 + 300, files: graded(BACKUP, solutionText(BACKUP), { passed: true, earned: 23, total: 23 }) },
  ]);
  serve('ada', work('ada'));

  // bob: the course as cloned, nothing done.
  courseRepo(work('bob'), []);
  serve('bob', work('bob'));

  // cy: a half-done quorum lab claiming a pass; backup-restore solved, but its record is the starter's.
  courseRepo(work('cy'), [
    { message: 'quorum done (not really)', time: T0 + 400, files: graded(QUORUM, buggy.text, { passed: true, earned: 28, total: 28 }) },
    { message: 'backup-restore', time: T0 + 500, files: graded(BACKUP, solutionText(BACKUP), { passed: false, earned: 0, total: 23 }, starterText(BACKUP)) },
  ]);
  serve('cy', work('cy'));

  // dee: links out of the tree, and a file far over the size limit.
  courseRepo(work('dee'), [
    { message: 'links', time: T0 + 600, files: { [mainFile(QUORUM)]: { symlink: '../../../../../etc/passwd' }, [mainFile(BACKUP)]: 'x'.repeat(2 * 1024 * 1024) } },
  ]);
  serve('dee', work('dee'));

  // eve: a Latin-1 file, and a lab folder deleted.
  courseRepo(work('eve'), [
    { message: 'encoding', time: T0 + 700, files: { [mainFile(QUORUM)]: Buffer.from('// caf\xe9\nexport const x = 1;\n', 'latin1'), [`labs/${BACKUP.id}`]: null } },
  ]);
  serve('eve', work('eve'));

  // fay: hand-made trees: a ".." entry in labs/etcd-quorum, and labs/etcd-backup-restore a link up and out.
  const fay = work('fay');
  courseRepo(fay, []);
  const evil = writeBlob(fay, 'export const pwned = true;\n');
  let tree = replaceInTree(fay, treeOf(fay, 'HEAD'), `labs/${QUORUM.id}`, [...lsTree(fay, treeOf(fay, 'HEAD', `labs/${QUORUM.id}`)), { mode: '100644', name: '..', oid: evil }]);
  tree = replaceInTree(fay, tree, 'labs', lsTree(fay, treeOf(fay, tree, 'labs')).map((e) => (e.name === BACKUP.id ? { mode: '120000', name: e.name, oid: writeBlob(fay, '../..') } : e)));
  commitTree(fay, tree, readFileSync(join(fay, '.git/refs/heads/main'), 'utf8').trim(), 'crafted', T0 + 800);
  serve('fay', fay);

  // hal: a real repository, but class.json names a branch it does not have.
  serve('hal', work('bob'));

  // ivy: a local clone; the working tree holds an uncommitted solution, the commit the starter.
  courseRepo(join(root, 'local', 'ivy'), []);
  writeFileSync(join(root, 'local', 'ivy', mainFile(QUORUM)), solutionText(QUORUM));

  // jay: a decompression bomb (a 40 MiB file of zeros travels as a few kilobytes).
  courseRepo(work('jay'), [{ message: 'data', time: T0 + 900, files: { 'notes/big.bin': Buffer.alloc(40 * 1024 * 1024) } }]);
  serve('jay', work('jay'));

  // kim: on another class's server, whose token we do not have.
  serve('kim', work('bob'), otherServer);

  // max: quorum code that does not compile.
  courseRepo(work('max'), [{ message: 'typo', time: T0 + 1000, files: graded(QUORUM, `${starterText(QUORUM)}\nconst oops: number = 'one';\n`) }]);
  serve('max', work('max'));

  const classFile = join(root, 'class.json');
  writeFileSync(
    classFile,
    JSON.stringify({
      learners: [
        { id: 'ada', repo: urls.ada, branch: 'main' },
        { id: 'bob', repo: urls.bob },
        { id: 'cy', repo: urls.cy },
        { id: 'dee', repo: urls.dee },
        { id: 'eve', repo: urls.eve },
        { id: 'fay', repo: urls.fay },
        { id: 'gus', repo: `http://127.0.0.1:${closedPort}/gus.git` },
        { id: 'hal', repo: urls.hal, branch: 'submission' },
        { id: 'ivy', repo: 'local/ivy' },
        { id: 'jay', repo: urls.jay },
        { id: 'kim', repo: urls.kim },
        { id: 'max', repo: urls.max },
      ],
    }),
  );
  writeFileSync(join(root, 'secret'), `${SECRET}\n`);
  writeFileSync(join(root, 'token'), `${TOKEN}\n`);
  const sink = { write: (s: string) => (output += s), isTTY: false };
  const code = await main(['--class', classFile, '--out', join(root, 'out'), '--secret-file', join(root, 'secret'), '--token-file', join(root, 'token'), '--workers', '2', '--timeout', '10', '--labs', ETCD_LABS.map((l) => l.info.id).join(',')], {
    out: sink,
    err: sink,
    env: {},
    now: () => NOW,
  });
  expect(code, output).toBe(0);
  roster = parseRoster(readFileSync(join(root, 'out', 'roster.json'), 'utf8'));
  const rows = parseCsv(readFileSync(join(root, 'out', 'roster.csv'), 'utf8'));
  expect(rows[0]).toEqual([...CSV_COLUMNS]);
  csv = rows.slice(1).map((r) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i]])));
}, 600_000);

afterAll(async () => {
  await server?.close();
  await otherServer?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

const learner = (id: string): LearnerEntry => roster.learners.find((l) => l.id === id)!;
const entry = (id: string, lab: string): LabEntry => learner(id).labs.find((e) => e.lab === lab)!;
const row = (id: string, lab: string) => csv.find((r) => r.learner === id && r.lab === lab)!;

describe('npm run roster against a git server', () => {
  it('describes the run: schema, time, secret fingerprint, settings, labs, every learner in class order', () => {
    expect(roster).toMatchObject({
      schema: 1,
      generatedAt: NOW.toISOString(),
      secretId: secretId(SECRET),
      settings: { runTimeoutMs: 10_000, maxShrinkRuns: 0 },
      labs: ETCD_LABS.map((l) => ({ id: l.info.id, title: l.info.title, scenarios: TOTAL[l.info.id] })),
    });
    expect(roster.shard).toBeUndefined();
    expect(roster.learners.map((l) => l.id)).toEqual(['ada', 'bob', 'cy', 'dee', 'eve', 'fay', 'gus', 'hal', 'ivy', 'jay', 'kim', 'max']);
    expect(csv).toHaveLength(roster.learners.length * ETCD_LABS.length);
  });

  it('regrades a correct learner with the secret seeds: passes, attempts, last activity, honest records', () => {
    const ada = learner('ada');
    expect(ada).toMatchObject({ repo: urls.ada, branch: 'main', commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(ada.error).toBeUndefined();
    expect(entry('ada', QUORUM.id)).toEqual({
      lab: QUORUM.id,
      status: 'graded',
      seed: deriveSeed(SECRET, 'ada', QUORUM.id),
      score: { earned: TOTAL[QUORUM.id], total: TOTAL[QUORUM.id] },
      passed: true,
      failing: [],
      attempts: 2,
      lastActivity: at(200),
      own: { valid: true, seed: '1234', passed: true, score: { earned: 28, total: 28 }, matchesFiles: true },
      differs: false,
      differences: [],
    });
    expect(entry('ada', BACKUP.id)).toMatchObject({ status: 'graded', passed: true, score: { earned: 23, total: 23 }, attempts: 1, lastActivity: at(300), differs: false });
    expect(row('ada', QUORUM.id)).toEqual({
      learner: 'ada',
      repo: urls.ada,
      branch: 'main',
      commit: ada.commit,
      lab: QUORUM.id,
      status: 'graded',
      reason: '',
      score: '28',
      total: '28',
      percent: '100',
      passed: 'true',
      compile_error: '',
      failing_scenarios: '',
      failing_properties: '',
      attempts: '2',
      last_activity: at(200),
      own_result: 'valid',
      own_passed: 'true',
      own_score: '28',
      own_total: '28',
      own_matches_files: 'true',
      differs: 'false',
      differences: '',
    });
  });

  it('regrades the starter as failing everything, with no attempts and the course as last activity', () => {
    for (const lab of [QUORUM, BACKUP]) {
      const e = entry('bob', lab.id);
      expect(e).toMatchObject({ status: 'graded', passed: false, score: { earned: 0, total: TOTAL[lab.id] }, attempts: 0, lastActivity: at(0), own: null, differs: false });
      expect(e.failing).toHaveLength(TOTAL[lab.id]);
      expect(e.failing.every((f) => f.property.length > 0 && f.message.length > 0 && !f.message.includes('\n'))).toBe(true);
    }
    expect(learner('bob').branch).toBe('main');
  });

  it('flags a half-done lab whose record claims a pass, with the failing scenarios and properties', () => {
    const e = entry('cy', QUORUM.id);
    expect(e.status).toBe('graded');
    expect(e.passed).toBe(false);
    expect(e.score!.earned).toBeLessThan(TOTAL[QUORUM.id]);
    expect(e.failing.length).toBe(TOTAL[QUORUM.id] - e.score!.earned);
    expect(e.failing.some((f) => ['no commit in a minority', 'state machine safety', 'leader completeness', 'linearizability'].includes(f.property))).toBe(true);
    expect(e.own).toEqual({ valid: true, seed: '1234', passed: true, score: { earned: 28, total: 28 }, matchesFiles: true });
    expect(e.differs).toBe(true);
    expect(e.differences).toEqual(['own result passed, the regrade failed', `own score 28/28, regrade ${e.score!.earned}/28`]);
    const r = row('cy', QUORUM.id);
    expect(r).toMatchObject({ status: 'graded', passed: 'false', score: String(e.score!.earned), differs: 'true', differences: `own result passed, the regrade failed; own score 28/28, regrade ${e.score!.earned}/28` });
    expect(r.failing_scenarios.split(' ')).toEqual(e.failing.map((f) => f.id));
  });

  it('flags a record that is not for the committed files', () => {
    expect(entry('cy', BACKUP.id)).toMatchObject({
      status: 'graded',
      passed: true,
      own: { valid: true, passed: false, matchesFiles: false },
      differs: true,
      differences: ['own result is not for the committed files (its digests differ)', 'own result failed, the regrade passed', 'own score 0/23, regrade 23/23'],
    });
    expect(row('cy', BACKUP.id)).toMatchObject({ own_result: 'valid', own_matches_files: 'false', differs: 'true' });
  });

  it('refuses links out of the tree and oversized files, lab by lab', () => {
    expect(entry('dee', QUORUM.id)).toMatchObject({ status: 'refused', reason: `${mainFile(QUORUM)} is a symbolic link, not a regular file: the roster does not follow links`, score: null, passed: false, attempts: 0, lastActivity: at(600) });
    expect(entry('dee', BACKUP.id)).toMatchObject({ status: 'refused', reason: `${mainFile(BACKUP)} is 2 MiB, over the 1 MiB limit of a lab file` });
    expect(row('dee', QUORUM.id)).toMatchObject({ status: 'refused', score: '', total: '', percent: '', passed: 'false' });
  });

  it('refuses text that is not UTF-8, and marks a deleted lab missing', () => {
    expect(entry('eve', QUORUM.id)).toMatchObject({ status: 'refused', reason: `${mainFile(QUORUM)} is not UTF-8 text (byte 0xe9 at offset 6): save it as UTF-8` });
    expect(entry('eve', BACKUP.id)).toMatchObject({ status: 'missing', reason: `the repository has no labs/${BACKUP.id}/ folder`, lastActivity: at(700) });
  });

  it('refuses hand-made trees that reach outside the repository', () => {
    expect(entry('fay', QUORUM.id)).toMatchObject({ status: 'refused', reason: `labs/${QUORUM.id} holds an entry named "..", a name git refuses (it could reach outside the repository)` });
    expect(entry('fay', BACKUP.id)).toMatchObject({ status: 'refused', reason: `labs/${BACKUP.id} is a symbolic link, not a folder: the roster does not follow links` });
  });

  it('marks a learner whose repository cannot be fetched, and carries on', () => {
    const expectations: [string, string, 'error' | 'refused'][] = [
      ['gus', `cannot reach http://127.0.0.1:${closedPort}: connection refused`, 'error'],
      ['hal', `branch "submission" does not exist in ${urls.hal}`, 'error'],
      ['jay', 'the repository holds an object of 40.0 MiB, over the 32.0 MiB limit', 'refused'],
      ['kim', `${urls.kim} refused the token (HTTP 401)`, 'error'],
    ];
    for (const [id, reason, status] of expectations) {
      expect(learner(id), id).toMatchObject({ error: reason, labs: ETCD_LABS.map((l) => ({ lab: l.info.id, status, reason, score: null, passed: false })) });
      expect(row(id, QUORUM.id), id).toMatchObject({ status, reason });
    }
    expect(learner('gus')).toMatchObject({ branch: null, commit: null });
    expect(output).toContain(`gus: cannot reach http://127.0.0.1:${closedPort}: connection refused`);
  });

  it('grades a local repository at its commit, never its working tree', () => {
    expect(learner('ivy')).toMatchObject({ repo: 'local/ivy', branch: 'main' });
    expect(entry('ivy', QUORUM.id)).toMatchObject({ status: 'graded', passed: false, score: { earned: 0, total: 28 } });
  });

  it('grades code that does not compile as a failure with the compiler’s reason', () => {
    const e = entry('max', QUORUM.id);
    expect(e).toMatchObject({ status: 'graded', passed: false, score: { earned: 0, total: 28 }, failing: [] });
    expect(e.compileError).toMatch(new RegExp(`^${mainFile(QUORUM)}:\\d+:\\d+ - error TS2322: Type 'string' is not assignable to type 'number'\\.`));
    expect(row('max', QUORUM.id).compile_error).toBe(e.compileError);
    expect(entry('max', BACKUP.id)).toMatchObject({ status: 'graded', score: { earned: 0, total: 23 } });
  });

  it('writes every CSV row from its roster entry', () => {
    for (const l of roster.learners) {
      for (const e of l.labs) {
        const r = row(l.id, e.lab);
        expect(r, `${l.id}/${e.lab}`).toMatchObject({
          repo: l.repo,
          branch: l.branch ?? '',
          commit: l.commit ?? '',
          status: e.status,
          reason: e.reason ?? '',
          score: e.score ? String(e.score.earned) : '',
          passed: String(e.passed),
          attempts: String(e.attempts),
          last_activity: e.lastActivity ?? '',
          own_result: e.own === null ? 'none' : e.own.valid ? 'valid' : 'invalid',
          differs: String(e.differs),
          failing_scenarios: e.failing.map((f) => f.id).join(' '),
        });
      }
    }
  });

  it('writes a dashboard page holding the same roster', () => {
    const html = readFileSync(join(root, 'out', 'index.html'), 'utf8');
    const json = /<script type="application\/json" id="roster-data">(.*?)<\/script>/s.exec(html)![1];
    expect(JSON.parse(json)).toEqual(roster);
    expect(html).toContain('<h2 id="rd-pass-rates">Pass rates</h2>');
  });

  it('never writes the secret into its outputs', () => {
    const files = ['roster.json', 'roster.csv', 'index.html'].map((f) => readFileSync(join(root, 'out', f), 'utf8'));
    for (const text of files) expect(text).not.toContain(SECRET);
  });
});

describe('npm run roster refuses to start', () => {
  it.each([
    [[], {}, /no secret: give --secret-file <path> or set KUBE_INTERNALS_ROSTER_SECRET/],
    [[], { KUBE_INTERNALS_ROSTER_SECRET: 'short' }, /the secret is 5 characters long; use at least 16/],
    [['--labs', 'etcd-quorum,nope'], { KUBE_INTERNALS_ROSTER_SECRET: SECRET }, new RegExp(`unknown lab "nope" \\(labs: ${labs.map((l) => l.info.id).join(', ')}\\)`)],
  ])('without what it needs (%j, %j)', async (extra, env, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-refuse-'));
    try {
      writeFileSync(join(dir, 'class.json'), JSON.stringify({ learners: [{ id: 'ada', repo: 'x' }] }));
      let err = '';
      const code = await main(['--class', join(dir, 'class.json'), '--out', join(dir, 'out'), ...extra], { out: { write: () => true }, err: { write: (s: string) => (err += s) }, env: { ...env } });
      expect(code).toBe(2);
      expect(err).toMatch(message);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on a class.json that is not valid, naming the entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-refuse-'));
    try {
      mkdirSync(join(dir, 'c'));
      writeFileSync(join(dir, 'c', 'class.json'), JSON.stringify({ learners: [{ id: 'ada', repo: 'x' }, { id: 'ada', repo: 'y' }] }));
      let err = '';
      const env: Record<string, string | undefined> = { KUBE_INTERNALS_ROSTER_SECRET: SECRET };
      const code = await main(['--class', join(dir, 'c', 'class.json'), '--out', join(dir, 'out')], { out: { write: () => true }, err: { write: (s: string) => (err += s) }, env });
      expect(code).toBe(2);
      expect(err).toBe(`roster: ${join(dir, 'c', 'class.json')}: learners[1].id "ada" is already the id of learners[0]\n`);
      // The secret is taken out of the environment before anything else starts.
      expect(env.KUBE_INTERNALS_ROSTER_SECRET).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
