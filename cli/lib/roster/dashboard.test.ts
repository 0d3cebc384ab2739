import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cellClass, cellText, escapeHtml, formatTime, renderDashboard } from './dashboard';
import { dashboardDocument, embedJson, scriptHash } from './page';
import { compareSortValues } from './sort';
import { HOSTILE_TEXT, sampleRoster } from './testing/rosters';

const roster = sampleRoster();
const html = renderDashboard(roster);

/** rowOf returns the learners table's row of a learner, as its cells' text. */
function rowOf(markup: string, learner: string): string[] {
  const table = markup.slice(markup.indexOf('class="rd-table rd-learners"'), markup.indexOf('</table>', markup.indexOf('class="rd-table rd-learners"')));
  const row = table.split('<tr>').find((r) => r.includes(`>${learner}</a>`))!;
  return [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').trim());
}

describe('renderDashboard', () => {
  it('shows a learner × lab table with scores, labs passed, attempts, last activity and differences', () => {
    expect(rowOf(html, 'ada')).toEqual(['ada', '10/10', '4/4', '2/2', '4', '2026-03-01 12:00 UTC', '0']);
    expect(rowOf(html, 'cy')).toEqual(['cy', '9/10 ≠', '0/4', '0/2', '2', '2026-03-01 10:00 UTC', '1']);
    expect(rowOf(html, 'dee')).toEqual(['dee', 'refused', 'missing ≠', '0/2', '0', '2026-03-01 10:00 UTC', '1']);
    expect(rowOf(html, 'eve')).toEqual(['eve !', 'error', 'error', '0/2', '0', '–', '0']);
  });

  it('makes every column of the learners table sortable, lab columns by percentage', () => {
    const head = html.slice(html.indexOf('rd-learners" data-sortable'), html.indexOf('</thead>', html.indexOf('rd-learners" data-sortable')));
    expect(head.match(/<button type="button" class="rd-sort"/g)).toHaveLength(2 + 5);
    expect(html).toContain('<td class="rd-cell rd-partial" data-sort="60"');
    expect(html).toContain('<td class="rd-cell rd-missing" data-sort="-3"');
  });

  it('shows per-lab pass rates', () => {
    const rates = html.slice(html.indexOf('id="rd-pass-rates"'), html.indexOf('</table>', html.indexOf('id="rd-pass-rates"')));
    expect(rates).toContain('<tr data-lab="alpha"><th scope="row"><code>alpha</code></th><td class="rd-num">1 / 5</td>');
    expect(rates).toContain('aria-label="20% passed"><span style="width:20%"></span>');
    expect(rates).toContain('<td class="rd-num">83%</td>');
  });

  it('lists the scenario families and properties that fail most, most first', () => {
    const scenarios = html.slice(html.indexOf('id="rd-scenarios"'), html.indexOf('id="rd-properties"'));
    expect([...scenarios.matchAll(/<td><code>[^<]+<\/code><\/td><td><code>([^<]+)<\/code>/g)].map((m) => m[1])).toEqual(['partitions', 'crashes', 'three-nodes', 'defrag']);
    const properties = html.slice(html.indexOf('id="rd-properties"'), html.indexOf('id="rd-differences"'));
    expect([...properties.matchAll(/<\/code><\/td><td>([^<]+)<\/td>/g)].map((m) => m[1])).toEqual(['election safety', 'log matching', 'defrag keeps data']);
  });

  it('escapes everything a repository could have put in the roster', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain(escapeHtml(HOSTILE_TEXT));
  });

  it('says so when nothing fails and nobody differs', () => {
    const clean = renderDashboard({ ...roster, learners: [roster.learners[0]] });
    expect(clean).toContain('No failing scenario in any regrade.');
    expect(clean).toContain('None: every own result agrees with its regrade.');
  });
});

describe('cells', () => {
  it('class and text a lab cell by outcome', () => {
    const [ada, bob, cy] = roster.learners;
    expect([cellClass(ada.labs[0]), cellText(ada.labs[0])]).toEqual(['rd-pass', '10/10']);
    expect([cellClass(bob.labs[0]), cellText(bob.labs[0])]).toEqual(['rd-partial', '6/10']);
    expect([cellClass(cy.labs[1]), cellText(cy.labs[1])]).toEqual(['rd-fail', '0/4']);
    expect([cellClass(roster.learners[3].labs[0]), cellText(roster.learners[3].labs[0])]).toEqual(['rd-refused', 'refused']);
  });

  it('formats times the same in every locale', () => {
    expect(formatTime('2026-03-01T09:05:59.000Z')).toBe('2026-03-01 09:05 UTC');
    expect(formatTime(null)).toBe('–');
  });
});

describe('compareSortValues', () => {
  it('orders numbers as numbers and text naturally', () => {
    expect(['10', '9', '-3', '100'].sort((a, b) => compareSortValues(a, b, 'number'))).toEqual(['-3', '9', '10', '100']);
    expect(['learner10', 'Learner9', 'ada'].sort((a, b) => compareSortValues(a, b, 'text'))).toEqual(['ada', 'Learner9', 'learner10']);
  });
});

describe('dashboardDocument', () => {
  const script = 'document.title = "sorted";';
  const doc = dashboardDocument(roster, script);

  it('is one self-contained page: markup, CSS, the roster as JSON and the script inline, nothing fetched', () => {
    expect(doc).toContain(html);
    expect(doc).toContain('.roster-dashboard .rd-table');
    expect(doc).toContain(`<script>${script}</script>`);
    const json = /<script type="application\/json" id="roster-data">(.*?)<\/script>/s.exec(doc)![1];
    expect(doc.replace(json, '')).not.toMatch(/<(link|img|iframe|object|embed)\b|<script[^>]*\ssrc=/);
    expect(JSON.parse(json)).toEqual(roster);
  });

  it('allows exactly its own script by hash in its Content-Security-Policy', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(doc)![1].replace(/&#39;/g, "'");
    expect(csp).toBe(`default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${scriptHash(script)}`);
    // The SHA-256 of the script text, base64: what a browser computes for the inline script.
    expect(scriptHash(script)).toBe(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
  });

  it('embeds JSON that no string in it can break out of', () => {
    expect(embedJson({ x: '</script><!--' })).toBe('{"x":"\\u003c/script>\\u003c!--"}');
    expect(doc.match(/<\/script>/g)).toHaveLength(2);
  });
});
