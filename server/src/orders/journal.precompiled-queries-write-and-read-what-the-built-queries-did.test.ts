// Scenario: the journal's per-order queries are precompiled (one per shape where the SQL depends on
// the call). Each must write and read exactly what Kysely's built query wrote and read: the same
// rows (bracket columns defaulting to null), a floor that never goes down, a fill taken once by
// its execId, a parked commission handed over once, an update per patch shape that sets just its
// columns even when shapes alternate or outnumber the kept ones, and `in` lists of every length.
import { afterEach, expect, it } from 'vitest';
import type { Db } from '../db/index.ts';
import { ORDER_STATES, type OrderState } from '../domain/index.ts';
import { describeEachEngine } from '../../test/support/engines.ts';
import { migratedDbWithWorkspaces } from '../../test/support/migrated-db.ts';
import { journal, journalOf, type JournalExecutor, type OrderRow } from './journal.ts';
import { MAX_KEPT_SHAPES } from './journal-shaped-queries.ts';

const WS = 'ws_journal';
const OTHER_WS = 'ws_other';
const CON = 'con_00000000000000000000000001';

const orderRow = (n: number, terms: Partial<OrderRow> = {}): Omit<OrderRow, 'parent_order_id' | 'bracket_role'> => ({
  id: `kxo_${String(n).padStart(26, '0')}`, workspace_id: WS, connection_id: CON, signal_id: `sig_${String(n).padStart(26, '0')}`,
  account: 'DU1234567', con_id: 265598, symbol: 'AAPL', side: 'BUY', quantity: 10, order_type: 'LMT', intent: `{"n":${n},"note":"it's \\"quoted\\""}`,
  state: 'accepted', ib_client_id: 0, ib_order_id: 100 + n, perm_id: 9_000_000_000 + n, sent_attempt: null, ib_status: null, filled_quantity: 0,
  avg_fill_price: null, commission: null, last_error: null, expires_at: 1_764_700_000_000 + n, created_at: 1_764_600_000_000 + n, updated_at: 1_764_600_000_000 + n,
  ...terms,
});

/** The row as Kysely's built select reads it (bigint columns as numbers, as the journal gives them). */
async function builtRow(db: JournalExecutor, id: string): Promise<OrderRow | undefined> {
  const row = await db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  return row && numbers(row);
}

describeEachEngine('journal: precompiled queries write and read what the built queries did', (engine) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  async function journalDb(): Promise<JournalExecutor> {
    db = await migratedDbWithWorkspaces(engine, [WS, OTHER_WS]);
    return journalOf(db);
  }

  it('inserts an order with null bracket columns unless given, and finds it by id, workspace, permId and IB order id', async () => {
    const j = await journalDb();
    await journal.insert(j, orderRow(1));
    await journal.insert(j, { ...orderRow(2), parent_order_id: orderRow(1).id, bracket_role: 'take_profit' });
    // A row Kysely would write with a default for the undefined column (the built path).
    await journal.insert(j, { ...orderRow(3), bracket_role: undefined as unknown as null });
    const one = await builtRow(j, orderRow(1).id);
    expect(one).toEqual({ ...orderRow(1), parent_order_id: null, bracket_role: null });
    expect(await builtRow(j, orderRow(2).id)).toMatchObject({ parent_order_id: orderRow(1).id, bracket_role: 'take_profit' });
    expect(await builtRow(j, orderRow(3).id)).toMatchObject({ parent_order_id: null, bracket_role: null });
    expect(await journal.byId(j, orderRow(1).id)).toEqual(one);
    expect(await journal.inWorkspace(j, WS, orderRow(1).id)).toEqual(one);
    expect(await journal.inWorkspace(j, OTHER_WS, orderRow(1).id)).toBeUndefined();
    expect(await journal.byPermId(j, CON, 9_000_000_001)).toEqual(one);
    expect(await journal.byPermId(j, 'con_other', 9_000_000_001)).toBeUndefined();
    expect(await journal.byIbOrderId(j, CON, 0, 101)).toEqual(one);
    expect(await journal.byIbOrderId(j, CON, 1, 101)).toBeUndefined();
    expect(await journal.byId(j, 'kxo_none')).toBeUndefined();
  });

  it('raises the floor and never lowers it, per connection and client id', async () => {
    const j = await journalDb();
    expect(await journal.floor(j, CON, 0)).toBe(0);
    await journal.raiseFloor(j, CON, 0, 5);
    expect(await journal.floor(j, CON, 0)).toBe(5);
    await journal.raiseFloor(j, CON, 0, 3);
    expect(await journal.floor(j, CON, 0)).toBe(5);
    await journal.raiseFloor(j, CON, 0, 5);
    expect(await journal.floor(j, CON, 0)).toBe(5);
    await journal.raiseFloor(j, CON, 0, 9);
    await journal.raiseFloor(j, CON, 7, 2);
    expect([await journal.floor(j, CON, 0), await journal.floor(j, CON, 7), await journal.floor(j, 'con_other', 0)]).toEqual([9, 2, 0]);
  });

  it('takes a fill once by its execId, keeps the first one, and joins its commission', async () => {
    const j = await journalDb();
    await journal.insert(j, orderRow(1));
    const fill = {
      exec_id: '0001f4e8.01.01', workspace_id: WS, order_id: orderRow(1).id, connection_id: CON, account: 'DU1234567', side: 'BOT', shares: 4, price: 149.5,
      cum_qty: 4, avg_price: 149.5, ib_time: '20261201 12:00:01', commission: null, commission_currency: null, realized_pnl: null, received_at: 1_764_600_000_500,
    };
    expect(await journal.addFill(j, fill)).toBe(true);
    expect(await journal.addFill(j, { ...fill, shares: 6, received_at: 1_764_600_000_900 })).toBe(false);
    expect(await journal.fillByExecId(j, fill.exec_id)).toEqual(await j.selectFrom('order_fills').selectAll().where('exec_id', '=', fill.exec_id).executeTakeFirst());
    expect(await journal.fillByExecId(j, fill.exec_id)).toMatchObject({ shares: 4, commission: null });
    await journal.setFillCommission(j, fill.exec_id, { commission: 1.25, currency: 'USD', realizedPnl: null });
    expect(await journal.fills(j, orderRow(1).id)).toEqual([{ ...fill, commission: 1.25, commission_currency: 'USD' }]);
    expect(await journal.fillByExecId(j, 'none')).toBeUndefined();
  });

  it('parks a commission once and hands it over once', async () => {
    const j = await journalDb();
    const parked = { exec_id: '0001f4e8.02.01', connection_id: CON, commission: 1.5, currency: 'USD', realized_pnl: null, received_at: 1_764_600_000_000 };
    await journal.parkCommission(j, parked);
    await journal.parkCommission(j, { ...parked, commission: 9 });
    expect(await journal.takeParkedCommission(j, parked.exec_id)).toEqual(parked);
    expect(await journal.takeParkedCommission(j, parked.exec_id)).toBeUndefined();
    expect(await j.selectFrom('order_commissions').selectAll().execute()).toEqual([]);
  });

  it('writes each patch shape\'s columns when shapes alternate, leaves out undefined values, and refuses a key that is not a column', async () => {
    const j = await journalDb();
    // Its twin, updated by Kysely's built update, must end up the same row at every step.
    const twin = 'kxo_twin_updated_by_the_built_query';
    await journal.insert(j, orderRow(1));
    await j.insertInto('orders').values({ ...orderRow(1), id: twin, parent_order_id: null, bracket_role: null }).execute();
    const patches: Array<Parameters<typeof journal.update>[2]> = [
      { ib_status: 'Submitted', state: 'working', updated_at: 11 },
      { last_error: '{"code":399}', sent_attempt: 2, updated_at: 11 },
      { filled_quantity: 4, avg_fill_price: 149.5, commission: null, state: 'partially_filled', updated_at: 12 },
      { ib_status: 'PreSubmitted', state: 'sent', updated_at: 13 },
      { state: 'working', ib_status: 'Filled', updated_at: 14 },
      { perm_id: 42, last_error: undefined, updated_at: 15 },
      { filled_quantity: 10, avg_fill_price: 149.75, commission: 2.5, state: 'filled', updated_at: 16 },
    ];
    for (const patch of patches) {
      await journal.update(j, orderRow(1).id, patch);
      await j.updateTable('orders').set(patch).where('id', '=', twin).execute();
      expect({ ...(await journal.byId(j, orderRow(1).id)), id: twin }).toEqual(await builtRow(j, twin));
    }
    expect(await journal.byId(j, orderRow(1).id)).toMatchObject({ state: 'filled', filled_quantity: 10, avg_fill_price: 149.75, commission: 2.5, ib_status: 'Filled', perm_id: 42, last_error: '{"code":399}', sent_attempt: 2, updated_at: 16 });
    const before = await journal.byId(j, orderRow(1).id);
    await expect(journal.update(j, orderRow(1).id, { state: 'cancelled', 'state = state; --': 1 } as never)).rejects.toThrow('"state = state; --" is not a column an order\'s update may set');
    await expect(journal.update(j, orderRow(1).id, { workspace_id: OTHER_WS } as never)).rejects.toThrow('"workspace_id" is not a column');
    expect(await journal.byId(j, orderRow(1).id)).toEqual(before);
    // A patch that sets nothing fails as Kysely's built update fails it.
    await expect(journal.update(j, orderRow(1).id, {})).rejects.toThrow();
    await expect(journal.update(j, orderRow(1).id, { state: undefined })).rejects.toThrow();
  });

  it('writes every patch shape right when there are more shapes than it keeps', async () => {
    const j = await journalDb();
    await journal.insert(j, orderRow(1));
    const columns = ['ib_status', 'last_error', 'filled_quantity', 'avg_fill_price', 'commission', 'sent_attempt', 'updated_at'] as const;
    for (let mask = 1; mask < 2 ** columns.length && mask <= MAX_KEPT_SHAPES + 20; mask++) {
      const patch: Record<string, unknown> = {};
      columns.forEach((c, bit) => {
        if (mask & (1 << bit)) patch[c] = typeof orderRow(1)[c] === 'number' || c === 'avg_fill_price' || c === 'commission' || c === 'sent_attempt' ? mask + bit : `${c}-${mask}`;
      });
      const before = await journal.byId(j, orderRow(1).id);
      await journal.update(j, orderRow(1).id, patch);
      expect(await journal.byId(j, orderRow(1).id)).toEqual({ ...before, ...patch });
    }
  });

  it('adds order events as the built insert did', async () => {
    const j = await journalDb();
    await journal.insert(j, orderRow(1));
    const order = { id: orderRow(1).id, workspace_id: WS };
    await journal.addEvent(j, order, { at: 5, kind: 'transition', event: 'accept', from_state: null, to_state: 'accepted', detail: {} });
    await journal.addEvent(j, order, { at: 6, kind: 'ib_error', event: null, from_state: null, to_state: null, detail: { code: 201, message: 'Order rejected - it\'s "no"' } });
    await journal.addEvent(j, order, { at: 6, kind: 'note', event: null, from_state: null, to_state: null, detail: undefined });
    const events = await journal.events(j, order.id);
    expect(events.map(({ id: _, ...e }) => e)).toEqual([
      { workspace_id: WS, order_id: order.id, at: 5, kind: 'transition', event: 'accept', from_state: null, to_state: 'accepted', detail: '{}' },
      { workspace_id: WS, order_id: order.id, at: 6, kind: 'ib_error', event: null, from_state: null, to_state: null, detail: '{"code":201,"message":"Order rejected - it\'s \\"no\\""}' },
      { workspace_id: WS, order_id: order.id, at: 6, kind: 'note', event: null, from_state: null, to_state: null, detail: '{}' },
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    expect(events.every((e) => e.id.startsWith('oev_'))).toBe(true);
  });

  it('reads a connection\'s and an account\'s orders for `in` lists of every length as the built queries did', async () => {
    const j = await journalDb();
    for (let n = 1; n <= ORDER_STATES.length * 2; n++) {
      const state = ORDER_STATES[n % ORDER_STATES.length] as OrderState;
      // Created out of id order, some on another account or connection.
      await journal.insert(j, orderRow(n, { state, created_at: 1_000 - (n % 5), account: n % 3 ? 'DU1234567' : 'DU7654321', connection_id: n % 7 ? CON : 'con_other' }));
    }
    const sorted = (rows: OrderRow[]) => [...rows].sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1));
    for (let count = 1; count <= ORDER_STATES.length; count++) {
      const states = ORDER_STATES.slice(ORDER_STATES.length - count);
      const builtConnection = await builtInStates(j, CON, states);
      expect(builtConnection.length).toBeGreaterThan(0);
      expect(await journal.inStates(j, CON, states)).toEqual(builtConnection);
      const builtAccount = sorted(await builtOfAccount(j, WS, CON, 'DU1234567', states));
      expect(await journal.ofAccount(j, WS, CON, 'DU1234567', states)).toEqual(builtAccount);
      expect(await journal.ofAccount(j, OTHER_WS, CON, 'DU1234567', states)).toEqual([]);
    }
    expect(await journal.inStates(j, CON, [])).toEqual([]);
  });

  it('gives one journal executor per Kysely, and a transaction its own that commits or rolls back with it', async () => {
    const j = await journalDb();
    const root = (db as Db).kysely;
    expect(journalOf(root)).toBe(j);
    expect(journalOf(db as Db)).toBe(j);
    const rolledBack = new Error('roll back');
    await expect(root.transaction().execute(async (trx) => {
      const tj = journalOf(trx);
      expect(tj).not.toBe(j);
      expect(journalOf(trx)).toBe(tj);
      expect(tj.isTransaction).toBe(true);
      await journal.insert(tj, orderRow(1));
      expect(await journal.byId(tj, orderRow(1).id)).toBeDefined();
      throw rolledBack;
    })).rejects.toBe(rolledBack);
    expect(await journal.byId(j, orderRow(1).id)).toBeUndefined();
    await root.transaction().execute(async (trx) => journal.insert(journalOf(trx), orderRow(2)));
    expect(await journal.byId(j, orderRow(2).id)).toMatchObject({ id: orderRow(2).id });
  });
});

async function builtInStates(db: JournalExecutor, connectionId: string, states: readonly OrderState[]): Promise<OrderRow[]> {
  const rows = await db.selectFrom('orders').selectAll().where('connection_id', '=', connectionId).where('state', 'in', states).orderBy('created_at').orderBy('id').execute();
  return rows.map(numbers);
}

async function builtOfAccount(db: JournalExecutor, workspaceId: string, connectionId: string, account: string, states: readonly OrderState[]): Promise<OrderRow[]> {
  const rows = await db.selectFrom('orders').selectAll()
    .where('workspace_id', '=', workspaceId).where('connection_id', '=', connectionId).where('account', '=', account).where('state', 'in', states).execute();
  return rows.map(numbers);
}

function numbers(row: OrderRow): OrderRow {
  return { ...row, ib_order_id: row.ib_order_id === null ? null : Number(row.ib_order_id), perm_id: row.perm_id === null ? null : Number(row.perm_id),
    expires_at: Number(row.expires_at), created_at: Number(row.created_at), updated_at: Number(row.updated_at) };
}
