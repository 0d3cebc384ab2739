/**
 * Geometry and colours of the diagram, as pure functions: where members sit,
 * where a message is along its link, which log indices fit in the log panel,
 * and which colour a term gets.
 */
import type { MemberView } from './view';

export interface Point {
  x: number;
  y: number;
}

/**
 * circle places `ids` evenly on a circle of radius `r` around (cx, cy), the
 * first at the top and the rest clockwise.
 */
export function circle(ids: readonly string[], cx: number, cy: number, r: number): Map<string, Point> {
  const at = new Map<string, Point>();
  ids.forEach((id, i) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / ids.length;
    at.set(id, { x: round(cx + r * Math.cos(a)), y: round(cy + r * Math.sin(a)) });
  });
  return at;
}

/**
 * along is the point at `progress` (0..1) on the segment from `a` to `b`,
 * leaving out `inset` at each end (the hosts' radius), so that progress 0 is
 * on the sender's rim and 1 on the receiver's.
 */
export function along(a: Point, b: Point, progress: number, inset = 0): Point {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy);
  if (len === 0) return { ...a };
  const usable = Math.max(0, len - 2 * inset);
  const d = inset + usable * Math.min(1, Math.max(0, progress));
  return { x: round(a.x + (dx * d) / len), y: round(a.y + (dy * d) / len) };
}

/**
 * logWindow picks the log indices the log panel shows: at most `columns`
 * consecutive indices ending at the longest log (so the newest entries are
 * always visible), from 1 while everything fits. `first` > `last` when every
 * log is empty.
 */
export function logWindow(members: readonly Pick<MemberView, 'lastIndex'>[], columns: number): { first: number; last: number } {
  const last = members.reduce((max, m) => Math.max(max, m.lastIndex), 0);
  return { first: Math.max(1, last - columns + 1), last };
}

/** TERM_COLOURS cycle by term; each is dark enough for white text on it. */
export const TERM_COLOURS: readonly string[] = ['#2f6f9f', '#a4467a', '#3f7d3a', '#8a5a12', '#5b4bb0', '#1d7d78', '#a33d2e'];

/** termColour is the colour of entries of `term` (term 1 gets the first colour). */
export function termColour(term: number): string {
  const n = TERM_COLOURS.length;
  return TERM_COLOURS[(((term - 1) % n) + n) % n];
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
