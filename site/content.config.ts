/**
 * content.config: the site's content collections.
 *
 * Lessons live in the top-level `content/` folder (not under `site/`), so the
 * course text sits beside the engine and labs it describes. Starlight only
 * renders the collection named `docs`, so that collection is defined here
 * with Starlight's schema and Astro's glob loader aimed at `content/`.
 *
 * The glob `base` is resolved from the project root (where astro.config.mjs
 * lives), not from this file. Files whose names start with `_` are skipped,
 * as Starlight's own docsLoader does, so partials can live beside lessons.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

export const collections = {
  docs: defineCollection({
    loader: glob({ base: './content', pattern: '**/[^_]*.{md,mdx}' }),
    schema: docsSchema(),
  }),
};
