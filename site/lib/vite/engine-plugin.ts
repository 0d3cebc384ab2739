import type { Plugin } from 'vite';
import { engineModules } from '../../../cli/lib/modules';
import { engineSources } from './engine-sources';

/** ENGINE_MODULES_ID is the virtual module whose default export is the realm's engine module map (CommonJS). */
export const ENGINE_MODULES_ID = 'virtual:lab-engine/modules';
/** ENGINE_SOURCES_ID is the virtual module whose default export maps engine paths to TypeScript sources, for the editor. */
export const ENGINE_SOURCES_ID = 'virtual:lab-engine/sources';

/**
 * virtualModuleCode renders a JSON-able value as a module's default export.
 * JSON.parse of a string literal is faster to load than the same object
 * literal, which matters for a map of a few hundred kilobytes.
 */
export function virtualModuleCode(value: unknown): string {
  return `export default JSON.parse(${JSON.stringify(JSON.stringify(value))});\n`;
}

/**
 * labEnginePlugin gives the lab pages the engine at build time:
 * `virtual:lab-engine/modules` is exactly the module map the CLI grades with
 * (cli/lib/modules.ts engineModules(), compiled by esbuild on the Node side),
 * and `virtual:lab-engine/sources` the engine's TypeScript for the editor's
 * types. It also builds Web Workers as ES modules, so the grading worker is a
 * module worker like the page that starts it.
 */
export function labEnginePlugin(): Plugin {
  const resolved = new Map([
    [ENGINE_MODULES_ID, '\0' + ENGINE_MODULES_ID],
    [ENGINE_SOURCES_ID, '\0' + ENGINE_SOURCES_ID],
  ]);
  return {
    name: 'kube-internals:lab-engine',
    config: () => ({ worker: { format: 'es' } }),
    resolveId(id) {
      return resolved.get(id);
    },
    load(id) {
      if (id === resolved.get(ENGINE_MODULES_ID)) return virtualModuleCode(engineModules());
      if (id === resolved.get(ENGINE_SOURCES_ID)) return virtualModuleCode(engineSources());
      return undefined;
    },
  };
}
