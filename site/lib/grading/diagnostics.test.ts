import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { compileFailureLine, errorLines, flattenMessage, formatDiagnostic, lineAndColumn, type DiagnosticChain } from './diagnostics';

describe('flattenMessage', () => {
  it('renders a chain exactly as ts.flattenDiagnosticMessageText with a space for newline', () => {
    const chain: DiagnosticChain = {
      messageText: "Type '{ a: string; }' is not assignable to type 'T'.",
      next: [{ messageText: "Types of property 'a' are incompatible.", next: [{ messageText: "Type 'string' is not assignable to type 'number'." }] }],
    };
    const want = ts.flattenDiagnosticMessageText(chain as unknown as ts.DiagnosticMessageChain, ' ');
    expect(flattenMessage(chain)).toBe(want);
  });

  it('returns a plain message as it is', () => {
    expect(flattenMessage("Cannot find name 'x'.")).toBe("Cannot find name 'x'.");
  });
});

describe('lineAndColumn', () => {
  it('agrees with TypeScript on every offset, whatever the line breaks', () => {
    const text = 'ab\ncd\r\nef\rgh\u2028ij\n\nk';
    const sf = ts.createSourceFile('x.ts', text, ts.ScriptTarget.ES2022);
    for (let offset = 0; offset <= text.length; offset++) {
      const { line, character } = sf.getLineAndCharacterOfPosition(offset);
      expect(lineAndColumn(text, offset), `offset ${offset}`).toEqual({ line: line + 1, column: character + 1 });
    }
  });
});

describe('formatDiagnostic', () => {
  it('names the file, line and column, and the TS code', () => {
    const text = 'const a = 1;\nconst b: number = "x";\n';
    const d = { category: 1, code: 2322, messageText: "Type 'string' is not assignable to type 'number'.", start: text.indexOf('b:') };
    expect(formatDiagnostic(d, text, 'labs/l/f.ts')).toBe("labs/l/f.ts:2:7 - error TS2322: Type 'string' is not assignable to type 'number'.");
  });

  it('omits the position of a diagnostic without one', () => {
    expect(formatDiagnostic({ category: 1, code: 5023, messageText: 'Unknown option.' }, '', 'f.ts')).toBe('f.ts - error TS5023: Unknown option.');
  });
});

describe('errorLines and compileFailureLine', () => {
  it('keep errors only, and summarise them on one line as the CLI does', () => {
    const text = 'x\ny\nz';
    const lines = errorLines(
      [
        { category: 1, code: 2304, messageText: "Cannot find name 'x'.", start: 0 },
        { category: 2, code: 6133, messageText: 'unused (a suggestion)', start: 2 },
        { category: 1, code: 2304, messageText: "Cannot find name 'y'.", start: 2 },
        { category: 1, code: 2304, messageText: "Cannot find name 'z'.", start: 4 },
      ],
      text,
      'labs/l/f.ts',
    );
    expect(lines).toEqual([
      "labs/l/f.ts:1:1 - error TS2304: Cannot find name 'x'.",
      "labs/l/f.ts:2:1 - error TS2304: Cannot find name 'y'.",
      "labs/l/f.ts:3:1 - error TS2304: Cannot find name 'z'.",
    ]);
    expect(compileFailureLine(lines)).toBe("does not compile: labs/l/f.ts:1:1 - error TS2304: Cannot find name 'x'. (and 2 more errors)");
    expect(compileFailureLine(lines.slice(0, 2))).toMatch(/\(and 1 more error\)$/);
    expect(compileFailureLine(lines.slice(0, 1))).not.toContain('more');
  });
});
