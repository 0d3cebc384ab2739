import { describe, expect, it } from 'vitest';
import { parseRosterArgs, UsageError } from './args';

describe('parseRosterArgs', () => {
  it('reads a run with every option, in both --x v and --x=v forms', () => {
    expect(
      parseRosterArgs(['--class', 'class.json', '--out=out', '--secret-file', 's', '--token-file', 't', '--shard', '2/3', '--workers', '4', '--labs', 'a, b', '--timeout', '2.5', '--shrink', '5', '--max-repo-mb', '20']),
    ).toEqual({
      kind: 'run',
      classFile: 'class.json',
      out: 'out',
      secretFile: 's',
      tokenFile: 't',
      shard: { index: 2, count: 3 },
      workers: 4,
      labs: ['a', 'b'],
      timeoutMs: 2500,
      maxShrinkRuns: 5,
      maxRepoBytes: 20 * 1024 * 1024,
    });
  });

  it('defaults: every lab, one worker per core, 5 s runs, no shrinking, 100 MiB', () => {
    expect(parseRosterArgs(['--class', 'c', '--out', 'o'])).toMatchObject({ workers: undefined, labs: undefined, timeoutMs: 5000, maxShrinkRuns: 0, maxRepoBytes: 100 * 1024 * 1024 });
  });

  it('reads merge with its shard folders', () => {
    expect(parseRosterArgs(['merge', '--out', 'all', 's1', 's2'])).toEqual({ kind: 'merge', out: 'all', shards: ['s1', 's2'] });
  });

  it.each([
    [['--out', 'o'], 'which class? give --class <class.json>'],
    [['--class', 'c'], 'where to? give --out <dir>'],
    [['--class', 'c', '--out', 'o', '--shard', '0/2'], '--shard must be <i>/<n> with 1 <= i <= n, e.g. 1/4; got "0/2"'],
    [['--class', 'c', '--out', 'o', '--shard', '3/2'], '--shard must be <i>/<n> with 1 <= i <= n, e.g. 1/4; got "3/2"'],
    [['--class', 'c', '--out', 'o', '--workers', '0'], '--workers must be a whole number from 1 to 64, got "0"'],
    [['--class', 'c', '--out', 'o', '--labs', ','], '--labs needs at least one lab id'],
    [['--class', 'c', '--out', 'o', '--shrink', '-1'], '--shrink must be a number of runs (0 or more), got "-1"'],
    [['--class', '--out', 'o'], '--class needs a value'],
    [['--class', 'c', '--out', 'o', '--seed', '1'], 'unknown option --seed'],
    [['--class', 'c', '--out', 'o', 'extra'], 'unexpected argument "extra" (did you mean: roster merge …?)'],
    [['merge', 'a', 'b'], 'merge: where to? give --out <dir>'],
    [['merge', '--out', 'x'], "merge: give the shards' output folders, e.g. roster merge --out all shard-1 shard-2"],
  ])('refuses %j', (argv, message) => {
    expect(() => parseRosterArgs(argv)).toThrow(UsageError);
    expect(() => parseRosterArgs(argv)).toThrow(message);
  });
});
