/**
 * renderTable draws a table the way etcdctl's `-w table` does (olekukonko's
 * tablewriter with etcdctl's settings): a +---+ border, upper-case headers
 * centred, every cell right-aligned, one space of padding.
 */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const heads = headers.map((h) => h.toUpperCase());
  const widths = heads.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const border = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+';
  const line = (cells: readonly string[], align: (s: string, w: number) => string) =>
    '|' + widths.map((w, i) => ` ${align(cells[i] ?? '', w)} `).join('|') + '|';
  return [border, line(heads, center), border, ...rows.map((r) => line(r, right)), border].join('\n') + '\n';
}

function center(s: string, w: number): string {
  const gap = w - s.length;
  const left = Math.floor(gap / 2);
  return ' '.repeat(left) + s + ' '.repeat(gap - left);
}

function right(s: string, w: number): string {
  return s.padStart(w);
}

/**
 * humanizeBytes formats a size as go-humanize's Bytes does (SI units, as
 * etcdctl prints DB SIZE): "25 kB", "1.2 MB", "512 B".
 */
export function humanizeBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  const e = Math.floor(Math.log(n) / Math.log(1000));
  const val = Math.floor((n / 1000 ** e) * 10 + 0.5) / 10;
  return `${val < 10 ? val.toFixed(1) : val.toFixed(0)} ${units[e]}`;
}
