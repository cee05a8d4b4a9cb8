import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

describe('canonical JSON', () => {
  it('writes one text whatever order the keys were added in, at every depth', () => {
    const a = { b: 1, a: { d: [1, { z: true, y: null }], c: 'x' } };
    const b = { a: { c: 'x', d: [1, { y: null, z: true }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('leaves undefined members out, writes undefined array items as null, and keeps empty containers', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 2], c: {}, d: [] })).toBe('{"b":[null,2],"c":{},"d":[]}');
    expect(canonicalJson({ only: undefined })).toBe('{}');
  });

  it('orders keys by UTF-16 code units and escapes them as JSON does', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, '"q"': 4, '10': 5, '9': 6 })).toBe('{"\\"q\\"":4,"10":5,"9":6,"Z":3,"z":2,"é":1}');
  });

  it('refuses values JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/NaN or Infinity/);
    expect(() => canonicalJson([Infinity])).toThrow(/NaN or Infinity/);
    expect(() => canonicalJson({ b: 1n })).toThrow(/bigint/);
  });
});
