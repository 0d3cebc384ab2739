import { describe, expect, it } from 'vitest';
import { parseGradeArgs } from '../../../cli/lib/args';
import { cryptoUint32, freshSeed, parseSeedField } from './seed';

describe('parseSeedField', () => {
  it('reads an empty field as a request for a fresh seed', () => {
    expect(parseSeedField('')).toEqual({ kind: 'fresh' });
    expect(parseSeedField('   ')).toEqual({ kind: 'fresh' });
  });

  it('accepts what the CLI accepts, normalised the same way', () => {
    for (const input of ['0', '7', '0042', '123456789012345']) {
      const cli = parseGradeArgs(['lab', '--seed', input]);
      expect(parseSeedField(` ${input} `)).toEqual({ kind: 'seed', seed: cli.kind === 'grade' ? cli.seed : undefined });
    }
  });

  it('refuses what the CLI refuses', () => {
    for (const input of ['-1', '1.5', 'abc', '1e3', '1234567890123456']) {
      expect(() => parseGradeArgs(['lab', '--seed', input])).toThrow();
      expect(parseSeedField(input).kind).toBe('invalid');
    }
  });
});

describe('freshSeed', () => {
  it('stays in the CLI range [0, 2^31)', () => {
    expect(freshSeed(() => 0)).toBe('0');
    expect(freshSeed(() => 0xffffffff)).toBe(String(2 ** 31 - 1));
    for (let i = 0; i < 100; i++) {
      const s = Number(freshSeed(cryptoUint32));
      expect(Number.isInteger(s) && s >= 0 && s < 2 ** 31).toBe(true);
    }
  });
});
