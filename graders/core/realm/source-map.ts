/**
 * source-map maps a position in compiled lab code back to the learner's
 * TypeScript, using the inline source map the compiler appended. Stack traces
 * from a realm name positions in the compiled module as the realm ran it;
 * learners need the line of the file they wrote.
 */

/** WRAPPER_LINES is how many lines `new Function(params, body)` puts before the body. */
export const WRAPPER_LINES = 2;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const INLINE = /\/\/# sourceMappingURL=data:application\/json(?:;charset=[\w-]+)?;base64,([A-Za-z0-9+/=]+)\s*$/;

/** withoutInlineMap removes the inline source map comment from compiled code. */
export function withoutInlineMap(code: string): string {
  const m = INLINE.exec(code);
  return m ? code.slice(0, m.index) : code;
}

/** Position is a 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/**
 * originalPosition maps a 1-based (line, column) of `code` as a realm ran it
 * (wrapper lines included) to the source the inline map describes, or
 * returns undefined when the code has no map or the map has no segment there.
 */
export function originalPosition(code: string, at: Position): Position | undefined {
  const m = INLINE.exec(code);
  if (!m) return undefined;
  let map: { mappings?: unknown };
  try {
    map = JSON.parse(ascii(m[1])) as { mappings?: unknown };
  } catch {
    return undefined;
  }
  if (typeof map.mappings !== 'string') return undefined;
  const generatedLine = at.line - WRAPPER_LINES;
  if (generatedLine < 1) return undefined;
  const lines = map.mappings.split(';');
  // Source positions are relative across the whole mappings string, so every earlier line must be decoded.
  const state = { source: 0, line: 0, column: 0 };
  let best: Position | undefined;
  for (let l = 0; l < Math.min(lines.length, generatedLine); l++) {
    let genColumn = 0;
    for (const seg of lines[l].split(',')) {
      if (!seg) continue;
      const v = decodeVlq(seg);
      genColumn += v[0];
      if (v.length >= 4) {
        state.source += v[1];
        state.line += v[2];
        state.column += v[3];
        if (l === generatedLine - 1 && genColumn <= at.column - 1) best = { line: state.line + 1, column: state.column + 1 };
      }
    }
  }
  return best;
}

function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = B64.indexOf(ch);
    if (digit < 0) return out;
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** ascii decodes base64 whose content is ASCII (a source map's JSON is, but for file names). */
function ascii(b64: string): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const ch of b64.replace(/=+$/, '')) {
    acc = ((acc << 6) | B64.indexOf(ch)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 255);
    }
  }
  return out;
}
