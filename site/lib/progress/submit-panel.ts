/**
 * submit-panel: the "Submit your work" region of a lab page (markup in
 * site/components/lab/LabSubmit.astro): push to the class remote, or
 * download the repository as a git bundle or a zip. Each first saves the
 * editors' newest text as commits, so what is submitted is what the
 * learner sees.
 */
import http from 'isomorphic-git/http/web';
import { BUNDLE_NAME, downloadBytes, ZIP_NAME } from './download';
import type { KeyValueStorage } from './journal';
import { pushBranch } from './push';
import { forgetToken, loadRemote, saveRemote } from './settings';
import type { Workspace } from './workspace';

export interface SubmitDeps {
  ws: Workspace;
  storage: KeyValueStorage;
  /** prepare makes the working tree current (flushes the editor's autosave). */
  prepare: () => Promise<void>;
  /** changed is told when the submission made commits (the history then has new saves). */
  changed: () => void;
}

type SubmitState = 'idle' | 'busy' | 'done' | 'error';

/** mountSubmitPanel wires the region `root`. */
export function mountSubmitPanel(root: HTMLElement, deps: SubmitDeps): void {
  const q = <T extends HTMLElement>(sel: string) => {
    const el = root.querySelector<T>(sel);
    if (!el) throw new Error(`lab page: the submission region has no ${sel}`);
    return el;
  };
  const form = q<HTMLFormElement>('[data-remote-form]');
  const url = q<HTMLInputElement>('[data-remote-url]');
  const user = q<HTMLInputElement>('[data-remote-user]');
  const token = q<HTMLInputElement>('[data-remote-token]');
  const forget = q<HTMLButtonElement>('[data-forget-token]');
  const status = q('[data-submit-status]');
  const buttons = [...root.querySelectorAll<HTMLButtonElement>('button')];

  const saved = loadRemote(deps.storage);
  url.value = saved.url;
  user.value = saved.user;
  token.value = saved.token;

  const say = (state: SubmitState, text: string) => {
    status.dataset.state = state;
    status.textContent = text;
  };

  /** busy runs one submission action at a time, with the buttons disabled. */
  const busy = async (label: string, action: () => Promise<void>) => {
    if (root.dataset.busy) return;
    root.dataset.busy = 'true';
    buttons.forEach((b) => (b.disabled = true));
    say('busy', label);
    try {
      await action();
    } catch (e) {
      say('error', `${(e as Error).message ?? e}. Your work in this browser is unchanged.`);
    } finally {
      delete root.dataset.busy;
      buttons.forEach((b) => (b.disabled = false));
    }
  };

  /** saveEdits commits what the editors hold that the branch lacks. */
  const saveEdits = async () => {
    await deps.prepare();
    const labs = await deps.ws.saveWorkingTree('saved for submission');
    if (labs.length) deps.changed();
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const remote = { url: url.value.trim(), user: user.value.trim(), token: token.value };
    saveRemote(deps.storage, remote);
    void busy(`Pushing to ${remote.url}…`, async () => {
      await saveEdits();
      const outcome = await pushBranch(deps.ws.repo, http, remote);
      if (outcome.ok) say('done', `Pushed commit ${outcome.oid.slice(0, 7)} (branch main) to ${remote.url}.`);
      else say('error', outcome.message);
    });
  });

  forget.addEventListener('click', () => {
    forgetToken(deps.storage);
    token.value = '';
    say('idle', 'The token is forgotten: this browser no longer keeps it.');
  });

  q<HTMLButtonElement>('[data-download-bundle]').addEventListener('click', () =>
    void busy('Packing your repository…', async () => {
      await saveEdits();
      const bundle = await deps.ws.bundle();
      if (!bundle) return say('error', 'Nothing to download yet: your repository has no commit. Grade a lab first.');
      downloadBytes(BUNDLE_NAME, bundle, 'application/x-git-bundle');
      say('done', `Downloaded ${BUNDLE_NAME}: \`git clone ${BUNDLE_NAME}\` makes a clone of your work.`);
    }),
  );

  q<HTMLButtonElement>('[data-download-zip]').addEventListener('click', () =>
    void busy('Zipping your files…', async () => {
      await saveEdits();
      const zip = await deps.ws.zip();
      if (!zip) return say('error', 'Nothing to download yet: your repository has no commit. Grade a lab first.');
      downloadBytes(ZIP_NAME, zip, 'application/zip');
      say('done', `Downloaded ${ZIP_NAME}: your lab files at their places in the course repository (labs/<lab>/…).`);
    }),
  );
}
