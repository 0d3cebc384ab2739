import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { COMPILER_OPTIONS } from '../../../cli/lib/transpile';
import { localRealm } from './local';
import { LabCodeError } from './realm';
import { originalPosition } from './source-map';

/** A lab file whose throw is far below where the compiled output puts it: blank lines and types vanish. */
const SOURCE = `interface Big {
  a: number;
  b: string;
}


/** make builds the object. */
export function make(): { boom(): void } {

  const unused: Big = { a: 1, b: 'x' };


  return {
    boom() {
      throw new RangeError('from line 15');
    },
  };
}
`;

const compiled = ts.transpileModule(SOURCE, { compilerOptions: COMPILER_OPTIONS, fileName: 'labs/x/file.ts' }).outputText;

describe('originalPosition', () => {
  it('maps a position in compiled code (as a realm ran it) back to the TypeScript source', () => {
    const lines = compiled.split('\n');
    const at = lines.findIndex((l) => l.includes("throw new RangeError('from line 15')"));
    expect(at).toBeGreaterThanOrEqual(0);
    const column = lines[at].indexOf('throw') + 1;
    // The realm's new Function wrapper adds two lines before the module's first.
    expect(originalPosition(compiled, { line: at + 1 + 2, column })).toEqual({ line: 15, column: 7 });
  });

  it('gives up on code without an inline map', () => {
    expect(originalPosition('exports.x = 1;', { line: 3, column: 1 })).toBeUndefined();
  });
});

describe('LabCodeError locations', () => {
  it('names the line the learner wrote, through the realm and the source map', () => {
    const realm = localRealm().load({ 'labs/x/file.ts': compiled });
    let caught: unknown;
    try {
      realm.create('labs/x/file.ts', 'make').call('boom');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LabCodeError);
    expect((caught as LabCodeError).where).toBe('labs/x/file.ts:15:13');
    expect((caught as LabCodeError).withContext('(in n1)').describe()).toBe('RangeError: from line 15 (in n1) (at labs/x/file.ts:15:13)');
  });
});
