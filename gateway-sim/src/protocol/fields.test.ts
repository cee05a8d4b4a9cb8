import { describe, expect, it } from 'vitest';
import { DecodeError, FieldReader, FieldWriter, asciiEscape, javaDouble } from './fields.ts';

const read = (...fields: string[]): FieldReader => new FieldReader(fields);

describe('FieldReader', () => {
  it('splits a payload on NUL and drops the terminator', () => {
    const r = FieldReader.fromPayload('9\u00001\u0000\u00005\u0000');
    expect([r.str(), r.str(), r.str(), r.str()]).toEqual(['9', '1', '', '5']);
    expect(r.remaining).toBe(0);
  });

  it('throws DecodeError carrying the request id when fields run out', () => {
    const r = read('12');
    r.reqId = r.int();
    expect(() => r.str()).toThrow(DecodeError);
    try { r.str(); } catch (e) { expect((e as DecodeError).reqId).toBe(12); }
  });

  it('reads ints: empty is 0, the sentinel is unset for intMax, garbage is an error', () => {
    expect(read('').int()).toBe(0);
    expect(read('-1').int()).toBe(-1);
    expect(read('7.0').int()).toBe(7);
    expect(read('2147483647').intMax()).toBeUndefined();
    expect(read('').intMax()).toBeUndefined();
    expect(read('0').intMax()).toBe(0);
    expect(() => read('12abc').int()).toThrow(DecodeError);
    expect(() => read('1.5').int()).toThrow(DecodeError);
  });

  it('reads every client spelling of doubles', () => {
    expect(read('').doubleMax()).toBeUndefined();
    expect(read('1.7976931348623157E308').doubleMax()).toBeUndefined();
    expect(read('1.7976931348623157e+308').doubleMax()).toBeUndefined();
    for (const inf of ['Infinity', 'Infinite', 'inf']) expect(read(inf).doubleMax()).toBe(Number.POSITIVE_INFINITY);
    expect(read('0').doubleMax()).toBe(0);
    expect(read('0.0').doubleMax()).toBe(0);
    expect(read('190.5').doubleMax()).toBe(190.5);
    expect(read('').double()).toBe(0);
    expect(() => read('1,5').double()).toThrow(DecodeError);
  });

  it('reads bools and decimals', () => {
    expect([read('1').bool(), read('0').bool(), read('').bool(), read('true').bool()]).toEqual([true, false, false, true]);
    expect(() => read('yes').bool()).toThrow(DecodeError);
    expect(read('100').decimal()).toBe('100');
    expect(read('0.0001').decimal()).toBe('0.0001');
    expect(read('2147483647').decimal()).toBe('');
    expect(read('9223372036854775807').decimal()).toBe('');
    expect(() => read('1e').decimal()).toThrow(DecodeError);
  });
});

describe('FieldWriter', () => {
  it('spells doubles the way Java (TWS) does', () => {
    expect(javaDouble(0)).toBe('0.0');
    expect(javaDouble(201.94)).toBe('201.94');
    expect(javaDouble(100)).toBe('100.0');
    expect(javaDouble(1e7)).toBe('1.0E7');
    expect(javaDouble(0.0001)).toBe('1.0E-4');
    expect(javaDouble(Number.MAX_VALUE)).toBe('1.7976931348623157E308');
    expect(javaDouble(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });

  it('writes sentinels, bools and empties', () => {
    const f = new FieldWriter().intMax(undefined).doubleMax(undefined).intOrEmpty(undefined).doubleOrEmpty(undefined)
      .bool(true).bool(false).num(0).double(Number.POSITIVE_INFINITY).doubleOrEmpty(Number.POSITIVE_INFINITY);
    expect(f.fields()).toEqual(['2147483647', '1.7976931348623157E308', '', '', '1', '0', '0', 'Infinity', 'Infinity']);
  });

  it('cannot emit a NUL or any non-ASCII character inside a value', () => {
    const fields = new FieldWriter().str('a\u0000b').str('Soci\u00e9t\u00e9 \u2603').fields();
    expect(fields).toEqual(['a\\u0000b', 'Soci\\u00e9t\\u00e9 \\u2603']);
    expect(fields.join('')).not.toContain('\u0000');
    expect(asciiEscape('plain ASCII text')).toBe('plain ASCII text');
  });

  it('refuses values that are not what the field type says', () => {
    expect(() => new FieldWriter().int(1.5)).toThrow(TypeError);
    expect(() => new FieldWriter().decimal('12|3')).toThrow(TypeError);
  });
});
