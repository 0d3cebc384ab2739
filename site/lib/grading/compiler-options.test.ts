import { describe, expect, it } from 'vitest';
import { COMPILER_OPTIONS } from '../../../cli/lib/transpile';
import { EDITOR_COMPILER_OPTIONS } from './compiler-options';

describe('EDITOR_COMPILER_OPTIONS', () => {
  it('are the CLI compiler options, key for key', () => {
    expect({ ...EDITOR_COMPILER_OPTIONS }).toEqual({ ...COMPILER_OPTIONS });
  });
});
