/**
 * lab-page: driving a lab page (/labs/<id>/) from end-to-end tests, the way a
 * learner does: through the editor, the controls by their accessible names,
 * and the "Grader results" region.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import type { LabInfo } from '../../graders/core/lab';
import { labFilePath } from '../../graders/core/modules';
import type { Report } from '../../graders/core/report';
import { REPO_ROOT } from '../../cli/lib/repo';

/** starterOf is the text of a lab's learner file as the repository ships it. */
export function starterOf(info: LabInfo): string {
  return readFileSync(join(REPO_ROOT, labFilePath(info, info.files[0])), 'utf8');
}

/** LabPage is one open lab page. */
export class LabPage {
  constructor(
    readonly page: Page,
    readonly info: LabInfo,
  ) {}

  get results(): Locator {
    return this.page.getByRole('region', { name: 'Grader results' });
  }

  /** open loads the page (with ?only=… when `only` is given) and waits until the editor is up. */
  async open(only: readonly string[] = []): Promise<void> {
    const query = only.length ? `?only=${only.map(encodeURIComponent).join(',')}` : '';
    await this.page.goto(`/labs/${this.info.id}/${query}`);
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await expect(this.page.locator('[data-lab-workbench]')).toHaveAttribute('data-ready', 'true');
    await expect(this.page.locator('.monaco-editor .view-lines')).toBeVisible();
  }

  /** grade presses Grade (with a seed, or an empty field) and waits until the run ends. */
  async grade(seed?: string): Promise<string> {
    await this.page.getByLabel('Seed').fill(seed ?? '');
    await this.page.getByRole('button', { name: 'Grade', exact: true }).click();
    await expect(this.results).toHaveAttribute('data-state', /^(done|compile-error|error)$/, { timeout: 120_000 });
    return (await this.results.getAttribute('data-state')) ?? '';
  }

  /** report is the last run's report, as the page exposes it (data-report). */
  async report(): Promise<Report> {
    const json = await this.results.getAttribute('data-report');
    if (!json) throw new Error('the results region holds no report');
    return JSON.parse(json) as Report;
  }

  async status(): Promise<string> {
    return (await this.results.locator('[data-status]').textContent())?.trim() ?? '';
  }

  /** importFile loads `text` into the editor through the "Import file" control. */
  async importFile(text: string, name = this.info.files[0]): Promise<void> {
    await this.page.getByLabel('Import file').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
  }

  /** typeAtTop types `text` at the very start of the file, as a learner would. */
  async typeAtTop(text: string): Promise<void> {
    await this.page.locator('.monaco-editor .view-lines').click();
    await this.page.keyboard.press('Control+Home');
    await this.page.keyboard.type(text);
  }

  /** visibleText is the editor's rendered text (the lines on screen), with spaces normalised. */
  async visibleText(): Promise<string> {
    const text = await this.page.locator('.monaco-editor .view-lines').innerText();
    return text.replace(/\u00a0/g, ' ');
  }

  /** firstLine is the editor's first line as rendered. */
  async firstLine(): Promise<string> {
    const line = this.page.locator('.monaco-editor .view-line').filter({ has: this.page.locator('span') });
    const tops = await line.evaluateAll((els) => els.map((e) => ({ top: (e as HTMLElement).offsetTop, text: (e.textContent ?? '').replace(/\u00a0/g, ' ') })));
    tops.sort((a, b) => a.top - b.top);
    return tops[0]?.text ?? '';
  }
}

/** smallRun is a fast subset of a lab's scenarios: every example and the first of each hidden family. */
export function smallRun(grader: { examples: { id: string }[]; families: { name: string }[] }): string[] {
  return [...grader.examples.map((e) => e.id), ...grader.families.map((f) => `${f.name}-1`)];
}
