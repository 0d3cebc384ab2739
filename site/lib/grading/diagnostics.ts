import { CompileError } from '../../../cli/lib/lab-source';

/** DiagnosticChain is TypeScript's DiagnosticMessageChain, as Monaco's worker passes it on. */
export interface DiagnosticChain {
  messageText: string;
  next?: DiagnosticChain[];
}

/**
 * DiagnosticLike is the part of a TypeScript Diagnostic that Monaco's
 * TypeScript worker hands back (the source file is reduced to its name).
 */
export interface DiagnosticLike {
  /** category is TypeScript's DiagnosticCategory: 1 is Error. */
  category: number;
  code: number;
  messageText: string | DiagnosticChain;
  start?: number;
}

/** ERROR_CATEGORY is DiagnosticCategory.Error. */
export const ERROR_CATEGORY = 1;

/**
 * flattenMessage renders a diagnostic's message on one line, as
 * ts.flattenDiagnosticMessageText(text, ' ') does: each nested message
 * follows its parent after a space and two spaces of indent per level.
 */
export function flattenMessage(text: string | DiagnosticChain, indent = 0): string {
  if (typeof text === 'string') return text;
  let out = indent > 0 ? ' ' + '  '.repeat(indent) : '';
  out += text.messageText;
  for (const kid of text.next ?? []) out += flattenMessage(kid, indent + 1);
  return out;
}

/**
 * lineAndColumn turns a UTF-16 offset into 1-based line and column, with
 * TypeScript's line breaks (\n, \r, \r\n, U+2028, U+2029), so positions
 * match the CLI's.
 */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) continue; // \r of \r\n: the \n ends the line
    if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * formatDiagnostic renders a diagnostic as the CLI does:
 * "labs/etcd-quorum/raft.ts:3:7 - error TS2322: Type … is not assignable …".
 * `text` is the file's text the diagnostic was computed on.
 */
export function formatDiagnostic(d: DiagnosticLike, text: string, displayPath: string): string {
  const message = flattenMessage(d.messageText);
  if (d.start === undefined) return `${displayPath} - error TS${d.code}: ${message}`;
  const { line, column } = lineAndColumn(text, d.start);
  return `${displayPath}:${line}:${column} - error TS${d.code}: ${message}`;
}

/** errorLines formats the error diagnostics of one file, in the order given. */
export function errorLines(diagnostics: readonly DiagnosticLike[], text: string, displayPath: string): string[] {
  return diagnostics.filter((d) => d.category === ERROR_CATEGORY).map((d) => formatDiagnostic(d, text, displayPath));
}

/**
 * compileFailureLine is the one line a lab page shows for code that does not
 * compile: "does not compile: " and the CLI's summary (the first error, and
 * how many more there are).
 */
export function compileFailureLine(errors: readonly string[]): string {
  return `does not compile: ${new CompileError([...errors]).summary}`;
}
