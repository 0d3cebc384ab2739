import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileLabSources, CompileError } from '../../../cli/lib/compile';
import { REPO_ROOT } from '../../../cli/lib/repo';
import { fileUri } from '../editor/files';
import { engineSources } from '../vite/engine-sources';
import { compileLab } from './compile';
import { monacoLikeWorker } from './testing/ts-worker';

const PATH = 'labs/etcd-quorum/raft.ts';
const starter = readFileSync(join(REPO_ROOT, PATH), 'utf8');
const engine = engineSources();

async function compileInEditor(text: string) {
  return compileLab(monacoLikeWorker({ [PATH]: text }, engine), [{ path: PATH, uri: fileUri(PATH), text }]);
}

function cliErrors(text: string): string[] {
  try {
    compileLabSources([{ path: PATH, displayPath: PATH, text }]);
    return [];
  } catch (e) {
    if (e instanceof CompileError) return e.diagnostics;
    throw e;
  }
}

describe('compileLab', () => {
  it('emits the starter as a CommonJS module at its lab path', async () => {
    const out = await compileInEditor(starter);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(Object.keys(out.modules)).toEqual([PATH]);
    expect(out.modules[PATH]).toContain('exports.createRaftNode');
  });

  it('refuses a type error against the engine\'s types with the lines the CLI prints', async () => {
    // An import after other statements is legal TypeScript: the starter's own text stays as it is.
    const broken = `${starter}\nimport type { RaftConfig as Config } from '../../engine/raft/types';\nexport const broken = (c: Config): number => c.id;\n`;
    const out = await compileInEditor(broken);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors).toEqual(cliErrors(broken));
    expect(out.line).toMatch(/^does not compile: labs\/etcd-quorum\/raft\.ts:\d+:\d+ - error TS2322: /);
  });

  it('refuses a syntax error and an import the engine does not have, as the CLI does', async () => {
    for (const text of [starter + '\nconst = 1;\n', `import { nope } from '../../engine/raft/types';\n${starter}`]) {
      const out = await compileInEditor(text);
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.errors).toEqual(cliErrors(text));
    }
  });

  it('type-checks against kubernetes-types as the CLI does (the API server labs use its objects)', async () => {
    const text = `${starter}\nimport type { Pod } from 'kubernetes-types/core/v1';\nexport const pod: Pod = { metadata: { name: 'web' }, spec: { containers: [{ name: 'c' }] } };\n`;
    const out = await compileInEditor(text);
    expect(out.ok).toBe(true);
    const wrong = `${starter}\nimport type { Pod } from 'kubernetes-types/core/v1';\nexport const pod: Pod = { spec: { containers: 'none' } };\n`;
    const refused = await compileInEditor(wrong);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors).toEqual(cliErrors(wrong));
  });
});
