// Trading over a real socket with the official client's byte layouts: a market order's
// full message sequence, order visibility between clients, executions, positions,
// account summary, contract look-ups, snapshot market data, cancel, read-only mode.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../src/server/index.ts';
import { RawClient, fields, wire } from './support/raw-client.ts';
import type { Msg } from './support/raw-client.ts';
import { testGateway } from './support/gateway.ts';

const S = '1.7976931348623157e+308';
/** Official Python 10.30 at 178 (tws-protocol.md §4.4) with the order id and type/price substituted. */
function pyOrder(orderId: number, action: 'BUY' | 'SELL', qty: number, type: 'MKT' | 'LMT', lmt = '', tif = '', orderRef = ''): string {
  return `3|${orderId}|0|AAPL|STK||0.0|||SMART||USD|||||${action}|${qty}|${type}|${lmt}||${tif}||||0|${orderRef}|1|0|0|0|0|0|0|0||0|||||||0||-1|0|||0|||0|0||0||||||0|||||0|||||||||||0|||0|0|||0||0|0|0|0||${S}|${S}|${S}|${S}|${S}|0||||${S}|||||0|0|0||2147483647|2147483647|0|||`;
}

let gw: Gateway;
let c1: RawClient;
beforeEach(async () => {
  gw = await testGateway();
  c1 = await RawClient.ready(gw.port, 1);
});
afterEach(async () => {
  c1.close();
  await gw.close();
});

describe('a market order that fills at once', () => {
  it('produces openOrder, orderStatus, execDetails, openOrder, orderStatus, commissionReport with exact field counts', async () => {
    c1.sendWire(pyOrder(1, 'BUY', 100, 'MKT', '', '', 'kx-1'));
    const seq = await c1.until((m) => m[0] === '59');
    const order = seq.filter((m) => ['5', '3', '11', '59'].includes(m[0] ?? ''));
    expect(order.map((m) => [m[0], m.length])).toEqual([['5', 135], ['3', 12], ['11', 32], ['5', 135], ['3', 12], ['59', 8]]);
    const [open1, st1, exec, open2, st2, comm] = order as [Msg, Msg, Msg, Msg, Msg, Msg];
    expect(open1.slice(0, 16)).toEqual(['5', '1', '265598', 'AAPL', 'STK', '', '0', '?', '', 'SMART', 'USD', 'AAPL', 'NMS', 'BUY', '100', 'MKT']);
    expect(open1[23]).toBe('kx-1');
    expect(open1[24]).toBe('1');
    expect(open1[93]).toBe('PreSubmitted');
    expect(st1.slice(0, 5)).toEqual(['3', '1', 'PreSubmitted', '0', '100']);
    expect(exec[1]).toBe('-1');
    expect(exec[2]).toBe('1');
    expect(exec[18]).toBe('BOT');
    expect(exec[15]).toMatch(/^20261123 10:00:00 America\/New_York$/);
    expect(open2[93]).toBe('Filled');
    expect(st2.slice(0, 5)).toEqual(['3', '1', 'Filled', '100', '0']);
    expect(Number(st2[5])).toBeGreaterThan(0);
    expect(comm[2]).toBe(exec[14]);
    expect(comm[5]).toBe('1.7976931348623157E308');
  });
});

describe('order visibility between clients', () => {
  it('a client sees its own orders; reqAllOpenOrders from any client lists every client\'s orders', async () => {
    const c2 = await RawClient.ready(gw.port, 2);
    const c0 = await RawClient.ready(gw.port, 0);
    c1.sendWire(pyOrder(1, 'BUY', 10, 'LMT', '1.0', 'GTC'));
    await c1.waitFor((m) => m[0] === '3' && m[2] === 'Submitted');
    c2.sendWire(pyOrder(1, 'BUY', 20, 'LMT', '2.0', 'GTC'));
    await c2.waitFor((m) => m[0] === '3' && m[2] === 'Submitted');
    expect(c0.received.some((m) => m[0] === '5')).toBe(false);

    c1.sendWire('5|1|');
    const own = (await c1.until((m) => m[0] === '53')).filter((m) => m[0] === '5');
    expect(own.map((m) => [m[1], m[24]])).toEqual([['1', '1']]);

    c0.sendWire('16|1|');
    const all = (await c0.until((m) => m[0] === '53')).filter((m) => m[0] === '5');
    expect(all.map((m) => [m[1], m[24], m[14]]).sort()).toEqual([['1', '1', '10'], ['1', '2', '20']]);

    c2.sendWire('15|1|1|');
    expect(wire(await c2.waitFor((m) => m[0] === '4'))).toBe('4|2|-1|327|Only API connections with clientId set to 0 can set the auto bind TWS orders property.||');
    c2.close();
    c0.close();
  });
});

describe('cancel', () => {
  it('a resting order goes PendingCancel → Cancelled with error 202; an unknown id gets 10147', async () => {
    c1.sendWire(pyOrder(1, 'BUY', 10, 'LMT', '1.0', 'GTC'));
    await c1.waitFor((m) => m[0] === '3' && m[2] === 'Submitted');
    c1.sendWire('4|1|1||');
    const seq = await c1.until((m) => m[0] === '4');
    expect(seq.filter((m) => m[0] === '3').map((m) => m[2])).toEqual(['PendingCancel', 'Cancelled']);
    expect(wire(seq[seq.length - 1] ?? [])).toBe('4|2|1|202|Order Canceled - reason:||');
    c1.sendWire('4|1|99||');
    expect((await c1.waitFor((m) => m[0] === '4')).slice(2, 4)).toEqual(['99', '10147']);
    c1.sendWire('99|0|');
    const done = await c1.until((m) => m[0] === '102');
    const completed = done.filter((m) => m[0] === '101');
    expect(completed).toHaveLength(1);
    expect(completed[0]).toHaveLength(100);
    expect(completed[0]?.[76]).toBe('Cancelled');
  });
});

describe('executions, positions and account summary', () => {
  it('answer with exact layouts after a fill', async () => {
    c1.sendWire(pyOrder(1, 'BUY', 100, 'MKT'));
    await c1.waitFor((m) => m[0] === '59');

    c1.sendWire('7|3|4003|0|||||||');
    const execs = await c1.until((m) => m[0] === '55');
    expect(execs.map((m) => [m[0], m.length])).toEqual([['11', 32], ['59', 8], ['55', 3]]);
    expect(execs[0]?.[1]).toBe('4003');

    c1.sendWire('61|1|');
    const pos = await c1.until((m) => m[0] === '62');
    expect(pos.map((m) => m.length)).toEqual([16, 2]);
    expect(pos[0]?.slice(0, 15)).toEqual(['61', '3', 'DU1234567', '265598', 'AAPL', 'STK', '', '0.0', '', '', 'NASDAQ', 'USD', 'AAPL', 'NMS', '100']);

    c1.sendWire('62|1|4004|All|NetLiquidation,TotalCashValue,AccountType,ReqTEquity|');
    const sum = await c1.until((m) => m[0] === '64');
    expect(sum.map((m) => m.length)).toEqual([7, 7, 7, 7, 3]);
    expect(sum.map((m) => m[0] === '64' ? m[2] : m[4])).toEqual(['NetLiquidation', 'TotalCashValue', 'AccountType', 'RegTEquity', '4004']);
    expect(sum[0]?.[5]).toMatch(/^\d+\.\d{2}$/);
    expect(sum[2]?.slice(5)).toEqual(['INDIVIDUAL', '']);

    c1.sendWire('62|1|4005|All|NetLiquidation|');
    await c1.waitFor((m) => m[0] === '64');
    c1.sendWire('62|1|4006|All|NetLiquidation|');
    const limit = await c1.waitFor((m) => m[0] === '4');
    expect(limit.slice(2, 4)).toEqual(['4006', '322']);

    // A second fill pushes a position update to the reqPositions subscriber.
    c1.sendWire(pyOrder(2, 'SELL', 40, 'MKT'));
    const update = await c1.waitFor((m) => m[0] === '61');
    expect(update[14]).toBe('60');
  });
});

describe('contracts and market data', () => {
  it('reqContractDetails answers 42-field contractData then the end marker; no match is 200', async () => {
    c1.sendWire('9|8|4001|0|AAPL|STK||0.0|||SMART||USD|||0||||');
    const cd = await c1.until((m) => m[0] === '52');
    expect(cd.map((m) => [m[0], m.length])).toEqual([['10', 42], ['52', 3]]);
    expect(cd[0]?.[12]).toBe('265598');
    c1.sendWire('9|8|4002|0|NOPE|STK||0.0|||SMART||USD|||0||||');
    expect((await c1.waitFor((m) => m[0] === '4' || m[0] === '52')).slice(0, 4)).toEqual(['4', '2', '4002', '200']);
  });

  it('reqMatchingSymbols answers one symbolSamples', async () => {
    c1.sendWire('81|4002|AAP|');
    const s = await c1.waitFor((m) => m[0] === '79');
    expect(s.slice(0, 8)).toEqual(['79', '4002', s[2], '265598', 'AAPL', 'STK', 'NASDAQ', 'USD']);
  });

  it('a snapshot starts with marketDataType and tickReqParams and ends with tickSnapshotEnd', async () => {
    c1.sendWire('1|11|4005|0|AAPL|STK||0.0|||SMART||USD|||0||1|0||');
    const msgs = await c1.until((m) => m[0] === '57');
    const ids = msgs.map((m) => m[0]);
    expect(ids.slice(0, 2)).toEqual(['58', '81']);
    expect(msgs.filter((m) => m[0] === '1').every((m) => m.length === 7)).toBe(true);
    expect(ids).toContain('1');
    c1.sendWire('2|2|4005|');
    expect((await c1.waitFor((m) => m[0] === '4')).slice(2, 5)).toEqual(['4005', '300', "Can't find EId with tickerId:4005"]);
    c1.sendWire('1|11|4006|0|AAPL|STK||0.0|||SMART||USD|||0|233|1|0||');
    expect((await c1.waitFor((m) => m[0] === '4')).slice(2, 4)).toEqual(['4006', '321']);
  });
});

describe('read-only API mode', () => {
  it('refuses orders and cancels with 321 and keeps serving reads', async () => {
    gw.setReadOnly(true);
    c1.sendWire(pyOrder(1, 'BUY', 1, 'MKT'));
    const err = await c1.waitFor((m) => m[0] === '4');
    expect(wire(err)).toBe("4|2|1|321|Error validating request.-'bN' : cause - The API interface is currently in Read-Only mode.||");
    c1.sendWire('5|1|');
    expect(await c1.waitFor((m) => m[0] === '53')).toEqual(fields('53|1|'));
    gw.setReadOnly(false);
    c1.sendWire(pyOrder(2, 'BUY', 1, 'MKT'));
    await c1.waitFor((m) => m[0] === '59');
  });
});

describe('streaming market data', () => {
  it('pushes ticks as the price moves and stops after cancelMktData', async () => {
    c1.sendWire('1|11|4010|0|AAPL|STK||0.0|||SMART||USD|||0||0|0||');
    await c1.waitFor((m) => m[0] === '1' && m[3] === '2');
    c1.sendWire('1|11|4010|0|AAPL|STK||0.0|||SMART||USD|||0||0|0||');
    expect((await c1.waitFor((m) => m[0] === '4')).slice(2, 4)).toEqual(['4010', '102']);
    gw.setPrice(265598, 300);
    gw.advanceClock(5_000);
    const tick = await c1.waitFor((m) => m[0] === '1' && m[2] === '4010');
    expect(tick).toHaveLength(7);
    c1.sendWire('2|2|4010|');
    c1.sendWire('49|1|');
    await c1.waitFor((m) => m[0] === '49');
    const seen = c1.received.length;
    gw.setPrice(265598, 310);
    gw.advanceClock(5_000);
    c1.sendWire('49|1|');
    await c1.waitFor((m) => m[0] === '49');
    expect(c1.received.slice(seen).filter((m) => m[0] === '1' && m[2] === '4010')).toEqual([]);
  });
});
