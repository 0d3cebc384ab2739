import { expect, test } from '@playwright/test';

test.describe('lessons', () => {
  test('the home page introduces the course and links to the first lab', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveTitle(/kube-internals/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Open the first lab' })).toHaveAttribute('href', '/labs/etcd-quorum/');
    await expect(page.getByRole('button', { name: 'Search' })).toBeVisible();
  });

  test('an overview page renders with its sidebar and table of contents', async ({ page }) => {
    await page.goto('/overview/cluster-anatomy/');
    await expect(page.getByRole('heading', { level: 1, name: 'The shape of a cluster' })).toBeVisible();
    await expect(page.locator('main h2').first()).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'etcd-quorum' })).toHaveAttribute('href', '/labs/etcd-quorum/');
  });

  test('the etcd Raft page renders its headings, code and search, without the lab scripts', async ({ page }) => {
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto('/etcd/raft/');
    await expect(page.getByRole('heading', { level: 1, name: 'Raft: agreeing on one log' })).toBeVisible();
    for (const name of ['Elections', 'Log replication', 'When is an entry committed?']) {
      await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
    }
    await expect(page.locator('main pre').first()).toBeVisible();
    await expect(page.getByRole('link', { name: 'etcd-quorum' }).first()).toHaveAttribute('href', '/labs/etcd-quorum/');
    // Search works on the built index (Pagefind), from a lesson page.
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('dialog', { name: 'Search' }).getByRole('textbox', { name: 'Search' }).fill('quorum');
    await expect(page.getByRole('dialog', { name: 'Search' }).locator('.pagefind-ui__result-link').first()).toBeVisible();
    // The editor and the graders stay on lab pages.
    expect(requested.filter((u) => /LabWorkbench|ts\.worker|editor\.worker|grade-worker/.test(u))).toEqual([]);
  });
});
