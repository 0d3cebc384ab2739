/**
 * onlyFromQuery reads the lab page's `only` query parameter: the scenario ids
 * to grade, as the CLI's --only takes them (comma-separated, repeatable).
 * `/labs/etcd-quorum/?only=three-member-election,crashes-1` grades just those
 * two; without it every scenario is graded. Tests use it to stay fast.
 */
export function onlyFromQuery(search: string): string[] {
  return new URLSearchParams(search)
    .getAll('only')
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}
