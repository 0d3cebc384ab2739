import { describe, expect, it } from 'vitest';
import { CSV_ERR_BARE_QUOTE, CSV_ERR_QUOTE, CsvReader } from './csv';

function readAll(text: string): string[][] | string {
  const reader = new CsvReader(text);
  const out: string[][] = [];
  for (;;) {
    const r = reader.read();
    if ('eof' in r) return out;
    if ('error' in r) return r.error;
    out.push(r.record);
  }
}

// Cases from Go's encoding/csv TestRead (default Reader, FieldsPerRecord -1);
// errors use Go 1.17+ positions: 1-based lines and 1-based byte columns.
describe('CsvReader reads as Go encoding/csv', () => {
  it.each<[string, string, string[][]]>([
    ['a simple record', 'a,b,c\n', [['a', 'b', 'c']]],
    ['CRLF line ends', 'a,b\r\nc,d\r\n', [['a', 'b'], ['c', 'd']]],
    ['a bare CR inside a field', 'a,b\rc,d\r\n', [['a', 'b\rc', 'd']]],
    ['no final newline', 'a,b,c', [['a', 'b', 'c']]],
    ['quoted fields over several lines', '"two\nline","one line","three\nline\nfield"', [['two\nline', 'one line', 'three\nline\nfield']]],
    ['blank lines skipped', 'a,b,c\n\nd,e,f\n\n', [['a', 'b', 'c'], ['d', 'e', 'f']]],
    ['leading spaces kept', ' a,  b,   c\n', [[' a', '  b', '   c']]],
    ['no comment character', '#1,2,3\na,b,c', [['#1', '2', '3'], ['a', 'b', 'c']]],
    ['records of different lengths', 'a,b,c\nd,e', [['a', 'b', 'c'], ['d', 'e']]],
    ['a trailing comma at EOF', 'a,b,c,', [['a', 'b', 'c', '']]],
    ['a trailing comma at EOL', 'a,b,c,\n', [['a', 'b', 'c', '']]],
    ['empty quoted and unquoted fields', 'x,,\n"","",""\n', [['x', '', ''], ['', '', '']]],
    ['doubled quotes and commas inside quotes', '"a,a","b""bb","ccc"', [['a,a', 'b"bb', 'ccc']]],
    ['CRLF inside a quoted field', 'A,"Hello\r\nHi",B\r\n', [['A', 'Hello\nHi', 'B']]],
    ['a trailing CR at EOF dropped only at the very end', 'field1,field2\r', [['field1', 'field2']]],
    ['a trailing CR after a quoted field at EOF', '"field"\r', [['field']]],
    ['CRs inside a field at EOF', 'field\rfield\r', [['field\rfield']]],
    ['only newlines inside quotes', '"\n\n\n\n"', [['\n\n\n\n']]],
    ['nothing but CRLFs', '\r\n\r\n\r\n\r\n', []],
    ['even quotes', '""""""""', [['"""']]],
    ['non-ASCII text', 'é,"ü,ß"\n', [['é', 'ü,ß']]],
  ])('%s', (_name, input, want) => {
    expect(readAll(input)).toEqual(want);
  });

  it.each<[string, string, string]>([
    ['a doubled quote in an unquoted field', 'a""b,c', `parse error on line 1, column 2: ${CSV_ERR_BARE_QUOTE}`],
    ['a bare quote', 'a "word","b"', `parse error on line 1, column 3: ${CSV_ERR_BARE_QUOTE}`],
    ['a trailing quote', '"a word",b"', `parse error on line 1, column 11: ${CSV_ERR_BARE_QUOTE}`],
    ['an extraneous quote', '"a "word","b"', `parse error on line 1, column 4: ${CSV_ERR_QUOTE}`],
    ['an error on a later line of a record', 'a,"b\nc"d,e', `record on line 1; parse error on line 2, column 2: ${CSV_ERR_QUOTE}`],
    ['an unterminated quote', 'a,b\n"d\n\n,e', `record on line 2; parse error on line 4, column 3: ${CSV_ERR_QUOTE}`],
    ['a quote then text before CRLF', '"foo"bar"\r\n', `parse error on line 1, column 5: ${CSV_ERR_QUOTE}`],
    ['odd quotes', '"""""""', `parse error on line 1, column 8: ${CSV_ERR_QUOTE}`],
    ['a bare quote after multi-byte text counts bytes', 'é"x', `parse error on line 1, column 3: ${CSV_ERR_BARE_QUOTE}`],
    ['an error on line 3 after a blank line', 'a,b\n\nc"d', `parse error on line 3, column 2: ${CSV_ERR_BARE_QUOTE}`],
  ])('reports %s', (_name, input, want) => {
    expect(readAll(input)).toBe(want);
  });
});
