/**
 * MemberTable fills the diagram's members table: one row per member with its
 * role, term, commit index, last index, its log drawn as boxes (one per
 * entry, numbered and coloured by term, filled once committed; the columns
 * line up by index across rows), and its Crash/Restart and Isolate/Reconnect
 * buttons. It is the diagram's state as text, and its controls.
 */
import { attr, button, svg, text } from './dom';
import { logWindow, termColour } from './layout';
import type { MemberView } from './view';

/** LOG_COLUMNS is how many log indices the table shows (the newest ones). */
export const LOG_COLUMNS = 8;
const BOX = 17;
const GAP = 3;
const LOG_W = LOG_COLUMNS * (BOX + GAP) - GAP;

/** MemberActions are what a row's buttons call. */
export interface MemberActions {
  toggleCrash(id: string): void;
  toggleIsolate(id: string): void;
}

/** MemberControl tells the table which label each button carries. */
export interface MemberControl {
  isUp(id: string): boolean;
  isIsolated(id: string): boolean;
}

interface Row {
  tr: HTMLTableRowElement;
  role: HTMLTableCellElement;
  term: HTMLTableCellElement;
  commit: HTMLTableCellElement;
  last: HTMLTableCellElement;
  log: SVGSVGElement;
  boxes: { rect: SVGRectElement; label: SVGTextElement }[];
  crash: HTMLButtonElement;
  isolate: HTMLButtonElement;
}

/** MemberTable creates one row per member in a tbody and the index ruler in the log column's header. */
export class MemberTable {
  private readonly rows = new Map<string, Row>();
  private readonly indices: SVGTextElement[] = [];

  constructor(body: HTMLTableSectionElement, logHeader: HTMLElement, members: readonly string[], actions: MemberActions) {
    const head = svg('svg', { viewBox: `0 0 ${LOG_W} 12`, width: LOG_W, height: 12, class: 'rc-log-index', 'aria-hidden': 'true' }, logHeader);
    for (let c = 0; c < LOG_COLUMNS; c++) this.indices.push(svg('text', { x: c * (BOX + GAP) + BOX / 2, y: 10, 'text-anchor': 'middle' }, head));
    for (const id of members) this.rows.set(id, row(body, id, actions));
  }

  draw(members: readonly MemberView[], control: MemberControl): void {
    const { first, last } = logWindow(members, LOG_COLUMNS);
    this.indices.forEach((t, c) => text(t, first + c <= last ? String(first + c) : ''));
    for (const m of members) {
      const r = this.rows.get(m.id)!;
      attr(r.tr, 'data-role', m.role);
      text(r.role, m.cutOff ? `${m.role} (cut off)` : m.role);
      text(r.term, String(m.term));
      text(r.commit, String(m.commit));
      text(r.last, String(m.lastIndex));
      text(r.crash, control.isUp(m.id) ? 'Crash' : 'Restart');
      attr(r.crash, 'aria-label', `${control.isUp(m.id) ? 'Crash' : 'Restart'} ${m.id}`);
      text(r.isolate, control.isIsolated(m.id) ? 'Reconnect' : 'Isolate');
      attr(r.isolate, 'aria-label', `${control.isIsolated(m.id) ? 'Reconnect' : 'Isolate'} ${m.id}`);
      this.drawLog(r, m, first);
    }
  }

  private drawLog(r: Row, m: MemberView, first: number): void {
    r.boxes.forEach(({ rect, label }, c) => {
      const e = m.log[first + c - 1];
      const visibility = e ? 'visible' : 'hidden';
      attr(rect, 'visibility', visibility);
      attr(label, 'visibility', visibility);
      if (!e) return;
      const colour = termColour(e.term);
      attr(rect, 'class', e.committed ? 'rc-entry rc-committed' : 'rc-entry');
      attr(rect, 'style', e.committed ? `fill:${colour};stroke:${colour}` : `stroke:${colour}`);
      attr(label, 'class', e.committed ? 'rc-entry-term rc-committed' : 'rc-entry-term');
      attr(label, 'style', e.committed ? '' : `fill:${colour}`);
      text(label, String(e.term));
    });
    attr(r.log, 'aria-label', describeLog(m));
  }
}

/** describeLog is a member's log in words, for assistive technology. */
export function describeLog(m: Pick<MemberView, 'log' | 'commit'>): string {
  if (m.log.length === 0) return 'empty log';
  const shown = m.log.slice(-LOG_COLUMNS);
  const terms = shown.map((e) => e.term).join(' ');
  const span = shown.length === m.log.length ? `${m.log.length} entries` : `entries ${shown[0].index} to ${m.log.length}`;
  return `${span}, of terms ${terms}; committed up to ${Math.min(m.commit, m.log.length)}`;
}

function row(body: HTMLTableSectionElement, id: string, actions: MemberActions): Row {
  const tr = body.appendChild(document.createElement('tr'));
  const th = tr.appendChild(document.createElement('th'));
  th.scope = 'row';
  th.textContent = id;
  const cell = () => tr.appendChild(document.createElement('td'));
  const [role, term, commit, last, logCell, act] = [cell(), cell(), cell(), cell(), cell(), cell()];
  logCell.className = 'rc-log-cell';
  const log = svg('svg', { viewBox: `0 0 ${LOG_W} ${BOX}`, width: LOG_W, height: BOX, role: 'img', class: 'rc-log' }, logCell);
  const boxes = Array.from({ length: LOG_COLUMNS }, (_, c) => {
    const x = c * (BOX + GAP);
    const rect = svg('rect', { x: x + 1, y: 1, width: BOX - 2, height: BOX - 2, rx: 3, visibility: 'hidden' }, log);
    const label = svg('text', { x: x + BOX / 2, y: BOX / 2 + 3.5, 'text-anchor': 'middle', visibility: 'hidden' }, log);
    return { rect, label };
  });
  act.className = 'rc-actions';
  const crash = button(act, () => actions.toggleCrash(id));
  const isolate = button(act, () => actions.toggleIsolate(id));
  return { tr, role, term, commit, last, log, boxes, crash, isolate };
}
