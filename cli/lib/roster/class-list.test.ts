import { describe, expect, it } from 'vitest';
import { branchProblem, ClassListError, parseClassList } from './class-list';

const parse = (value: unknown) => parseClassList(JSON.stringify(value));

describe('parseClassList', () => {
  it('reads learners with HTTP(S) URLs, local paths and file URLs, branch optional', () => {
    expect(
      parse({
        learners: [
          { id: 'ada', repo: 'https://git.example/ada.git', branch: 'main' },
          { id: 'bob.b', repo: 'repos/bob' },
          { id: 'cy_1', repo: 'file:///srv/class/cy%20c', branch: 'refs/heads/work' },
        ],
      }),
    ).toEqual([
      { id: 'ada', repo: 'https://git.example/ada.git', source: { kind: 'http', url: 'https://git.example/ada.git' }, branch: 'main' },
      { id: 'bob.b', repo: 'repos/bob', source: { kind: 'local', path: 'repos/bob' } },
      { id: 'cy_1', repo: 'file:///srv/class/cy%20c', source: { kind: 'local', path: '/srv/class/cy c' }, branch: 'work' },
    ]);
  });

  it.each([
    ['{', /^not valid JSON/],
    ['[]', 'must be a JSON object with a "learners" array'],
    ['{"students": []}', 'must have a "learners" array'],
    ['{"learners": []}', '"learners" is empty: list at least one learner'],
    ['{"learners": ["ada"]}', 'learners[0] must be an object like {"id": "ada", "repo": "https://…"}'],
    ['{"learners": [{"id": "ada", "repo": "x", "brnach": "main"}]}', 'learners[0] has an unknown key "brnach" (known: id, repo, branch)'],
    ['{"learners": [{"id": "../etc", "repo": "x"}]}', /^learners\[0\]\.id must be 1 to 64 letters/],
    ['{"learners": [{"id": "ada", "repo": "x"}, {"id": "ada", "repo": "y"}]}', 'learners[1].id "ada" is already the id of learners[0]'],
    ['{"learners": [{"id": "ada"}]}', 'learners[0].repo must be a git URL (http or https) or a local path'],
    ['{"learners": [{"id": "ada", "repo": "git@github.com:ada/course.git"}]}', /is an ssh address: the roster fetches over HTTP\(S\) only/],
    ['{"learners": [{"id": "ada", "repo": "ssh://git.example/ada.git"}]}', /uses ssh:\/\/: the roster fetches over HTTP\(S\) only/],
    ['{"learners": [{"id": "ada", "repo": "https://ada:hunter2@git.example/ada.git"}]}', /carries credentials in the URL; give the token with --token-file/],
    ['{"learners": [{"id": "ada", "repo": "x", "branch": "../../etc"}]}', /learners\[0\]\.branch "\.\.\/\.\.\/etc" is not a valid branch name: it contains "\.\."/],
    ['{"learners": [{"id": "ada", "repo": "x", "branch": 3}]}', 'learners[0].branch must be a string'],
  ])('refuses %s', (text, message) => {
    expect(() => parseClassList(text)).toThrow(ClassListError);
    expect(() => parseClassList(text)).toThrow(message);
  });
});

describe('branchProblem', () => {
  it('accepts ordinary names and refuses what git check-ref-format refuses', () => {
    for (const ok of ['main', 'feature/x-1', 'v1.2', 'refs/heads/main']) expect(branchProblem(ok)).toBeUndefined();
    for (const bad of ['', 'a..b', '-x', 'a b', 'a~1', 'x.lock', 'a//b', '/a', 'a/', '.hidden', 'a/.b', 'x@{1}', '@', 'ends.']) expect(branchProblem(bad), bad).toBeDefined();
  });
});
