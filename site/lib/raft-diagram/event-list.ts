/**
 * EventList shows the latest narration lines in the diagram's event log (an
 * element with role="log"). It appends new lines and removes old ones rather
 * than redrawing, so a screen reader announces only what is new.
 */
import type { NarrationLine } from './view';

/** SHOWN_LINES is how many lines the list keeps on screen. */
export const SHOWN_LINES = 8;

/** EventList keeps the last SHOWN_LINES narration lines in an ordered list. */
export class EventList {
  private last = '';

  constructor(private readonly list: HTMLOListElement) {}

  draw(lines: readonly NarrationLine[]): void {
    const shown = lines.slice(-SHOWN_LINES);
    const keys = shown.map(lineKey);
    const joined = keys.join('\n');
    if (joined === this.last) return;
    this.last = joined;
    const keep = new Set(keys);
    for (const li of [...this.list.children] as HTMLElement[]) if (!keep.has(li.dataset.key ?? '')) li.remove();
    const present = new Set([...this.list.children].map((li) => (li as HTMLElement).dataset.key));
    shown.forEach((l, k) => {
      if (present.has(keys[k])) return;
      const li = document.createElement('li');
      li.dataset.key = keys[k];
      li.className = `rc-line rc-line-${l.kind}`;
      const time = li.appendChild(document.createElement('span'));
      time.className = 'rc-line-time';
      time.textContent = `${(l.t / 1000).toFixed(2)} s`;
      li.appendChild(document.createTextNode(` ${l.text}`));
      this.list.appendChild(li);
    });
  }

  /** clear empties the list (after a reset). */
  clear(): void {
    this.list.replaceChildren();
    this.last = '';
  }
}

function lineKey(l: NarrationLine): string {
  return `${l.t}|${l.kind}|${l.text}`;
}
