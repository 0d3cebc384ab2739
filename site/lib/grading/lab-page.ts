/**
 * lab-page: the lab page's script. It wires the editor, the controls and the
 * results region (markup in site/components/lab/LabWorkbench.astro) to the
 * tested pieces: drafts, seeds, compileLab and gradeInBrowser.
 */
import engineModules from 'virtual:lab-engine/modules';
import engineSources from 'virtual:lab-engine/sources';
import { createLabEditor } from '../editor/monaco';
import { DraftStore, draftKey, type KeyValueStorage } from './drafts';
import { gradeInBrowser } from './grade';
import GradeWorker from './grade-worker?worker';
import type { LabPageData } from './page-data';
import { browserPlatform } from './platform';
import { onlyFromQuery } from './query';
import { ResultsPanel } from './results-panel';
import { cryptoUint32, freshSeed, parseSeedField } from './seed';

/** mountLabPage starts the lab page inside `root` (the element marked data-lab-workbench). */
export function mountLabPage(root: HTMLElement): void {
  const q = <T extends HTMLElement>(sel: string) => {
    const el = root.querySelector<T>(sel);
    if (!el) throw new Error(`lab page: no ${sel}`);
    return el;
  };
  const data = JSON.parse(q('[data-lab-data]').textContent ?? '') as LabPageData;
  const gradeButton = q<HTMLButtonElement>('[data-grade]');
  const resetButton = q<HTMLButtonElement>('[data-reset]');
  const seedInput = q<HTMLInputElement>('[data-seed]');
  const importInput = q<HTMLInputElement>('[data-import]');
  const panel = new ResultsPanel(q('[data-results]'));
  const only = onlyFromQuery(location.search);
  const lab = data.info.id;

  const drafts = new DraftStore(pageStorage(), draftKey(lab, data.file), window, (e) => console.warn('lab page: cannot keep your draft:', e));
  const host = q('[data-editor]');
  const editor = createLabEditor(host, { path: data.path, text: drafts.load() ?? data.starter, engineSources });
  // The starter as plain text stands in until the editor is up (and if it cannot start).
  host.querySelector('.lab-editor-fallback')?.remove();
  editor.onChange((text) => drafts.save(text));
  window.addEventListener('pagehide', () => drafts.flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') drafts.flush();
  });

  resetButton.addEventListener('click', () => {
    editor.replace(data.starter);
    drafts.clear();
    editor.focus();
  });

  importInput.addEventListener('change', async () => {
    const file = importInput.files?.[0];
    if (!file) return;
    editor.replace(await file.text());
    drafts.flush();
    importInput.value = '';
    editor.focus();
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
  try {
    mountLabPage(root);
  } catch (e) {
    const status = root.querySelector('[data-status]');
    if (status) status.textContent = `The editor could not start: ${(e as Error).message}. The starter is shown as text above.`;
    root.querySelector<HTMLElement>('[data-results]')?.setAttribute('data-state', 'error');
    throw e;
  }
}

/** pageStorage is localStorage, or a memory store where the browser refuses storage (drafts then last a visit). */
function pageStorage(): KeyValueStorage {
  try {
    const s = window.localStorage;
    s.getItem('kube-internals:probe');
    return s;
  } catch {
    const m = new Map<string, string>();
    return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
  }
}
