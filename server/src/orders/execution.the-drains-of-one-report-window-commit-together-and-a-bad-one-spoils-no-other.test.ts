// Scenario: IB's answers for orders on several connections come within one report window. Their
// drains share one transaction on SQLite (one commit, not one per connection; PostgreSQL keeps a
// transaction a drain, db/group-commit.ts says why). One connection's batch holds
// a report that cannot be written (a fill with no share count): only that drain is rolled back and
// applied again report by report, so its good report still lands, and the other connections' news
// is committed with the group.
import { afterEach, expect, it } from 'vitest';
import type { Db } from '../db/index.ts';
import { countingDb } from '../../test/support/counting-transactions.ts';
import { describeEachEngine } from '../../test/support/engines.ts';
import type { OrderExecution } from './execution.ts';
import { journal, journalOf } from './journal.ts';
import { aaplIntent, executionForTest, fakeOrderSessions, journalDatabase, type FakeOrderSessions } from './test-support.ts';

const WS = 'ws_group_commit';
const CONNECTIONS = ['con_00000000000000000000000001', 'con_00000000000000000000000002', 'con_00000000000000000000000003'];
const intents = CONNECTIONS.map((c, i) => aaplIntent(i + 1, WS, c));

describeEachEngine('execution: one report window, one commit', (engine) => {
  let db: Db | undefined;
  let execution: OrderExecution | undefined;
  afterEach(async () => {
    await execution?.stop();
    await db?.close();
    db = undefined;
  });

  async function workingOrders(): Promise<{ sessions: FakeOrderSessions; transactions: () => number }> {
    db = await journalDatabase(engine, WS);
    const sessions = fakeOrderSessions(CONNECTIONS[0]!);
    const { db: countedDb, transactions } = countingDb(db);
    execution = executionForTest(countedDb, sessions);
    await execution.start();
    for (const [i, intent] of intents.entries()) {
      await execution.accept(db.kysely, intent);
      await journal.update(journalOf(db), intent.kairoxOrderId, { state: 'working', ib_client_id: 0, ib_order_id: 10 + i, updated_at: 1 });
    }
    return { sessions, transactions };
  }

  const order = async (n: number) => (await journal.byId(journalOf(db as Db), intents[n]!.kairoxOrderId))!;
  const settled = () => Promise.all(CONNECTIONS.map((c) => execution!.settled(c)));

  it('applies the reports of every connection of the window in one transaction (SQLite), or one a connection (PostgreSQL)', async () => {
    const { sessions, transactions } = await workingOrders();
    const before = transactions();
    for (const [i, intent] of intents.entries()) {
      sessions.deliver({ connectionId: intent.connectionId, report: { kind: 'execution', key: { orderRef: intent.kairoxOrderId }, execId: `fill.${i}`, shares: 10, price: 150 + i } });
    }
    await settled();
    expect(await Promise.all(intents.map((_, n) => order(n)))).toMatchObject([
      { state: 'filled', avg_fill_price: 150 }, { state: 'filled', avg_fill_price: 151 }, { state: 'filled', avg_fill_price: 152 },
    ]);
    expect(transactions() - before).toBe(engine.name === 'sqlite' ? 1 : CONNECTIONS.length);
  });

  it('rolls back only the drain that fails, applies its good report alone, and commits the other drains', async () => {
    const { sessions } = await workingOrders();
    const [first, second, third] = intents as [typeof intents[0], typeof intents[0], typeof intents[0]];
    sessions.deliver({ connectionId: first.connectionId, report: { kind: 'execution', key: { orderRef: first.kairoxOrderId }, execId: 'fill.a', shares: 10, price: 150 } });
    // The second connection's batch: a status that is fine, then a fill that cannot be written.
    sessions.deliver({ connectionId: second.connectionId, report: { kind: 'order', key: { orderRef: second.kairoxOrderId, permId: 777 }, phase: 'working', ibStatus: 'Submitted' } });
    sessions.deliver({ connectionId: second.connectionId, report: { kind: 'execution', key: { orderRef: second.kairoxOrderId }, execId: 'fill.bad', shares: null as unknown as number, price: 150 } });
    sessions.deliver({ connectionId: third.connectionId, report: { kind: 'execution', key: { orderRef: third.kairoxOrderId }, execId: 'fill.c', shares: 4, price: 152 } });
    await settled();
    expect(await order(0)).toMatchObject({ state: 'filled', filled_quantity: 10 });
    expect(await order(1)).toMatchObject({ state: 'working', perm_id: 777, ib_status: 'Submitted', filled_quantity: 0 });
    expect(await order(2)).toMatchObject({ state: 'partially_filled', filled_quantity: 4 });
    expect((await journal.fills(journalOf(db as Db), second.kairoxOrderId))).toEqual([]);
  });
});
