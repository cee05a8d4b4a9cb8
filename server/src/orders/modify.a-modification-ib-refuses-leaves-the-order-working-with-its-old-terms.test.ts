// Scenario: a working order is modified (journaled, then sent on its own IB order id) and IB
// answers the placeOrder with an order error (10148: it cannot be changed now). The error is the
// modification's, not the order's: the order keeps working with its old quantity and price, and the
// refusal is recorded with IB's code and text. A modification whose send provably never left is
// undone the same way; one whose outcome a drop lost is settled by IB's open order in the
// reconciliation after the reconnect (its terms or the old ones), never sent again. A fake session stands in for IB (the simulator accepts every modify of a
// working order); SQLite and PostgreSQL.
import { afterEach, expect, it } from 'vitest';
import { ManualClock } from '../common/index.ts';
import type { Db } from '../db/index.ts';
import type { OrderTicket, ReportEnvelope, SendOutcome } from '../domain/index.ts';
import { describeEachEngine } from '../../test/support/engines.ts';
import type { OrderExecution } from './execution.ts';
import { journal, journalOf } from './journal.ts';
import { OrderModifications } from './modify.ts';
import type { OrderSession, OrderSessions } from './ports.ts';
import { aaplIntent, executionForTest, journalDatabase } from './test-support.ts';

const CON = 'con_00000000000000000000000002';
const WS = 'ws_modify';
const intent = aaplIntent(2, WS, CON);
const ORDER = intent.kairoxOrderId;

function fakeSessions(modifyOutcome: SendOutcome) {
  const listeners = new Set<(e: ReportEnvelope) => void>();
  const modified: Array<{ orderId: number; ticket: OrderTicket }> = [];
  const session: OrderSession = {
    attempt: 1, clientId: 0, ready: () => true, reserveOrderId: (floor) => floor + 1,
    send: async () => ({ outcome: 'sent', attempt: 1 }), cancel: async () => ({ outcome: 'sent', attempt: 1 }),
    modify: async (orderId, ticket) => {
      modified.push({ orderId, ticket });
      return modifyOutcome;
    },
    requestReconciliation: () => undefined,
  };
  const sessions: OrderSessions = {
    session: () => session,
    onReport: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const deliver = (e: Partial<ReportEnvelope> & Pick<ReportEnvelope, 'report'>) => {
    for (const l of listeners) l({ connectionId: CON, attempt: 1, origin: 'live', ...e });
  };
  return { sessions, deliver, modified };
}

describeEachEngine('modify: IB refuses the modification', (engine) => {
  let db: Db | undefined;
  let execution: OrderExecution | undefined;
  afterEach(async () => {
    await execution?.stop();
    await db?.close();
    db = undefined;
  });

  async function workingOrder(modifyOutcome: SendOutcome) {
    db = await journalDatabase(engine, WS);
    const fake = fakeSessions(modifyOutcome);
    const clock = new ManualClock(Date.UTC(2026, 11, 1, 17));
    const audit = { appendMany: async () => undefined };
    execution = executionForTest(db, fake.sessions, { clock, audit });
    await execution.start();
    await execution.accept(db.kysely, intent);
    await journal.update(journalOf(db), ORDER, { state: 'working', ib_client_id: 0, ib_order_id: 7, updated_at: 1 });
    // IB's picture of the attempt (the order working) opens sending on it.
    fake.deliver({ origin: 'replay', report: { kind: 'reconciliation', takenAt: 1, orders: [{ kind: 'order', key: { orderRef: ORDER, permId: 900 }, phase: 'working', ibStatus: 'Submitted' }], executions: [], commissions: [] } });
    await execution.settled(CON);
    const modifications = new OrderModifications({
      db, clock, audit, turns: execution,
      recheck: { reassess: async (p) => ({ ok: true, ...(p.limitPrice !== undefined && { limitPrice: p.limitPrice }), steps: [] }) },
    });
    return { ...fake, modifications };
  }

  const order = async () => (await journal.byId(journalOf(db as Db), ORDER))!;
  const kinds = async () => (await journal.events(journalOf(db as Db), ORDER)).map((e) => e.kind).filter((k) => k.startsWith('modify_'));

  it('keeps the order working with its old quantity and price when IB answers the modify with an error, and says why', async () => {
    const { modifications, deliver, modified } = await workingOrder({ outcome: 'sent', attempt: 1 });
    expect(await modifications.modify(WS, ORDER, { quantity: 12, limitPrice: 149 })).toEqual({ outcome: 'sent' });
    expect(modified).toMatchObject([{ orderId: 7, ticket: { orderRef: ORDER, quantity: 12, limitPrice: 149 } }]);
    expect(await order()).toMatchObject({ state: 'working', quantity: 12 });

    const text = 'OrderId 7 that needs to be cancelled cannot be cancelled, state: PendingCancel.';
    deliver({ report: { kind: 'orderError', orderId: 7, code: 10148, message: text, cancels: false, rejects: true } });
    await execution?.settled(CON);

    const after = await order();
    expect(after).toMatchObject({ state: 'working', quantity: 10 });
    expect(JSON.parse(after.intent)).toMatchObject({ quantity: 10, limitPrice: 150 });
    expect(await kinds()).toEqual(['modify_requested', 'modify_sent', 'modify_rejected']);
    const rejected = (await journal.events(journalOf(db as Db), ORDER)).find((e) => e.kind === 'modify_rejected');
    expect(JSON.parse(rejected?.detail ?? '{}')).toMatchObject({ code: 10148, message: text, restored: { quantity: 10, limitPrice: 150 } });
  });

  const picture = (terms: { quantity: number; limitPrice: number }) => ({
    origin: 'replay' as const, attempt: 2,
    report: { kind: 'reconciliation' as const, takenAt: 2, orders: [{ kind: 'order' as const, key: { orderRef: ORDER, permId: 900 }, phase: 'working' as const, ibStatus: 'Submitted', terms }], executions: [], commissions: [] },
  });

  it('settles a modification whose outcome a drop lost by IB\'s open order after the reconnect: old terms there mean it did not take, and it is not sent again', async () => {
    const { modifications, deliver, modified } = await workingOrder({ outcome: 'unknown', reason: 'the connection dropped during the send' });
    expect(await modifications.modify(WS, ORDER, { quantity: 12, limitPrice: 149 })).toEqual({ outcome: 'outcome_unknown', why: 'the connection dropped during the send' });
    deliver(picture({ quantity: 10, limitPrice: 150 }));
    await execution?.settled(CON);

    expect(modified).toHaveLength(1);
    const after = await order();
    expect(after).toMatchObject({ state: 'working', quantity: 10 });
    expect(JSON.parse(after.intent)).toMatchObject({ quantity: 10, limitPrice: 150 });
    expect(await kinds()).toEqual(['modify_requested', 'modify_outcome_unknown', 'modify_not_applied']);
  });

  it('settles a modification whose outcome a drop lost as taken when IB\'s open order shows its terms after the reconnect', async () => {
    const { modifications, deliver, modified } = await workingOrder({ outcome: 'unknown', reason: 'the connection dropped during the send' });
    await modifications.modify(WS, ORDER, { quantity: 12, limitPrice: 149 });
    deliver(picture({ quantity: 12, limitPrice: 149 }));
    await execution?.settled(CON);

    expect(modified).toHaveLength(1);
    expect(await order()).toMatchObject({ state: 'working', quantity: 12 });
    expect(await kinds()).toEqual(['modify_requested', 'modify_outcome_unknown', 'modify_acknowledged']);
  });

  it('undoes a modification whose send never left Kairox, and answers not ready', async () => {
    const { modifications } = await workingOrder({ outcome: 'not_sent', reason: 'not connected' });
    expect(await modifications.modify(WS, ORDER, { quantity: 12 })).toEqual({ outcome: 'not_ready', why: 'not connected' });
    expect(await order()).toMatchObject({ state: 'working', quantity: 10 });
    expect(JSON.parse((await order()).intent)).toMatchObject({ quantity: 10 });
    expect(await kinds()).toEqual(['modify_requested', 'modify_not_sent']);
  });
});
