import { describe, expect, it } from 'vitest';
import { engineModules } from '../../../cli/lib/modules';
import { ENGINE_MODULES_ID, ENGINE_SOURCES_ID, labEnginePlugin, virtualModuleCode } from './engine-plugin';
import { engineSources, isEditorSource } from './engine-sources';

/** evaluate imports a module's code and returns its default export. */
async function evaluate(code: string): Promise<unknown> {
  return ((await import(`data:text/javascript,${encodeURIComponent(code)}`)) as { default: unknown }).default;
}

/** load runs the plugin's resolveId and load hooks, as Vite does for an import of `id`. */
async function load(id: string): Promise<unknown> {
  const plugin = labEnginePlugin();
  const resolveId = plugin.resolveId as (id: string) => string | undefined;
  const loadHook = plugin.load as (id: string) => string | undefined;
  const resolved = resolveId(id);
  expect(resolved).toBeDefined();
  return evaluate(loadHook(resolved!)!);
}

describe('virtualModuleCode', () => {
  it('round-trips any JSON value, including text that looks like code', async () => {
    const value = { 'engine/a.ts': 'exports.x = "</script>\\u2028`${y}`";\n', n: [1, null, true] };
    expect(await evaluate(virtualModuleCode(value))).toEqual(value);
  });
});

describe('labEnginePlugin', () => {
  it('serves the CLI engine module map, unchanged', async () => {
    expect(await load(ENGINE_MODULES_ID)).toEqual(engineModules());
  });

  it('serves the engine sources for the editor', async () => {
    expect(await load(ENGINE_SOURCES_ID)).toEqual(engineSources());
  });

  it('leaves other ids alone, and builds workers as ES modules', () => {
    const plugin = labEnginePlugin();
    expect((plugin.resolveId as (id: string) => unknown)('virtual:other')).toBeUndefined();
    expect((plugin.config as () => unknown)()).toEqual({ worker: { format: 'es' } });
  });
});

describe('engineSources', () => {
  it('holds the engine modules lab code can import, and neither tests nor global declarations', () => {
    const all = Object.keys(engineSources());
    // The declaration packages the engine's types use come along, under node_modules/ (see TYPE_PACKAGES).
    expect(all).toContain('node_modules/kubernetes-types/core/v1.d.ts');
    expect(all.filter((p) => p.startsWith('node_modules/')).every((p) => p.endsWith('.d.ts'))).toBe(true);
    const paths = all.filter((p) => !p.startsWith('node_modules/'));
    expect(paths).toContain('engine/raft/types.ts');
    expect(paths.every(isEditorSource)).toBe(true);
    expect(isEditorSource('engine/raft/node.test.ts')).toBe(false);
    expect(isEditorSource('engine/platform.d.ts')).toBe(false);
    expect(isEditorSource('graders/etcd-quorum/inside.ts')).toBe(false);
    // Every engine module the realm has, the editor knows the types of.
    const realmEngine = Object.keys(engineModules()).filter((p) => p.startsWith('engine/'));
    expect(paths.sort()).toEqual(realmEngine.sort());
  });
});
