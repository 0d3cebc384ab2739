/**
 * CsvReader reads records as Go's encoding/csv Reader does with its defaults
 * (comma ',', no comment character, strict quotes) and FieldsPerRecord = -1:
 * blank lines are skipped, \r\n becomes \n, quoted fields may hold commas,
 * doubled quotes and newlines. Errors are Go's ParseError texts with 1-based
 * lines and 1-based byte columns ("parse error on line 2, column 5: bare \" in
 * non-quoted-field"), so a token file is refused with the same message.
 */
import { utf8Decode, utf8Encode } from './bytes';

/** CSV_ERR_BARE_QUOTE and CSV_ERR_QUOTE are csv.ErrBareQuote and csv.ErrQuote. */
export const CSV_ERR_BARE_QUOTE = 'bare " in non-quoted-field';
export const CSV_ERR_QUOTE = 'extraneous or missing " in quoted-field';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** CsvRead is one Read: a record, the end of input, or a parse error (after which the reader should not be used). */
export type CsvRead = { record: string[] } | { eof: true } | { error: string };

function parseError(startLine: number, line: number, column: number, err: string): { error: string } {
  if (startLine !== line) return { error: `record on line ${startLine}; parse error on line ${line}, column ${column}: ${err}` };
  return { error: `parse error on line ${line}, column ${column}: ${err}` };
}

const lengthNL = (b: Uint8Array): number => (b.length > 0 && b[b.length - 1] === LF ? 1 : 0);

function indexOf(b: Uint8Array, byte: number): number {
  for (let i = 0; i < b.length; i++) if (b[i] === byte) return i;
  return -1;
}

export class CsvReader {
  private readonly input: Uint8Array;
  private offset = 0;
  /** numLine is the number of lines read so far (Go's numLine). */
  private numLine = 0;

  constructor(text: string) {
    this.input = utf8Encode(text);
  }

  /** readLine returns the next line with its "\n" (a final line may lack it); eof when nothing was left. */
  private readLine(): { line: Uint8Array; eof: boolean } {
    if (this.offset >= this.input.length) {
      this.numLine++;
      return { line: new Uint8Array(0), eof: true };
    }
    const nl = this.input.indexOf(LF, this.offset);
    let line: Uint8Array;
    if (nl >= 0) {
      line = this.input.slice(this.offset, nl + 1);
      this.offset = nl + 1;
    } else {
      line = this.input.slice(this.offset);
      this.offset = this.input.length;
      // Go drops a trailing \r before EOF for backwards compatibility.
      if (line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    }
    this.numLine++;
    const n = line.length;
    if (n >= 2 && line[n - 2] === CR && line[n - 1] === LF) {
      const normalized = line.slice(0, n - 1);
      normalized[n - 2] = LF;
      line = normalized;
    }
    return { line, eof: false };
  }

  /** read returns the next record (Go's Reader.Read). */
  read(): CsvRead {
    let line: Uint8Array = new Uint8Array(0);
    let eof = false;
    while (!eof) {
      ({ line, eof } = this.readLine());
      if (!eof && line.length === lengthNL(line)) continue; // blank line
      break;
    }
    if (eof) return { eof: true };

    const recLine = this.numLine;
    const pos = { line: this.numLine, col: 1 };
    const fields: Uint8Array[] = [];
    let field: number[] = [];
    for (;;) {
      if (line.length === 0 || line[0] !== QUOTE) {
        // Non-quoted field.
        const i = indexOf(line, COMMA);
        const text = i >= 0 ? line.subarray(0, i) : line.subarray(0, line.length - lengthNL(line));
        const j = indexOf(text, QUOTE);
        if (j >= 0) return parseError(recLine, this.numLine, pos.col + j, CSV_ERR_BARE_QUOTE);
        fields.push(text);
        if (i >= 0) {
          line = line.subarray(i + 1);
          pos.col += i + 1;
          continue;
        }
        break;
      }
      // Quoted field.
      line = line.subarray(1);
      pos.col += 1;
      field = [];
      let next: 'field' | 'end' | undefined;
      while (next === undefined) {
        const i = indexOf(line, QUOTE);
        if (i >= 0) {
          for (let k = 0; k < i; k++) field.push(line[k]!);
          line = line.subarray(i + 1);
          pos.col += i + 1;
          if (line[0] === QUOTE) {
            field.push(QUOTE);
            line = line.subarray(1);
            pos.col += 1;
          } else if (line[0] === COMMA) {
            line = line.subarray(1);
            pos.col += 1;
            next = 'field';
          } else if (lengthNL(line) === line.length) {
            next = 'end';
          } else {
            return parseError(recLine, this.numLine, pos.col - 1, CSV_ERR_QUOTE);
          }
        } else if (line.length > 0) {
          // The field goes on past the end of this line.
          for (let k = 0; k < line.length; k++) field.push(line[k]!);
          pos.col += line.length;
          ({ line } = this.readLine());
          if (line.length > 0) {
            pos.line++;
            pos.col = 1;
          }
        } else {
          // End of input inside a quoted field.
          return parseError(recLine, pos.line, pos.col, CSV_ERR_QUOTE);
        }
      }
      fields.push(Uint8Array.from(field));
      if (next === 'end') break;
    }
    return { record: fields.map(utf8Decode) };
  }
}
