/**
 * Report is the one result format of a grading run (schema 1). The CLI prints
 * it, the site renders it, the roster stores it. Apart from durationMs it is a
 * pure function of (lab, seed, lab code).
 */
export const REPORT_SCHEMA = 1;

export interface ScenarioResult {
  id: string;
  title: string;
  visible: boolean;
  passed: boolean;
  /** property names what was violated, when the scenario failed. */
  property?: string;
  message: string;
  /** replay is the one-line command that replays exactly this scenario. */
  replay: string;
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  lab: string;
  seed: string;
  passed: boolean;
  score: { earned: number; total: number };
  scenarios: ScenarioResult[];
  durationMs: number;
}

/** buildReport assembles a report from scenario results. */
export function buildReport(lab: string, seed: string, scenarios: ScenarioResult[], durationMs: number): Report {
  const earned = scenarios.filter((s) => s.passed).length;
  return {
    schema: REPORT_SCHEMA,
    lab,
    seed,
    passed: scenarios.length > 0 && earned === scenarios.length,
    score: { earned, total: scenarios.length },
    scenarios,
    durationMs,
  };
}

/** replayCommand is the command line that replays one scenario. */
export function replayCommand(lab: string, seed: string, scenarioId: string, extraArgs: readonly string[] = []): string {
  return ['npm run grade --', lab, ...extraArgs.map(quoteArg), '--seed', seed, '--only', scenarioId].join(' ');
}

function quoteArg(arg: string): string {
  return /^[\w./:=@+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** withoutTimings strips what may differ between two runs of the same seed and code. */
export function withoutTimings(report: Report): Omit<Report, 'durationMs'> {
  const { durationMs: _ignored, ...rest } = report;
  return rest;
}
