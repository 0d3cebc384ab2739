/**
 * dashboard: the roster as HTML, the same markup for index.html (opened from
 * disk) and for the site's /instructor/ page. renderDashboard is a pure
 * function of the roster (no DOM, no Node APIs); sort.ts adds the sorting.
 * Everything from the roster is escaped: learners' repositories put text in
 * it (error messages, record fields).
 */
import type { LabEntry, LearnerEntry, Roster } from './schema';
import { summarize, type LabStats } from './summary';

/** DASHBOARD_ROOT_CLASS is the class of the dashboard's root element; DASHBOARD_CSS is scoped to it. */
export const DASHBOARD_ROOT_CLASS = 'roster-dashboard';

/** MAX_FAILURE_ROWS bounds the "fail most" tables. */
const MAX_FAILURE_ROWS = 20;

/** escapeHtml escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const h = escapeHtml;

/** formatTime renders an ISO time as "2026-03-01 14:05 UTC" (the same everywhere, whatever the locale). */
export function formatTime(iso: string | null): string {
  if (!iso) return '–';
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** cellClass is the CSS class of a learner's lab cell, by outcome. */
export function cellClass(e: LabEntry): string {
  if (e.status !== 'graded') return `rd-${e.status}`;
  if (e.passed) return 'rd-pass';
  return e.score && e.score.earned > 0 ? 'rd-partial' : 'rd-fail';
}

/** cellText is what a learner's lab cell shows. */
export function cellText(e: LabEntry): string {
  if (e.status !== 'graded' || !e.score) return e.status;
  return `${e.score.earned}/${e.score.total}`;
}

/** sortValue orders lab cells: graded by percentage, then (below any grade) error, refused, missing. */
function sortValue(e: LabEntry): number {
  if (e.status === 'graded' && e.score && e.score.total > 0) return Math.round((10000 * e.score.earned) / e.score.total) / 100;
  return { graded: 0, error: -1, refused: -2, missing: -3 }[e.status];
}

function cellTitle(e: LabEntry): string {
  const parts = [e.status === 'graded' ? (e.passed ? 'passed' : e.compileError ? `does not compile: ${e.compileError}` : `${e.failing.length} failing`) : `${e.status}: ${e.reason ?? ''}`];
  if (e.differs) parts.push(`differs: ${e.differences.join('; ')}`);
  return parts.join(' · ');
}

/** renderDashboard renders the whole dashboard as one element's HTML. */
export function renderDashboard(roster: Roster): string {
  const summary = summarize(roster);
  return [
    `<div class="${DASHBOARD_ROOT_CLASS}" data-roster-dashboard>`,
    meta(roster),
    passRates(summary.labs),
    learnersTable(roster),
    failures(summary),
    differences(roster),
    details(roster),
    '</div>',
  ].join('\n');
}

function meta(roster: Roster): string {
  const shard = roster.shard ? ` · shard ${roster.shard.index} of ${roster.shard.count} (of a class of ${roster.shard.classSize})` : '';
  const learners = roster.learners.length;
  return (
    `<p class="rd-meta">${learners} learner${learners === 1 ? '' : 's'} · ${roster.labs.length} lab${roster.labs.length === 1 ? '' : 's'} · ` +
    `regraded ${h(formatTime(roster.generatedAt))} · secret <code>${h(roster.secretId)}</code> · ` +
    `time limit ${roster.settings.runTimeoutMs / 1000} s per run · shrinking ${roster.settings.maxShrinkRuns} run${roster.settings.maxShrinkRuns === 1 ? '' : 's'}${shard}</p>`
  );
}

function passRates(stats: LabStats[]): string {
  const rows = stats.map((s) => {
    const width = Math.round(s.passRate * 100);
    return (
      `<tr data-lab="${h(s.lab.id)}"><th scope="row"><code>${h(s.lab.id)}</code></th>` +
      `<td class="rd-num">${s.passed} / ${s.learners}</td>` +
      `<td><span class="rd-bar" role="img" aria-label="${percent(s.passRate)} passed"><span style="width:${width}%"></span></span> <span class="rd-rate">${percent(s.passRate)}</span></td>` +
      `<td class="rd-num">${s.meanScore === null ? '–' : `${Math.round(s.meanScore)}%`}</td>` +
      `<td class="rd-num">${s.graded}</td><td class="rd-num">${s.compileErrors}</td><td class="rd-num">${s.missing}</td>` +
      `<td class="rd-num">${s.refused}</td><td class="rd-num">${s.errors}</td><td class="rd-num">${s.differs}</td></tr>`
    );
  });
  return section(
    'rd-pass-rates',
    'Pass rates',
    `<table class="rd-table rd-rates"><thead><tr><th scope="col">Lab</th><th scope="col">Passed</th><th scope="col">Pass rate</th><th scope="col">Mean score</th>` +
      `<th scope="col">Graded</th><th scope="col">Not compiling</th><th scope="col">Missing</th><th scope="col">Refused</th><th scope="col">Errors</th><th scope="col">Differs</th></tr></thead>` +
      `<tbody>${rows.join('')}</tbody></table>`,
  );
}

function learnersTable(roster: Roster): string {
  const head = [
    sortHeader('Learner', 'text'),
    ...roster.labs.map((l) => sortHeader(l.id, 'number', `<code>${h(l.id)}</code>`)),
    sortHeader('Labs passed', 'number'),
    sortHeader('Attempts', 'number'),
    sortHeader('Last activity', 'text'),
    sortHeader('Differs', 'number'),
  ];
  const rows = roster.learners.map((l, i) => {
    const passed = l.labs.filter((e) => e.passed).length;
    const attempts = l.labs.reduce((n, e) => n + e.attempts, 0);
    const last = l.labs.map((e) => e.lastActivity).filter((t): t is string => t !== null).sort().at(-1) ?? null;
    const differs = l.labs.filter((e) => e.differs).length;
    const cells = l.labs.map(
      (e) =>
        `<td class="rd-cell ${cellClass(e)}" data-sort="${sortValue(e)}" title="${h(cellTitle(e))}">${h(cellText(e))}${e.differs ? ' <span class="rd-flag" aria-label="differs from own result">≠</span>' : ''}</td>`,
    );
    return (
      `<tr><th scope="row" data-sort="${h(l.id)}"><a href="#rd-learner-${i}">${h(l.id)}</a>${l.error ? ' <span class="rd-flag" title="' + h(l.error) + '">!</span>' : ''}</th>` +
      cells.join('') +
      `<td class="rd-num" data-sort="${passed}">${passed}/${roster.labs.length}</td>` +
      `<td class="rd-num" data-sort="${attempts}">${attempts}</td>` +
      `<td data-sort="${h(last ?? '')}">${h(formatTime(last))}</td>` +
      `<td class="rd-num" data-sort="${differs}">${differs}</td></tr>`
    );
  });
  return section(
    'rd-learners',
    'Learners',
    `<p class="rd-hint">Scores are the regrade's (scenarios passed / played). Choose a column heading to sort; ≠ marks an own result that the regrade does not bear out.</p>` +
      `<div class="rd-scroll"><table class="rd-table rd-learners" data-sortable><thead><tr>${head.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`,
  );
}

function sortHeader(label: string, type: 'text' | 'number', html = h(label)): string {
  return `<th scope="col" aria-sort="none"><button type="button" class="rd-sort" data-sort-type="${type}">${html}</button></th>`;
}

function failures(summary: ReturnType<typeof summarize>): string {
  const scenarios = summary.scenarios.slice(0, MAX_FAILURE_ROWS).map(
    (s) =>
      `<tr><td><code>${h(s.lab)}</code></td><td><code>${h(s.key)}</code> ${h(s.title)}</td><td>${s.hidden ? 'hidden family' : 'example'}</td>` +
      `<td class="rd-num">${s.learners}</td><td class="rd-num">${percent(s.share)}</td></tr>`,
  );
  const properties = summary.properties.slice(0, MAX_FAILURE_ROWS).map(
    (p) =>
      `<tr><td><code>${h(p.lab)}</code></td><td>${h(p.property)}</td><td class="rd-num">${p.learners}</td><td class="rd-num">${percent(p.share)}</td><td class="rd-num">${p.scenarios}</td></tr>`,
  );
  const none = '<p class="rd-empty">No failing scenario in any regrade.</p>';
  return (
    section(
      'rd-scenarios',
      'Scenarios that fail most',
      scenarios.length === 0
        ? none
        : `<p class="rd-hint">Hidden scenarios differ per learner (each has their own seed), so they are counted by family: learners failing at least one of the family. Share is of the learners graded in that lab.</p>` +
            `<table class="rd-table rd-scenario-table"><thead><tr><th scope="col">Lab</th><th scope="col">Scenario</th><th scope="col">Kind</th><th scope="col">Learners failing</th><th scope="col">Share</th></tr></thead><tbody>${scenarios.join('')}</tbody></table>`,
    ) +
    section(
      'rd-properties',
      'Properties violated most',
      properties.length === 0
        ? none
        : `<table class="rd-table rd-property-table"><thead><tr><th scope="col">Lab</th><th scope="col">Property</th><th scope="col">Learners</th><th scope="col">Share</th><th scope="col">Failing scenarios</th></tr></thead><tbody>${properties.join('')}</tbody></table>`,
    )
  );
}

function differences(roster: Roster): string {
  const items: string[] = [];
  roster.learners.forEach((l, i) =>
    l.labs.forEach((e) => {
      if (e.differs) items.push(`<li><a href="#rd-learner-${i}">${h(l.id)}</a> · <code>${h(e.lab)}</code>: ${e.differences.map(h).join('; ')}</li>`);
    }),
  );
  return section('rd-differences', 'Own results the regrade does not bear out', items.length ? `<ul class="rd-list">${items.join('')}</ul>` : '<p class="rd-empty">None: every own result agrees with its regrade.</p>');
}

function details(roster: Roster): string {
  const blocks = roster.learners.map((l, i) => learnerDetails(roster, l, i));
  return section('rd-details', 'Per learner', blocks.join('\n'));
}

function learnerDetails(roster: Roster, l: LearnerEntry, i: number): string {
  const where = `${h(l.repo)}${l.branch ? ` @ ${h(l.branch)}` : ''}${l.commit ? ` <code>${h(l.commit.slice(0, 12))}</code>` : ''}`;
  const rows = l.labs.map((e, j) => {
    const lab = roster.labs[j];
    const what =
      e.status !== 'graded'
        ? h(e.reason ?? '')
        : e.compileError
          ? `does not compile: <code>${h(e.compileError)}</code>`
          : e.failing.length === 0
            ? 'every scenario passed'
            : `<ul class="rd-failing">${e.failing.map((f) => `<li><code>${h(f.id)}</code> <em>${h(f.property)}</em>: ${h(f.message)}</li>`).join('')}</ul>`;
    const own =
      e.own === null
        ? 'none'
        : !e.own.valid
          ? `unreadable: ${h(e.own.error)}`
          : `${e.own.passed ? 'passed' : 'failed'} ${e.own.score.earned}/${e.own.score.total} (seed ${h(e.own.seed)})${e.own.matchesFiles ? '' : ', not for the committed files'}`;
    return (
      `<tr><th scope="row"><code>${h(lab.id)}</code></th><td class="rd-cell ${cellClass(e)}">${h(cellText(e))}</td><td>${what}</td>` +
      `<td class="rd-num">${e.attempts}</td><td>${h(formatTime(e.lastActivity))}</td><td>${own}${e.differs ? `<div class="rd-differs">≠ ${e.differences.map(h).join('; ')}</div>` : ''}</td>` +
      `<td>${e.seed ? `<code>${h(e.seed)}</code>` : '–'}</td></tr>`
    );
  });
  return (
    `<details class="rd-learner" id="rd-learner-${i}"><summary><strong>${h(l.id)}</strong> · ${where}</summary>` +
    (l.error ? `<p class="rd-error">${h(l.error)}</p>` : '') +
    `<table class="rd-table"><thead><tr><th scope="col">Lab</th><th scope="col">Regrade</th><th scope="col">Failing</th><th scope="col">Attempts</th><th scope="col">Last activity</th><th scope="col">Own result</th><th scope="col">Seed</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></details>`
  );
}

function section(id: string, title: string, body: string): string {
  return `<section class="rd-section" aria-labelledby="${id}"><h2 id="${id}">${h(title)}</h2>${body}</section>`;
}

/**
 * DASHBOARD_CSS styles the dashboard, scoped to its root. Colours fall back
 * from the site's Starlight variables to plain ones, so the same rules serve
 * the site (light and dark) and index.html.
 */
export const DASHBOARD_CSS = `
.roster-dashboard { --rd-fg: var(--sl-color-white, #1b1d21); --rd-muted: var(--sl-color-gray-3, #5d6470); --rd-line: var(--sl-color-gray-5, #d5d9e0);
  --rd-bg-alt: var(--sl-color-gray-6, #f3f5f8); --rd-pass: #1f8a4c; --rd-partial: #b7791f; --rd-fail: #c53030; --rd-off: #718096;
  color: var(--rd-fg); font-size: 0.92rem; line-height: 1.45; }
.roster-dashboard h2 { font-size: 1.2rem; margin: 1.6rem 0 0.5rem; }
.roster-dashboard .rd-meta, .roster-dashboard .rd-hint, .roster-dashboard .rd-empty { color: var(--rd-muted); margin: 0.3rem 0 0.6rem; }
.roster-dashboard .rd-scroll { overflow-x: auto; }
.roster-dashboard .rd-table { border-collapse: collapse; width: auto; margin: 0.4rem 0 1rem; display: table; }
.roster-dashboard .rd-table th, .roster-dashboard .rd-table td { border: 1px solid var(--rd-line); padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
.roster-dashboard .rd-table thead th { background: var(--rd-bg-alt); white-space: nowrap; }
.roster-dashboard .rd-num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.roster-dashboard .rd-sort { all: unset; cursor: pointer; font-weight: 600; }
.roster-dashboard .rd-sort:focus-visible { outline: 2px solid var(--rd-partial); }
.roster-dashboard th[aria-sort="ascending"] .rd-sort::after { content: " ▲"; }
.roster-dashboard th[aria-sort="descending"] .rd-sort::after { content: " ▼"; }
.roster-dashboard .rd-cell { font-variant-numeric: tabular-nums; white-space: nowrap; font-weight: 600; }
.roster-dashboard .rd-pass { color: var(--rd-pass); }
.roster-dashboard .rd-partial { color: var(--rd-partial); }
.roster-dashboard .rd-fail { color: var(--rd-fail); }
.roster-dashboard .rd-missing, .roster-dashboard .rd-refused, .roster-dashboard .rd-error { color: var(--rd-off); font-style: italic; font-weight: 400; }
.roster-dashboard .rd-flag { color: var(--rd-fail); font-weight: 700; }
.roster-dashboard .rd-bar { display: inline-block; width: 8rem; height: 0.7rem; background: var(--rd-bg-alt); border: 1px solid var(--rd-line); vertical-align: middle; }
.roster-dashboard .rd-bar > span { display: block; height: 100%; background: var(--rd-pass); }
.roster-dashboard .rd-learner { margin: 0.3rem 0; }
.roster-dashboard .rd-learner summary { cursor: pointer; }
.roster-dashboard .rd-failing { margin: 0; padding-left: 1.1rem; }
.roster-dashboard .rd-differs, .roster-dashboard .rd-error { color: var(--rd-fail); }
.roster-dashboard code { font-size: 0.85em; }
`;
