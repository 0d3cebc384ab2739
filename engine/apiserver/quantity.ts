/**
 * Quantities as k8s.io/apimachinery/pkg/api/resource writes them: "100m",
 * "1Gi", "1e3", "512Mi". A quantity is held exactly, in nano units (so
 * every suffix from "n" to "Ei" is an integer), with the format it was
 * written in, because the canonical text depends on it ("1024Mi" prints as
 * "1Gi", "1000m" as "1", "1536" bytes written "1.5Ki" as "1536").
 */

/** QuantityFormat is resource.Format. */
export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** Quantity is resource.Quantity: nanos is the value × 10⁹, rounded up (upstream rounds up below 1n). */
export interface Quantity {
  readonly nanos: bigint;
  readonly format: QuantityFormat;
}

const NANO = 1_000_000_000n;

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** QUANTITY_PATTERN_MESSAGE is resource.ErrFormatWrong's text. */
export const QUANTITY_PATTERN_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const SHAPE = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(.*)$/;

/** ceilDiv divides rounding towards +∞. */
function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b === a || a < 0n ? q : q + 1n;
}

/** parseQuantity reads a quantity's text; a string it cannot read is an Error with upstream's text. */
export function parseQuantity(text: string): Quantity {
  const m = SHAPE.exec(text.trim() === text ? text : '');
  if (!m) throw new Error(QUANTITY_PATTERN_MESSAGE);
  const [, sign, digits, suffix] = m;
  const [whole, frac = ''] = digits.split('.');
  // The number as an integer mantissa and a power of ten.
  let mantissa = BigInt((whole || '0') + frac);
  let pow10 = -frac.length;
  let pow2 = 0;
  let format: QuantityFormat;
  if (suffix in DECIMAL_SUFFIX) {
    format = 'DecimalSI';
    pow10 += DECIMAL_SUFFIX[suffix];
  } else if (suffix in BINARY_SUFFIX) {
    format = 'BinarySI';
    pow2 = BINARY_SUFFIX[suffix];
  } else {
    const e = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
    if (!e) throw new Error(QUANTITY_PATTERN_MESSAGE);
    format = 'DecimalExponent';
    pow10 += Number(e[1]);
  }
  if (Math.abs(pow10) > 1000) throw new Error(QUANTITY_PATTERN_MESSAGE);
  mantissa *= 2n ** BigInt(pow2);
  const shift = pow10 + 9;
  const nanosAbs = shift >= 0 ? mantissa * 10n ** BigInt(shift) : ceilDiv(mantissa, 10n ** BigInt(-shift));
  return { nanos: sign === '-' ? -nanosAbs : nanosAbs, format };
}

/** isQuantity says whether text parses. */
export function isQuantity(text: string): boolean {
  try {
    parseQuantity(text);
    return true;
  } catch {
    return false;
  }
}

/** compareQuantities is Quantity.Cmp: -1, 0 or 1. */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** addQuantities is Quantity.Add: the sum keeps a's format unless a is zero. */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.nanos === 0n ? b.format : a.format };
}

/** subQuantities is Quantity.Sub: a − b in a's format (b's when a is zero). */
export function subQuantities(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos - b.nanos, format: a.nanos === 0n ? b.format : a.format };
}

/** zeroQuantity is a zero in the given format. */
export function zeroQuantity(format: QuantityFormat = 'DecimalSI'): Quantity {
  return { nanos: 0n, format };
}

/** quantityFromInt is resource.NewQuantity(n, format). */
export function quantityFromInt(n: number, format: QuantityFormat = 'DecimalSI'): Quantity {
  return { nanos: BigInt(n) * NANO, format };
}

/** milliValue is Quantity.MilliValue: the value × 1000, rounded up. */
export function milliValue(q: Quantity): bigint {
  return ceilDiv(q.nanos, 1_000_000n);
}

/** value is Quantity.Value: the value rounded up to an integer. */
export function value(q: Quantity): bigint {
  return ceilDiv(q.nanos, NANO);
}

/** asNumber is the value as a float (for ratios). */
export function asNumber(q: Quantity): number {
  return Number(q.nanos) / 1e9;
}

const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIX).map(([s, e]) => [e, s]));
const BINARY_BY_EXPONENT = new Map(Object.entries(BINARY_SUFFIX).map(([s, e]) => [e, s]));

/** formatDecimal writes |nanos| as mantissa × 10^e, e a multiple of 3, as large as keeps the mantissa whole. */
function formatDecimal(nanos: bigint, format: QuantityFormat): string {
  const neg = nanos < 0n;
  let mantissa = neg ? -nanos : nanos;
  let exp = -9;
  // Upstream keeps the exponent a multiple of 3 and tops the SI suffixes at E.
  while (mantissa !== 0n && mantissa % 1000n === 0n && (format === 'DecimalExponent' || exp < 18)) {
    mantissa /= 1000n;
    exp += 3;
  }
  let suffix: string;
  if (format === 'DecimalExponent') suffix = exp === 0 ? '' : `e${exp}`;
  else suffix = DECIMAL_BY_EXPONENT.get(exp)!;
  if (mantissa === 0n) return '0';
  return `${neg ? '-' : ''}${mantissa}${suffix}`;
}

/** formatQuantity is Quantity.String: the canonical text in the quantity's format. */
export function formatQuantity(q: Quantity): string {
  if (q.format === 'BinarySI') {
    const whole = q.nanos % NANO === 0n;
    const abs = q.nanos < 0n ? -q.nanos : q.nanos;
    // Small or fractional binary quantities print as decimal, as upstream does to avoid rounding.
    if (!whole || abs < 1024n * NANO) return formatDecimal(q.nanos, 'DecimalSI');
    let n = abs / NANO;
    let exp = 0;
    while (exp < 60 && n % 1024n === 0n) {
      n /= 1024n;
      exp += 10;
    }
    return `${q.nanos < 0n ? '-' : ''}${n}${BINARY_BY_EXPONENT.get(exp) ?? ''}`;
  }
  return formatDecimal(q.nanos, q.format);
}

/** canonicalQuantity parses and reformats a quantity's text ("1000m" → "1"). */
export function canonicalQuantity(text: string): string {
  return formatQuantity(parseQuantity(text));
}
