/**
 * sort: makes the dashboard's tables marked data-sortable sortable by any
 * column. A heading's button sorts by that column's data-sort values
 * (numbers or text, per the button's data-sort-type), ascending first, then
 * descending; ties keep the learners' order. Browser only (DOM), no Node.
 */

/** compareSortValues orders two data-sort values of a column. */
export function compareSortValues(a: string, b: string, type: 'text' | 'number'): number {
  if (type === 'number') return (Number(a) || 0) - (Number(b) || 0);
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}

/** enableSorting wires every sortable table under `root`; safe to call again on new content. */
export function enableSorting(root: ParentNode): void {
  for (const table of Array.from(root.querySelectorAll<HTMLTableElement>('table[data-sortable]'))) {
    if (table.dataset.sortReady) continue;
    table.dataset.sortReady = 'true';
    const body = table.tBodies[0];
    if (!body) continue;
    Array.from(body.rows).forEach((row, i) => (row.dataset.order = String(i)));
    const headers = Array.from(table.tHead?.rows[0]?.cells ?? []);
    headers.forEach((th, column) => {
      const button = th.querySelector<HTMLButtonElement>('button[data-sort-type]');
      if (!button) return;
      button.addEventListener('click', () => {
        const ascending = th.getAttribute('aria-sort') !== 'ascending';
        for (const other of headers) if (other.hasAttribute('aria-sort')) other.setAttribute('aria-sort', 'none');
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        const type = button.dataset.sortType === 'number' ? 'number' : 'text';
        const value = (row: HTMLTableRowElement) => row.cells[column]?.dataset.sort ?? row.cells[column]?.textContent ?? '';
        const rows = Array.from(body.rows).sort((a, b) => {
          const c = compareSortValues(value(a), value(b), type);
          return (ascending ? c : -c) || Number(a.dataset.order) - Number(b.dataset.order);
        });
        body.append(...rows);
      });
    });
  }
}
