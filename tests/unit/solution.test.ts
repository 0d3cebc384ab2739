import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/grade';
import { compileLabSources } from '../../cli/lib/compile';
import type { LabInfo } from '../../graders/core/lab';
import { labFilePath } from '../../graders/core/modules';
import type { Report } from '../../graders/core/report';
import { labs } from '../../graders/registry';
import { singleFileSolution } from '../fixtures/solution';

/** sink collects what a command writes to one stream. */
function sink() {
  const chunks: string[] = [];
  return { write: (s: string) => (chunks.push(s), true), isTTY: false, text: () => chunks.join('') } as unknown as NodeJS.WriteStream & { text(): string };
}

describe.each(labs.map((l) => [l.info.id, l.info] as const))('singleFileSolution(%s)', (_id, info) => {
  const text = singleFileSolution(info);
  const path = labFilePath(info, info.files[0]);

  it('type-checks as the learner file', () => {
    expect(() => compileLabSources([{ path, displayPath: path, text }])).not.toThrow();
  });

  it('passes every scenario of `npm run grade -- <lab> --file <it>`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-internals-solution-'));
    try {
      const file = join(dir, info.files[0]);
      writeFileSync(file, text);
      const out = sink();
      const err = sink();
      const code = await main([info.id, '--file', file, '--seed', '20240', '--json'], out, err);
      const report = JSON.parse(out.text()) as Report;
      expect(report.scenarios.filter((s) => !s.passed).map((s) => `${s.id}: ${s.message}`)).toEqual([]);
      expect(report.passed).toBe(true);
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('singleFileSolution on made-up modules', () => {
  const info: LabInfo = {
    id: 'toy',
    title: 'Toy',
    summary: '',
    lesson: '/',
    files: ['toy.ts'],
    reference: { 'toy.ts': 'engine/toy/main.ts' },
    solution: ['engine/toy/main.ts', 'engine/toy/helper.ts', 'engine/toy/unused.ts'],
  };
  const files: Record<string, string> = {
    'engine/toy/types.ts': 'export type Id = string;\nexport const ZERO = 0;\n',
    'engine/toy/helper.ts': "import { ZERO, type Id } from './types';\nexport function helper(id: Id): number {\n  return ZERO + id.length;\n}\n",
    'engine/toy/main.ts': "import { helper } from './helper';\nimport type { Id } from './types';\nexport const run = (id: Id) => helper(id);\n",
    'engine/toy/unused.ts': "import { run } from './main';\nexport const again = run;\n",
  };
  const read = (p: string) => files[p];

  it('orders modules after their dependencies, drops imports between them, and merges the rest', () => {
    const out = singleFileSolution(info, read);
    expect(out).toContain("import { type Id, ZERO } from '../../engine/toy/types';");
    expect(out.match(/^import /gm)).toHaveLength(1);
    expect(out.indexOf('function helper')).toBeLessThan(out.indexOf('const run'));
    expect(out).toContain('export function helper');
    expect(out).toContain('export const run');
    expect(out).not.toContain('again');
  });

  it('refuses modules it cannot stitch faithfully', () => {
    const clash: Record<string, string> = { ...files, 'engine/toy/helper.ts': files['engine/toy/helper.ts'] + 'export const run = 1;\n' };
    expect(() => singleFileSolution(info, (p) => clash[p])).toThrow(/run is declared in both/);
    const renamed: Record<string, string> = { ...files, 'engine/toy/main.ts': "import { helper as h } from './helper';\nexport const run = (id: string) => h(id);\n" };
    expect(() => singleFileSolution(info, (p) => renamed[p])).toThrow(/renamed imports/);
  });
});
