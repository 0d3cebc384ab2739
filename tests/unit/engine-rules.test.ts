import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, REPO_ROOT } from '../../cli/lib/repo';

/**
 * The engine and the graders must be deterministic and portable: these rules
 * are checked on the source text, so a violation fails here before it can
 * make a replay differ between two runs or between Node and a browser.
 */

const sources = (dir: string) =>
  listFiles(dir)
    // Test helpers run only under vitest, in Node; they may use Node.
    .filter((p) => p.endsWith('.ts') && !p.endsWith('.test.ts') && !/(^|\/)testing(\.ts|\/)/.test(p) && !p.includes('/testdata/'))
    .map((path) => ({ path, text: codeOnly(readFileSync(join(REPO_ROOT, path), 'utf8')) }));

/**
 * codeOnly blanks comments, string literals and method signatures, where the
 * forbidden names may legitimately appear (a doc comment, the sandbox's
 * refusal message, an injected platform's `setTimeout(...)` member).
 */
function codeOnly(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, "''")
    .replace(/^\s*\w+\(.*\)\s*:[^=]*;\s*$/gm, '');
}

function offenders(dir: string, pattern: RegExp): string[] {
  return sources(dir).flatMap(({ path, text }) =>
    text.split('\n').flatMap((line, i) => (pattern.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : [])),
  );
}

const NONDETERMINISM = /\bDate\.now\b|\bnew Date\b|\bMath\.random\b|\bperformance\.now\b|(?<![\w.])(setTimeout|setInterval|setImmediate|queueMicrotask)\s*\(/;

describe('engine and grader sources', () => {
  it('never read the clock, unseeded randomness or real timers', () => {
    expect(offenders('engine', NONDETERMINISM)).toEqual([]);
    expect(offenders('graders', NONDETERMINISM)).toEqual([]);
  });

  it('use no Node built-ins and no DOM in the engine', () => {
    expect(offenders('engine', /from ['"]node:|require\(|\bprocess\.|\bBuffer\b/)).toEqual([]);
    expect(offenders('engine', /\b(window|document|localStorage|navigator)\./)).toEqual([]);
  });

  it('use only ECMAScript built-ins in the engine: a grader\'s vm realm has no web or Node globals', () => {
    expect(offenders('engine', /\b(TextEncoder|TextDecoder|structuredClone|atob|btoa|crypto|fetch|URL)\b/)).toEqual([]);
  });

  it('keep graders portable: no Node built-ins (they run in browser workers too)', () => {
    expect(offenders('graders', /from ['"]node:|\bprocess\.|\bBuffer\b/)).toEqual([]);
  });
});
