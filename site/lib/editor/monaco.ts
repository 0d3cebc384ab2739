/**
 * monaco: the lab page's editor. Loads only what a TypeScript editor needs
 * (the editor core, the TypeScript language and its worker), and sets the
 * worker up as the CLI compiles lab code: the engine's sources as extra
 * libraries at file:///engine/..., the learner's model at
 * file:///labs/<lab>/<file>, and the CLI's compiler options.
 */
import type * as MonacoApi from 'monaco-editor';
import * as monacoCore from 'monaco-editor/esm/vs/editor/edcore.main.js';
import 'monaco-editor/esm/vs/language/typescript/monaco.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/typescript/typescript.contribution.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import TsWorker from 'monaco-editor/esm/vs/language/typescript/ts.worker.js?worker';
import { compileLab, type CompileOutcome, type TsWorkerLike } from '../grading/compile';
import { EDITOR_COMPILER_OPTIONS } from '../grading/compiler-options';
import { extraLibs, fileUri } from './files';

const monaco = monacoCore as typeof MonacoApi;

/** LabEditor is the editor as the lab page drives it. */
export interface LabEditor {
  text(): string;
  /** replace sets the whole text as one edit, so Undo brings the previous text back. */
  replace(text: string): void;
  onChange(listener: (text: string) => void): void;
  /** compile type-checks and emits the file in the TypeScript worker (see compileLab). */
  compile(): Promise<CompileOutcome>;
  focus(): void;
}

export interface LabEditorOptions {
  /** path is the learner file's repository path, "labs/<lab>/<file>". */
  path: string;
  text: string;
  /** engineSources are the engine's TypeScript sources by repository path. */
  engineSources: Readonly<Record<string, string>>;
}

/** themeFor follows Starlight's colour theme (the data-theme attribute of <html>). */
function themeFor(root: HTMLElement): string {
  return root.dataset.theme === 'light' ? 'vs' : 'vs-dark';
}

/** createLabEditor mounts the editor in `container`. */
export function createLabEditor(container: HTMLElement, options: LabEditorOptions): LabEditor {
  (self as unknown as { MonacoEnvironment: MonacoApi.Environment }).MonacoEnvironment = {
    getWorker: (_id, label) => (label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker()),
  };
  const ts = monaco.languages.typescript;
  ts.typescriptDefaults.setCompilerOptions({ ...EDITOR_COMPILER_OPTIONS, lib: [...EDITOR_COMPILER_OPTIONS.lib], types: [] } as unknown as MonacoApi.languages.typescript.CompilerOptions);
  ts.typescriptDefaults.setExtraLibs(extraLibs(options.engineSources));
  ts.typescriptDefaults.setEagerModelSync(true);

  const uri = monaco.Uri.parse(fileUri(options.path));
  const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(options.text, 'typescript', uri);
  const html = document.documentElement;
  const editor = monaco.editor.create(container, {
    model,
    theme: themeFor(html),
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    scrollBeyondLastLine: false,
    tabSize: 2,
    ariaLabel: `Editor: ${options.path}`,
  });
  new MutationObserver(() => monaco.editor.setTheme(themeFor(html))).observe(html, { attributes: true, attributeFilter: ['data-theme'] });

  return {
    text: () => model.getValue(),
    replace(text) {
      editor.pushUndoStop();
      editor.executeEdits('lab', [{ range: model.getFullModelRange(), text, forceMoveMarkers: true }]);
      editor.pushUndoStop();
      editor.setPosition({ lineNumber: 1, column: 1 });
      editor.revealLine(1);
    },
    onChange(listener) {
      model.onDidChangeContent(() => listener(model.getValue()));
    },
    async compile() {
      const getWorker = await ts.getTypeScriptWorker();
      const worker = (await getWorker(uri)) as unknown as TsWorkerLike;
      // Diagnostics' offsets refer to the text the worker checked; if the
      // learner typed meanwhile, that text is gone: compile the new one.
      for (;;) {
        const version = model.getVersionId();
        const out = await compileLab(worker, [{ path: options.path, uri: uri.toString(), text: model.getValue() }]);
        if (model.getVersionId() === version) return out;
      }
    },
    focus: () => editor.focus(),
  };
}
