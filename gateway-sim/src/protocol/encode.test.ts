// Golden strings from tws-protocol.md §4.5 (`|` = NUL): real TWS frames or the doc's tables.
import { describe, expect, it } from 'vitest';
import {
  encodeAccountSummary, encodeAccountSummaryEnd, encodeCommissionReport, encodeCompletedOrdersEnd, encodeContractData,
  encodeContractDataEnd, encodeCurrentTime, encodeError, encodeExecDetails, encodeExecDetailsEnd, encodeManagedAccounts,
  encodeMarketDataType, encodeNextValidId, encodeOpenOrderEnd, encodeOrderStatus, encodePosition, encodePositionEnd,
  encodeSymbolSamples, encodeTickGeneric, encodeTickPrice, encodeTickReqParams, encodeTickSize, encodeTickSnapshotEnd,
  encodeTickString, encodeAccountDownloadEnd, encodeAccountUpdateMulti, encodeAccountUpdateMultiEnd, encodeAccountUpdateTime,
  encodeAccountValue, encodePortfolioValue,
} from './encode.ts';
import { emptyContract } from './types.ts';
import type { ContractDetailsView, ExecutionView } from './types.ts';

const wire = (fields: readonly string[]): string => `${fields.join('|')}|`;

const aapl = emptyContract({
  conId: 265598, symbol: 'AAPL', secType: 'STK', strike: 0, exchange: 'NASDAQ', currency: 'USD', localSymbol: 'AAPL',
  tradingClass: 'NMS',
});

describe('small messages', () => {
  it('match the captured frames', () => {
    expect(wire(encodeError(-1, 2104, 'Market data farm connection is OK:usfarm'))).toBe('4|2|-1|2104|Market data farm connection is OK:usfarm||');
    expect(wire(encodeError(41, 202, 'Order Canceled - reason:'))).toBe('4|2|41|202|Order Canceled - reason:||');
    expect(wire(encodeNextValidId(5))).toBe('9|1|5|');
    expect(wire(encodeManagedAccounts(['DU1234567']))).toBe('15|1|DU1234567|');
    expect(wire(encodeManagedAccounts(['DU1', 'DU2']))).toBe('15|1|DU1,DU2|');
    expect(wire(encodeCurrentTime(1752606307))).toBe('49|1|1752606307|');
    expect(wire(encodeContractDataEnd(1001))).toBe('52|1|1001|');
    expect(wire(encodeOpenOrderEnd())).toBe('53|1|');
    expect(wire(encodeExecDetailsEnd(9000))).toBe('55|1|9000|');
    expect(wire(encodeTickSnapshotEnd(1001))).toBe('57|1|1001|');
    expect(wire(encodeMarketDataType(9000, 1))).toBe('58|1|9000|1|');
    expect(wire(encodePositionEnd())).toBe('62|1|');
    expect(wire(encodeAccountSummaryEnd(9000))).toBe('64|1|9000|');
    expect(wire(encodeCompletedOrdersEnd())).toBe('102|');
    expect(wire(encodeTickReqParams(9000, 0.01, '9c0001', 3))).toBe('81|9000|0.01|9c0001|3|');
  });

  it('escapes non-ASCII text in errors', () => {
    expect(wire(encodeError(7, 201, 'Order rejected - reason:Caf\u00e9'))).toBe('4|2|7|201|Order rejected - reason:Caf\\u00e9||');
  });
});

describe('market data ticks', () => {
  it('tickPrice has exactly 7 fields', () => {
    const f = encodeTickPrice(9000, 4, 202.55, '2', 0);
    expect(f).toHaveLength(7);
    expect(wire(f)).toBe('1|6|9000|4|202.55|2|0|');
    expect(wire(encodeTickPrice(9004, 6, 258.75, '0'))).toBe('1|6|9004|6|258.75|0|0|');
    expect(wire(encodeTickPrice(1001, 68, 255.45, '200'))).toBe('1|6|1001|68|255.45|200|0|');
  });

  it('tickSize, tickString, tickGeneric', () => {
    expect(wire(encodeTickSize(9000, 8, '323886'))).toBe('2|6|9000|8|323886|');
    expect(wire(encodeTickString(9000, 45, '1744742857'))).toBe('46|6|9000|45|1744742857|');
    expect(wire(encodeTickGeneric(9000, 49, 0))).toBe('45|6|9000|49|0.0|');
  });
});

describe('orders and executions', () => {
  it('orderStatus has exactly 12 fields in TWS spelling', () => {
    const base = { orderId: 5, permId: 600745656, parentId: 0, clientId: 100, whyHeld: '', mktCapPrice: 0 };
    const pre = encodeOrderStatus({ ...base, status: 'PreSubmitted', filled: '0', remaining: '100', avgFillPrice: 0, lastFillPrice: 0 });
    expect(pre).toHaveLength(12);
    expect(wire(pre)).toBe('3|5|PreSubmitted|0|100|0|600745656|0|0|100||0|');
    const filled = encodeOrderStatus({ ...base, status: 'Filled', filled: '100', remaining: '0', avgFillPrice: 201.94, lastFillPrice: 201.94 });
    expect(wire(filled)).toBe('3|5|Filled|100|0|201.94|600745656|0|201.94|100||0|');
  });

  const execution: ExecutionView = {
    orderId: 5, contract: { ...aapl, exchange: 'IEX' }, execId: '0000e0d5.67fe667b.01.01', time: '20250415  19:38:31',
    acctNumber: 'DU1234567', exchange: 'IEX', side: 'BOT', shares: '100', price: 201.94, permId: 600745656, clientId: 100,
    liquidation: 0, cumQty: '100', avgPrice: 201.94, orderRef: '', evRule: '', evMultiplier: undefined, modelCode: '',
    lastLiquidity: 2, pendingPriceRevision: false,
  };

  it('execDetails has 32 fields at 178 and 31 at 176/177', () => {
    const at178 = encodeExecDetails(178, -1, execution);
    expect(at178).toHaveLength(32);
    expect(wire(at178)).toBe(
      '11|-1|5|265598|AAPL|STK||0.0|||IEX|USD|AAPL|NMS|0000e0d5.67fe667b.01.01|20250415  19:38:31|DU1234567|IEX|BOT|100|201.94|600745656|100|0|100|201.94|||||2|0|',
    );
    expect(encodeExecDetails(177, 9000, execution)).toHaveLength(31);
    expect(encodeExecDetails(176, 9000, execution)).toEqual(at178.slice(0, 31).map((f, i) => (i === 1 ? '9000' : f)));
  });

  it('commissionReport has exactly 8 fields', () => {
    const f = encodeCommissionReport({
      execId: '0000e0d5.67fe667b.01.01', commission: 1, currency: 'USD', realizedPNL: undefined, yield: undefined,
      yieldRedemptionDate: undefined,
    });
    expect(f).toHaveLength(8);
    expect(wire(f)).toBe('59|1|0000e0d5.67fe667b.01.01|1.0|USD|1.7976931348623157E308|1.7976931348623157E308||');
  });
});

describe('positions and account summary', () => {
  it('position has exactly 16 fields', () => {
    const stk = encodePosition({ account: 'ACCOUNT_ID', contract: aapl, position: '-110', avgCost: 201.8829709 });
    expect(stk).toHaveLength(16);
    expect(wire(stk)).toBe('61|3|ACCOUNT_ID|265598|AAPL|STK||0.0|||NASDAQ|USD|AAPL|NMS|-110|201.8829709|');
    const es = emptyContract({
      conId: 637533641, symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: '20250919', strike: 0, multiplier: '50',
      currency: 'USD', localSymbol: 'ESU5', tradingClass: 'ES',
    });
    expect(wire(encodePosition({ account: 'ACCOUNT_ID', contract: es, position: '1', avgCost: 315114.75 })))
      .toBe('61|3|ACCOUNT_ID|637533641|ES|FUT|20250919|0.0||50||USD|ESU5|ES|1|315114.75|');
  });

  it('accountSummary has exactly 7 fields', () => {
    const f = encodeAccountSummary({ reqId: 9000, account: 'ACCOUNT_ID', tag: 'NetLiquidation', value: '246447.83', currency: 'USD' });
    expect(f).toHaveLength(7);
    expect(wire(f)).toBe('63|1|9000|ACCOUNT_ID|NetLiquidation|246447.83|USD|');
  });
});

describe('contract look-ups', () => {
  const details: ContractDetailsView = {
    contract: { ...aapl, exchange: 'SMART', primaryExchange: 'NASDAQ' }, marketName: 'NMS', minTick: 0.01,
    orderTypes: 'ACTIVETIM,AD,WHATIF', validExchanges: 'SMART,AMEX,NYSE', priceMagnifier: 1, underConId: 0,
    longName: 'APPLE INC', contractMonth: '', industry: 'Technology', category: 'Computers', subcategory: 'Computers',
    timeZoneId: 'US/Eastern', tradingHours: '20250324:0400-20250324:2000', liquidHours: '20250324:0930-20250324:1600',
    evRule: '', evMultiplier: undefined, secIdList: [{ tag: 'ISIN', value: 'US0378331005' }], aggGroup: 1,
    underSymbol: '', underSecType: '', marketRuleIds: '26,26,26', realExpirationDate: '', stockType: 'COMMON',
    minSize: '0.0001', sizeIncrement: '0.0001', suggestedSizeIncrement: '100',
  };

  it('contractData is 42 fields for a stock with one secId pair', () => {
    const f = encodeContractData(9000, details);
    expect(f).toHaveLength(42);
    expect(wire(f)).toBe(
      '10|9000|AAPL|STK||0||SMART|USD|AAPL|NMS|NMS|265598|0.01||ACTIVETIM,AD,WHATIF|SMART,AMEX,NYSE|1|0|APPLE INC|NASDAQ||' +
        'Technology|Computers|Computers|US/Eastern|20250324:0400-20250324:2000|20250324:0930-20250324:1600|||1|ISIN|' +
        'US0378331005|1|||26,26,26||COMMON|0.0001|0.0001|100|',
    );
  });

  it('symbolSamples carries description and issuerId from 176 only', () => {
    const item = {
      conId: 265598, symbol: 'AAPL', secType: 'STK', primaryExchange: 'NASDAQ', currency: 'USD',
      derivativeSecTypes: ['OPT', 'WAR'], description: 'APPLE INC', issuerId: '',
    };
    expect(wire(encodeSymbolSamples(178, 4002, [item]))).toBe('79|4002|1|265598|AAPL|STK|NASDAQ|USD|2|OPT|WAR|APPLE INC||');
    expect(wire(encodeSymbolSamples(175, 4002, [item]))).toBe('79|4002|1|265598|AAPL|STK|NASDAQ|USD|2|OPT|WAR|');
    expect(wire(encodeSymbolSamples(178, 4003, []))).toBe('79|4003|0|');
  });
});

describe('account updates (official decoders read these count-exact)', () => {
  it('updateAccountValue is 6 fields, updateAccountTime 3, accountDownloadEnd 3', () => {
    const v = encodeAccountValue({ key: 'NetLiquidation', value: '1000000.00', currency: 'USD', account: 'DU1234567' });
    expect(wire(v)).toBe('6|2|NetLiquidation|1000000.00|USD|DU1234567|');
    expect(wire(encodeAccountUpdateTime('10:00'))).toBe('8|1|10:00|');
    expect(wire(encodeAccountDownloadEnd('DU1234567'))).toBe('54|1|DU1234567|');
  });

  it('portfolioValue (version 8) is 20 fields with the primary exchange and the account last', () => {
    const c = emptyContract({ ...aapl, exchange: 'SMART', primaryExchange: 'NASDAQ' });
    const f = encodePortfolioValue({
      contract: c, position: '100', marketPrice: 228.5, marketValue: 22850, averageCost: 228.01, unrealizedPnl: 49,
      realizedPnl: 0, account: 'DU1234567',
    });
    expect(f).toHaveLength(20);
    expect(wire(f)).toBe('7|8|265598|AAPL|STK||0.0|||NASDAQ|USD|AAPL|NMS|100|228.5|22850.0|228.01|49.0|0.0|DU1234567|');
  });

  it('accountUpdateMulti is 8 fields, its end 3', () => {
    const f = encodeAccountUpdateMulti(9001, '', { key: 'CashBalance', value: '1000000.00', currency: 'BASE', account: 'DU1234567' });
    expect(wire(f)).toBe('73|1|9001|DU1234567||CashBalance|1000000.00|BASE|');
    expect(wire(encodeAccountUpdateMultiEnd(9001))).toBe('74|1|9001|');
  });
});
