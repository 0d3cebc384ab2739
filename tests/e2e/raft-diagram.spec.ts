import { expect, test, type Page } from '@playwright/test';

/**
 * The live Raft diagram on /etcd/raft/ (site/components/RaftCluster.astro):
 * a five-member cluster on the engine, driven by the reader's buttons. The
 * diagram's time runs only while it is on screen, so each test scrolls to it.
 */

const summary = (page: Page) => page.locator('raft-cluster [data-field="summary"]');
const events = (page: Page) => page.getByRole('log', { name: 'Events' });
const button = (page: Page, name: string) => page.locator('raft-cluster').getByRole('button', { name, exact: true });
const row = (page: Page, id: string) => page.locator('raft-cluster tbody tr').filter({ has: page.getByRole('rowheader', { name: id, exact: true }) });

/** open loads the lesson, brings the diagram on screen and fails the test on any page error. */
async function open(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/etcd/raft/');
  await page.locator('raft-cluster').scrollIntoViewIfNeeded();
  return errors;
}

/** leader waits for the summary to name a leader and returns its id and term. */
async function leader(page: Page, not?: string): Promise<{ id: string; term: number; commit: number }> {
  const pattern = not ? new RegExp(`^Leader: (?!${not},)n\\d, term \\d+`) : /^Leader: n\d, term \d+/;
  await expect(summary(page)).toHaveText(pattern);
  const m = /^Leader: (n\d), term (\d+)\. Highest commit index: (\d+)\./.exec((await summary(page).textContent()) ?? '');
  expect(m).not.toBeNull();
  return { id: m![1], term: Number(m![2]), commit: Number(m![3]) };
}

async function highestCommit(page: Page): Promise<number> {
  return Number(/Highest commit index: (\d+)/.exec((await summary(page).textContent()) ?? '')?.[1]);
}

test.describe('the live Raft diagram', () => {
  test('renders the cluster, its members table and its seed, and shows a leader within seconds', async ({ page }) => {
    const errors = await open(page);
    const picture = page.getByRole('img', { name: /A live five-member etcd cluster/ });
    await expect(picture).toBeVisible();
    await expect(page.locator('raft-cluster svg.rc-picture .rc-host')).toHaveCount(5);
    await expect(page.locator('raft-cluster tbody tr')).toHaveCount(5);
    await expect(page.locator('raft-cluster [data-field="seed"]')).toHaveText('1');
    const started = Date.now();
    const { id, term } = await leader(page);
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(row(page, id).getByRole('cell').first()).toHaveText('leader');
    await expect(events(page)).toContainText(`${id} became leader of term ${term}`);
    // The table and the picture agree: exactly one member is drawn as the leader.
    await expect(page.locator('raft-cluster svg .rc-host.rc-leader')).toHaveCount(1);
    expect(errors).toEqual([]);
  });

  test('a write raises the commit index, and the leader’s log holds it', async ({ page }) => {
    await open(page);
    const { id } = await leader(page);
    // Let the new leader commit its empty entry first, so the next commit is the write's.
    await expect(events(page)).toContainText('committed (the empty entry');
    const before = await highestCommit(page);
    await button(page, 'Send write').click();
    await expect(events(page)).toContainText('c1 sends put x = v1');
    await expect.poll(() => highestCommit(page)).toBeGreaterThan(before);
    await expect(events(page)).toContainText(/entry \d+ committed \(put x = v1\)/);
    await expect(events(page)).toContainText('c1: put x = v1 acknowledged');
    await expect(row(page, id).getByRole('cell').nth(3)).toHaveText(String(before + 1));
  });

  test('shows what etcdctl would print for the running cluster', async ({ page }) => {
    await open(page);
    const { id } = await leader(page);
    await page.locator('raft-cluster').getByText('What etcdctl would show').click();
    const output = page.locator('raft-cluster [data-field="etcdctl-output"]');
    await expect(output).toContainText('$ etcdctl -w table endpoint status --cluster');
    await expect(output).toContainText('| IS LEADER |');
    await expect(output).toContainText(new RegExp(`${id}:2379 \\|[^\\n]*\\|\\s+true \\|`));
    await expect(output).toContainText(`http://${id}:2380`);
  });

  test('crashing the leader leads to a new leader in a higher term; the old one restarts as a follower', async ({ page }) => {
    await open(page);
    await page.getByLabel('Speed').selectOption('1');
    const old = await leader(page);
    await button(page, `Crash ${old.id}`).click();
    await expect(row(page, old.id).getByRole('cell').first()).toHaveText('down');
    await expect(events(page)).toContainText(`${old.id} crashed`);
    const next = await leader(page, old.id);
    expect(next.term).toBeGreaterThan(old.term);
    await button(page, `Restart ${old.id}`).click();
    await expect(row(page, old.id).getByRole('cell').first()).toHaveText('follower');
    await expect(button(page, `Crash ${old.id}`)).toBeVisible();
  });

  test('isolating a member cuts its links and marks it cut off; healing restores the network', async ({ page }) => {
    await open(page);
    await page.getByLabel('Speed').selectOption('1');
    const { id } = await leader(page);
    const follower = ['n1', 'n2', 'n3', 'n4', 'n5'].find((x) => x !== id)!;
    await button(page, `Isolate ${follower}`).click();
    await expect(button(page, `Reconnect ${follower}`)).toBeVisible();
    await expect(row(page, follower).getByRole('cell').first()).toHaveText(/\(cut off\)$/);
    await expect(page.locator('raft-cluster svg .rc-link-cut')).toHaveCount(4);
    await expect(events(page)).toContainText(`network split: ${follower} |`);
    // The majority still commits a write while the member is away.
    const before = await highestCommit(page);
    await button(page, 'Send write').click();
    await expect.poll(() => highestCommit(page)).toBeGreaterThan(before);
    await button(page, 'Heal network').click();
    await expect(page.locator('raft-cluster svg .rc-link-cut')).toHaveCount(0);
    await expect(events(page)).toContainText('network healed');
    await expect(button(page, `Isolate ${follower}`)).toBeVisible();
    // Once back, the member catches up with the cluster's log.
    const cells = row(page, follower).getByRole('cell');
    await expect.poll(async () => Number(await cells.nth(2).textContent())).toBeGreaterThanOrEqual(before + 1);
    await expect(cells.first()).not.toHaveText(/cut off/);
  });

  test('pauses and plays; Replay seed replays the same election, Reset draws a new seed', async ({ page }) => {
    await open(page);
    const first = await leader(page);
    const line = `${first.id} became leader of term ${first.term}`;
    await button(page, 'Pause').click();
    const time = page.locator('raft-cluster [data-field="time"]');
    const paused = await time.textContent();
    await page.waitForTimeout(400);
    await expect(time).toHaveText(paused!);
    await button(page, 'Play').click();
    await expect(time).not.toHaveText(paused!);
    // The replay runs at another speed: virtual time, not the wall clock, decides what happens.
    await page.getByLabel('Speed').selectOption('1');
    await button(page, 'Replay seed').click();
    await expect(page.locator('raft-cluster [data-field="seed"]')).toHaveText('1');
    await expect(summary(page)).toHaveText(/^No leader/);
    await expect(events(page)).toContainText(line);
    await button(page, 'Reset').click();
    await expect(page.locator('raft-cluster [data-field="seed"]')).not.toHaveText('1');
    await leader(page);
  });

  test('only the Raft lesson loads the diagram', async ({ page }) => {
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto('/etcd/quorum/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(requested.filter((u) => /RaftCluster/.test(u))).toEqual([]);
    await page.goto('/etcd/raft/');
    await expect(page.locator('raft-cluster svg .rc-host')).toHaveCount(5);
    expect(requested.filter((u) => /RaftCluster/.test(u)).length).toBeGreaterThan(0);
  });
});
