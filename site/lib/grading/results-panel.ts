import type { Report, ScenarioResult } from '../../../graders/core/report';
import { progressLabel, runningLine, scenarioView, scoreLabel, summaryText } from './results-view';

/** PanelState is the results region's data-state: what the page is doing. */
export type PanelState = 'idle' | 'compiling' | 'grading' | 'done' | 'compile-error' | 'error';

/**
 * ResultsPanel renders grading into the "Grader results" region (markup in
 * site/components/lab/LabWorkbench.astro). Its data-state says what is
 * happening and, once done, data-report holds the report as JSON (schema 1),
 * the same report `npm run grade -- --json` prints.
 */
export class ResultsPanel {
  private readonly status: HTMLElement;
  private readonly seed: HTMLElement;
  private readonly score: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly bar: HTMLProgressElement;
  private readonly list: HTMLOListElement;
  private readonly details: HTMLElement;

  constructor(private readonly region: HTMLElement) {
    const q = <T extends HTMLElement>(sel: string) => {
      const el = region.querySelector<T>(sel);
      if (!el) throw new Error(`lab page: the results region has no ${sel}`);
      return el;
    };
    this.status = q('[data-status]');
    this.seed = q('[data-seed-used]');
    this.score = q('[data-score]');
    this.progress = q('[data-progress]');
    this.bar = q<HTMLProgressElement>('[data-progress-bar]');
    this.list = q<HTMLOListElement>('[data-scenarios]');
    this.details = q('[data-details]');
  }

  private set(state: PanelState, status: string): void {
    this.region.dataset.state = state;
    this.region.setAttribute('aria-busy', String(state === 'compiling' || state === 'grading'));
    this.status.textContent = status;
  }

  /** start clears the last run and says the code is being compiled. */
  start(lab: string, seed: string, only: readonly string[]): void {
    delete this.region.dataset.report;
    this.list.replaceChildren();
    this.details.replaceChildren();
    this.seed.textContent = seed;
    this.score.textContent = '–';
    this.progress.textContent = '–';
    this.bar.removeAttribute('value');
    this.bar.hidden = false;
    this.set('compiling', `Compiling… then grading ${lab} with seed ${seed}${only.length ? ` (only ${only.join(', ')})` : ''}`);
  }

  /** grading says how far the run is: `done` of `total` scenarios. */
  grading(lab: string, seed: string, done: number, total: number | undefined): void {
    this.set('grading', runningLine(lab, seed, done, total));
    if (total === undefined) return;
    this.progress.textContent = progressLabel(done, total);
    this.bar.max = total;
    this.bar.value = done;
  }

  /** result adds one scenario as it finishes. */
  result(r: ScenarioResult): void {
    this.list.append(scenarioItem(r));
  }

  /** done shows the report, in scenario order. */
  done(report: Report): void {
    this.list.replaceChildren(...report.scenarios.map(scenarioItem));
    this.score.textContent = scoreLabel(report);
    this.progress.textContent = progressLabel(report.scenarios.length, report.score.total);
    this.bar.hidden = true;
    this.region.dataset.report = JSON.stringify(report);
    this.set('done', summaryText(report));
  }

  /** compileError shows why the code was not graded: one line, and every error below it. */
  compileError(line: string, errors: readonly string[]): void {
    this.bar.hidden = true;
    const pre = document.createElement('pre');
    pre.className = 'lab-errors';
    pre.textContent = errors.join('\n');
    this.details.replaceChildren(pre);
    this.set('compile-error', line);
  }

  /** error shows why nothing was graded (an unknown scenario id, a worker that never started). */
  error(message: string): void {
    this.bar.hidden = true;
    this.set('error', message);
  }
}

/** scenarioItem renders one scenario: verdict, id, visibility, title, then property, message and replay. */
function scenarioItem(r: ScenarioResult): HTMLLIElement {
  const v = scenarioView(r);
  const li = el('li', 'lab-scenario');
  li.dataset.scenario = v.id;
  li.dataset.verdict = v.verdict;
  const details = el('details');
  details.open = v.verdict === 'fail';
  const summary = el('summary');
  summary.append(
    el('span', 'lab-verdict', v.verdict === 'pass' ? '✓ pass' : '✗ fail'),
    ' ',
    el('code', 'lab-id', v.id),
    ' ',
    el('span', 'lab-visibility', v.visibility),
    ' ',
    el('span', 'lab-title', v.title),
  );
  const dl = el('dl');
  if (v.property) dl.append(el('dt', '', 'property'), wrap('dd', el('code', '', v.property)));
  dl.append(el('dt', '', 'message'), wrap('dd', el('pre', 'lab-message', v.message)));
  dl.append(el('dt', '', 'replay'), wrap('dd', el('code', 'lab-replay', v.replay)));
  details.append(summary, dl);
  li.append(details);
  return li;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function wrap<K extends keyof HTMLElementTagNameMap>(tag: K, child: Node): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.append(child);
  return node;
}
