// Scenario (issue 9, audit): an auditor reads the audit trail of a day's trading. A market order
// larger than the size shown at the touch fills in several slices: every execution is an
// `order.fill` entry (execId, shares, price, cumulative filled) and every commission an
// `order.commission` entry, each once, beside the `order.<state>` entries. IB's words on our orders
// are there verbatim: the notice IB sends on a working order's id (399) and the text of a 201
// rejection (`order.ib_message`). The JSONL and CSV exports carry all of it, and the workspace's
// chain verifies as `kairox audit verify` checks it.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { AuditLog, describeVerdict, verifyWorkspaces } from '../../src/audit/index.ts';
import { parseCsv } from '../support/csv.ts';
import { describeEachEngine } from '../support/engines.ts';
import { AAPL, MARKET_BUY, startExecutionScenario, type ExecutionScenario } from '../support/execution-scenario.ts';

interface TrailEvent { seq: number; action: string; target: { type: string; id: string } | null; data: Record<string, unknown> }

const QTY = 6_000;
/** The scenario's limits, with room for one large order. */
const POLICY = { maxOrderQuantity: 1000, maxOrderNotional: 1_000_000, maxPositionQuantity: 10_000, maxPositionNotional: 10_000_000, maxGrossExposure: 100_000_000, maxOrdersPerMinute: 1000, maxOrdersPerDay: 1000, priceCollarPercent: 50 };
const REJECTION = 'Order rejected - reason:The account is not permitted to trade this product.';
const NOTICE = 'Order Message:\nBUY 3 AAPL NASDAQ.NMS\nWarning: your order will not be placed at the exchange until 2026-12-02 09:30:00 US/Eastern';

describeEachEngine('audit of every fill, commission and IB message', (engine) => {
  let s: ExecutionScenario;
  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: 81 });
  });
  afterAll(async () => {
    await s?.close();
  });

  const exported = async (): Promise<TrailEvent[]> => {
    const response = await s.owner.request({ url: '/api/audit/export?format=jsonl' });
    expect(response.statusCode, response.body).toBe(200);
    return response.body.trim().split('\n').map((line) => JSON.parse(line) as TrailEvent);
  };
  const ofOrder = (events: TrailEvent[], id: string, action: string) => events.filter((e) => e.target?.id === id && e.action === action);

  it('has one order.fill and one order.commission per execution of an order filled in slices', async () => {
    // The simulator fills what the touch shows (at most 2,000 shares) and the rest a slice per 250 ms
    // of its clock: 6,000 shares take at least three executions, two of them partial.
    await s.intake.setPolicy({ ...POLICY, maxOrderQuantity: QTY, maxPositionQuantity: 10 * QTY });
    s.gateway.setPrice(AAPL, 20);
    const id = await s.submit({ ...MARKET_BUY, size: { qty: QTY } });
    const filled = await s.untilOrder(id, (o) => {
      s.gateway.advanceClock(250);
      expect(o.state).toBe('filled');
      expect(o.fills.every((f) => f.commission !== null)).toBe(true);
    });
    expect(filled.fills.length).toBeGreaterThanOrEqual(3);

    const trail = await vi.waitFor(async () => {
      const events = await exported();
      expect(ofOrder(events, id, 'order.commission')).toHaveLength(filled.fills.length);
      return events;
    }, { timeout: 5_000, interval: 25 });
    const fills = ofOrder(trail, id, 'order.fill');
    expect(fills.map((e) => e.data['execId']).sort()).toEqual(filled.fills.map((f) => f.execId).sort());
    expect(new Set(fills.map((e) => e.data['execId'])).size).toBe(fills.length);
    for (const e of fills) expect(e.data).toMatchObject({ connectionId: s.connectionId, side: 'BOT', shares: expect.any(Number), price: expect.any(Number), filled: expect.any(Number), of: QTY });
    // Cumulative, in the order the executions were applied, ending at the whole quantity.
    const cumulative = fills.map((e) => e.data['filled'] as number);
    expect(cumulative).toEqual([...cumulative].sort((a, b) => a - b));
    expect(cumulative.at(-1)).toBe(QTY);
    expect(fills.reduce((n, e) => n + (e.data['shares'] as number), 0)).toBe(QTY);
    const commissions = ofOrder(trail, id, 'order.commission');
    expect(commissions.map((e) => e.data['execId']).sort()).toEqual(filled.fills.map((f) => f.execId).sort());
    for (const c of commissions) {
      const fill = filled.fills.find((f) => f.execId === c.data['execId']);
      expect(c.data).toMatchObject({ commission: fill?.commission, currency: 'USD' });
    }
    // The state entries are still there, once per state.
    expect(ofOrder(trail, id, 'order.partially_filled')).toHaveLength(1);
    expect(ofOrder(trail, id, 'order.filled')).toHaveLength(1);
  });

  it('keeps IB\'s notice on a working order and its 201 rejection text verbatim', async () => {
    const quote = s.gateway.engine.quote(AAPL);
    if (!quote) throw new Error('no AAPL quote');
    const working = await s.submit({ ...MARKET_BUY, size: { qty: 3 }, orderType: 'LMT', limitPrice: Math.floor(quote.bid * 0.8) });
    const w = await s.untilOrder(working, (o) => expect(o.state).toBe('working'));
    s.gateway.sendError(s.clientId, w.ib.orderId ?? 0, 399, NOTICE);

    s.gateway.rejectNextOrder(201, REJECTION);
    const rejected = await s.submit({ ...MARKET_BUY, size: { qty: 1 } });
    await s.untilOrder(rejected, (o) => expect(o.state).toBe('rejected'));

    const trail = await vi.waitFor(async () => {
      const events = await exported();
      expect(ofOrder(events, working, 'order.ib_message')).toHaveLength(1);
      return events;
    }, { timeout: 5_000, interval: 25 });
    expect(ofOrder(trail, working, 'order.ib_message')[0]?.data).toMatchObject({ code: 399, message: NOTICE, ibOrderId: w.ib.orderId, state: 'working' });
    expect(ofOrder(trail, rejected, 'order.ib_message').map((e) => e.data)).toEqual([expect.objectContaining({ code: 201, message: REJECTION })]);
    expect(ofOrder(trail, rejected, 'order.rejected')).toHaveLength(1);
    // A notice changes nothing: the order still works.
    expect((await s.order(working)).state).toBe('working');

    // The CSV export carries the same entries.
    const csv = await s.owner.request({ url: '/api/audit/export?format=csv' });
    const rows = parseCsv(csv.body);
    const header = rows[0] ?? [];
    const action = header.indexOf('action');
    const data = header.indexOf('data');
    const messages = rows.slice(1).filter((r) => r[action] === 'order.ib_message').map((r) => JSON.parse(r[data] ?? '{}') as { message: string });
    expect(messages.map((m) => m.message)).toEqual(expect.arrayContaining([NOTICE, REJECTION]));
    expect(rows.slice(1).filter((r) => r[action] === 'order.fill').length).toBe(trail.filter((e) => e.action === 'order.fill').length);

    // `kairox audit verify`'s check, over every workspace.
    const verdicts = await verifyWorkspaces(s.kairox.db, new AuditLog(s.gateway.clock));
    for (const v of verdicts) expect(v.verdict.ok, describeVerdict(v)).toBe(true);
    const chained = verdicts.reduce((n, v) => n + v.verdict.checked, 0);
    expect(chained).toBeGreaterThanOrEqual(trail.length);
  });
});
