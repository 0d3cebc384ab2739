/**
 * EDITOR_COMPILER_OPTIONS are cli/lib/transpile.ts COMPILER_OPTIONS in the
 * form Monaco's TypeScript worker takes (enum values as numbers: the browser
 * must not load the typescript package for its enums), so the editor checks
 * and emits lab code as the CLI does. compiler-options.test.ts holds the two
 * equal.
 */
export const EDITOR_COMPILER_OPTIONS = {
  /** ScriptTarget.ES2022 */
  target: 9,
  /** ModuleKind.CommonJS */
  module: 1,
  /** ModuleResolutionKind.Node10 */
  moduleResolution: 2,
  strict: true,
  esModuleInterop: false,
  isolatedModules: true,
  skipLibCheck: true,
  noEmitOnError: false,
  lib: ['lib.es2022.d.ts'],
  types: [] as string[],
  inlineSourceMap: true,
} as const;
