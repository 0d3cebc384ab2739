/**
 * summary: class-wide figures of a roster for the dashboard: per-lab pass
 * rates, and what fails most. Pure (no Node APIs, no DOM).
 *
 * Hidden scenario ids ("partitions-3") name a different generated scenario
 * for each learner (every learner has their own seed), so hidden failures are
 * counted by family ("partitions"); visible examples are the same for all
 * and are counted by id.
 */
import type { Roster, RosterLab } from './schema';

export interface LabStats {
  lab: RosterLab;
  /** learners is everyone in the roster; the other counts split them by status. */
  learners: number;
  graded: number;
  passed: number;
  missing: number;
  refused: number;
  errors: number;
  /** compileErrors counts graded entries whose code does not compile. */
  compileErrors: number;
  differs: number;
  /** passRate is passed / learners (0 for an empty roster). */
  passRate: number;
  /** meanScore is the mean percentage over graded entries, or null when none was graded. */
  meanScore: number | null;
}

/** ScenarioFailures counts the learners failing a visible example, or at least one scenario of a hidden family. */
export interface ScenarioFailures {
  lab: string;
  /** key is the example's id or the hidden family's name. */
  key: string;
  title: string;
  hidden: boolean;
  learners: number;
  /** share is learners / graded learners of the lab. */
  share: number;
}

/** PropertyFailures counts the learners (and scenarios) that violated a checked property. */
export interface PropertyFailures {
  lab: string;
  property: string;
  learners: number;
  scenarios: number;
  share: number;
}

export interface RosterSummary {
  labs: LabStats[];
  /** scenarios, most failed first (then by lab order and key). */
  scenarios: ScenarioFailures[];
  /** properties, most violated first. */
  properties: PropertyFailures[];
}

/** familyOf is a hidden scenario's family name: its id without the trailing "-<n>". */
export function familyOf(id: string): string {
  return id.replace(/-\d+$/, '');
}

export function summarize(roster: Roster): RosterSummary {
  const labs: LabStats[] = [];
  const scenarios: ScenarioFailures[] = [];
  const properties: PropertyFailures[] = [];
  roster.labs.forEach((lab, i) => {
    const entries = roster.learners.map((l) => l.labs[i]);
    const graded = entries.filter((e) => e.status === 'graded');
    const scores = graded.filter((e) => e.score && e.score.total > 0).map((e) => (100 * e.score!.earned) / e.score!.total);
    labs.push({
      lab,
      learners: entries.length,
      graded: graded.length,
      passed: entries.filter((e) => e.passed).length,
      missing: entries.filter((e) => e.status === 'missing').length,
      refused: entries.filter((e) => e.status === 'refused').length,
      errors: entries.filter((e) => e.status === 'error').length,
      compileErrors: graded.filter((e) => e.compileError !== undefined).length,
      differs: entries.filter((e) => e.differs).length,
      passRate: entries.length ? entries.filter((e) => e.passed).length / entries.length : 0,
      meanScore: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
    });
    const byScenario = new Map<string, { title: string; hidden: boolean; learners: number }>();
    const byProperty = new Map<string, { learners: number; scenarios: number }>();
    for (const e of graded) {
      const seenScenario = new Set<string>();
      const seenProperty = new Set<string>();
      for (const f of e.failing) {
        const key = f.visible ? f.id : familyOf(f.id);
        if (!seenScenario.has(key)) {
          seenScenario.add(key);
          const row = byScenario.get(key) ?? { title: f.visible ? f.title : f.title.replace(/ #\d+$/, ''), hidden: !f.visible, learners: 0 };
          row.learners++;
          byScenario.set(key, row);
        }
        const prop = byProperty.get(f.property) ?? { learners: 0, scenarios: 0 };
        prop.scenarios++;
        if (!seenProperty.has(f.property)) {
          seenProperty.add(f.property);
          prop.learners++;
        }
        byProperty.set(f.property, prop);
      }
    }
    const share = (n: number) => (graded.length ? n / graded.length : 0);
    for (const [key, row] of byScenario) scenarios.push({ lab: lab.id, key, ...row, share: share(row.learners) });
    for (const [property, row] of byProperty) properties.push({ lab: lab.id, property, ...row, share: share(row.learners) });
  });
  const labOrder = new Map(roster.labs.map((l, i) => [l.id, i]));
  const order = (a: { lab: string; learners: number }, b: { lab: string; learners: number }) => b.learners - a.learners || labOrder.get(a.lab)! - labOrder.get(b.lab)!;
  scenarios.sort((a, b) => order(a, b) || a.key.localeCompare(b.key));
  properties.sort((a, b) => order(a, b) || b.scenarios - a.scenarios || a.property.localeCompare(b.property));
  return { labs, scenarios, properties };
}
