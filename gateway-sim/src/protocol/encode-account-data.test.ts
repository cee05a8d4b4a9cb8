// Golden strings for the account-data answers (`|` = NUL). Field orders derived from the official
// decoders at server versions 176–178: Python decoder.py processPositionMultiMsg, positionMultiEnd
// (generic handler: msgId, version, reqId, count-exact), processPnLMsg (unrealized ≥129, realized
// ≥135), processPnLSingleMsg, processUserInfo; Java EDecoder's functions of the same names agree,
// and so do @stoqey/ib 1.6.10's decodeMsg_POSITION_MULTI / _END / _PNL / _PNL_SINGLE / _USER_INFO.
import { describe, expect, it } from 'vitest';
import {
  encodePnl, encodePnlSingle, encodePositionMulti, encodePositionMultiEnd, encodeUserInfo,
} from './encode-account-data.ts';
import { emptyContract } from './types.ts';

const wire = (fields: readonly string[]): string => `${fields.join('|')}|`;

describe('positionMulti and its end', () => {
  it('positionMulti is 18 fields: version 1, reqId, account, the contract, position, avgCost, modelCode', () => {
    const aapl = emptyContract({
      conId: 265598, symbol: 'AAPL', secType: 'STK', strike: 0, exchange: 'NASDAQ', currency: 'USD', localSymbol: 'AAPL', tradingClass: 'NMS',
    });
    const f = encodePositionMulti({ reqId: 9003, account: 'DU1234567', modelCode: '', contract: aapl, position: '100', avgCost: 228.01 });
    expect(f).toHaveLength(18);
    expect(wire(f)).toBe('71|1|9003|DU1234567|265598|AAPL|STK||0.0|||NASDAQ|USD|AAPL|NMS|100|228.01||');
    const es = emptyContract({
      conId: 637533641, symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: '20250919', strike: 0, multiplier: '50',
      currency: 'USD', localSymbol: 'ESU5', tradingClass: 'ES',
    });
    expect(wire(encodePositionMulti({ reqId: 9003, account: 'DU1234567', modelCode: 'Tech', contract: es, position: '-1', avgCost: 315114.75 })))
      .toBe('71|1|9003|DU1234567|637533641|ES|FUT|20250919|0.0||50||USD|ESU5|ES|-1|315114.75|Tech|');
  });

  it('positionMultiEnd is exactly 3 fields', () => {
    expect(wire(encodePositionMultiEnd(9003))).toBe('72|1|9003|');
  });
});

describe('pnl and pnlSingle', () => {
  it('pnl is 5 fields without a version: daily, unrealized, realized', () => {
    const f = encodePnl({ reqId: 9001, dailyPnL: -12.5, unrealizedPnL: 340.25, realizedPnL: 0 });
    expect(f).toHaveLength(5);
    expect(wire(f)).toBe('94|9001|-12.5|340.25|0.0|');
  });

  it('pnlSingle is 7 fields, the market value last; an unset realized P&L is the double sentinel', () => {
    const f = encodePnlSingle({ reqId: 9002, position: '100', dailyPnL: -12.5, unrealizedPnL: 340.25, realizedPnL: undefined, value: 22850 });
    expect(f).toHaveLength(7);
    expect(wire(f)).toBe('95|9002|100|-12.5|340.25|1.7976931348623157E308|22850.0|');
    expect(wire(encodePnlSingle({ reqId: 9002, position: '0', dailyPnL: 0, unrealizedPnL: 0, realizedPnL: 48.75, value: 0 })))
      .toBe('95|9002|0|0.0|0.0|48.75|0.0|');
  });
});

describe('userInfo', () => {
  it('is reqId and the white-branding id, empty for an ordinary account', () => {
    expect(wire(encodeUserInfo(9004, ''))).toBe('107|9004||');
    expect(wire(encodeUserInfo(9004, 'brand'))).toBe('107|9004|brand|');
  });
});
