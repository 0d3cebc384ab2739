/**
 * listPages is tools/pager's ListPager.List with callbacks: it lists in pages
 * of `pageSize` items (0: one unpaged list), following metadata.continue
 * until the server returns none, and joins the pages into one list carrying
 * the first page's resourceVersion (all pages are one snapshot). When a
 * continue token expires mid-way (410), it falls back to one full, unpaged
 * list at the requested resourceVersion, as FullListIfExpired does.
 */
import { isResourceExpired, statusError } from './errors';
import type { KubeObject, ListerWatcher, ListOptions, ObjectList, StatusLike } from './types';

/** defaultPageSize is the pager's default page size. */
export const defaultPageSize = 500;

/** maxPages bounds one list: a server that never stops returning continue tokens is an error, not a hang. */
export const maxPages = 100_000;

/** PagedResult is a joined list and whether it came in more than one page (the pager's paginatedResult). */
export interface PagedResult<T extends KubeObject> {
  list: ObjectList<T>;
  paginated: boolean;
}

export function listPages<T extends KubeObject>(
  lw: Pick<ListerWatcher<T>, 'list'>,
  options: ListOptions,
  pageSize: number,
  done: (err: StatusLike | null, result?: PagedResult<T>) => void,
): void {
  const requested: ListOptions = {};
  if (options.resourceVersion !== undefined) requested.resourceVersion = options.resourceVersion;
  if (options.resourceVersionMatch !== undefined) requested.resourceVersionMatch = options.resourceVersionMatch;
  let opts: ListOptions = { ...options };
  if (!opts.limit && pageSize > 0) opts.limit = pageSize;
  let joined: ObjectList<T> | undefined;
  let paginated = false;
  let pages = 0;

  const page = () => {
    lw.list(opts, (err, list) => {
      if (err || !list) {
        if (!isResourceExpired(err) || !opts.continue) return done(err ?? statusError('list returned neither a list nor an error'));
        // The snapshot the continue token names was compacted away: list everything at once instead.
        const full: ListOptions = withoutPaging({ ...opts, ...requested });
        return lw.list(full, (err2, list2) => {
          if (err2 || !list2) return done(err2 ?? statusError('list returned neither a list nor an error'));
          done(null, { list: list2, paginated });
        });
      }
      const next = list.metadata.continue;
      if (!next && !joined) return done(null, { list, paginated });
      if (!joined) joined = { items: [], metadata: { resourceVersion: list.metadata.resourceVersion } };
      joined.items.push(...list.items);
      if (!next) return done(null, { list: joined, paginated });
      if (++pages >= maxPages) return done(statusError(`list did not end after ${maxPages} pages`));
      // A continue token fixes the snapshot; the server rejects a resourceVersion beside it.
      const { resourceVersion: _rv, resourceVersionMatch: _match, ...rest } = opts;
      opts = { ...rest, continue: next };
      paginated = true;
      page();
    });
  };
  page();
}

function withoutPaging(options: ListOptions): ListOptions {
  const { limit: _limit, continue: _continue, ...rest } = options;
  return rest;
}
