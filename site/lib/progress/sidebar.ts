/**
 * sidebar: the lab links of Starlight's sidebar (static HTML), decorated
 * with the learner's status on each lab, read from the records in the
 * repository's working tree (labs/<lab>/report.json). Light on purpose:
 * lightning-fs only, read when the page is idle, so lesson pages load no
 * git and no editor.
 */
import { PROGRESS_EVENT, REPO_DIR, whenIdle, workFs } from './browser';
import { STATUS_LABEL, STATUS_MEANING, type LabStatus } from './status';
import { recordedStatus } from './worktree';

/** labOfHref is the lab a link points at ("/labs/<id>/"), or undefined for any other link. */
export function labOfHref(href: string, origin: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href, origin);
  } catch {
    return undefined;
  }
  if (url.origin !== new URL(origin).origin) return undefined;
  return /^\/labs\/([a-z0-9][a-z0-9-]*)\/?$/.exec(url.pathname)?.[1];
}

/** badgeTitle is a badge's tooltip: the status and what it means. */
export function badgeTitle(status: LabStatus): string {
  return `${STATUS_LABEL[status]}: ${STATUS_MEANING[status]}`;
}

/** labLinks finds the sidebar's lab links, by lab. */
export function labLinks(root: ParentNode, origin: string): Map<string, HTMLAnchorElement[]> {
  const out = new Map<string, HTMLAnchorElement[]>();
  for (const a of root.querySelectorAll<HTMLAnchorElement>('a[href]')) {
    const lab = labOfHref(a.getAttribute('href') ?? '', origin);
    if (lab) out.set(lab, [...(out.get(lab) ?? []), a]);
  }
  return out;
}

/** decorate puts (or updates) a status badge at the end of each lab link under `root`. */
export async function decorate(root: ParentNode, origin: string): Promise<void> {
  const links = labLinks(root, origin);
  const fs = workFs();
  for (const [lab, anchors] of links) {
    let status: LabStatus;
    try {
      status = await recordedStatus(fs, REPO_DIR, lab);
    } catch (e) {
      console.warn(`sidebar: cannot read the progress on ${lab}:`, e);
      continue;
    }
    for (const a of anchors) {
      let badge = a.querySelector<HTMLElement>('.ki-lab-status');
      if (!badge) {
        badge = document.createElement('span');
        badge.className = 'ki-lab-status';
        a.append(badge);
      }
      badge.dataset.status = status;
      badge.textContent = STATUS_LABEL[status];
      badge.title = badgeTitle(status);
    }
  }
}

/** startSidebarProgress decorates the sidebar once the page is idle, and again after each recorded attempt. */
export function startSidebarProgress(sidebar: ParentNode): void {
  const run = () => void decorate(sidebar, location.origin);
  whenIdle(run);
  window.addEventListener(PROGRESS_EVENT, run);
}
