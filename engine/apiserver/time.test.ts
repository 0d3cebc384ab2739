import { describe, expect, it } from 'vitest';
import { humanDuration, parseRfc3339, rfc3339, rfc3339Micro } from './time';

describe('time', () => {
  it('formats and parses RFC 3339 as metav1.Time and MicroTime do', () => {
    for (const ms of [0, 951_782_400_000, 1_767_323_045_123, 4_102_444_799_999]) {
      expect(rfc3339(ms)).toBe(new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
      expect(rfc3339Micro(ms)).toBe(new Date(ms).toISOString().replace('Z', '000Z'));
      expect(parseRfc3339(rfc3339Micro(ms))).toBe(ms);
    }
    expect(parseRfc3339('2026-01-02T03:04:05+01:00')).toBe(Date.UTC(2026, 0, 2, 2, 4, 5));
    expect(parseRfc3339('yesterday')).toBeNaN();
  });

  it('prints ages as kubectl’s AGE column', () => {
    const s = 1000;
    const cases: Array<[number, string]> = [
      [-5 * s, '<invalid>'],
      [-0.5 * s, '0s'],
      [45 * s, '45s'],
      [119 * s, '119s'],
      [200 * s, '3m20s'],
      [300 * s, '5m'],
      [45 * 60 * s, '45m'],
      [(5 * 3600 + 4 * 60) * s, '5h4m'],
      [20 * 3600 * s, '20h'],
      [(6 * 24 + 2) * 3600 * s, '6d2h'],
      [30 * 24 * 3600 * s, '30d'],
      [(3 * 365 + 10) * 24 * 3600 * s, '3y10d'],
      [9 * 365 * 24 * 3600 * s, '9y'],
    ];
    for (const [ms, want] of cases) expect([ms, humanDuration(ms)]).toEqual([ms, want]);
  });
});
