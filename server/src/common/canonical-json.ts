// One text per JSON value: object keys sorted at every level, undefined values left out. What the
// audit chain hashes, and what intake fingerprints deliveries and signals with.

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonical JSON must not contain NaN or Infinity');
    if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
    return JSON.stringify(value) ?? 'null';
  }
  // Plain loops and one string: every decided signal is written and hashed through here several times.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out += (i === 0 ? '' : ',') + canonicalJson(item === undefined ? null : item);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // Array.prototype.sort orders strings by UTF-16 code units, as `<` does.
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    out += (out.length === 1 ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(item);
  }
  return `${out}}`;
}
