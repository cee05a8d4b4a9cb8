// Scenario: Kairox runs as client 0, which IB also tells about other clients' orders. Another
// client's fill arrives with no orderRef and an order id that happens to equal one Kairox used; a
// status of that id with another client id comes too. Neither may touch Kairox's order: an
// execution names no client, so only its orderRef or permId can make it ours. Kairox's own status
// and fill (orderRef, or its client id and order id) still do. And a reconciliation that fails to
// apply keeps sending closed and asks IB again, while the reports after it still apply.
import { afterEach, expect, it } from 'vitest';
import type { Db } from '../db/index.ts';
import { describeEachEngine } from '../../test/support/engines.ts';
import type { OrderExecution } from './execution.ts';
import { journal, journalOf } from './journal.ts';
import { aaplIntent, executionForTest, fakeOrderSessions, journalDatabase, type FakeOrderSessions } from './test-support.ts';

const CON = 'con_00000000000000000000000001';
const WS = 'ws_client_zero';
const intent = aaplIntent(1, WS, CON);
const ORDER = intent.kairoxOrderId;

describeEachEngine('execution: only our orders', (engine) => {
  let db: Db | undefined;
  let execution: OrderExecution | undefined;
  afterEach(async () => {
    await execution?.stop();
    await db?.close();
    db = undefined;
  });

  async function working(): Promise<{ sessions: FakeOrderSessions }> {
    db = await journalDatabase(engine, WS);
    const sessions = fakeOrderSessions(CON);
    execution = executionForTest(db, sessions, { reconcileRetryMs: 20 });
    await execution.start();
    await execution.accept(db.kysely, intent);
    // Kairox's own order, sent as client 0's order id 7 and acknowledged.
    await journal.update(journalOf(db), ORDER, { state: 'working', ib_client_id: 0, ib_order_id: 7, updated_at: 1 });
    return { sessions };
  }

  const order = async () => (await journal.byId(journalOf(db as Db), ORDER))!;

  it('ignores another client\'s fill and status on the same order id, and takes its own', async () => {
    const { sessions } = await working();
    sessions.deliver({ report: { kind: 'execution', key: { orderId: 7 }, execId: 'other.1', shares: 4, price: 150 } });
    sessions.deliver({ report: { kind: 'order', key: { orderId: 7, clientId: 12 }, phase: 'cancelled', ibStatus: 'Cancelled' } });
    await execution?.settled(CON);
    expect(await order()).toMatchObject({ state: 'working', filled_quantity: 0 });

    sessions.deliver({ report: { kind: 'order', key: { orderId: 7, clientId: 0, permId: 555 }, phase: 'working', ibStatus: 'Submitted' } });
    sessions.deliver({ report: { kind: 'execution', key: { orderRef: ORDER, orderId: 7 }, execId: 'ours.1', shares: 10, price: 149.5 } });
    await execution?.settled(CON);
    expect(await order()).toMatchObject({ state: 'filled', filled_quantity: 10, perm_id: 555 });
    expect((await journal.fills(journalOf(db as Db), ORDER)).map((f) => f.exec_id)).toEqual(['ours.1']);
  });

  it('keeps sending closed after a reconciliation that fails, asks IB again, and still applies the reports after it', async () => {
    const { sessions } = await working();
    // A picture IB cannot have sent (a non-numeric share count breaks the fill's insert): its transaction fails.
    sessions.deliver({ origin: 'replay', report: { kind: 'reconciliation', takenAt: 1, orders: [], commissions: [], executions: [{ kind: 'execution', key: { orderRef: ORDER }, execId: 'bad.1', shares: null as unknown as number, price: 150 }] } });
    sessions.deliver({ report: { kind: 'order', key: { orderRef: ORDER, permId: 556 }, phase: 'cancelled', ibStatus: 'Cancelled' } });
    await execution?.settled(CON);
    expect(await order()).toMatchObject({ state: 'cancelled', perm_id: 556 });
    await expect.poll(() => sessions.reconciliationsAsked, { timeout: 5_000, interval: 20 }).toBe(1);
  });
});
