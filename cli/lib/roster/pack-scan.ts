import { inflateSync } from 'node:zlib';

/**
 * pack-scan checks a git upload-pack response before isomorphic-git indexes
 * it. isomorphic-git inflates every object of a fetched pack in full (it
 * checks an object's size only afterwards), so a few compressed megabytes
 * could stand for gigabytes: a decompression bomb would take the roster's
 * memory, not just one learner's grade. Here each object is inflated with a
 * hard output limit, and the sizes its headers declare (for a delta, the
 * size of the object it rebuilds) are bounded one by one and in total.
 */

export interface PackLimits {
  /** maxObjectBytes bounds one object, inflated (a delta: the object it makes). */
  maxObjectBytes: number;
  /** maxTotalBytes bounds the sum of all objects' inflated sizes. */
  maxTotalBytes: number;
  /** maxObjects bounds the number of objects. */
  maxObjects: number;
}

/** PackLimitError is a pack the roster refuses to index; the message says why, in the instructor's terms. */
export class PackLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackLimitError';
  }
}

/**
 * scanUploadPackResponse walks the response of a POST to git-upload-pack:
 * pkt-lines with ACK/NAK lines and side-band channels, or a bare pack. It
 * throws PackLimitError when the pack breaks a limit; a response it cannot
 * make sense of is left to isomorphic-git, which fails on it by itself.
 */
export function scanUploadPackResponse(body: Uint8Array, limits: PackLimits): void {
  const pack = demultiplex(body);
  if (pack) scanPack(pack, limits);
}

/** demultiplex extracts the pack bytes (side-band channel 1) from a pkt-line stream; undefined if there is none. */
function demultiplex(body: Uint8Array): Uint8Array | undefined {
  const ascii = (from: number, n: number) => String.fromCharCode(...body.subarray(from, from + n));
  const chunks: Uint8Array[] = [];
  let pos = 0;
  while (pos + 4 <= body.length) {
    if (ascii(pos, 4) === 'PACK') return concat([...chunks, body.subarray(pos)]);
    const len = Number.parseInt(ascii(pos, 4), 16);
    if (!Number.isInteger(len) || !/^[0-9a-f]{4}$/i.test(ascii(pos, 4))) return chunks.length ? concat(chunks) : undefined;
    if (len < 4) {
      pos += 4; // flush or delimiter
      continue;
    }
    const payload = body.subarray(pos + 4, pos + len);
    pos += len;
    const text = String.fromCharCode(...payload.subarray(0, 10));
    if (/^(NAK|ACK |shallow |unshallow )/.test(text)) continue;
    if (payload[0] === 1) chunks.push(payload.subarray(1));
  }
  return chunks.length ? concat(chunks) : undefined;
}

function scanPack(pack: Uint8Array, limits: PackLimits): void {
  if (pack.length < 12 || String.fromCharCode(...pack.subarray(0, 4)) !== 'PACK') return;
  const view = new DataView(pack.buffer, pack.byteOffset, pack.byteLength);
  const count = view.getUint32(8);
  if (count > limits.maxObjects) throw new PackLimitError(`the repository has ${count} objects, over the limit of ${limits.maxObjects}`);
  let pos = 12;
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (pos >= pack.length) return; // truncated: isomorphic-git reports it
    let byte = pack[pos++];
    const type = (byte >> 4) & 7;
    let size = byte & 15;
    let shift = 4;
    while (byte & 0x80) {
      if (pos >= pack.length) return;
      byte = pack[pos++];
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    }
    if (type === 6) {
      while (pos < pack.length && pack[pos++] & 0x80);
    } else if (type === 7) {
      pos += 20;
    }
    if (size > limits.maxObjectBytes) throw tooBig(size, limits);
    let inflated: Buffer;
    let consumed: number;
    try {
      const r = inflateSync(pack.subarray(pos), { maxOutputLength: Math.max(1, size), info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
      inflated = r.buffer;
      consumed = r.engine.bytesWritten;
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new PackLimitError(`the repository holds an object larger than its header says (${size} bytes): a malformed or hostile pack`);
      return; // corrupt data: isomorphic-git reports it
    }
    let made = size;
    if (type === 6 || type === 7) made = deltaResultSize(inflated);
    if (made > limits.maxObjectBytes) throw tooBig(made, limits);
    total += made;
    if (total > limits.maxTotalBytes) throw new PackLimitError(`the repository's objects add up to over ${mib(limits.maxTotalBytes)} once unpacked`);
    pos += consumed;
  }
}

/** deltaResultSize reads the size of the object a delta rebuilds (the second varint of its data). */
function deltaResultSize(delta: Uint8Array): number {
  let pos = 0;
  const varint = () => {
    let v = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = delta[pos++] ?? 0;
      v += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80 && pos < delta.length);
    return v;
  };
  varint(); // the base's size
  return varint();
}

function tooBig(size: number, limits: PackLimits): PackLimitError {
  return new PackLimitError(`the repository holds an object of ${mib(size)}, over the ${mib(limits.maxObjectBytes)} limit`);
}

function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
