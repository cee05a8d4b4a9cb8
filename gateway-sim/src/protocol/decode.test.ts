// Decoder tests over the generated vectors of tws-protocol.md §4.3/§4.4 (`|` = NUL).
import { describe, expect, it } from 'vitest';
import { decodeRequest, decodeRequestWithRest } from './decode.ts';
import { DecodeError } from './fields.ts';
import type { WireRequest } from './types.ts';

const nul = (s: string): string => s.replaceAll('|', '\u0000');
const fieldsOf = (s: string): string[] => s.split('|').slice(0, -1);
const payload = (fields: readonly string[]): string => fields.map((f) => `${f}\u0000`).join('');

function decodeExact(vector: string, version: number): WireRequest {
  const { request, unreadFields } = decodeRequestWithRest(nul(vector), version);
  expect(unreadFields).toBe(0);
  return request;
}

function asOrder(req: WireRequest): Extract<WireRequest, { kind: 'placeOrder' }> {
  if (req.kind !== 'placeOrder') throw new Error(`expected placeOrder, got ${req.kind}`);
  return req;
}

const S = '1.7976931348623157e+308';
const PY_MKT_178 = `3|12|0|AAPL|STK||0.0|||SMART||USD|||||BUY|100|MKT|||||||0||1|0|0|0|0|0|0|0||0|||||||0||-1|0|||0|||0|0||0||||||0|||||0|||||||||||0|||0|0|||0||0|0|0|0||${S}|${S}|${S}|${S}|${S}|0||||${S}|||||0|0|0||2147483647|2147483647|0|||`;
const PY_LMT_178 = `3|13|0|AAPL|STK||0.0|||SMART||USD|||||SELL|10|LMT|190.5||GTC||DU1234567||0||1|0|0|0|0|0|1|0||0|||||||0||-1|0|||0|||0|0||0||||||0|||||0|||||||||||0|||0|0|||0||0|0|0|0||${S}|${S}|${S}|${S}|${S}|0||||${S}|||||0|0|0||2147483647|2147483647|0|||`;
const IB_ASYNC_MKT_178 = '3|12|0|AAPL|STK||0.0|||SMART||USD|||||BUY|100|MKT||||||O|0||1|0|0|0|0|0|0|0||0.0|||||||0||-1|0|||0|||0|0||0||||||0|||||0|||||||||||0|||0|0|||0||0|0|0|0|||||||0|||||||||0|0|0|0|||0|||';
const PY_1019_MKT_176 = `3|12|0|AAPL|STK||0.0|||SMART||USD|||||BUY|100|MKT|||||||0||1|0|0|0|0|0|0|0||0||||||||0||-1|0|||0|||0|0||0||||||0|||||0|||||||||||0|||0|0|||0||0|0|0|0||${S}|${S}|${S}|${S}|${S}|0||||${S}|||||0|0|0||2147483647|2147483647|0|||`;

describe('placeOrder vectors', () => {
  it('have the documented field counts', () => {
    expect(fieldsOf(PY_MKT_178)).toHaveLength(114);
    expect(fieldsOf(PY_LMT_178)).toHaveLength(114);
    expect(fieldsOf(IB_ASYNC_MKT_178)).toHaveLength(114);
    expect(fieldsOf(PY_1019_MKT_176)).toHaveLength(115);
  });

  it('official Python MKT at 178', () => {
    const { orderId, contract, order } = asOrder(decodeExact(PY_MKT_178, 178));
    expect(orderId).toBe(12);
    expect(contract).toMatchObject({ conId: 0, symbol: 'AAPL', secType: 'STK', strike: 0, exchange: 'SMART', currency: 'USD' });
    expect(order).toMatchObject({
      orderId: 12, action: 'BUY', totalQuantity: '100', orderType: 'MKT', lmtPrice: undefined, auxPrice: undefined,
      tif: '', transmit: true, exemptCode: -1, triggerPrice: undefined, cashQty: undefined, duration: undefined,
      postToAts: undefined, usePriceMgmtAlgo: undefined, whatIf: false,
    });
  });

  it('official Python LMT at 178', () => {
    const { order } = asOrder(decodeExact(PY_LMT_178, 178));
    expect(order).toMatchObject({ action: 'SELL', totalQuantity: '10', orderType: 'LMT', lmtPrice: 190.5, tif: 'GTC', account: 'DU1234567', outsideRth: true });
  });

  it('ib_async MKT at 178 (empty sentinels, openClose O, usePriceMgmtAlgo 0)', () => {
    const { order } = asOrder(decodeExact(IB_ASYNC_MKT_178, 178));
    expect(order).toMatchObject({ openClose: 'O', discretionaryAmt: 0, triggerPrice: undefined, usePriceMgmtAlgo: false, duration: undefined });
  });

  it('official 10.19 at 176 carries faProfile; a 178 order read at 176 runs out of fields', () => {
    expect(asOrder(decodeExact(PY_1019_MKT_176, 176)).order).toMatchObject({ faProfile: '', modelCode: '', exemptCode: -1 });
    expect(() => decodeRequest(nul(PY_MKT_178), 176)).toThrow(DecodeError);
  });

  it('a truncated order is a DecodeError carrying the order id', () => {
    const cut = payload(fieldsOf(PY_MKT_178).slice(0, 60));
    try {
      decodeRequest(cut, 178);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DecodeError);
      expect((e as DecodeError).reqId).toBe(12);
    }
  });
});

/** Inserts a conditional block after the 1-based field number `after` of the plain 178 MKT vector. */
function withBlocks(overrides: Record<number, string>, inserts: [after: number, fields: string[]][]): string {
  const f = fieldsOf(PY_MKT_178);
  for (const [n, v] of Object.entries(overrides)) f[Number(n) - 1] = v;
  for (const [after, block] of [...inserts].sort((a, b) => b[0] - a[0])) f.splice(after, 0, ...block);
  return `${f.join('|')}|`;
}

describe('placeOrder conditional blocks', () => {
  it('BAG legs, order combo prices and smart-combo params after hidden', () => {
    const v = withBlocks({ 5: 'BAG' }, [[35, ['2', '111', '1', 'BUY', 'SMART', '0', '0', '', '-1', '222', '1', 'SELL', 'SMART', '0', '0', '', '-1', '2', '1.5', '', '1', 'NonGuaranteed', '1']]]);
    const { contract, order } = asOrder(decodeExact(v, 178));
    expect(contract.comboLegs.map((l) => [l.conId, l.action])).toEqual([[111, 'BUY'], [222, 'SELL']]);
    expect(order.orderComboLegPrices).toEqual([1.5, undefined]);
    expect(order.smartComboRoutingParams).toEqual([{ tag: 'NonGuaranteed', value: '1' }]);
  });

  it('delta-neutral order block, scale extras, hedge param, delta-neutral contract, algo params', () => {
    const v = withBlocks(
      { 65: 'LMT', 73: '0.5', 77: 'D', 82: '1', 83: 'Adaptive' },
      [
        [66, ['12345', 'FIRM', 'ACCT', 'IB', 'O', '1', '2', 'LOC']],
        [73, ['0.1', '2', '0.3', '1', '100', '50', '0']],
        [77, ['0.5']],
        [82, ['777', '0.5', '101.25']],
        [83, ['1', 'adaptivePriority', 'Normal']],
      ],
    );
    const { contract, order } = asOrder(decodeExact(v, 178));
    expect(order).toMatchObject({
      deltaNeutralOrderType: 'LMT', deltaNeutralConId: 12345, deltaNeutralShortSale: true, deltaNeutralDesignatedLocation: 'LOC',
      scalePriceIncrement: 0.5, scalePriceAdjustValue: 0.1, scaleAutoReset: true, scaleInitFillQty: 50,
      hedgeType: 'D', hedgeParam: '0.5', algoStrategy: 'Adaptive', algoParams: [{ tag: 'adaptivePriority', value: 'Normal' }],
    });
    expect(contract.deltaNeutralContract).toEqual({ conId: 777, delta: 0.5, price: 101.25 });
  });

  it('PEG BENCH fields and every condition type', () => {
    const conditions = [
      '6',
      '1', 'a', '1', '150.5', '265598', 'SMART', '0',
      '3', 'o', '0', '20250101 10:00:00',
      '4', 'a', '1', '30',
      '5', 'a', 'STK', 'SMART', 'AAPL',
      '6', 'a', '1', '1000', '265598', 'SMART',
      '7', 'o', '0', '2.5', '265598', 'SMART',
      '1', '0',
    ];
    const v = withBlocks({ 19: 'PEG BENCH', 90: '6' }, [[89, ['1234', '1', '0.05', '0.1', 'NYSE']], [90, conditions.slice(1)]]);
    const { order } = asOrder(decodeExact(v, 178));
    expect(order).toMatchObject({ referenceContractId: 1234, isPeggedChangeAmountDecrease: true, peggedChangeAmount: 0.05, referenceExchangeId: 'NYSE' });
    expect(order.conditions.map((c) => c.type)).toEqual(['price', 'time', 'margin', 'execution', 'volume', 'percentChange']);
    expect(order.conditions[0]).toEqual({ type: 'price', conjunction: 'a', isMore: true, price: 150.5, conId: 265598, exchange: 'SMART', triggerMethod: 0 });
    expect(order).toMatchObject({ conditionsIgnoreRth: true, conditionsCancelOrder: false });
  });

  it('the ≥170 tail: IBKRATS minTradeQty, PEG BEST with up-to-mid offsets, PEG MID', () => {
    const best = asOrder(decodeExact(`${withBlocks({ 10: 'IBKRATS', 19: 'PEG BEST' }, []).slice(0, -1)}|100|200|Infinite|0.01|0.02|`, 178));
    expect(best.order).toMatchObject({ minTradeQty: 100, minCompeteSize: 200, competeAgainstBestOffset: Number.POSITIVE_INFINITY, midOffsetAtWhole: 0.01, midOffsetAtHalf: 0.02 });
    const mid = asOrder(decodeExact(`${withBlocks({ 19: 'PEG MID' }, []).slice(0, -1)}|0.01||`, 178));
    expect(mid.order).toMatchObject({ midOffsetAtWhole: 0.01, midOffsetAtHalf: undefined });
  });

  it('refuses an unknown condition type and absurd counts', () => {
    const f = fieldsOf(PY_MKT_178);
    f[89] = '1';
    f.splice(90, 0, '99', 'a');
    expect(() => decodeRequest(payload(f), 178)).toThrow(/condition type 99/);
    const g = fieldsOf(PY_MKT_178);
    g[89] = '100000000';
    expect(() => decodeRequest(payload(g), 178)).toThrow(DecodeError);
  });
});

describe('other requests (§4.3 examples)', () => {
  const cases: [string, number, WireRequest][] = [
    ['71|2|7||', 178, { kind: 'startApi', clientId: 7, optionalCapabilities: '' }],
    ['49|1|', 178, { kind: 'reqCurrentTime' }],
    ['8|1|-1|', 178, { kind: 'reqIds', numIds: -1 }],
    ['81|4002|AAP|', 178, { kind: 'reqMatchingSymbols', reqId: 4002, pattern: 'AAP' }],
    ['4|1|13||', 178, { kind: 'cancelOrder', orderId: 13, manualOrderCancelTime: '' }],
    ['5|1|', 178, { kind: 'reqOpenOrders' }],
    ['16|1|', 178, { kind: 'reqAllOpenOrders' }],
    ['15|1|1|', 178, { kind: 'reqAutoOpenOrders', autoBind: true }],
    ['99|0|', 178, { kind: 'reqCompletedOrders', apiOnly: false }],
    ['7|3|4003|0|||||||', 178, { kind: 'reqExecutions', reqId: 4003, filter: { clientId: 0, acctCode: '', time: '', symbol: '', secType: '', exchange: '', side: '' } }],
    ['61|1|', 178, { kind: 'reqPositions' }],
    ['64|1|', 178, { kind: 'cancelPositions' }],
    ['62|1|4004|All|NetLiquidation,TotalCashValue,BuyingPower|', 178, { kind: 'reqAccountSummary', reqId: 4004, group: 'All', tags: ['NetLiquidation', 'TotalCashValue', 'BuyingPower'] }],
    ['63|1|4004|', 178, { kind: 'cancelAccountSummary', reqId: 4004 }],
    ['59|1|3|', 178, { kind: 'reqMarketDataType', marketDataType: 3 }],
    ['2|2|4005|', 178, { kind: 'cancelMktData', reqId: 4005 }],
    ['58|1|', 178, { kind: 'reqGlobalCancel' }],
    ['17|1|', 178, { kind: 'reqManagedAccts' }],
    ['105|', 178, { kind: 'reqCurrentTimeInMillis' }],
    ['80|', 178, { kind: 'unsupported', msgId: 80, reqId: undefined }],
    ['78|4001|AAPL||STK|265598|', 178, { kind: 'unsupported', msgId: 78, reqId: 4001 }],
  ];
  it.each(cases)('%s', (vector, version, expected) => {
    const { request } = decodeRequestWithRest(nul(vector), version);
    expect(request).toEqual(expected);
  });

  it('reqContractDetails reads issuerId from 176', () => {
    const req = decodeExact('9|8|4001|0|AAPL|STK||0.0|||SMART||USD|||0||||', 178);
    expect(req).toMatchObject({ kind: 'reqContractDetails', reqId: 4001, contract: { symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD', issuerId: '' } });
    const isin = decodeExact('9|8|4002|0||STK||0.0|||SMART||USD|||0|ISIN|US0378331005||', 176);
    expect(isin).toMatchObject({ contract: { secIdType: 'ISIN', secId: 'US0378331005' } });
  });

  it('reqMktData plain, with BAG legs, and with a delta-neutral block', () => {
    expect(decodeExact('1|11|4005|0|AAPL|STK||0.0|||SMART||USD|||0||1|0||', 178)).toMatchObject({ kind: 'reqMktData', reqId: 4005, genericTickList: '', snapshot: true, regulatorySnapshot: false });
    const bag = decodeExact('1|11|4006|0|SPY|BAG||0.0|||SMART||USD|||2|1|1|BUY|SMART|2|1|SELL|SMART|0|233|0|0||', 178);
    expect(bag).toMatchObject({ contract: { comboLegs: [{ conId: 1, action: 'BUY' }, { conId: 2, action: 'SELL' }] }, genericTickList: '233' });
    const dn = decodeExact('1|11|4007|0|AAPL|OPT|20250620|200.0|C|100|SMART||USD|||1|265598|0.5|201.0||0|0||', 178);
    expect(dn).toMatchObject({ contract: { deltaNeutralContract: { conId: 265598, delta: 0.5, price: 201 } } });
  });

  it('every truncated request is a DecodeError, never another exception', () => {
    for (const [vector] of cases) {
      const f = fieldsOf(vector);
      for (let n = 0; n < f.length; n += 1) {
        try {
          decodeRequest(payload(f.slice(0, n)), 178);
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
        }
      }
    }
  });
});

describe('account updates requests (official client layouts)', () => {
  it('reqAccountUpdates subscribe / unsubscribe, with or without an account', () => {
    expect(decodeExact('6|2|1|DU1234567|', 178)).toEqual({ kind: 'reqAccountUpdates', subscribe: true, account: 'DU1234567' });
    expect(decodeExact('6|2|0||', 176)).toEqual({ kind: 'reqAccountUpdates', subscribe: false, account: '' });
  });

  it('reqAccountUpdatesMulti and its cancel', () => {
    expect(decodeExact('76|1|9001|All||1|', 178)).toEqual({ kind: 'reqAccountUpdatesMulti', reqId: 9001, account: 'All', modelCode: '', ledgerAndNLV: true });
    expect(decodeExact('77|1|9001|', 177)).toEqual({ kind: 'cancelAccountUpdatesMulti', reqId: 9001 });
  });
});
