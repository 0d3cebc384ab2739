/**
 * The store's decode-once caches. A key-bucket record is written once and
 * never changed (each revision has its own record), so what it decodes to
 * can be kept beside it: the KeyValue (views of the record's bytes, no copy)
 * and the strings its key and value decode to. A put seeds the strings with
 * the ones the client sent, so a value is never decoded back from UTF-8 at
 * all; a record read first (after a restore) is decoded on first read.
 *
 * Both maps are weak: an entry lives as long as its record (or KeyValue),
 * so compaction and defrag need not know about them. Callers must treat the
 * KeyValues handed out here as read-only; they are shared by every reader.
 */
import { fromUtf8, isWellFormed, viewKeyValue, type StoredKeyValue } from './codec';

const views = new WeakMap<Uint8Array, StoredKeyValue>();
const texts = new WeakMap<StoredKeyValue, { key?: string; value?: string }>();

/** recordView is the KeyValue a stored record holds, decoded once. */
export function recordView(record: Uint8Array): StoredKeyValue {
  let kv = views.get(record);
  if (kv === undefined) {
    kv = viewKeyValue(record);
    views.set(record, kv);
  }
  return kv;
}

/**
 * rememberText records the strings kv's key and value were encoded from.
 * A string with an unpaired surrogate is not recorded: it does not survive
 * UTF-8 (it decodes with U+FFFD), and readers must see what was stored.
 */
export function rememberText(kv: StoredKeyValue, key: string, value: string): void {
  texts.set(kv, { key: isWellFormed(key) ? key : undefined, value: isWellFormed(value) ? value : undefined });
}

function textOf(kv: StoredKeyValue): { key?: string; value?: string } {
  let t = texts.get(kv);
  if (t === undefined) {
    t = {};
    texts.set(kv, t);
  }
  return t;
}

/** keyText is kv's key as a string (its UTF-8 decoded), computed once per KeyValue. */
export function keyText(kv: StoredKeyValue): string {
  const t = textOf(kv);
  return (t.key ??= fromUtf8(kv.key));
}

/** valueText is kv's value as a string, computed once per KeyValue. */
export function valueText(kv: StoredKeyValue): string {
  const t = textOf(kv);
  return (t.value ??= fromUtf8(kv.value));
}
