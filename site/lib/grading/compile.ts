import type { ModuleMap } from '../../../graders/core/realm/realm';
import { compileFailureLine, errorLines, type DiagnosticLike } from './diagnostics';

/**
 * TsWorkerLike is the part of Monaco's TypeScript worker a lab page compiles
 * with (monaco.languages.typescript.TypeScriptWorker). File names are model
 * URIs, e.g. "file:///labs/etcd-quorum/raft.ts".
 */
export interface TsWorkerLike {
  getSyntacticDiagnostics(fileName: string): Promise<DiagnosticLike[]>;
  getSemanticDiagnostics(fileName: string): Promise<DiagnosticLike[]>;
  getEmitOutput(fileName: string): Promise<{ outputFiles: { name: string; text: string }[]; emitSkipped?: boolean }>;
}

/** EditorSource is one learner file open in the editor. */
export interface EditorSource {
  /** path is its repository path, where the realm mounts it: "labs/<lab>/<file>". */
  path: string;
  /** uri is its model's URI in the TypeScript worker. */
  uri: string;
  /** text is the model's text the worker checks (diagnostic offsets refer to it). */
  text: string;
}

/** CompileOutcome is CommonJS modules by repository path, or the reason there are none. */
export type CompileOutcome = { ok: true; modules: ModuleMap } | { ok: false; errors: string[]; line: string };

/**
 * compileLab type-checks the learner's files in the editor's TypeScript
 * worker and, when none has an error, emits each as CommonJS, keyed by its
 * repository path as the CLI's compileLabSources does. Errors are formatted
 * as the CLI formats them; a file TypeScript emits nothing for is an error.
 */
export async function compileLab(worker: TsWorkerLike, sources: readonly EditorSource[]): Promise<CompileOutcome> {
  const errors: string[] = [];
  for (const s of sources) {
    const diagnostics = [...(await worker.getSyntacticDiagnostics(s.uri)), ...(await worker.getSemanticDiagnostics(s.uri))];
    errors.push(...errorLines(diagnostics, s.text, s.path));
  }
  if (errors.length > 0) return { ok: false, errors, line: compileFailureLine(errors) };
  const modules: Record<string, string> = {};
  for (const s of sources) {
    const out = await worker.getEmitOutput(s.uri);
    const js = out.emitSkipped ? undefined : out.outputFiles.find((f) => f.name.endsWith('.js'));
    if (!js) {
      const missing = [`${s.path} - error: TypeScript emitted no JavaScript for this file`];
      return { ok: false, errors: missing, line: compileFailureLine(missing) };
    }
    modules[s.path] = js.text;
  }
  return { ok: true, modules };
}
