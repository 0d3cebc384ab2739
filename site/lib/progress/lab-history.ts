/**
 * lab-history: the lab page's part of the learner's repository: recording
 * each full grading run as an attempt, listing the lab's history, and
 * replacing the editor's text (restore, Reset to starter, Import) without
 * losing the text it had, which is first saved as a commit.
 */
import type { Report } from '../../../graders/core/report';
import { PROGRESS_EVENT } from './browser';
import { HistoryPanel } from './history-panel';
import { historyRows, statusLine, statusOf, type HistoryRow } from './history-view';
import type { Workspace } from './workspace';

/** EditorLike is what the history needs of the editor. */
export interface EditorLike {
  text(): string;
  /** replace sets the whole text as one undoable edit. */
  replace(text: string): void;
  focus(): void;
}

export interface LabHistoryOptions {
  ws: Workspace;
  lab: string;
  /** path is the learner file's repository path, labs/<lab>/<file>. */
  path: string;
  starter: string;
  editor: EditorLike;
  root: HTMLElement;
  formatTime?: (ms: number) => string;
}

const defaultFormat = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export class LabHistory {
  private readonly panel: HistoryPanel;
  private readonly formatTime: (ms: number) => string;

  constructor(private readonly o: LabHistoryOptions) {
    this.formatTime = o.formatTime ?? defaultFormat;
    this.panel = new HistoryPanel(o.root, (row) => void this.restore(row));
  }

  /** refresh reads the lab's history from the repository and shows it. */
  async refresh(): Promise<void> {
    try {
      if (await this.o.ws.syncRecord(this.o.lab)) window.dispatchEvent(new CustomEvent(PROGRESS_EVENT, { detail: { lab: this.o.lab } }));
      const history = await this.o.ws.history(this.o.lab);
      const status = statusOf(history);
      this.panel.render(status, statusLine(status), historyRows(history, this.formatTime));
      this.o.root.dataset.ready = 'true';
    } catch (e) {
      this.panel.say(`Your history cannot be read from this browser's storage: ${(e as Error).message}`, 'error');
    }
  }

  /**
   * record commits a full grading run of `graded` (the exact text compiled)
   * with its report. A failure is shown, never thrown: the results stay on
   * screen and the text stays in the editor.
   */
  async record(report: Report, graded: string): Promise<void> {
    try {
      await this.o.ws.recordAttempt(report, { [this.o.path]: graded });
      const n = await this.o.ws.attemptCount(this.o.lab);
      this.panel.say(`Recorded as attempt ${n} (${report.score.earned}/${report.score.total}, seed ${report.seed}) in your repository.`);
      window.dispatchEvent(new CustomEvent(PROGRESS_EVENT, { detail: { lab: this.o.lab } }));
    } catch (e) {
      this.panel.say(`This run could not be recorded in your repository: ${(e as Error).message}. Your code is still in the editor.`, 'error');
    }
    await this.refresh();
  }

  /** skipped says why a run was not recorded (it graded only some scenarios). */
  skipped(only: readonly string[]): void {
    this.panel.say(`This run graded only ${only.join(', ')} (from the page's ?only= address), so it is not recorded as an attempt. Grade without ?only= to record one.`);
  }

  /**
   * replaceText puts `text` in the editor, first saving the text it had as a
   * commit titled `title` when that text exists nowhere else (it differs from
   * the new text and from the starter). It resolves with whether a save was
   * made.
   */
  async replaceText(text: string, title: string): Promise<boolean> {
    const current = this.o.editor.text();
    this.o.editor.replace(text);
    this.o.editor.focus();
    if (current === text || current === this.o.starter) return false;
    try {
      const kept = await this.o.ws.keep(this.o.lab, { [this.o.path]: current }, title);
      if (kept.created) await this.refresh();
      return kept.created;
    } catch (e) {
      this.panel.say(`Your previous code could not be saved in the history (${(e as Error).message}); Undo in the editor brings it back.`, 'error');
      return false;
    }
  }

  /** restore brings a commit's text of the learner file back into the editor. */
  async restore(row: HistoryRow): Promise<void> {
    this.panel.setBusy(true);
    try {
      const text = await this.o.ws.textAt(row.oid, this.o.path);
      if (text === undefined) {
        this.panel.say(`${row.name} (${row.when}) holds no ${this.o.path}.`, 'error');
        return;
      }
      const what = row.kind === 'attempt' ? `${row.name.toLowerCase()} (${row.score}, seed ${row.seed})` : `the code ${row.outcome} at ${row.when}`;
      const saved = await this.replaceText(text, `saved before restoring ${row.kind === 'attempt' ? row.name.toLowerCase() : 'a saved text'}`);
      this.panel.say(
        `Restored ${what} into the editor. ` +
          (saved ? 'The code you had is saved at the top of this list.' : 'The code you had was already in this list (or was the starter).'),
      );
    } catch (e) {
      this.panel.say(`Could not restore: ${(e as Error).message}. The editor is unchanged.`, 'error');
    } finally {
      this.panel.setBusy(false);
    }
  }
}
