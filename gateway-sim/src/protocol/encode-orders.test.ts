// openOrder / completedOrder golden strings assembled from the "real value" columns of
// tws-protocol.md §4.5.7 and §4.5.9 (TWS's own frames, `faProfile` removed for ≥177).
import { describe, expect, it } from 'vitest';
import { decodeRequest } from './decode.ts';
import { encodeCompletedOrder, encodeOpenOrder, orderState, twsEcho } from './encode-orders.ts';
import { defaultOrder, emptyContract } from './types.ts';

const wire = (fields: readonly string[]): string => `${fields.join('|')}|`;
const M = '1.7976931348623157E308';

const OPEN_ORDER_MKT_178 = `5|5|265598|AAPL|STK||0|?||SMART|USD|AAPL|NMS|BUY|100|MKT|0.0|0.0|DAY||DU1234567||0||100|600745656|0|0|0||600745656.0/DU1234567/100|||||||||0||-1|0||||||2147483647|0|0|0||3|0|0||0|0||0|None||0||||?|0|0||0|0||||||0|0|0|2147483647|2147483647|||0||IB|0|0||0|0|PreSubmitted|${M}|${M}|${M}|${M}|${M}|${M}|${M}|${M}|${M}||||||0|0|0|None|${M}|${M}|${M}|${M}|${M}|${M}|0||||0|1|0|0|0|||0||100|0.02|||`;
const COMPLETED_ORDER_178 = `101|637533641|ES|FUT|20250919|0|?|50|CME|USD|ESU5|ES|BUY|1|LMT|5800.0|0.0|DAY||DU1236109||0||2126726143|0|0|0||||||||||0||-1||||||2147483647|0|0||3|0||0|None||0|0|0||0|0||||0|0|0|2147483647|2147483647||||IB|0|0||0|Cancelled|0|0|0|5801.0|${M}|0|1|0||0|2147483647|0|Not an insider or substantial shareholder|0|0|9223372036854775807|20250708 02:34:46 America/New_York|Cancelled by Trader||||||`;
const PY_MKT_178 = '3|12|0|AAPL|STK||0.0|||SMART||USD|||||BUY|100|MKT|||||||0||1|0|0|0|0|0|0|0||0|||||||0||-1|0|||0|||0|0||0||||||0|||||0|||||||||||0|||0|0|||0||0|0|0|0||1.7976931348623157e+308|1.7976931348623157e+308|1.7976931348623157e+308|1.7976931348623157e+308|1.7976931348623157e+308|0||||1.7976931348623157e+308|||||0|0|0||2147483647|2147483647|0|||';

/** The openOrder a real Gateway sends for the official client's plain MKT order. */
function placedMktView(version: number) {
  const req = decodeRequest(PY_MKT_178.replaceAll('|', '\u0000'), 178);
  if (req.kind !== 'placeOrder') throw new Error('not an order');
  const contract = { ...req.contract, conId: 265598, localSymbol: 'AAPL', tradingClass: 'NMS' };
  const order = { ...req.order, orderId: 5, account: 'DU1234567', clientId: 100, permId: 600745656 };
  const echo = twsEcho(contract, order);
  return { version, view: { ...echo, state: orderState('PreSubmitted') } };
}

describe('openOrder', () => {
  it('a placed plain MKT order echoes as the captured 135-field frame at 178', () => {
    const { view } = placedMktView(178);
    const f = encodeOpenOrder(178, view);
    expect(f).toHaveLength(135);
    expect(wire(f)).toBe(OPEN_ORDER_MKT_178);
  });

  it('carries faProfile after faPercentage only below 177', () => {
    const { view } = placedMktView(176);
    const at176 = encodeOpenOrder(176, view);
    expect(at176).toHaveLength(136);
    const expected = OPEN_ORDER_MKT_178.split('|').slice(0, -1);
    expected.splice(34, 0, '');
    expect(at176).toEqual(expected);
    expect(encodeOpenOrder(177, view)).toHaveLength(135);
  });

  it('emits the conditional blocks that the order carries', () => {
    const { view } = placedMktView(178);
    const contract = { ...view.contract, deltaNeutralContract: { conId: 1, delta: 0.5, price: 10 } };
    const order = {
      ...view.order, hedgeType: 'D', hedgeParam: '0.5', algoStrategy: 'Adaptive',
      algoParams: [{ tag: 'adaptivePriority', value: 'Normal' }],
      conditions: [{ type: 'margin' as const, conjunction: 'a', isMore: true, percent: 30 }], conditionsIgnoreRth: true,
    };
    const f = encodeOpenOrder(178, { contract, order, state: view.state });
    // hedgeParam 1 + delta-neutral contract 3 + algo params 1+2 + condition 4 + ignoreRth/cancel 2
    expect(f).toHaveLength(135 + 1 + 3 + 3 + 4 + 2);
    const s = wire(f);
    expect(s).toContain('|D|0.5|0|');
    expect(s).toContain('|1|1|0.5|10.0|Adaptive|1|adaptivePriority|Normal|');
    expect(s).toContain('|1|4|a|1|30|1|0|None|');
  });

  it('a what-if answer carries margin strings', () => {
    const { view } = placedMktView(178);
    const f = encodeOpenOrder(178, { ...view, order: { ...view.order, whatIf: true }, state: orderState('PreSubmitted', { initMarginAfter: '12345.67', commission: 1 }) });
    expect(f[92]).toBe('1');
    expect(f[100]).toBe('12345.67');
    expect(f[103]).toBe('1.0');
  });
});

describe('completedOrder', () => {
  const contract = emptyContract({
    conId: 637533641, symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: '20250919', strike: 0, multiplier: '50',
    exchange: 'CME', currency: 'USD', localSymbol: 'ESU5', tradingClass: 'ES',
  });
  const order = defaultOrder({
    action: 'BUY', totalQuantity: '1', orderType: 'LMT', lmtPrice: 5800, account: 'DU1236109', permId: 2126726143,
    trailStopPrice: 5801,
  });

  it('matches the captured 100-field frame at 178 (short delta-neutral block)', () => {
    const echo = twsEcho(contract, order, 'completed');
    const view = {
      ...echo, status: 'Cancelled', filledQuantity: '0', completedTime: '20250708 02:34:46 America/New_York',
      completedStatus: 'Cancelled by Trader',
    };
    const f = encodeCompletedOrder(178, view);
    expect(f).toHaveLength(100);
    expect(wire(f)).toBe(COMPLETED_ORDER_178);
    expect(encodeCompletedOrder(176, view)).toHaveLength(101);
  });
});
