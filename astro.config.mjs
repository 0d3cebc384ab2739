/**
 * astro.config: the course site. Astro 5 + Starlight, static output in dist/.
 *
 * Layout: Astro's source folder is site/ (pages, components, the content
 * config), while the lessons live in the top-level content/ folder, loaded by
 * site/content.config.ts. Starlight applies its Markdown extras (asides,
 * heading anchors) only to files under <srcDir>/content/docs/ unless told
 * otherwise, hence `markdown.processedDirs`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import { buildSidebar } from './site/sidebar.mjs';
import { labEnginePlugin } from './site/lib/vite/engine-plugin';

const contentDir = fileURLToPath(new URL('./content/', import.meta.url));

export default defineConfig({
  srcDir: './site',
  publicDir: './public',
  outDir: './dist',
  output: 'static',
  integrations: [
    starlight({
      title: 'kube-internals',
      description:
        'How Kubernetes works inside: rebuild its parts against a small deterministic engine, checked by replayable graders.',
      favicon: '/favicon.svg',
      // Pagefind search and the light/dark theme picker are Starlight defaults;
      // both are kept on.
      pagefind: true,
      markdown: { processedDirs: ['./content'] },
      sidebar: buildSidebar(contentDir),
      // The sidebar is Starlight's, plus a status badge on each lab link (the learner's progress).
      components: { Sidebar: './site/components/progress/Sidebar.astro' },
      tableOfContents: { minHeadingLevel: 2, maxHeadingLevel: 3 },
      lastUpdated: false,
    }),
    // Starlight adds MDX itself when absent; listing it after Starlight keeps
    // Starlight's code-block integration (expressive-code) ahead of it.
    mdx(),
  ],
  // The lab pages' engine module map and editor sources (virtual modules).
  vite: { plugins: [labEnginePlugin()] },
});
