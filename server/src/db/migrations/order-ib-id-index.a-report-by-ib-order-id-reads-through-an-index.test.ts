// Scenario: a report without orderRef or permId (an orderError) finds its order by connection,
// client id and IB order id; the planner must be able to take an index for it instead of walking
// the connection's orders. (PostgreSQL's planner scans a small table whatever indexes exist, so
// there sequential scans are switched off for the question.)
import { afterEach, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine } from '../../../test/support/engines.ts';
import { migratedDbWithWorkspaces } from '../../../test/support/migrated-db.ts';
import type { Db } from '../index.ts';

describeEachEngine('the orders index on IB order ids', (engine) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('is what a look-up by connection, client id and IB order id reads', async () => {
    db = await migratedDbWithWorkspaces(engine, []);
    const lookUp = sql`select * from orders where connection_id = ${'con_1'} and ib_client_id = ${0} and ib_order_id = ${7}`;
    let plan: string;
    if (engine.name === 'sqlite') {
      plan = (await sql<{ detail: string }>`explain query plan ${lookUp}`.execute(db.kysely)).rows.map((r) => r.detail).join('\n');
    } else {
      plan = await db.kysely.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        return (await sql<{ 'QUERY PLAN': string }>`explain ${lookUp}`.execute(trx)).rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    }
    expect(plan).toMatch(/orders_ib_order_idx/);
  });
});
