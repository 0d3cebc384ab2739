import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import ts from 'typescript';
import { extraLibs, fileUri } from '../../editor/files';
import { EDITOR_COMPILER_OPTIONS } from '../compiler-options';
import type { TsWorkerLike } from '../compile';

const libDir = dirname(createRequire(import.meta.url).resolve('typescript/lib/lib.es2022.d.ts'));

/**
 * monacoLikeWorker is a TypeScript language service set up as Monaco's
 * TypeScript worker sets up its own (ts.worker.js in monaco-editor 0.52):
 * models and extra libraries named by URI, the current directory "", lib
 * files by bare name, and the lab page's compiler options. Tests use it to
 * hold the browser's compile path to the CLI's without a browser.
 */
export function monacoLikeWorker(models: Record<string, string>, libs: Readonly<Record<string, string>>): TsWorkerLike {
  const files = new Map<string, string>();
  for (const lib of extraLibs(libs)) files.set(lib.filePath, lib.content);
  for (const [path, text] of Object.entries(models)) files.set(fileUri(path), text);
  const read = (name: string): string | undefined => {
    if (files.has(name)) return files.get(name);
    const lib = join(libDir, name);
    return /^lib\.[\w.]+\.d\.ts$/.test(name) && existsSync(lib) ? readFileSync(lib, 'utf8') : undefined;
  };
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => ({ ...EDITOR_COMPILER_OPTIONS }) as unknown as ts.CompilerOptions,
    getScriptFileNames: () => [...files.keys()],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => {
      const text = read(name);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => '',
    getDefaultLibFileName: () => 'lib.es2022.full.d.ts',
    readFile: read,
    fileExists: (name) => read(name) !== undefined,
  };
  const service = ts.createLanguageService(host);
  const plain = (ds: readonly ts.Diagnostic[]) => ds.map((d) => ({ category: d.category, code: d.code, messageText: d.messageText, start: d.start }));
  return {
    getSyntacticDiagnostics: async (f) => plain(service.getSyntacticDiagnostics(f)),
    getSemanticDiagnostics: async (f) => plain(service.getSemanticDiagnostics(f)),
    getEmitOutput: async (f) => service.getEmitOutput(f),
  };
}
