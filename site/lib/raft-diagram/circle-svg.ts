/**
 * CircleSvg draws the cluster picture: members on a circle with their role,
 * term and commit index, the client in the middle, the links (cut ones
 * dashed red) and the messages moving along them (a cross for a dropped
 * one). It keeps the elements it made and only updates their attributes.
 */
import { attr, svg, SVG_NS, text } from './dom';
import { along, circle, type Point } from './layout';
import type { MessageKind } from './messages';
import type { DiagramView, MemberView, MessageView } from './view';

/** VIEW_W and VIEW_H are the picture's viewBox size. */
export const VIEW_W = 360;
export const VIEW_H = 330;
const CENTRE: Point = { x: 180, y: 175 };
const RADIUS = 115;
const NODE_R = 26;
const CLIENT_W = 32;
const CLIENT_H = 20;

interface HostShape {
  g: SVGGElement;
  role: SVGTextElement;
  numbers: SVGTextElement;
}

/** CircleSvg draws DiagramViews into one <svg>; it creates its elements once and then only updates them. */
export class CircleSvg {
  private readonly at: Map<string, Point>;
  private readonly hosts = new Map<string, HostShape>();
  private readonly links = new Map<string, SVGLineElement>();
  private readonly dots = new Map<string, SVGElement>();
  private readonly layerLinks: SVGGElement;
  private readonly layerMessages: SVGGElement;

  constructor(root: SVGSVGElement, members: readonly string[], clients: readonly string[]) {
    this.at = circle(members, CENTRE.x, CENTRE.y, RADIUS);
    for (const c of clients) this.at.set(c, { ...CENTRE });
    this.layerLinks = svg('g', { class: 'rc-links' }, root);
    const hosts = svg('g', { class: 'rc-hosts' }, root);
    // Messages go over the hosts so that a drop at a member's rim stays visible.
    this.layerMessages = svg('g', { class: 'rc-messages' }, root);
    for (const c of clients) this.drawClient(hosts, c);
    for (const m of members) this.drawHost(hosts, m);
  }

  draw(view: DiagramView): void {
    for (const l of view.links) {
      const key = `${l.a}|${l.b}`;
      let line = this.links.get(key);
      if (!line) {
        const a = this.at.get(l.a)!;
        const b = this.at.get(l.b)!;
        line = svg('line', { x1: a.x, y1: a.y, x2: b.x, y2: b.y }, this.layerLinks);
        this.links.set(key, line);
      }
      attr(line, 'class', `rc-link${this.hosts.has(l.a) ? '' : ' rc-client-link'}${l.cut ? ' rc-link-cut' : ''}`);
    }
    for (const m of view.members) this.updateHost(m);
    this.drawMessages(view.messages);
  }

  /** clear removes every message (after a reset). */
  clear(): void {
    for (const dot of this.dots.values()) dot.remove();
    this.dots.clear();
  }

  private drawClient(parent: SVGGElement, id: string): void {
    const p = this.at.get(id)!;
    const g = svg('g', { class: 'rc-client' }, parent);
    svg('rect', { x: p.x - CLIENT_W / 2, y: p.y - CLIENT_H / 2, width: CLIENT_W, height: CLIENT_H, rx: 4 }, g);
    svg('text', { x: p.x, y: p.y + 4, 'text-anchor': 'middle' }, g).textContent = id;
  }

  private drawHost(parent: SVGGElement, id: string): void {
    const p = this.at.get(id)!;
    const g = svg('g', { class: 'rc-host' }, parent);
    svg('circle', { cx: p.x, cy: p.y, r: NODE_R }, g);
    svg('text', { x: p.x, y: p.y + 5, 'text-anchor': 'middle', class: 'rc-host-id' }, g).textContent = id;
    // The caption goes above a member at the top of the circle and below the others, clear of the links.
    const above = p.y < CENTRE.y - RADIUS / 2;
    const y = above ? p.y - NODE_R - 19 : p.y + NODE_R + 14;
    const role = svg('text', { x: p.x, y, 'text-anchor': 'middle', class: 'rc-role' }, g);
    const numbers = svg('text', { x: p.x, y: y + 13, 'text-anchor': 'middle', class: 'rc-numbers' }, g);
    this.hosts.set(id, { g, role, numbers });
  }

  private updateHost(m: MemberView): void {
    const h = this.hosts.get(m.id)!;
    attr(h.g, 'class', `rc-host rc-${m.role}${m.cutOff ? ' rc-cut' : ''}`);
    text(h.role, m.role);
    text(h.numbers, `term ${m.term} · commit ${m.commit}`);
  }

  private drawMessages(messages: readonly MessageView[]): void {
    const seen = new Set<string>();
    for (const m of messages) {
      const a = this.at.get(m.from);
      const b = this.at.get(m.to);
      if (!a || !b) continue;
      const key = `${m.id}${m.dropped ? 'x' : ''}`;
      seen.add(key);
      const p = along(a, b, m.progress, NODE_R);
      let dot = this.dots.get(key);
      if (!dot) {
        dot = m.dropped ? cross() : svg('circle', { r: radius(m) });
        attr(dot, 'class', `rc-msg rc-msg-${m.kind.replace('-reply', '')}${m.kind.endsWith('-reply') ? ' rc-reply' : ''}${m.dropped ? ' rc-dropped' : ''}`);
        const title = document.createElementNS(SVG_NS, 'title');
        title.textContent = `${m.from} → ${m.to}: ${m.label}${m.dropped ? ` (dropped: ${m.dropped})` : ''}`;
        dot.appendChild(title);
        this.layerMessages.appendChild(dot);
        this.dots.set(key, dot);
      }
      if (m.dropped) attr(dot, 'transform', `translate(${p.x} ${p.y})`);
      else {
        attr(dot, 'cx', String(p.x));
        attr(dot, 'cy', String(p.y));
      }
    }
    for (const [key, dot] of this.dots) {
      if (seen.has(key)) continue;
      dot.remove();
      this.dots.delete(key);
    }
  }
}

function radius(m: MessageView): number {
  const kind: MessageKind = m.kind;
  if (kind === 'append' && m.entries > 0) return 6.5;
  if (kind === 'heartbeat' || kind === 'heartbeat-reply') return 3.5;
  return 4.5;
}

function cross(): SVGGElement {
  const g = document.createElementNS(SVG_NS, 'g');
  svg('path', { d: 'M -5 -5 L 5 5 M -5 5 L 5 -5' }, g);
  return g;
}
