/**
 * statement: helpers for rendering a lab's statement (labs/<lab>/README.md)
 * on its page, at build time.
 */

/** repoKeyed turns import.meta.glob keys ("/labs/x/a.ts") into repository paths ("labs/x/a.ts"). */
export function repoKeyed<T>(modules: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(modules)) out[key.replace(/^\/+/, '')] = value;
  return out;
}

/**
 * withoutLeadingTitle drops a statement's opening <h1>: the page shows the
 * lab's title already, and a page has one h1.
 */
export function withoutLeadingTitle(html: string): string {
  return html.replace(/^\s*<h1\b[^>]*>[\s\S]*?<\/h1>\s*/i, '');
}
