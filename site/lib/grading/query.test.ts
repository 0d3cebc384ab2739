import { describe, expect, it } from 'vitest';
import { parseGradeArgs } from '../../../cli/lib/args';
import { onlyFromQuery } from './query';

describe('onlyFromQuery', () => {
  it('reads comma-separated and repeated ids as --only does', () => {
    const got = onlyFromQuery('?only=a,%20b&x=1&only=c,,');
    const cli = parseGradeArgs(['lab', '--only', 'a, b', '--only', 'c,,']);
    expect(got).toEqual(['a', 'b', 'c']);
    expect(cli.kind === 'grade' && cli.only).toEqual(got);
  });

  it('is empty without the parameter', () => {
    expect(onlyFromQuery('')).toEqual([]);
    expect(onlyFromQuery('?seed=3')).toEqual([]);
  });
});
