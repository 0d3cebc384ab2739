import { expect, test } from '@playwright/test';
import { sampleRoster } from '../../cli/lib/roster/testing/rosters';

/** The Instructor page opens a roster.json and shows the roster's dashboard. */
test.describe('the Instructor page', () => {
  test('opens a roster.json: the learners table, pass rates, and sorting', async ({ page }) => {
    await page.goto('/instructor/');
    await expect(page.getByRole('heading', { level: 1, name: 'Instructor' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Instructor' })).toHaveAttribute('href', '/instructor/');
    await page.getByLabel('Open a roster.json').setInputFiles({ name: 'roster.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(sampleRoster())) });
    await expect(page.locator('[data-roster-status]')).toHaveText('roster.json: 5 learners × 2 labs, regraded 2026-03-02.');

    const rates = page.locator('table.rd-rates');
    await expect(rates.locator('tbody tr')).toHaveCount(2);
    await expect(rates.locator('tr[data-lab="alpha"] td').first()).toHaveText('1 / 5');
    await expect(rates.getByRole('img', { name: '20% passed' }).first()).toBeVisible();

    const learners = page.locator('table.rd-learners');
    const firstColumn = learners.locator('tbody tr th');
    await expect(firstColumn).toHaveText(['ada', 'bob', 'cy', 'dee', 'eve !']);
    await expect(learners.locator('tbody tr').nth(2).locator('td').first()).toHaveText('9/10 ≠');

    // Sort by the alpha lab's score: ascending puts what was not graded first, descending the best first.
    const alpha = learners.getByRole('button', { name: 'alpha' });
    await alpha.click();
    await expect(learners.locator('thead th').nth(1)).toHaveAttribute('aria-sort', 'ascending');
    await expect(firstColumn).toHaveText(['dee', 'eve !', 'bob', 'cy', 'ada']);
    await alpha.click();
    await expect(firstColumn).toHaveText(['ada', 'cy', 'bob', 'eve !', 'dee']);

    await expect(page.getByRole('heading', { name: 'Scenarios that fail most' })).toBeVisible();
    await expect(page.locator('table.rd-scenario-table tbody tr').first()).toContainText('partitions');
    await expect(page.locator('table.rd-property-table tbody tr').first()).toContainText('election safety');
  });

  test('says so when the file is not a roster, and shows nothing', async ({ page }) => {
    await page.goto('/instructor/');
    await page.getByLabel('Open a roster.json').setInputFiles({ name: 'class.json', mimeType: 'application/json', buffer: Buffer.from('{"learners": []}') });
    await expect(page.locator('[data-roster-status]')).toHaveText('class.json is not a roster.json: schema is undefined, expected 1 (is this a roster.json?).');
    await expect(page.locator('table.rd-learners')).toHaveCount(0);
  });
});
