/**
 * page: index.html, the dashboard as one self-contained file that opens from
 * disk: the rendered markup, its CSS, the roster as inline JSON, and the
 * sorting script, with nothing fetched. A Content-Security-Policy allows only
 * that one script (by hash) and inline styles, so text from a learner's
 * repository can never run as script even if it slipped past escaping.
 * Pure (no Node APIs).
 */
import { sha256 } from '../../../engine/etcd/hash/sha256';
import { utf8 } from '../../../engine/etcd/mvcc/codec';
import { DASHBOARD_CSS, escapeHtml, renderDashboard } from './dashboard';
import type { Roster } from './schema';

/** embedJson renders JSON that is safe inside a <script> element (no "</script>" or "<!--" can end it). */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** scriptHash is the CSP source for an inline script: 'sha256-<base64>'. */
export function scriptHash(script: string): string {
  const digest = sha256(utf8(script));
  let binary = '';
  for (const b of digest) binary += String.fromCharCode(b);
  return `'sha256-${btoa(binary)}'`;
}

/**
 * dashboardDocument is index.html for a roster. `script` is the sorting
 * script (an IIFE; see client-script.ts), inlined as is.
 */
export function dashboardDocument(roster: Roster, script: string): string {
  const inline = script.replace(/<\/script/gi, '<\\/script');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${scriptHash(inline)}`;
  const title = `Class roster · ${roster.learners.length} learners · ${roster.generatedAt.slice(0, 10)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 80rem; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; background: #fff; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
${DASHBOARD_CSS}
</style>
</head>
<body>
<h1>Class roster</h1>
${renderDashboard(roster)}
<script type="application/json" id="roster-data">${embedJson(roster)}</script>
<script>${inline}</script>
</body>
</html>
`;
}
