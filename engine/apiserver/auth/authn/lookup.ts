/**
 * Lookup is how authenticators read objects they must check (the
 * ServiceAccount a token names, a bootstrap token's Secret): the API server
 * answers from its cache or storage through a callback, as upstream asks
 * listers and then the API. An answer is the object, "not found", or another
 * error (its message is reported as upstream reports the client's error).
 */
export type LookupResult<T> = { object: T } | { notFound: true } | { error: string };

/** Lookup fetches the object `namespace`/`name` and answers exactly once. */
export type Lookup<T> = (namespace: string, name: string, done: (result: LookupResult<T>) => void) => void;

/** notFoundMessage is the NotFound Status message the API would give: `serviceaccounts "builder" not found`. */
export function notFoundMessage(resource: string, name: string): string {
  return `${resource} "${name}" not found`;
}
