/**
 * sidebar: builds Starlight's sidebar for the course from the lesson files.
 *
 * Why not Starlight's `autogenerate`: it locates pages by their path under
 * `<srcDir>/content/docs/`, and our lessons live in the top-level `content/`
 * folder, so it would find none of them. Reading the chapter folders here
 * keeps the frontmatter `sidebar.order` the single source of page order, and
 * a new lesson appears in its chapter without editing the config.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** CHAPTERS lists the course's chapters in course order: sidebar label and folder under content/. */
export const CHAPTERS = Object.freeze([
  { label: 'Overview', dir: 'overview' },
  { label: 'etcd', dir: 'etcd' },
  { label: 'API server', dir: 'apiserver' },
  { label: 'Security', dir: 'security' },
]);

/**
 * LABS lists the labs available now, in course order. Their pages
 * (/labs/<id>/) are built by the lab pages, not from content/.
 */
export const LABS = Object.freeze([
  { id: 'etcd-quorum', label: 'etcd-quorum' },
  { id: 'etcd-backup-restore', label: 'etcd-backup-restore' },
  { id: 'apiserver-watch', label: 'apiserver-watch' },
  { id: 'rbac', label: 'rbac' },
  { id: 'admission', label: 'admission' },
]);

const LESSON_FILE = /^[^_.][^/]*\.mdx?$/;

/**
 * frontmatterOrder returns `sidebar.order` from a lesson's YAML frontmatter,
 * or undefined when it has none. It understands exactly the form the lessons
 * use (a `sidebar:` block with an indented `order: <integer>` line), which is
 * enough here and avoids a YAML dependency in the config.
 */
export function frontmatterOrder(source) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(source);
  if (!match) return undefined;
  const block = /^sidebar:[ \t]*\r?\n((?:[ \t]+.*(?:\r?\n|$))+)/m.exec(match[1]);
  if (!block) return undefined;
  const order = /^[ \t]+order:[ \t]*(-?\d+)[ \t]*$/m.exec(block[1]);
  return order ? Number(order[1]) : undefined;
}

/**
 * chapterSlugs returns the slugs of the lessons in `<contentDir>/<dir>`,
 * ordered by `sidebar.order` (pages without one go last), then by slug.
 * Files whose names start with `_` are partials and are skipped, as the
 * content collection's glob skips them. An `index` page's slug is the folder.
 */
export function chapterSlugs(contentDir, dir) {
  const folder = path.join(contentDir, dir);
  const pages = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && LESSON_FILE.test(entry.name))
    .map((entry) => {
      const stem = entry.name.replace(/\.mdx?$/, '');
      const order = frontmatterOrder(readFileSync(path.join(folder, entry.name), 'utf8'));
      return { slug: stem === 'index' ? dir : `${dir}/${stem}`, order: order ?? Number.POSITIVE_INFINITY };
    });
  pages.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
  return pages.map((page) => page.slug);
}

/**
 * buildSidebar returns the Starlight `sidebar` config: Home, one group per
 * chapter (pages in order), the Labs group, then the Instructor page (the
 * roster dashboard).
 */
export function buildSidebar(contentDir) {
  return [
    { label: 'Home', link: '/' },
    ...CHAPTERS.map(({ label, dir }) => ({
      label,
      items: chapterSlugs(contentDir, dir).map((slug) => ({ slug })),
    })),
    {
      label: 'Labs',
      items: LABS.map(({ id, label }) => ({ label, link: `/labs/${id}/` })),
    },
    { label: 'Instructor', link: '/instructor/' },
  ];
}
