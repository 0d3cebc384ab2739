/** The checksums etcd and bbolt use, in plain TypeScript for browser and Node. */
export { sha256, Sha256, SHA256_SIZE } from './sha256';
export { crc32c, crc32cUpdate, Crc32c, CASTAGNOLI } from './crc32c';
export { fnv1a64 } from './fnv';

/** toHex renders bytes as lowercase hexadecimal, two digits a byte. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += bytes[i]!.toString(16).padStart(2, '0');
  return s;
}
