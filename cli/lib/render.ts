import type { Report, ScenarioResult } from '../../graders/core/report';

/** resultLines renders one scenario result: a status line, then (on failure) the explanation and replay command. */
export function resultLines(r: ScenarioResult, position: number, total: number): string[] {
  const width = String(total).length;
  const counter = `[${String(position).padStart(width)}/${total}]`;
  const lines = [`${counter} ${r.passed ? '✓' : '✗'} ${r.id}${r.visible ? '' : ' (hidden)'}  ${r.title}`];
  if (!r.passed) {
    const indent = ' '.repeat(counter.length + 3);
    for (const line of r.message.split('\n')) lines.push(indent + line);
    lines.push(`${indent}replay: ${r.replay}`);
  }
  return lines;
}

/** summaryLine is the last line of a grading run. */
export function summaryLine(report: Report): string {
  const secs = (report.durationMs / 1000).toFixed(1);
  const verdict = report.passed ? 'all passed' : `${report.score.total - report.score.earned} failed`;
  return `${report.lab}: ${report.score.earned}/${report.score.total} scenarios passed, ${verdict} (seed ${report.seed}, ${secs} s)`;
}
