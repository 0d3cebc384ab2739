import type { Report, ScenarioResult } from '../../../graders/core/report';
import { summaryLine } from '../../../cli/lib/render';

/** ScenarioView is one row of the lab page's results, in display terms. */
export interface ScenarioView {
  id: string;
  title: string;
  visibility: 'visible' | 'hidden';
  verdict: 'pass' | 'fail';
  /** property names what was violated; only on a failure. */
  property?: string;
  message: string;
  replay: string;
}

/** scenarioView turns a scenario result into a results row. */
export function scenarioView(r: ScenarioResult): ScenarioView {
  return {
    id: r.id,
    title: r.title,
    visibility: r.visible ? 'visible' : 'hidden',
    verdict: r.passed ? 'pass' : 'fail',
    ...(!r.passed && r.property ? { property: r.property } : {}),
    message: r.message,
    replay: r.replay,
  };
}

/** progressLabel is the progress of a run: "12/28" scenarios done. */
export function progressLabel(done: number, total: number): string {
  return `${done}/${total}`;
}

/** scoreLabel is a report's score: "25/28". */
export function scoreLabel(report: Pick<Report, 'score'>): string {
  return `${report.score.earned}/${report.score.total}`;
}

/** runningLine is the status while grading: which lab, which seed, how far. */
export function runningLine(lab: string, seed: string, done: number, total: number | undefined): string {
  return `Grading ${lab} with seed ${seed}…${total === undefined ? '' : ` ${progressLabel(done, total)}`}`;
}

/** summaryText is the status once graded: the CLI's summary line. */
export function summaryText(report: Report): string {
  return summaryLine(report);
}
