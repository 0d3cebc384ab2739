/**
 * class-list: class.json, the instructor's list of learners and where their
 * work is. No Node APIs.
 *
 *   {"learners": [{"id": "ada", "repo": "https://git.example/ada.git", "branch": "main"}]}
 *
 * - id: unique; letters, digits, ".", "_" and "-", starting with a letter or
 *   digit, at most 64 characters (it names the learner in every output);
 * - repo: an http:// or https:// URL (fetched with isomorphic-git's smart
 *   HTTP; no credentials in the URL: use --token-file), or a local path to a
 *   clone or a bare repository (relative paths are relative to class.json's
 *   folder; file:// URLs are local paths too);
 * - branch: optional; the branch to grade, by default the repository's
 *   default branch (its HEAD).
 */

/** ClassLearner is one learner as class.json gives it. */
export interface ClassLearner {
  id: string;
  /** repo is the text of class.json, for the outputs. */
  repo: string;
  /** source is where to fetch from: a URL, or a local path as written (resolve it against class.json's folder). */
  source: { kind: 'http'; url: string } | { kind: 'local'; path: string };
  branch?: string;
}

/** ClassListError is a class.json that cannot be used; the message names the entry and the field. */
export class ClassListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClassListError';
  }
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const LEARNER_KEYS = ['id', 'repo', 'branch'];

/** parseClassList reads class.json's text; it throws ClassListError on the first problem. */
export function parseClassList(text: string): ClassLearner[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ClassListError(`not valid JSON (${(e as Error).message})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ClassListError('must be a JSON object with a "learners" array');
  const learners = (value as { learners?: unknown }).learners;
  if (!Array.isArray(learners)) throw new ClassListError('must have a "learners" array');
  if (learners.length === 0) throw new ClassListError('"learners" is empty: list at least one learner');
  const seen = new Map<string, number>();
  return learners.map((raw, i) => {
    const at = `learners[${i}]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ClassListError(`${at} must be an object like {"id": "ada", "repo": "https://…"}`);
    const entry = raw as Record<string, unknown>;
    for (const key of Object.keys(entry)) {
      if (!LEARNER_KEYS.includes(key)) throw new ClassListError(`${at} has an unknown key "${key}" (known: ${LEARNER_KEYS.join(', ')})`);
    }
    const { id, repo, branch } = entry;
    if (typeof id !== 'string' || !ID.test(id)) {
      throw new ClassListError(`${at}.id must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit; got ${JSON.stringify(id)}`);
    }
    if (seen.has(id)) throw new ClassListError(`${at}.id "${id}" is already the id of learners[${seen.get(id)}]`);
    seen.set(id, i);
    if (typeof repo !== 'string' || repo.trim() === '') throw new ClassListError(`${at}.repo must be a git URL (http or https) or a local path`);
    const source = parseSource(repo, `${at}.repo`);
    const learner: ClassLearner = { id, repo, source };
    if (branch !== undefined) {
      if (typeof branch !== 'string') throw new ClassListError(`${at}.branch must be a string`);
      const problem = branchProblem(branch);
      if (problem) throw new ClassListError(`${at}.branch ${JSON.stringify(branch)} is not a valid branch name: ${problem}`);
      learner.branch = branch.replace(/^refs\/heads\//, '');
    }
    return learner;
  });
}

function parseSource(repo: string, at: string): ClassLearner['source'] {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(repo)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    // scp-like "git@host:path" is ssh, which isomorphic-git does not speak.
    if (/^[^/\s]+@[^/\s]+:/.test(repo)) throw new ClassListError(`${at} "${repo}" is an ssh address: the roster fetches over HTTP(S) only (or give a local path)`);
    return { kind: 'local', path: repo };
  }
  if (scheme === 'file') {
    let url: URL;
    try {
      url = new URL(repo);
    } catch {
      throw new ClassListError(`${at} "${repo}" is not a valid file URL`);
    }
    return { kind: 'local', path: decodeURIComponent(url.pathname) };
  }
  if (scheme !== 'http' && scheme !== 'https') {
    throw new ClassListError(`${at} "${repo}" uses ${scheme}://: the roster fetches over HTTP(S) only (or give a local path)`);
  }
  let url: URL;
  try {
    url = new URL(repo);
  } catch {
    throw new ClassListError(`${at} "${repo}" is not a valid URL`);
  }
  if (url.username || url.password) {
    throw new ClassListError(`${at} carries credentials in the URL; give the token with --token-file or KUBE_INTERNALS_ROSTER_TOKEN instead (it would be copied into the roster)`);
  }
  return { kind: 'http', url: url.href };
}

/** branchProblem says why a name is not a valid branch name (git check-ref-format's rules), or undefined. */
export function branchProblem(name: string): string | undefined {
  const short = name.replace(/^refs\/heads\//, '');
  if (short === '') return 'it is empty';
  if (short.length > 200) return 'it is longer than 200 characters';
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(short)) return 'it contains a space, a control character or one of ~ ^ : ? * [ \\';
  if (short.includes('..')) return 'it contains ".."';
  if (short.includes('@{') || short === '@') return 'it contains "@{" or is "@"';
  if (short.startsWith('-')) return 'it starts with "-"';
  if (short.startsWith('/') || short.endsWith('/') || short.includes('//')) return 'it has an empty path component';
  if (short.endsWith('.') || short.endsWith('.lock') || short.split('/').some((c) => c.startsWith('.'))) return 'a component starts with "." or it ends with "." or ".lock"';
  return undefined;
}
