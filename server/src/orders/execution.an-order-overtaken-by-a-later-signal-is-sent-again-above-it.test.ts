// Scenario: a plain order's IB id is reserved in its signal's transaction (execution.ts
// reserveWithSignal), and IB takes a new order only above the highest id its client used (103
// otherwise). On PostgreSQL two signals' transactions commit in either order: if the later
// reservation commits and is sent first, the earlier one must not go out under its now-lower id —
// it provably never left, so it is sent again under a new id above. A group reserved in the
// connection's queue (a bracket) can overtake it the same way. (SQLite runs one transaction
// at a time: there the reservations commit, and go out, in id order.)
import { afterEach, expect, it, vi } from 'vitest';
import type { Db } from '../db/index.ts';
import type { OrderIntent, ReportEnvelope } from '../domain/index.ts';
import { describeEachEngine } from '../../test/support/engines.ts';
import type { OrderExecution } from './execution.ts';
import { journal, journalOf } from './journal.ts';
import type { OrderSession, OrderSessions } from './ports.ts';
import { aaplIntent, executionForTest, journalDatabase } from './test-support.ts';

const CON = 'con_00000000000000000000000002';
const WS = 'ws_overtaken';

const intentFor = (n: number): OrderIntent => {
  const { limitPrice: _limit, ...market } = aaplIntent(n, WS, CON, { quantity: 1, orderType: 'MKT' });
  return market;
};

/** A ready session whose sends are recorded, with IB's id sequence (above the floor, never back). */
function recordingSessions() {
  const sent: number[] = [];
  const reserved: number[] = [];
  let next = 1;
  const listeners = new Set<(e: ReportEnvelope) => void>();
  const session: OrderSession = {
    attempt: 1, clientId: 5, ready: () => true,
    reserveOrderId: (floor) => {
      next = Math.max(next, floor + 1);
      reserved.push(next);
      return next++;
    },
    send: async (orderId) => {
      sent.push(orderId);
      return { outcome: 'sent', attempt: 1 };
    },
    cancel: async () => ({ outcome: 'sent', attempt: 1 }), modify: async () => ({ outcome: 'sent', attempt: 1 }), requestReconciliation: () => {},
  };
  const sessions: OrderSessions = {
    session: () => session,
    onReport: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const reconcile = () => {
    for (const l of listeners) l({ connectionId: CON, attempt: 1, origin: 'replay', report: { kind: 'reconciliation', takenAt: 1, orders: [], executions: [], commissions: [] } });
  };
  return { sent, reserved, sessions, reconcile };
}

describeEachEngine('execution: ids reserved with signals go out in id order', (engine) => {
  let db: Db | undefined;
  let execution: OrderExecution | undefined;
  afterEach(async () => {
    await execution?.stop();
    await db?.close();
    db = undefined;
  });

  async function started() {
    db = await journalDatabase(engine, WS);
    const fake = recordingSessions();
    execution = executionForTest(db, fake.sessions);
    await execution.start();
    fake.reconcile();
    // Applied in the connection's queue: from then on, orders are reserved with their signals.
    await execution.settled(CON);
    return fake;
  }
  const order = async (n: number) => (await journal.byId(journalOf(db as Db), intentFor(n).kairoxOrderId))!;
  const until = (check: () => Promise<boolean>) => vi.waitFor(async () => expect(await check()).toBe(true), { timeout: 10_000, interval: 5 });
  const journaledWithSignal = async (n: number) => {
    const o = await order(n);
    return o.state === 'journaled' && o.ib_order_id !== null;
  };

  it('journals each plain order with its signal and sends them in ascending id order', async () => {
    const fake = await started();
    const e = execution as OrderExecution;
    await (db as Db).kysely.transaction().execute((trx) => e.accept(trx, intentFor(1)));
    expect(await journaledWithSignal(1)).toBe(true);
    await (db as Db).kysely.transaction().execute((trx) => e.accept(trx, intentFor(2)));
    expect(await journaledWithSignal(2)).toBe(true);
    e.wake(CON);
    await until(async () => fake.sent.length === 2);
    expect(fake.sent).toEqual([(await order(1)).ib_order_id, (await order(2)).ib_order_id]);
    expect(fake.sent[0]).toBeLessThan(fake.sent[1] as number);
  });

  if (engine.name === 'postgres') {
    it('sends an order whose signal committed after a later-reserved group went out again under a new, higher id', async () => {
      const fake = await started();
      const e = execution as OrderExecution;
      await (db as Db).kysely.transaction().execute((trx) => e.accept(trx, intentFor(1)));
      expect(await journaledWithSignal(1)).toBe(true);
      // Signal 3 reserves its id in a transaction that stays open (it holds the floor's row)...
      let commitThree: () => void = () => {};
      const held = new Promise<void>((r) => { commitThree = r; });
      const three = (db as Db).kysely.transaction().execute(async (trx) => {
        await e.accept(trx, intentFor(3));
        await held;
      });
      try {
        await until(async () => fake.reserved.length === 2);
        // ...while a bracket (ids reserved at send time, in the queue) takes the next ids and waits for that row.
        const bracket = { ...intentFor(5), bracket: { takeProfit: { limitPrice: 300 }, stopLoss: { stopPrice: 100 } } };
        await (db as Db).kysely.transaction().execute((trx) => e.accept(trx, bracket));
        e.wake(CON);
        await until(async () => fake.reserved.length === 3);
      } finally {
        commitThree();
        await three;
      }
      e.wake(CON);
      // Order 1, the bracket's three rows, then order 3 under a new id above them all.
      await until(async () => fake.sent.length === 5 && (await order(3)).state === 'sent');
      const resent = await order(3);
      expect(fake.sent.slice(1, 4)).toEqual(fake.reserved.slice(2, 5));
      expect(fake.sent[4]).toBe(resent.ib_order_id);
      expect(resent.ib_order_id).toBeGreaterThan(Math.max(...fake.sent.slice(0, 4)));
      expect(fake.sent).toEqual([...fake.sent].sort((a, b) => a - b));
      const steps = await journal.events(journalOf(db as Db), resent.id);
      expect(steps.map((step) => step.event)).toEqual(expect.arrayContaining(['id_reserved', 'send_not_sent', 'resend', 'send_succeeded']));
      expect(JSON.stringify(steps.find((step) => step.event === 'send_not_sent')?.detail)).toContain('overtaken');
    });
  }
});
