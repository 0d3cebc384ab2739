import { expect, test, type Page } from '@playwright/test';

/**
 * The live request-path diagram on /apiserver/request-lifecycle/
 * (site/components/RequestPipeline.astro): the engine's API server in the
 * page, a real request per button, its stages replayed one step at a time.
 */

const diagram = (page: Page) => page.locator('request-pipeline');
const live = (page: Page) => diagram(page).locator('[data-field="live"]');
const response = (page: Page) => diagram(page).locator('[data-field="response"]');
const stage = (page: Page, id: string) => diagram(page).getByRole('list', { name: 'Stages of the request path' }).locator(`[data-stage="${id}"]`);
const button = (page: Page, name: string) => diagram(page).getByRole('button', { name, exact: true });

/** open loads the lesson, brings the diagram on screen and collects page errors. */
async function open(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/apiserver/request-lifecycle/');
  await diagram(page).scrollIntoViewIfNeeded();
  await expect(button(page, 'No credentials')).toBeEnabled();
  return errors;
}

test.describe('the live request-path diagram', () => {
  test('renders the requests, the seven stages and an empty response', async ({ page }) => {
    const errors = await open(page);
    await expect(diagram(page).getByRole('group', { name: 'Requests to send' }).getByRole('button')).toHaveCount(8);
    const stages = diagram(page).getByRole('list', { name: 'Stages of the request path' }).getByRole('listitem');
    await expect(stages).toHaveCount(7);
    await expect(stages.first()).toContainText('Authentication');
    await expect(stages.last()).toContainText('Response');
    await expect(diagram(page).locator('[data-field="live"][aria-live="polite"]')).toHaveCount(1);
    await expect(button(page, 'Play')).toBeDisabled();
    expect(errors).toEqual([]);
  });

  test('no credentials stops at authentication with 401', async ({ page }) => {
    const errors = await open(page);
    await button(page, 'No credentials').click();
    await expect(live(page)).toHaveText(/Stopped at Authentication: 401 Unauthorized\.$/);
    await expect(stage(page, 'authentication')).toHaveAttribute('data-state', 'stopped');
    await expect(stage(page, 'authorization')).toHaveAttribute('data-state', 'skipped');
    await expect(stage(page, 'response')).toHaveAttribute('data-state', 'failed');
    const body = JSON.parse((await response(page).textContent()) ?? '');
    expect(body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    await expect(diagram(page).locator('[data-field="request-line"]')).toHaveText('GET /api/v1/namespaces/default/pods');
    await expect(diagram(page).locator('[data-field="credentials"]')).toHaveText('no credentials');
    expect(errors).toEqual([]);
  });

  test('bob is forbidden to list pods with the upstream message, and allowed once granted view', async ({ page }) => {
    await open(page);
    await button(page, 'Bob lists pods').click();
    await expect(live(page)).toHaveText(/Stopped at Authorization: 403 Forbidden\.$/);
    await expect(stage(page, 'authorization')).toHaveAttribute('data-state', 'stopped');
    await expect(response(page)).toContainText('"message": "pods is forbidden: User \\"bob\\" cannot list resource \\"pods\\" in API group \\"\\" in the namespace \\"default\\""');
    await expect(response(page)).toContainText('"reason": "Forbidden"');

    await button(page, 'Grant bob view').click();
    await expect(live(page)).toHaveText(/Done: 201 Created\.$/);
    await expect(response(page)).toContainText('"kind": "RoleBinding"');
    await expect(button(page, 'Revoke bob’s view')).toBeVisible();

    await button(page, 'Bob lists pods').click();
    await expect(live(page)).toHaveText(/Done: 200 OK\.$/);
    await expect(stage(page, 'authorization')).toHaveAttribute('data-state', 'passed');
    await expect(stage(page, 'etcd')).toHaveAttribute('data-state', 'passed');
    await expect(diagram(page).locator('[data-field="steps"]')).toContainText('RBAC: allowed by RoleBinding "bob-view/default" of ClusterRole "view" to User "bob"');
    await expect(response(page)).toContainText('"kind": "PodList"');
  });

  test('a stale update is refused with 409 Conflict at etcd', async ({ page }) => {
    await open(page);
    await button(page, 'Stale update').click();
    await expect(live(page)).toHaveText(/Stopped at etcd: 409 Conflict\.$/);
    await expect(stage(page, 'etcd')).toHaveAttribute('data-state', 'stopped');
    await expect(stage(page, 'mutating')).toHaveAttribute('data-state', 'skipped');
    await expect(response(page)).toContainText(
      '"message": "Operation cannot be fulfilled on configmaps \\"settings\\": the object has been modified; please apply your changes to the latest version and try again"',
    );
    await expect(response(page)).toContainText('"code": 409');
  });

  test('steps through a create one stage at a time when the reader prefers reduced motion', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await open(page);
    await button(page, 'Admin creates a pod').click();
    await expect(live(page)).toHaveText('Request sent. Press Step or Play to follow it.');
    await expect(stage(page, 'authentication')).toHaveAttribute('data-state', 'idle');
    await button(page, 'Step').click();
    await expect(live(page)).toHaveText('Authentication: Authenticated as kubernetes-admin.');
    await expect(stage(page, 'authentication')).toHaveAttribute('aria-current', 'step');
    await button(page, 'Step').click();
    await expect(live(page)).toHaveText('Authorization: Allowed by system:masters.');
    await expect(stage(page, 'mutating')).toHaveAttribute('data-state', 'idle');
    await button(page, 'Show all').click();
    await expect(live(page)).toHaveText(/Done: 201 Created\.$/);
    for (const id of ['authentication', 'authorization', 'mutating', 'validation', 'validating', 'etcd', 'response'])
      await expect(stage(page, id)).toHaveAttribute('data-state', 'passed');
    await expect(stage(page, 'mutating')).toContainText('LimitRanger changed 5 fields');
    await expect(response(page)).toContainText('"kubernetes.io/limit-ranger"');
  });

  test('only the request lesson loads the diagram', async ({ page }) => {
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto('/apiserver/admission/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(requested.filter((u) => /RequestPipeline/.test(u))).toEqual([]);
    await open(page);
    expect(requested.filter((u) => /RequestPipeline/.test(u)).length).toBeGreaterThan(0);
  });
});
