// The account-data requests as the official clients send them at 176–178 (`|` = NUL): vectors built
// from the make_field / b.send order of Python client.py and Java EClient (reqPnL, cancelPnL,
// reqPnLSingle, cancelPnLSingle, reqPositionsMulti, cancelPositionsMulti, reqUserInfo), which
// @stoqey/ib 1.6.10's encoder matches field for field.
import { describe, expect, it } from 'vitest';
import { decodeRequest, decodeRequestWithRest } from './decode.ts';
import { DecodeError } from './fields.ts';

const nul = (s: string): string => s.replaceAll('|', '\u0000');

const vectors: [string, unknown][] = [
  ['92|9001|DU1234567||', { kind: 'reqPnL', reqId: 9001, account: 'DU1234567', modelCode: '' }],
  ['93|9001|', { kind: 'cancelPnL', reqId: 9001 }],
  ['94|9002|DU1234567|Tech|265598|', { kind: 'reqPnLSingle', reqId: 9002, account: 'DU1234567', modelCode: 'Tech', conId: 265598 }],
  ['95|9002|', { kind: 'cancelPnLSingle', reqId: 9002 }],
  ['74|1|9003|DU1234567||', { kind: 'reqPositionsMulti', reqId: 9003, account: 'DU1234567', modelCode: '' }],
  ['75|1|9003|', { kind: 'cancelPositionsMulti', reqId: 9003 }],
  ['104|9004|', { kind: 'reqUserInfo', reqId: 9004 }],
];

describe('account-data requests', () => {
  it.each(vectors)('%s decodes exactly, at 176, 177 and 178', (vector, expected) => {
    for (const version of [176, 177, 178]) {
      const { request, unreadFields } = decodeRequestWithRest(nul(vector), version);
      expect(request).toEqual(expected);
      expect(unreadFields).toBe(0);
    }
  });

  it('a truncated reqPnLSingle is a DecodeError that still names its request id', () => {
    const err = (() => {
      try {
        decodeRequest(nul('94|9002|DU1234567||'), 178);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).reqId).toBe(9002);
  });

  it('a reqPositionsMulti id that is not a number is a DecodeError', () => {
    expect(() => decodeRequest(nul('74|1|x|DU1234567||'), 178)).toThrow(DecodeError);
  });
});
