/**
 * Time as the API server writes it: RFC 3339 timestamps computed from an
 * injected clock (milliseconds since the Unix epoch), never from Date, so a
 * simulation replays byte for byte. Civil-date arithmetic follows Howard
 * Hinnant's days-from-civil algorithm.
 */

/** Clock returns the current time in milliseconds since the Unix epoch. */
export type Clock = () => number;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** civil splits days since 1970-01-01 into a proleptic Gregorian year, month (1-12) and day. */
function civil(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** daysFromCivil is civil's inverse. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * rfc3339 formats ms as metav1.Time serialises: 'YYYY-MM-DDTHH:MM:SSZ' (UTC,
 * whole seconds, fraction dropped).
 */
export function rfc3339(ms: number): string {
  return formatUTC(ms, 0);
}

/** rfc3339Micro formats ms as metav1.MicroTime does: six fractional digits ('…T00:00:01.250000Z'). */
export function rfc3339Micro(ms: number): string {
  return formatUTC(ms, 6);
}

function formatUTC(ms: number, fractionDigits: 0 | 6): string {
  const wholeMs = Math.floor(ms);
  const days = Math.floor(wholeMs / 86_400_000);
  const inDay = wholeMs - days * 86_400_000;
  const [y, mo, d] = civil(days);
  const h = Math.floor(inDay / 3_600_000);
  const mi = Math.floor((inDay % 3_600_000) / 60_000);
  const s = Math.floor((inDay % 60_000) / 1000);
  const base = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}`;
  if (fractionDigits === 0) return `${base}Z`;
  const micros = Math.round((ms - days * 86_400_000 - h * 3_600_000 - mi * 60_000 - s * 1000) * 1000);
  return `${base}.${pad(Math.min(micros, 999_999), 6)}Z`;
}

/**
 * parseRfc3339 reads a timestamp written by rfc3339 or rfc3339Micro (or with a
 * numeric offset) back into ms; it returns NaN for anything else.
 */
export function parseRfc3339(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  let ms = daysFromCivil(+y, +mo, +d) * 86_400_000 + +h * 3_600_000 + +mi * 60_000 + +s * 1000;
  if (frac) ms += Number(`0${frac}`) * 1000;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    ms -= sign * (+zone.slice(1, 3) * 60 + +zone.slice(4, 6)) * 60_000;
  }
  return ms;
}

/**
 * humanDuration prints an age as kubectl's AGE column does
 * (apimachinery/pkg/util/duration.HumanDuration): "45s", "3m20s", "5h4m",
 * "6d2h", "3y10d"; "<invalid>" for more than a second in the future.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    const years = Math.floor(hours / 24 / 365);
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}
