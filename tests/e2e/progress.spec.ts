/**
 * progress: the learner's work in the browser's git repository, end to end:
 * autosave across reloads and closed tabs, graded attempts in the history and
 * restoring one, the course's progress on the home page and in the sidebar,
 * and submission: a push to a real git server (git http-backend, token auth,
 * CORS) that the git CLI then clones, auth and rejection errors, and the
 * downloads (a bundle git clones, a zip unzip accepts).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { fileDigest, parseRecord } from '../../graders/core/record';
import { labs } from '../../graders/registry';
import { startGitServer, type GitServer } from '../fixtures/git-server';
import { LabPage, starterOf } from './lab-page';

const run = promisify(execFile);
// The lab with the quickest full grading run: every attempt here grades all its scenarios.
const info = labs.find((l) => l.info.id === 'etcd-backup-restore')!.info;
const path = `labs/${info.id}/${info.files[0]}`;
const starterFirst = starterOf(info).split('\n')[0];
const TOKEN = 'class-token';

const tmp: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'progress-e2e-'));
  tmp.push(d);
  return d;
}
test.afterAll(() => tmp.forEach((d) => rmSync(d, { recursive: true, force: true })));

function historyRegion(page: Page) {
  return page.getByRole('region', { name: 'Your attempts' });
}

function submitRegion(page: Page) {
  return page.getByRole('region', { name: 'Submit your work' });
}

async function waitSaved(page: Page): Promise<void> {
  await expect(page.locator('[data-save-status]')).toHaveAttribute('data-state', 'saved');
}

test.describe('autosave', () => {
  test('an edit is there after a reload', async ({ page }) => {
    const lab = new LabPage(page, info);
    await lab.open();
    await lab.typeAtTop('// kept across reloads\n');
    await waitSaved(page);
    await page.reload();
    await lab.waitReady();
    expect(await lab.firstLine()).toBe('// kept across reloads');
    await expect(page.locator('[data-save-status]')).toHaveText('Saved in this browser');
  });

  test('closing the tab right after typing loses nothing', async ({ context, page }) => {
    const lab = new LabPage(page, info);
    await lab.open();
    await lab.typeAtTop('// typed just before closing\n');
    // The page has the keystrokes; the tab goes away without waiting for the autosave.
    await expect.poll(() => lab.firstLine()).toBe('// typed just before closing');
    await page.close();
    const again = new LabPage(await context.newPage(), info);
    await again.open();
    expect(await again.firstLine()).toBe('// typed just before closing');
    await waitSaved(again.page);
  });

  test('a journal newer than the repository wins on load, and is dropped once the repository has it', async ({ page }) => {
    const lab = new LabPage(page, info);
    await lab.open();
    await lab.typeAtTop('// in the repository\n');
    await waitSaved(page);
    // What a tab closed between a keystroke and its repository write leaves behind.
    const key = `kube-internals:journal:${info.id}:${info.files[0]}`;
    await page.evaluate(([k, text]) => localStorage.setItem(k, JSON.stringify({ text, editedAtMs: Date.now() + 1000 })), [key, `// only in the journal\n${starterOf(info)}`]);
    await page.reload();
    await lab.waitReady();
    await expect(page.locator('[data-lab-workbench]')).toHaveAttribute('data-opened-from', 'journal');
    expect(await lab.firstLine()).toBe('// only in the journal');
    await waitSaved(page);
    await expect.poll(() => page.evaluate((k) => localStorage.getItem(k), key)).toBeNull();
    await page.reload();
    await lab.waitReady();
    await expect(page.locator('[data-lab-workbench]')).toHaveAttribute('data-opened-from', 'tree');
    expect(await lab.firstLine()).toBe('// only in the journal');
  });

  test('navigating away right after typing loses nothing', async ({ page }) => {
    const lab = new LabPage(page, info);
    await lab.open();
    await lab.typeAtTop('// typed, then away\n');
    await page.goto('/etcd/mvcc/');
    await lab.open();
    expect(await lab.firstLine()).toBe('// typed, then away');
  });

  test('a draft from the earlier localStorage store moves into the repository', async ({ page }) => {
    await page.goto('/');
    await page.evaluate(([key, text]) => localStorage.setItem(key, text), [`kube-internals:draft:${info.id}:${info.files[0]}`, `// an old draft\n${starterOf(info)}`]);
    const lab = new LabPage(page, info);
    await lab.open();
    expect(await lab.firstLine()).toBe('// an old draft');
    await waitSaved(page);
    await expect.poll(() => page.evaluate((key) => localStorage.getItem(key), `kube-internals:draft:${info.id}:${info.files[0]}`)).toBeNull();
    await page.reload();
    await lab.waitReady();
    expect(await lab.firstLine()).toBe('// an old draft');
  });
});

test.describe('attempts, progress and submission', () => {
  test.describe.configure({ mode: 'serial' });
  let server: GitServer;
  let context: BrowserContext;
  let page: Page;
  let lab: LabPage;

  test.beforeAll(async ({ browser }) => {
    server = await startGitServer({ token: TOKEN });
    context = await browser.newContext();
    page = await context.newPage();
    lab = new LabPage(page, info);
  });
  test.afterAll(async () => {
    await context?.close();
    await server?.close();
  });

  test('two graded attempts are in the history, and the first can be restored', async () => {
    test.setTimeout(180_000);
    await lab.open();
    const history = historyRegion(page);
    await expect(history).toHaveAttribute('data-ready', 'true');
    await expect(history).toContainText('No graded attempt yet');

    expect(await lab.grade('11')).toBe('done');
    await expect(history.locator('tr[data-kind="attempt"]')).toHaveCount(1);
    await expect(history.getByRole('status')).toContainText('Recorded as attempt 1');
    await expect(history.locator('[data-lab-status]')).toHaveText(/^Status: attempted\. Graded at least once; the latest graded attempt did not pass/);

    await lab.typeAtTop('// second try\n');
    expect(await lab.grade('22')).toBe('done');
    const second = await lab.report();
    await expect(history.locator('tr[data-kind="attempt"]')).toHaveCount(2);
    await expect(history.locator('tr[data-kind="attempt"]').first()).toHaveAttribute('data-seed', '22');
    await expect(history.locator('tr[data-kind="attempt"]').first()).toContainText(`Attempt 2`);
    await expect(history.locator('tr[data-kind="attempt"]').first()).toContainText(`${second.score.earned}/${second.score.total}`);
    await expect(history.locator('tr[data-kind="attempt"]').nth(1)).toHaveAttribute('data-seed', '11');

    // The editor has changed since attempt 2: restoring attempt 1 saves that text first.
    await lab.typeAtTop('// unsaved thought\n');
    await history.locator('tr[data-seed="11"]').getByRole('button', { name: /^Restore the code of attempt 1 / }).click();
    await expect.poll(() => lab.firstLine()).toBe(starterFirst);
    await expect(history.getByRole('status')).toContainText('Restored attempt 1');
    await expect(history.locator('tr[data-kind="save"]')).toHaveCount(1);
    await expect(history.locator('tr').nth(1)).toContainText('saved before restoring attempt 1');

    // The restore is saved, and the text it replaced is one Restore away.
    await waitSaved(page);
    await page.reload();
    await lab.waitReady();
    expect(await lab.firstLine()).toBe(starterFirst);
    await historyRegion(page).getByRole('button', { name: /^Restore the code saved before restoring attempt 1/ }).click();
    await expect.poll(() => lab.firstLine()).toBe('// unsaved thought');
  });

  test('the sidebar and the home page show the lab as attempted', async () => {
    await lab.open();
    const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: new RegExp(`^${info.id}`) });
    await expect(link.locator('.ki-lab-status')).toHaveText('attempted');
    const other = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^etcd-quorum/ });
    await expect(other.locator('.ki-lab-status')).toHaveText('not started');

    // A lesson page reads the same, without the editor.
    await page.goto('/etcd/backup-restore/');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: new RegExp(`^${info.id}`) }).locator('.ki-lab-status')).toHaveText('attempted');

    await page.goto('/');
    const progress = page.getByRole('region', { name: 'Your progress' });
    await expect(progress).toHaveAttribute('data-ready', 'true');
    const row = progress.locator(`tr[data-lab="${info.id}"]`);
    await expect(row).toHaveAttribute('data-status', 'attempted');
    await expect(row.locator('[data-field="status"]')).toHaveText('attempted');
    await expect(row.locator('[data-field="attempts"]')).toHaveText('2');
    await expect(row.locator('[data-field="latest"]')).toContainText('(seed 22)');
    await expect(progress.locator('tr[data-lab="etcd-quorum"] [data-field="status"]')).toHaveText('not started');
    // Every other lab of the course is still not started, however many there are.
    const labsShown = await progress.locator('tr[data-lab]').count();
    expect(labsShown).toBeGreaterThan(1);
    await expect(progress).toContainText(`0 passed, 1 attempted, ${labsShown - 1} not started, of ${labsShown} labs.`);
    await expect(progress).toContainText('The latest graded attempt passed every scenario.');
  });

  test('a push reaches the class remote, and git clones the graded work from it', async () => {
    const url = server.createRepo('ada');
    await lab.open();
    // Typed and not graded: the push commits it first, so the remote gets what the editor shows.
    await lab.typeAtTop('// pushed\n');
    const submit = submitRegion(page);
    await submit.getByLabel('Class remote URL').fill(url);
    await submit.getByLabel('Token').fill(TOKEN);
    await submit.getByRole('button', { name: 'Push to class remote' }).click();
    const status = submit.getByRole('status');
    await expect(status).toHaveAttribute('data-state', 'done');
    await expect(status).toContainText(`to ${url}`);

    const dir = join(tempDir(), 'clone');
    await run('git', ['clone', '--quiet', url.replace('http://', `http://learner:${TOKEN}@`), dir]);
    const { stdout: log } = await run('git', ['-C', dir, 'log', '--format=%s']);
    expect(log.split('\n').filter((l) => l.startsWith(`${info.id}: `) && /\(seed \d+\)$/.test(l))).toEqual([expect.stringMatching(/\(seed 22\)$/), expect.stringMatching(/\(seed 11\)$/)]);
    expect(log.split('\n')[0]).toBe(`${info.id}: saved for submission`);
    expect(readFileSync(join(dir, path), 'utf8').split('\n').slice(0, 2)).toEqual(['// pushed', '// unsaved thought']);
    const parsed = parseRecord(readFileSync(join(dir, `labs/${info.id}/report.json`), 'utf8'), info.id);
    expect('record' in parsed && parsed.record.report.seed).toBe('22');
    // The record's digest names the text graded with seed 22, which git kept in that attempt's commit.
    const { stdout: attempt } = await run('git', ['-C', dir, 'log', '--format=%H', '--grep', '(seed 22)', '-F']);
    const { stdout: graded } = await run('git', ['-C', dir, 'show', `${attempt.trim()}:${path}`]);
    expect(graded.split('\n')[0]).toBe('// second try');
    expect('record' in parsed && parsed.record.files[path]).toBe(fileDigest(graded));

    // The settings are kept for the next visit.
    await page.reload();
    await lab.waitReady();
    await expect(submitRegion(page).getByLabel('Class remote URL')).toHaveValue(url);
  });

  test('a wrong token is refused plainly, and the work here is untouched', async () => {
    const url = server.createRepo('bob');
    await lab.open();
    const before = await lab.firstLine();
    await expect(historyRegion(page)).toHaveAttribute('data-ready', 'true');
    const rows = await historyRegion(page).locator('tbody tr').count();
    expect(rows).toBeGreaterThan(0);
    const submit = submitRegion(page);
    await submit.getByLabel('Class remote URL').fill(url);
    await submit.getByLabel('Token').fill('not-the-token');
    await submit.getByRole('button', { name: 'Push to class remote' }).click();
    const status = submit.getByRole('status');
    await expect(status).toHaveAttribute('data-state', 'error');
    await expect(status).toHaveText(/refused the token \(HTTP 401 Unauthorized\).*Your work in this browser is unchanged\./);
    expect(await lab.firstLine()).toBe(before);
    await expect(historyRegion(page).locator('tbody tr')).toHaveCount(rows);
    // Nothing reached the remote.
    const { stdout } = await run('git', ['-C', join(server.root, 'bob.git'), 'rev-parse', '--all']);
    expect(stdout.trim()).toBe('');
  });

  test('a push the remote cannot take as a fast-forward is rejected plainly', async () => {
    const url = server.createRepo('carol');
    const other = tempDir();
    await run('git', ['init', '--quiet', '--initial-branch=main', other]);
    await run('git', ['-C', other, '-c', 'user.name=x', '-c', 'user.email=x@example.com', 'commit', '--quiet', '--allow-empty', '-m', 'theirs']);
    await run('git', ['-C', other, 'push', '--quiet', url.replace('http://', `http://learner:${TOKEN}@`), 'main']);
    await lab.open();
    const submit = submitRegion(page);
    await submit.getByLabel('Class remote URL').fill(url);
    await submit.getByLabel('Token').fill(TOKEN);
    await submit.getByRole('button', { name: 'Push to class remote' }).click();
    await expect(submit.getByRole('status')).toHaveText(/rejected the push: .*not a fast-forward/);
  });

  test('a remote that cannot be reached is said to be so', async () => {
    await lab.open();
    const submit = submitRegion(page);
    await submit.getByLabel('Class remote URL').fill('http://127.0.0.1:9/nowhere.git');
    await submit.getByLabel('Token').fill(TOKEN);
    await submit.getByRole('button', { name: 'Push to class remote' }).click();
    await expect(submit.getByRole('status')).toHaveText(/Could not reach http:\/\/127\.0\.0\.1:9\/nowhere\.git/);
  });

  test('the downloads are a bundle git clones and a zip unzip accepts', async () => {
    await lab.open();
    const submit = submitRegion(page);
    const dir = tempDir();

    const [bundle] = await Promise.all([page.waitForEvent('download'), submit.getByRole('button', { name: 'Download git bundle' }).click()]);
    expect(bundle.suggestedFilename()).toBe('kube-internals-work.bundle');
    await bundle.saveAs(join(dir, 'work.bundle'));
    await run('git', ['clone', '--quiet', join(dir, 'work.bundle'), join(dir, 'from-bundle')]);
    const { stdout: subjects } = await run('git', ['-C', join(dir, 'from-bundle'), 'log', '--format=%s']);
    expect(subjects).toContain(`${info.id}: `);
    expect(readFileSync(join(dir, 'from-bundle', path), 'utf8').split('\n')[0]).toBe('// pushed');

    const [zip] = await Promise.all([page.waitForEvent('download'), submit.getByRole('button', { name: 'Download zip' }).click()]);
    expect(zip.suggestedFilename()).toBe('kube-internals-work.zip');
    await zip.saveAs(join(dir, 'work.zip'));
    const { stdout: tested } = await run('unzip', ['-t', join(dir, 'work.zip')]);
    expect(tested).toMatch(/No errors detected/);
    const { stdout: file } = await run('unzip', ['-p', join(dir, 'work.zip'), path]);
    expect(file.split('\n')[0]).toBe('// pushed');
    await expect(submit.getByRole('status')).toHaveAttribute('data-state', 'done');
  });
});
