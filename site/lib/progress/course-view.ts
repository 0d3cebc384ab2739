/**
 * course-view: the home page's "Your progress" table (markup in
 * site/components/progress/CourseProgress.astro), filled from the
 * learner's repository. Loaded lazily: it brings isomorphic-git.
 */
import { courseWorkspace } from './browser-repo';
import type { LabProgress } from './history';
import { STATUS_LABEL, STATUS_MEANING, tally } from './status';

/** ProgressCells is one lab's row, as text. */
export interface ProgressCells {
  status: string;
  attempts: string;
  latest: string;
  lastActivity: string;
}

/** progressCells renders one lab's progress; formatTime renders a time for the reader. */
export function progressCells(p: LabProgress, formatTime: (ms: number) => string): ProgressCells {
  return {
    status: STATUS_LABEL[p.status],
    attempts: String(p.attempts),
    latest: p.latest ? `${p.latest.earned}/${p.latest.total} (seed ${p.latest.seed})` : '–',
    lastActivity: p.lastActivityMs !== undefined ? formatTime(p.lastActivityMs) : '–',
  };
}

/** summaryLine counts the labs by status, for the line above the table. */
export function summaryLine(progress: readonly LabProgress[]): string {
  const t = tally(progress.map((p) => p.status));
  return `${t.passed} passed, ${t.attempted} attempted, ${t['not-started']} not started, of ${progress.length} labs.`;
}

/** showCourseProgress fills the table under `root` (rows marked data-lab). */
export async function showCourseProgress(root: HTMLElement): Promise<void> {
  const rows = [...root.querySelectorAll<HTMLElement>('tr[data-lab]')];
  const summary = root.querySelector<HTMLElement>('[data-progress-summary]');
  const format = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  try {
    const progress = await courseWorkspace().progress(rows.map((r) => r.dataset.lab ?? ''));
    progress.forEach((p, i) => {
      const row = rows[i];
      row.dataset.status = p.status;
      const cells = progressCells(p, format);
      for (const [field, text] of Object.entries(cells)) {
        const cell = row.querySelector<HTMLElement>(`[data-field="${field}"]`);
        if (cell) cell.textContent = text;
      }
      row.querySelector<HTMLElement>('[data-field="status"]')?.setAttribute('title', STATUS_MEANING[p.status]);
    });
    if (summary) summary.textContent = summaryLine(progress);
    root.dataset.ready = 'true';
  } catch (e) {
    if (summary) summary.textContent = `Your progress cannot be read from this browser's storage: ${(e as Error).message}`;
    root.dataset.ready = 'error';
  }
}
