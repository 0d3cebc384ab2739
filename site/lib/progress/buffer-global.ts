/**
 * buffer-global: isomorphic-git uses Node's `Buffer` as a global, which
 * browsers lack; this module installs the `buffer` package's implementation
 * (the same API) when there is none. Imported by ./git before isomorphic-git.
 */
import { Buffer } from 'buffer';

const scope = globalThis as { Buffer?: unknown };
scope.Buffer ??= Buffer;
