/**
 * viewer: the site's Instructor page logic: read a roster.json the
 * instructor picks, and show it with the dashboard's renderer (the same
 * markup as index.html) and sorting. The file never leaves the browser.
 */
import { renderDashboard } from './dashboard';
import { parseRoster, RosterFormatError, type Roster } from './schema';
import { enableSorting } from './sort';

/** readRosterFile parses a picked file's text: the roster, or a one-line reason it is not one. Pure. */
export function readRosterFile(name: string, text: string): { roster: Roster; message: string } | { error: string } {
  try {
    const roster = parseRoster(text);
    const n = roster.learners.length;
    return { roster, message: `${name}: ${n} learner${n === 1 ? '' : 's'} × ${roster.labs.length} lab${roster.labs.length === 1 ? '' : 's'}, regraded ${roster.generatedAt.slice(0, 10)}.` };
  } catch (e) {
    if (e instanceof RosterFormatError) return { error: `${name} is not a roster.json: ${e.message}.` };
    throw e;
  }
}

/** startRosterViewer wires a file input to a status line and the dashboard's container. */
export function startRosterViewer(input: HTMLInputElement, status: HTMLElement, container: HTMLElement): void {
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    const result = readRosterFile(file.name, await file.text());
    container.dataset.state = 'error' in result ? 'error' : 'loaded';
    if ('error' in result) {
      status.textContent = result.error;
      container.replaceChildren();
      return;
    }
    status.textContent = result.message;
    container.innerHTML = renderDashboard(result.roster);
    enableSorting(container);
  });
}
