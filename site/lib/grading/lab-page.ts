/**
 * lab-page: the lab page's script. It wires the editor, the controls and the
 * results region (markup in site/components/lab/LabWorkbench.astro) to the
 * tested pieces: the autosave (drafts, into the learner's repository in this
 * browser), seeds, compileLab and gradeInBrowser; and, through
 * site/lib/progress, the history of attempts and the submission region.
 */
import engineModules from 'virtual:lab-engine/modules';
import engineSources from 'virtual:lab-engine/sources';
import { createLabEditor } from '../editor/monaco';
import { pageStorage, REPO_DIR, workFs } from '../progress/browser';
import { courseWorkspace } from '../progress/browser-repo';
import { Journal, journalKey } from '../progress/journal';
import { LabHistory } from '../progress/lab-history';
import { openText, settleLegacy } from '../progress/open';
import { mountSubmitPanel } from '../progress/submit-panel';
import { writeWorkFile } from '../progress/worktree';
import { DraftStore, type SaveState } from './drafts';
import { gradeInBrowser } from './grade';
import GradeWorker from './grade-worker?worker';
import type { LabPageData } from './page-data';
import { browserPlatform } from './platform';
import { onlyFromQuery } from './query';
import { ResultsPanel } from './results-panel';
import { cryptoUint32, freshSeed, parseSeedField } from './seed';

/** SAVE_TEXT is what the toolbar says in each autosave state. */
const SAVE_TEXT: Record<SaveState, string> = {
  saved: 'Saved in this browser',
  pending: 'Saving…',
  saving: 'Saving…',
  failed: 'Not saved to the repository (kept in local storage)',
};

/**
 * mountLabPage starts the lab page inside `root` (the element marked
 * data-lab-workbench). The page is the document: the history and
 * submission regions are found there.
 */
export async function mountLabPage(root: HTMLElement): Promise<void> {
  const q = <T extends HTMLElement>(sel: string, within: ParentNode = root) => {
    const el = within.querySelector<T>(sel);
    if (!el) throw new Error(`lab page: no ${sel}`);
    return el;
  };
  const data = JSON.parse(q('[data-lab-data]').textContent ?? '') as LabPageData;
  const gradeButton = q<HTMLButtonElement>('[data-grade]');
  const resetButton = q<HTMLButtonElement>('[data-reset]');
  const seedInput = q<HTMLInputElement>('[data-seed]');
  const importInput = q<HTMLInputElement>('[data-import]');
  const saveStatus = q('[data-save-status]');
  const panel = new ResultsPanel(q('[data-results]'));
  const only = onlyFromQuery(location.search);
  const lab = data.info.id;
  const warn = (what: string, e: unknown) => console.warn(`lab page: ${what}:`, e);

  // The learner's text: the newest of the journal, the repository's working tree and an old draft.
  const storage = pageStorage();
  const fs = workFs();
  const journal = new Journal(storage, journalKey(lab, data.file), (e) => warn('cannot keep the journal', e));
  const opened = await openText({ fs, dir: REPO_DIR, lab, file: data.file, path: data.path, starter: data.starter, storage, journal, onError: warn });
  root.dataset.openedFrom = opened.source;

  const showSave = (state: SaveState, error?: unknown) => {
    saveStatus.dataset.state = state;
    saveStatus.textContent = SAVE_TEXT[state];
    saveStatus.title = error ? `${(error as Error).message ?? error}` : '';
    if (error) warn('cannot save to the repository', error);
  };
  const drafts = new DraftStore(
    journal,
    (entry) => writeWorkFile(fs, REPO_DIR, data.path, entry.text, entry.editedAtMs),
    { setTimeout: (fn, ms) => window.setTimeout(fn, ms), clearTimeout: (h) => window.clearTimeout(h as number) },
    () => Date.now(),
    showSave,
  );
  if (opened.editedAtMs !== undefined) drafts.adopt({ text: opened.text, editedAtMs: opened.editedAtMs });
  showSave(opened.repositoryReadable ? 'saved' : 'failed');

  const host = q('[data-editor]');
  const editor = createLabEditor(host, { path: data.path, text: opened.text, engineSources });
  // The starter as plain text stands in until the editor is up (and if it cannot start).
  host.querySelector('.lab-editor-fallback')?.remove();
  editor.onChange((text) => drafts.save(text));
  if (opened.writeTree) {
    // A copy the tree lacks (a journal left by a closed tab, or a draft from the old store): save it now.
    drafts.save(opened.text);
    void drafts.flush().then(() => {
      if (saveStatus.dataset.state === 'saved') settleLegacy(storage, lab, data.file);
    });
  }
  window.addEventListener('pagehide', () => void drafts.flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void drafts.flush();
  });

  const ws = courseWorkspace();
  const history = new LabHistory({ ws, lab, path: data.path, starter: data.starter, editor, root: q('[data-history]', document) });
  void history.refresh();
  mountSubmitPanel(q('[data-submit]', document), { ws, storage, prepare: () => drafts.flush(), changed: () => void history.refresh() });

  resetButton.addEventListener('click', () => void history.replaceText(data.starter, 'saved before Reset to starter'));

  importInput.addEventListener('change', async () => {
    const file = importInput.files?.[0];
    if (!file) return;
    const text = await file.text();
    importInput.value = '';
    await history.replaceText(text, `saved before importing ${file.name.replace(/[\r\n]+/g, ' ')}`);
  });

  let running = false;
  const grade = async () => {
    if (running) return;
    const choice = parseSeedField(seedInput.value);
    if (choice.kind === 'invalid') {
      panel.error(choice.message);
      return;
    }
    running = true;
    gradeButton.disabled = true;
    const seed = choice.kind === 'seed' ? choice.seed : freshSeed(cryptoUint32);
    try {
      panel.start(lab, seed, only);
      const compiled = await editor.compile();
      // compile() returns the outcome for the text the model holds now (it
      // recompiles if the learner typed meanwhile), and no input event can
      // run before this line: this is the text that was compiled.
      const graded = editor.text();
      if (!compiled.ok) {
        panel.compileError(compiled.line, compiled.errors);
        return;
      }
      panel.grading(lab, seed, 0, undefined);
      const report = await gradeInBrowser({
        info: data.info,
        engine: engineModules,
        learner: compiled.modules,
        seed,
        only,
        platform: browserPlatform(() => new GradeWorker({ name: `grade ${lab}` }), {
          setTimeout: (fn, ms) => window.setTimeout(fn, ms),
          clearTimeout: (h) => window.clearTimeout(h as number),
          now: () => performance.now(),
        }),
        hardwareConcurrency: navigator.hardwareConcurrency,
        onEvent: (ev) => {
          if (ev.type === 'result') panel.result(ev.result);
          panel.grading(lab, seed, ev.type === 'result' ? ev.position : ev.position - 1, ev.total);
        },
      });
      panel.done(report);
      // Only a run of every scenario is an attempt, as only `npm run grade` without --only records one.
      if (only.length === 0) await history.record(report, graded);
      else history.skipped(only);
    } catch (e) {
      panel.error(`could not grade: ${(e as Error).message}`);
    } finally {
      running = false;
      gradeButton.disabled = false;
    }
  };
  gradeButton.addEventListener('click', () => void grade());
  gradeButton.disabled = false;
  root.dataset.ready = 'true';
}

/**
 * startLabPage is the page script's entry: mountLabPage, and if the editor
 * cannot start, a message in the results region instead of a dead page.
 */
export function startLabPage(root: HTMLElement): void {
  mountLabPage(root).catch((e: unknown) => {
    const status = root.querySelector('[data-status]');
    if (status) status.textContent = `The editor could not start: ${(e as Error).message}. The starter is shown as text above.`;
    root.querySelector<HTMLElement>('[data-results]')?.setAttribute('data-state', 'error');
    throw e;
  });
}
