/**
 * Small DOM helpers for the diagram's drawing code. attr() and text() write
 * only when the value changed, so that redrawing an unchanged frame costs no
 * style or layout work.
 */

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** svg creates an SVG element with attributes, appended to `parent` when given. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.appendChild(e);
  return e;
}

/** button appends a button that calls `onClick`. */
export function button(parent: HTMLElement, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.addEventListener('click', onClick);
  parent.appendChild(b);
  return b;
}

/** attr sets an attribute if it differs. */
export function attr(e: Element, name: string, value: string): void {
  if (e.getAttribute(name) !== value) e.setAttribute(name, value);
}

/** text sets the text content if it differs. */
export function text(e: Element, value: string): void {
  if (e.textContent !== value) e.textContent = value;
}
