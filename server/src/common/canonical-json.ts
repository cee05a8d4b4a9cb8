// One text per JSON value: object keys sorted at every level, undefined values left out. What the
// audit chain hashes, and what intake fingerprints deliveries and signals with.

/**
 * Strings JSON.stringify writes as they are, between quotes: no quote, backslash, control
 * character or surrogate (which it would escape when lone), i.e. only space..!, #..[, ]..\ud7ff
 * and \ue000..\uffff.
 */
const NOTHING_TO_ESCAPE = /^[ !#-[\]-\ud7ff\ue000-\uffff]*$/;

export function canonicalJson(value: unknown): string {
  // Most strings (ids, hashes, canonical texts of data) need no escape: quote them as they are.
  if (typeof value === 'string') return NOTHING_TO_ESCAPE.test(value) ? `"${value}"` : JSON.stringify(value);
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonical JSON must not contain NaN or Infinity');
    if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
    return JSON.stringify(value) ?? 'null';
  }
  // Plain loops and one string: every decided signal is written and hashed through here several times.
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) === Array.prototype && !('toJSON' in value) && allScalar(value)) return JSON.stringify(value);
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out += (i === 0 ? '' : ',') + canonicalJson(item === undefined ? null : item);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  // Most objects are written with their keys in order already: sort only when they are not.
  if (!inOrder(keys)) sortKeys(keys);
  else if (isPlain(record) && allValuesScalar(record, keys)) return JSON.stringify(record);
  let out = '{';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    out += (out.length === 1 ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(item);
  }
  return `${out}}`;
}

function inOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (!((keys[i - 1] as string) < (keys[i] as string))) return false;
  return true;
}

/**
 * In UTF-16 code unit order, as Array.prototype.sort orders strings and `<` compares them. An
 * object has a few keys: an insertion sort then costs a tenth of Array.prototype.sort (which
 * allocates a work array each call).
 */
function sortKeys(keys: string[]): void {
  if (keys.length > 16) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let at = i - 1;
    for (; at >= 0 && (keys[at] as string) > key; at--) keys[at + 1] = keys[at] as string;
    keys[at + 1] = key;
  }
}

/**
 * Values JSON.stringify writes exactly as canonicalJson would: strings, booleans, null, finite
 * numbers, and undefined (left out of an object, null in an array, by both).
 */
function isScalar(item: unknown): boolean {
  return item === null || item === undefined || typeof item === 'string' || typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item));
}

function allScalar(values: readonly unknown[]): boolean {
  for (let i = 0; i < values.length; i++) if (!isScalar(values[i])) return false;
  return true;
}

function allValuesScalar(record: Record<string, unknown>, keys: readonly string[]): boolean {
  for (const key of keys) if (!isScalar(record[key])) return false;
  return true;
}

/**
 * An object JSON.stringify writes key by key in Object.keys order, as canonicalJson does: no boxed
 * string or number, no toJSON (its own or an inherited one).
 */
function isPlain(record: object): boolean {
  const proto: unknown = Object.getPrototypeOf(record);
  return (proto === Object.prototype || proto === null) && !('toJSON' in record);
}
