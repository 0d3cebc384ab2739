import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSidebar, CHAPTERS, chapterSlugs, frontmatterOrder, LABS } from './sidebar.mjs';

const contentDir = fileURLToPath(new URL('../content/', import.meta.url));

function page(order?: number): string {
  const sidebar = order === undefined ? '' : `sidebar:\n  order: ${order}\n`;
  return `---\ntitle: T\ndescription: D\n${sidebar}---\n\nBody with\nsidebar:\n  order: 99\n`;
}

describe('frontmatterOrder', () => {
  it('reads sidebar.order from the frontmatter block only', () => {
    expect(frontmatterOrder(page(3))).toBe(3);
    expect(frontmatterOrder(page())).toBeUndefined();
  });

  it('finds order among other sidebar keys', () => {
    expect(frontmatterOrder('---\ntitle: x\nsidebar:\n  label: Short\n  order: 7\n---\n')).toBe(7);
  });

  it('ignores a top-level order key', () => {
    expect(frontmatterOrder('---\norder: 4\n---\n')).toBeUndefined();
  });
});

describe('chapterSlugs', () => {
  it('orders by sidebar.order, then slug; unordered last; skips partials', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kube-internals-sidebar-'));
    try {
      mkdirSync(path.join(dir, 'ch'));
      writeFileSync(path.join(dir, 'ch', 'b.mdx'), page(2));
      writeFileSync(path.join(dir, 'ch', 'a.mdx'), page(2));
      writeFileSync(path.join(dir, 'ch', 'index.mdx'), page(1));
      writeFileSync(path.join(dir, 'ch', 'z.md'), page());
      writeFileSync(path.join(dir, 'ch', '_partial.mdx'), page(0));
      writeFileSync(path.join(dir, 'ch', 'notes.txt'), 'not a lesson');
      expect(chapterSlugs(dir, 'ch')).toEqual(['ch', 'ch/a', 'ch/b', 'ch/z']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the course sidebar', () => {
  const sidebar = buildSidebar(contentDir);

  it('is Home, the chapters in course order, Labs, then Instructor', () => {
    expect(sidebar.map((item) => item.label)).toEqual(['Home', ...CHAPTERS.map((c) => c.label), 'Labs', 'Instructor']);
  });

  it('lists every lesson of every chapter, each with a distinct order', () => {
    for (const { dir } of CHAPTERS) {
      const files = readdirSync(path.join(contentDir, dir)).filter((name) => /^[^_].*\.mdx?$/.test(name));
      const group = sidebar.find((item) => item.label === CHAPTERS.find((c) => c.dir === dir)?.label) as {
        items: { slug: string }[];
      };
      expect(group.items).toHaveLength(files.length);
      const orders = files.map((name) => frontmatterOrder(readFileSync(path.join(contentDir, dir, name), 'utf8')));
      expect(orders.every((o) => typeof o === 'number'), `${dir}: every lesson needs sidebar.order`).toBe(true);
      expect(new Set(orders).size, `${dir}: sidebar.order values must differ`).toBe(orders.length);
    }
  });

  it('links every lab page', () => {
    const labs = sidebar.find((item) => item.label === 'Labs') as { items: { link: string }[] };
    expect(labs.items.map((item) => item.link)).toEqual(LABS.map((lab) => `/labs/${lab.id}/`));
  });
});
