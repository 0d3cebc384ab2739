import ts from 'typescript';

/**
 * COMPILER_OPTIONS are the options every piece of lab code is compiled with,
 * in Node and (through Monaco's TypeScript worker) in the browser, so both
 * run the same JavaScript.
 */
export const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  strict: true,
  esModuleInterop: false,
  isolatedModules: true,
  skipLibCheck: true,
  noEmitOnError: false,
  lib: ['lib.es2022.d.ts'],
  types: [],
  // Errors in lab code are reported at the learner's own lines through this map.
  inlineSourceMap: true,
};

/** transpile turns one TypeScript module into CommonJS, without type checking. */
export function transpile(source: string, fileName: string): string {
  return ts.transpileModule(source, { compilerOptions: COMPILER_OPTIONS, fileName }).outputText;
}
