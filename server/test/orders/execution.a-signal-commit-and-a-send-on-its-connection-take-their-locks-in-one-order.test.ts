// Scenario (found by the chaos test on PostgreSQL: 40P01 deadlocks, answered as 500s): a signal's
// transaction and an execution step on the same connection both lock the connection's IB id floor
// and the workspace's audit head. Execution's steps take the floor first and write the audit chain
// last; a signal's commit must do the same, or each waits for the other. Here a transaction plays
// the execution step: it holds the floor, a signal arrives and waits for it, then the step writes
// the audit head and commits. With one lock order both commit; with two, PostgreSQL kills one.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { describePostgresEngine } from '../support/engines.ts';
import { MARKET_BUY, startExecutionScenario, type ExecutionScenario } from '../support/execution-scenario.ts';

describePostgresEngine('a signal commit beside a send on its connection', (engine) => {
  let s: ExecutionScenario;

  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: 76 });
    // The first order creates the connection's id floor row.
    const first = await s.submit({ ...MARKET_BUY, size: { qty: 1 }, note: 'makes the floor row' });
    await s.untilOrder(first, (o) => expect(o.state).toBe('filled'));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('waits for the floor without holding the audit head, so both commit', async () => {
    const db = s.kairox.db.kysely;
    const { rows: [connection] } = await sql<{ workspace_id: string }>`select workspace_id from broker_connections where id = ${s.connectionId}`.execute(db);
    if (!connection) throw new Error('no connection row');
    const waitingOnALock = async () => Number((await sql<{ n: string }>`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db)).rows[0]?.n ?? 0);

    let signal: Promise<string> | undefined;
    await db.transaction().execute(async (step) => {
      await sql`update order_id_floors set highest_used = highest_used where connection_id = ${s.connectionId} and client_id = ${s.clientId}`.execute(step);
      signal = s.submit({ ...MARKET_BUY, size: { qty: 1 }, note: 'arrives while a send holds the floor' });
      // The signal's transaction now waits for the floor row.
      await vi.waitFor(async () => expect(await waitingOnALock()).toBe(1), { timeout: 10_000, interval: 20 });
      // As an execution step ends: its audit entries, under the workspace's audit head.
      await sql`update workspaces set audit_seq = audit_seq where id = ${connection.workspace_id}`.execute(step);
    });

    if (!signal) throw new Error('the signal was not sent');
    const orderId = await signal;
    await s.untilOrder(orderId, (o) => expect(o.state).toBe('filled'));
    expect(s.atSimulator(orderId)).toHaveLength(1);
  });
});
