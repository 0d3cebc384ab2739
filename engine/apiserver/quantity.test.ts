import { describe, expect, it } from 'vitest';
import { addQuantities, canonicalQuantity, compareQuantities, isQuantity, milliValue, parseQuantity, value } from './quantity';

describe('quantity', () => {
  it.each([
    ['100m', '100m'],
    ['1000m', '1'],
    ['1500m', '1500m'],
    ['0.5', '500m'],
    ['1', '1'],
    ['1000', '1k'],
    ['1500', '1500'],
    ['2000000', '2M'],
    ['1024Mi', '1Gi'],
    ['512Mi', '512Mi'],
    ['1.5Gi', '1536Mi'],
    ['1.5Ki', '1536'],
    ['1023Ki', '1023Ki'],
    ['0.5Ki', '512'],
    ['1e3', '1e3'],
    ['1E6', '1e6'],
    ['1.5e3', '1500'],
    ['0', '0'],
    ['0Mi', '0'],
    ['-1', '-1'],
    ['-100m', '-100m'],
    ['0.1m', '100u'],
    ['1n', '1n'],
    ['0.0000000001', '1n'],
    ['1000E', '1000E'],
    ['.5', '500m'],
    ['5.', '5'],
  ])('%s prints as %s', (text, canonical) => {
    expect(canonicalQuantity(text)).toBe(canonical);
  });

  it.each(['', 'abc', '1Qi', '1.2.3', ' 1', '1 ', 'm', '1mm', '1e'])('refuses %j', (text) => {
    expect(isQuantity(text)).toBe(false);
    expect(() => parseQuantity(text)).toThrow(/quantities must match the regular expression/);
  });

  it('compares by value across formats', () => {
    expect(compareQuantities(parseQuantity('1'), parseQuantity('1000m'))).toBe(0);
    expect(compareQuantities(parseQuantity('1Gi'), parseQuantity('1G'))).toBe(1);
    expect(compareQuantities(parseQuantity('500m'), parseQuantity('1'))).toBe(-1);
    // Strings would order these the other way.
    expect(compareQuantities(parseQuantity('900m'), parseQuantity('1'))).toBe(-1);
    expect(compareQuantities(parseQuantity('64Mi'), parseQuantity('128Mi'))).toBe(-1);
  });

  it('adds keeping the first format unless it is zero', () => {
    expect(canonicalQuantity('0')).toBe('0');
    const sum = addQuantities(parseQuantity('512Mi'), parseQuantity('512Mi'));
    expect(sum.format).toBe('BinarySI');
    expect(addQuantities(parseQuantity('0'), parseQuantity('1Gi')).format).toBe('BinarySI');
  });

  it('rounds milli and whole values up', () => {
    expect(milliValue(parseQuantity('1.5'))).toBe(1500n);
    expect(milliValue(parseQuantity('1u'))).toBe(1n);
    expect(value(parseQuantity('1500m'))).toBe(2n);
    expect(value(parseQuantity('1Ki'))).toBe(1024n);
  });
});
