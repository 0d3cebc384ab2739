/**
 * Hand-written rosters for the tests of the pure roster modules (CSV,
 * summary, dashboard, merge): one learner per kind of outcome, and text a
 * hostile repository could put in a roster.
 */
import type { FailingScenario, LabEntry, LearnerEntry, Roster } from '../schema';

export const HOSTILE_TEXT = `</script><script>alert("x")</script><img src=x onerror=alert(1)> & "quoted", =cmd|' /C calc'!A0`;

const fail = (id: string, property: string, visible = false): FailingScenario => ({
  id,
  title: visible ? `example ${id}` : `${id.replace(/-\d+$/, '')} family #${id.match(/\d+$/)?.[0] ?? 1}`,
  visible,
  property,
  message: `${property} broke in ${id}`,
});

const entry = (lab: string, over: Partial<LabEntry>): LabEntry => ({
  lab,
  status: 'graded',
  seed: '1000',
  score: { earned: 10, total: 10 },
  passed: true,
  failing: [],
  attempts: 1,
  lastActivity: '2026-03-01T10:00:00.000Z',
  own: null,
  differs: false,
  differences: [],
  ...over,
});

const learner = (id: string, labs: LabEntry[], over: Partial<LearnerEntry> = {}): LearnerEntry => ({
  id,
  repo: `https://git.example/${id}.git`,
  branch: 'main',
  commit: 'a'.repeat(40),
  ...over,
  labs,
});

/**
 * sampleRoster: two labs ("alpha" with 10 scenarios, "beta" with 4) and five
 * learners: ada passes both; bob fails hidden scenarios of two families and
 * an example; cy claims a pass the regrade refutes and has code that does not
 * compile in beta; dee's repository is hostile (refused, missing); eve could
 * not be fetched.
 */
export function sampleRoster(): Roster {
  return {
    schema: 1,
    generatedAt: '2026-03-02T08:30:00.000Z',
    secretId: '0badc0de',
    settings: { runTimeoutMs: 5000, maxShrinkRuns: 0 },
    labs: [
      { id: 'alpha', title: 'Alpha lab', scenarios: 10 },
      { id: 'beta', title: 'Beta lab', scenarios: 4 },
    ],
    learners: [
      learner('ada', [entry('alpha', { attempts: 3 }), entry('beta', { score: { earned: 4, total: 4 }, lastActivity: '2026-03-01T12:00:00.000Z' })]),
      learner('bob', [
        entry('alpha', {
          score: { earned: 6, total: 10 },
          passed: false,
          failing: [fail('partitions-1', 'election safety'), fail('partitions-3', 'election safety'), fail('crashes-2', 'log matching'), fail('three-nodes', 'election safety', true)],
          attempts: 2,
        }),
        entry('beta', { score: { earned: 3, total: 4 }, passed: false, failing: [fail('defrag-1', 'defrag keeps data')] }),
      ]),
      learner('cy', [
        entry('alpha', {
          score: { earned: 9, total: 10 },
          passed: false,
          failing: [fail('partitions-2', 'election safety')],
          own: { valid: true, seed: '77', passed: true, score: { earned: 10, total: 10 }, matchesFiles: true },
          differs: true,
          differences: ['own result passed, the regrade failed', 'own score 10/10, regrade 9/10'],
        }),
        entry('beta', { score: { earned: 0, total: 4 }, passed: false, compileError: 'labs/beta/b.ts:1:1 - error TS1005: ";" expected.' }),
      ]),
      learner('dee', [
        entry('alpha', { status: 'refused', reason: `labs/alpha/a.ts is a symbolic link ${HOSTILE_TEXT}`, seed: undefined, score: null, passed: false, attempts: 0 }),
        entry('beta', { status: 'missing', reason: 'the repository has no labs/beta/ folder', seed: undefined, score: null, passed: false, attempts: 0, lastActivity: null, own: { valid: false, error: HOSTILE_TEXT }, differs: true, differences: [`own result unreadable: ${HOSTILE_TEXT}`] }),
      ]),
      learner(
        'eve',
        ['alpha', 'beta'].map((lab) => entry(lab, { status: 'error', reason: 'cannot reach http://127.0.0.1:1: connection refused', seed: undefined, score: null, passed: false, attempts: 0, lastActivity: null })),
        { branch: null, commit: null, error: 'cannot reach http://127.0.0.1:1: connection refused' },
      ),
    ],
  };
}
