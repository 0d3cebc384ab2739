/**
 * history-panel: renders the lab page's "Your attempts" region (markup in
 * site/components/lab/LabHistory.astro) from history-view rows.
 */
import type { HistoryRow } from './history-view';
import type { LabStatus } from './status';

export class HistoryPanel {
  private readonly body: HTMLElement;
  private readonly table: HTMLElement;
  private readonly labStatus: HTMLElement;
  private readonly status: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly onRestore: (row: HistoryRow) => void,
  ) {
    const q = (sel: string) => {
      const el = root.querySelector<HTMLElement>(sel);
      if (!el) throw new Error(`lab page: the history region has no ${sel}`);
      return el;
    };
    this.body = q('[data-history-rows]');
    this.table = q('[data-history-table]');
    this.labStatus = q('[data-lab-status]');
    this.status = q('[data-history-status]');
  }

  /** render shows the lab's status line and the rows, newest first. */
  render(status: LabStatus, statusText: string, rows: readonly HistoryRow[]): void {
    this.labStatus.dataset.status = status;
    this.labStatus.textContent = statusText;
    this.body.replaceChildren(...rows.map((r) => this.row(r)));
    this.table.hidden = rows.length === 0;
    this.root.dataset.attempts = String(rows.filter((r) => r.kind === 'attempt').length);
  }

  /** say shows one line about the last history action; 'error' marks a failure. */
  say(text: string, state: 'info' | 'error' = 'info'): void {
    this.status.dataset.state = state;
    this.status.textContent = text;
  }

  /** setBusy disables the Restore buttons while a restore runs. */
  setBusy(busy: boolean): void {
    this.body.querySelectorAll('button').forEach((b) => (b.disabled = busy));
  }

  private row(r: HistoryRow): HTMLTableRowElement {
    const tr = document.createElement('tr');
    tr.dataset.kind = r.kind;
    tr.dataset.oid = r.oid;
    if (r.seed) tr.dataset.seed = r.seed;
    const cell = (text: string, cls?: string) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (cls) td.className = cls;
      return td;
    };
    tr.append(cell(r.name), cell(r.when), cell(r.score, 'lab-history-num'), cell(r.seed, 'lab-history-num'));
    const outcome = cell(r.outcome, 'lab-history-outcome');
    outcome.dataset.outcome = r.kind === 'attempt' ? r.outcome : 'saved';
    tr.append(outcome);
    const action = document.createElement('td');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'lab-button';
    button.textContent = 'Restore';
    button.setAttribute('aria-label', r.restoreLabel);
    button.addEventListener('click', () => this.onRestore(r));
    action.append(button);
    tr.append(action);
    return tr;
  }
}
