import { join } from 'node:path';
import ts from 'typescript';
import type { ModuleMap } from '../../graders/core/realm/realm';
import { REPO_ROOT } from './repo';
import { CompileError, type LabSource } from './lab-source';
import { COMPILER_OPTIONS, transpile } from './transpile';

export { CompileError, type LabSource };

/**
 * compileLabSources type-checks the learner's files against the engine's
 * types, as mounted at their lab paths, and compiles them to CommonJS. It
 * throws CompileError when TypeScript reports an error in any of them.
 */
export function compileLabSources(sources: readonly LabSource[]): ModuleMap {
  const byAbs = new Map(sources.map((s) => [join(REPO_ROOT, s.path), s]));
  const options: ts.CompilerOptions = { ...COMPILER_OPTIONS, noEmit: true };
  const host = ts.createCompilerHost(options, true);
  const baseGetSourceFile = host.getSourceFile.bind(host);
  const baseReadFile = host.readFile.bind(host);
  const baseFileExists = host.fileExists.bind(host);
  host.fileExists = (f) => byAbs.has(f) || baseFileExists(f);
  host.readFile = (f) => byAbs.get(f)?.text ?? baseReadFile(f);
  host.getSourceFile = (f, lang, onError, create) => {
    const own = byAbs.get(f);
    return own ? ts.createSourceFile(f, own.text, lang, true) : baseGetSourceFile(f, lang, onError, create);
  };
  const program = ts.createProgram([...byAbs.keys()], options, host);
  const errors: string[] = [];
  for (const [abs, src] of byAbs) {
    const sf = program.getSourceFile(abs);
    if (!sf) continue;
    const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    for (const d of diags) {
      if (d.category !== ts.DiagnosticCategory.Error) continue;
      errors.push(formatDiagnostic(d, src.displayPath));
    }
  }
  if (errors.length > 0) throw new CompileError(errors);
  const out: Record<string, string> = {};
  for (const s of sources) out[s.path] = transpile(s.text, s.path);
  return out;
}

function formatDiagnostic(d: ts.Diagnostic, displayPath: string): string {
  const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
  if (d.file && d.start !== undefined) {
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${displayPath}:${line + 1}:${character + 1} - error TS${d.code}: ${text}`;
  }
  return `${displayPath} - error TS${d.code}: ${text}`;
}
