// Field-level reading and writing of the TWS text protocol (server versions < 201):
// a payload is a run of NUL-terminated ASCII fields. The reader accepts every spelling
// that real clients send; the writer produces the spellings TWS itself uses.

/** TWS's "unset" int (Java Integer.MAX_VALUE). */
export const UNSET_INTEGER = 2147483647;
/** TWS's "unset" long (Java Long.MAX_VALUE), kept as text: it does not fit a double exactly. */
export const UNSET_LONG_TEXT = '9223372036854775807';
/** TWS's "unset" double (Java Double.MAX_VALUE) and its Java spelling. */
export const UNSET_DOUBLE = Number.MAX_VALUE;
export const UNSET_DOUBLE_TEXT = '1.7976931348623157E308';

/** A request frame that cannot be decoded; answered with error 321, never a crash. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  /** Request / order id read before the failure, so the error reply can carry it. */
  reqId: number | undefined;
  constructor(message: string, reqId?: number) {
    super(message);
    this.reqId = reqId;
  }
}

const INT_RE = /^[+-]?\d+$/;
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INFINITY_SPELLINGS = new Set(['infinity', 'infinite', 'inf', '+infinity', '+inf']);

/** The DBL_MAX sentinel (finite and huge); +∞ is a real value (e.g. competeAgainstBestOffset "up to mid"). */
export function isUnsetDouble(v: number): boolean {
  return Number.isFinite(v) && v >= 1.797e308;
}

/** Parses a double in any client spelling; undefined means "unset". */
export function parseDoubleText(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const lower = t.toLowerCase();
  if (INFINITY_SPELLINGS.has(lower)) return Number.POSITIVE_INFINITY;
  if (lower === '-infinity' || lower === '-inf' || lower === '-infinite') return Number.NEGATIVE_INFINITY;
  if (!NUMBER_RE.test(t)) return Number.NaN;
  const n = Number(t);
  // 1.7976931348623157E308 / e+308 both parse to MAX_VALUE; anything that large is the sentinel.
  if (n >= 1.797e308) return undefined;
  return n;
}

/** Cursor over the fields of one payload. Every getter throws DecodeError when fields run out. */
export class FieldReader {
  private pos = 0;
  /** The first id-like value read, attached to errors for a precise 321 reply. */
  reqId: number | undefined;

  constructor(private readonly fields: readonly string[]) {}

  /** Splits a payload on NUL; the trailing terminator yields no field. */
  static fromPayload(payload: string): FieldReader {
    const parts = payload.split('\0');
    if (parts[parts.length - 1] === '') parts.pop();
    return new FieldReader(parts);
  }

  get remaining(): number {
    return this.fields.length - this.pos;
  }

  get position(): number {
    return this.pos;
  }

  private fail(what: string): never {
    throw new DecodeError(`${what} at field ${this.pos + 1}`, this.reqId);
  }

  str(): string {
    const v = this.fields[this.pos];
    if (v === undefined) this.fail('message ended early');
    this.pos += 1;
    return v;
  }

  /** Integer; empty reads as 0 (what TWS does for plain int fields). */
  int(): number {
    const t = this.str().trim();
    if (t === '') return 0;
    if (INT_RE.test(t)) {
      const n = Number(t);
      if (Number.isSafeInteger(n)) return n;
    }
    // Some clients format ints through a float path ("1.0"); accept integral values.
    const d = parseDoubleText(t);
    if (d !== undefined && Number.isInteger(d)) return d;
    if (d === undefined && t !== '') return UNSET_INTEGER;
    this.pos -= 1;
    return this.fail(`invalid integer ${JSON.stringify(t.slice(0, 32))}`);
  }

  /** Integer with "unset" semantics: empty or 2147483647 → undefined. */
  intMax(): number | undefined {
    const t = this.fields[this.pos];
    if (t !== undefined && t.trim() === '') {
      this.pos += 1;
      return undefined;
    }
    const n = this.int();
    return n === UNSET_INTEGER ? undefined : n;
  }

  /** Double; empty or unset reads as 0. */
  double(): number {
    return this.doubleMax() ?? 0;
  }

  /** Double with "unset" semantics: empty or ≥1.797e308 → undefined; Infinity spellings → +∞. */
  doubleMax(): number | undefined {
    const t = this.str();
    const d = parseDoubleText(t);
    if (d !== undefined && Number.isNaN(d)) {
      this.pos -= 1;
      this.fail(`invalid number ${JSON.stringify(t.slice(0, 32))}`);
    }
    return d;
  }

  /** Boolean: `1` (or any non-zero int, or `true`) is true; empty, `0`, `false` are false. */
  bool(): boolean {
    const t = this.str().trim().toLowerCase();
    if (t === '' || t === '0' || t === 'false') return false;
    if (t === 'true') return true;
    const d = parseDoubleText(t);
    if (d === undefined || Number.isNaN(d)) {
      this.pos -= 1;
      this.fail(`invalid boolean ${JSON.stringify(t.slice(0, 32))}`);
    }
    return d !== 0;
  }

  /** Decimal (quantity) kept as exact text; empty and the sentinels read as '' (unset). */
  decimal(): string {
    const t = this.str().trim();
    if (t === '' || t === '2147483647' || t === UNSET_LONG_TEXT) return '';
    const d = parseDoubleText(t);
    if (d === undefined) return '';
    if (Number.isNaN(d) || !Number.isFinite(d)) {
      this.pos -= 1;
      this.fail(`invalid decimal ${JSON.stringify(t.slice(0, 32))}`);
    }
    return t;
  }
}

/**
 * Java's Double.toString, which TWS uses for most doubles: integral values get `.0`,
 * magnitudes outside [1e-3, 1e7) use `d.dddE±n` (without `+`), MAX_VALUE is the sentinel.
 */
export function javaDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return 'Infinity';
  if (n === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(n);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa = '0', exp = '0'] = n.toExponential().split('e');
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${exp.startsWith('+') ? exp.slice(1) : exp}`;
}

/** Shortest plain spelling (`0`, `201.94`), which TWS uses in orderStatus and a few others. */
export function plainNumber(n: number): string {
  if (n === Number.POSITIVE_INFINITY) return 'Infinity';
  if (n === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (Number.isNaN(n)) return 'NaN';
  if (isUnsetDouble(n)) return UNSET_DOUBLE_TEXT;
  return String(n);
}

/** Escapes to 7-bit printable ASCII: every other code unit becomes `\uXXXX`, so no NUL can reach the wire. */
export function asciiEscape(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    out += c >= 0x20 && c <= 0x7e ? s[i] : `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return out;
}

const DECIMAL_RE = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Builds the fields of one outgoing message with TWS's spellings. */
export class FieldWriter {
  private readonly out: string[] = [];

  /** Any string value; escaped so it is pure ASCII without NUL or control characters. */
  str(v: string): this {
    this.out.push(asciiEscape(v));
    return this;
  }

  int(v: number): this {
    if (!Number.isInteger(v)) throw new TypeError(`not an integer: ${v}`);
    this.out.push(String(v));
    return this;
  }

  /** Int with unset → `2147483647`. */
  intMax(v: number | undefined): this {
    return this.int(v ?? UNSET_INTEGER);
  }

  /** Int with unset → empty field (TWS's show-unset spelling in openOrder). */
  intOrEmpty(v: number | undefined): this {
    if (v === undefined || v === UNSET_INTEGER) this.out.push('');
    else this.int(v);
    return this;
  }

  /** Java-style double (`0.0`, `201.94`, `1.7976931348623157E308`). */
  double(v: number): this {
    this.out.push(isUnsetDouble(v) ? UNSET_DOUBLE_TEXT : javaDouble(v));
    return this;
  }

  /** Java-style double with unset → sentinel. */
  doubleMax(v: number | undefined): this {
    return this.double(v ?? UNSET_DOUBLE);
  }

  /** Java-style double with unset → empty field. */
  doubleOrEmpty(v: number | undefined): this {
    if (v === undefined || isUnsetDouble(v)) this.out.push('');
    else this.double(v);
    return this;
  }

  /** Plain shortest number (`0`, `201.94`). */
  num(v: number): this {
    this.out.push(plainNumber(v));
    return this;
  }

  bool(v: boolean): this {
    this.out.push(v ? '1' : '0');
    return this;
  }

  /** Decimal quantity as exact text; '' stays empty. */
  decimal(v: string): this {
    if (v !== '' && !DECIMAL_RE.test(v)) throw new TypeError(`not a decimal: ${JSON.stringify(v)}`);
    this.out.push(v);
    return this;
  }

  fields(): string[] {
    return [...this.out];
  }
}
