import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { withoutTimings, type Report } from '../../graders/core/report';
import { labs } from '../../graders/registry';
import { REPO_ROOT } from '../../cli/lib/repo';
import { singleFileSolution } from '../fixtures/solution';
import { LabPage, smallRun, starterOf } from './lab-page';

/** cliReport runs `npm run grade -- <lab> --file <text> --seed <n> --only <ids> --json` and returns its report. */
function cliReport(lab: string, file: string, text: string, seed: string, only: readonly string[]): Report {
  const dir = mkdtempSync(join(tmpdir(), 'kube-internals-e2e-'));
  try {
    const path = join(dir, file);
    writeFileSync(path, text);
    const run = spawnSync('npm', ['run', '--silent', 'grade', '--', lab, '--file', path, '--seed', seed, '--only', only.join(','), '--json'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if ((run.status !== 0 && run.status !== 1) || !run.stdout.trim()) {
      throw new Error(`npm run grade exited ${run.status ?? run.signal} without a report: ${run.stderr || run.error?.message}`);
    }
    return JSON.parse(run.stdout) as Report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * withoutFileArgument drops the CLI's "--file <path>" from replay commands:
 * the browser grades the learner's own labs/<lab>/<file>, so its replay
 * commands name no file.
 */
function withoutFileArgument(report: Report): Report {
  return { ...report, scenarios: report.scenarios.map((s) => ({ ...s, replay: s.replay.replace(/ --file \S+/, '') })) };
}

for (const grader of labs) {
  const info = grader.info;
  const subset = smallRun(grader);

  test.describe(`lab ${info.id}`, () => {
    test('the page shows the statement, the editor with the starter, and the controls', async ({ page }) => {
      const lab = new LabPage(page, info);
      await lab.open();
      await expect(page.getByRole('heading', { level: 1, name: info.title })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Grade', exact: true })).toBeEnabled();
      await expect(page.getByRole('button', { name: 'Reset to starter' })).toBeVisible();
      await expect(page.getByLabel('Import file')).toBeAttached();
      expect(await lab.firstLine()).toBe(starterOf(info).split('\n')[0]);
    });

    test('the starter fails, with an explanation and a replay command per scenario', async ({ page }) => {
      const lab = new LabPage(page, info);
      await lab.open(subset);
      expect(await lab.grade('1')).toBe('done');
      const report = await lab.report();
      expect(report.seed).toBe('1');
      expect(report.score.total).toBe(subset.length);
      expect(report.score.earned).toBeLessThan(report.score.total);
      const failed = lab.results.locator('[data-verdict="fail"]');
      await expect(failed.first()).toContainText('fail');
      await expect(failed.first().locator('.lab-replay')).toContainText(`npm run grade -- ${info.id} --seed 1 --only `);
      await expect(lab.results.locator('[data-score]')).toHaveText(`${report.score.earned}/${report.score.total}`);
      await expect(lab.results.locator('[data-progress]')).toHaveText(`${subset.length}/${subset.length}`);
      expect(await lab.status()).toMatch(new RegExp(`^${info.id}: \\d+/${subset.length} scenarios passed, \\d+ failed \\(seed 1, `));
    });

    test('a correct solution, imported from a file, passes', async ({ page }) => {
      const lab = new LabPage(page, info);
      await lab.open(subset);
      await lab.importFile(singleFileSolution(info));
      await expect.poll(() => lab.visibleText()).toContain("the engine's reference solution");
      expect(await lab.grade()).toBe('done');
      const report = await lab.report();
      expect(report.scenarios.filter((s) => !s.passed).map((s) => `${s.id}: ${s.message}`)).toEqual([]);
      expect(report.passed).toBe(true);
      // An empty seed field drew a fresh seed, and the results say which.
      await expect(lab.results.locator('[data-seed-used]')).toHaveText(report.seed);
      await expect(lab.results.locator('[data-verdict="pass"]')).toHaveCount(subset.length);
    });

    test('a file with a type error is refused before grading', async ({ page }) => {
      const lab = new LabPage(page, info);
      await lab.open(subset);
      await lab.importFile(`${starterOf(info)}\nexport const broken: number = 'not a number';\n`);
      expect(await lab.grade('1')).toBe('compile-error');
      expect(await lab.status()).toMatch(new RegExp(`^does not compile: labs/${info.id}/${info.files[0].replace('.', '\\.')}:\\d+:14 - error TS2322: `));
      await expect(lab.results.locator('[data-scenario]')).toHaveCount(0);
      expect(await lab.results.getAttribute('data-report')).toBeNull();
    });

    test('an infinite loop ends as a time-out while the page stays responsive', async ({ page }) => {
      const lab = new LabPage(page, info);
      const only = [grader.examples[0].id];
      await lab.open(only);
      // The module never finishes loading: the first run of lab code hangs.
      await lab.importFile(`${starterOf(info)}\nfor (;;) {}\n`);
      await page.getByLabel('Seed').fill('1');
      await page.getByRole('button', { name: 'Grade', exact: true }).click();
      await expect(lab.results).toHaveAttribute('data-state', 'grading');
      const typedAt = Date.now();
      await lab.typeAtTop('// still typing while the grader waits\n');
      await expect.poll(() => lab.visibleText()).toContain('// still typing while the grader waits');
      expect(Date.now() - typedAt).toBeLessThan(4_000);
      await expect(lab.results).toHaveAttribute('data-state', 'grading');
      await expect(lab.results).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
      const report = await lab.report();
      expect(report.scenarios).toHaveLength(1);
      expect(report.scenarios[0]).toMatchObject({ id: only[0], passed: false, property: 'time-limit' });
      await expect(lab.results.locator('.lab-message')).toContainText('timed out: your code ran for more than 5 s');
    });

    test('edits survive a reload, and Reset to starter brings the starter back', async ({ page }) => {
      const lab = new LabPage(page, info);
      const starterFirst = starterOf(info).split('\n')[0];
      await lab.open();
      await lab.typeAtTop('// my notes\n');
      expect(await lab.firstLine()).toBe('// my notes');
      await page.reload();
      await lab.waitReady();
      expect(await lab.firstLine()).toBe('// my notes');
      await page.getByRole('button', { name: 'Reset to starter' }).click();
      await expect.poll(() => lab.firstLine()).toBe(starterFirst);
      await page.reload();
      await lab.waitReady();
      expect(await lab.firstLine()).toBe(starterFirst);
    });

    test('the browser and the CLI give the same report for the same code and seed', async ({ page }) => {
      const lab = new LabPage(page, info);
      const seed = '424242';
      await lab.open(subset);
      expect(await lab.grade(seed)).toBe('done');
      const browser = await lab.report();
      const cli = cliReport(info.id, info.files[0], starterOf(info), seed, subset);
      expect(withoutTimings(browser)).toEqual(withoutTimings(withoutFileArgument(cli)));
    });
  });
}
