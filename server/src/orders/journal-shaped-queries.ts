// The journal's queries whose SQL depends on the call's shape, precompiled once per shape: an
// update per set of patched columns, a read of a connection's orders per number of states asked.
// The shapes come from code (a few dozen), so each cache is bounded, and a shape past its bound
// is built by Kysely as before rather than kept. Column names are checked against the table's
// columns before any SQL is made from them.
import type { Compilable, Kysely } from 'kysely';
import { precompiled, type PrecompiledQuery } from '../db/index.ts';
import type { OrderState } from '../domain/index.ts';
import { ORDER_COLUMNS } from './journal-queries.ts';
import type { OrderRow, OrdersTable, OrderTables } from './journal.ts';

type J = Kysely<OrderTables>;

/** What update() may set: any column but the order's identity and its workspace. */
export type OrderPatch = Partial<Omit<OrdersTable, 'id' | 'workspace_id'>>;

const PATCHABLE: ReadonlySet<string> = new Set(ORDER_COLUMNS.filter((c) => c !== 'id' && c !== 'workspace_id'));

/** Far more shapes than the code makes; past it a shape is built each time instead of kept. */
export const MAX_KEPT_SHAPES = 64;

/** The placeholder of the updated order's id: `:` cannot begin a column name (all are checked). */
const ORDER_ID = ':id';

type PatchValues = Record<string, unknown>;
const updatesByColumns = new Map<string, PrecompiledQuery<OrderTables, PatchValues, unknown>>();

/**
 * The columns the patch sets, in its order, as one key (Kysely leaves out an undefined value,
 * so does this). Throws on a key that is not a patchable column of orders: no SQL is made from it.
 */
export function patchedColumns(patch: object): string {
  let key = '';
  for (const column in patch) {
    if ((patch as PatchValues)[column] === undefined) continue;
    if (!PATCHABLE.has(column)) throw new Error(`journal.update: "${column}" is not a column an order's update may set`);
    key = key === '' ? column : `${key},${column}`;
  }
  return key;
}

/** Sets the patch's columns of the order; false when the patch sets nothing (the caller asks Kysely, as before). */
export async function updateOrder(db: J, id: string, patch: OrderPatch): Promise<boolean> {
  const columns = patchedColumns(patch);
  if (columns === '') return false;
  let query = updatesByColumns.get(columns);
  if (!query) {
    if (updatesByColumns.size >= MAX_KEPT_SHAPES) return false;
    query = updateOf(columns.split(','));
    updatesByColumns.set(columns, query);
  }
  await query.run(db, { ...patch, [ORDER_ID]: id });
  return true;
}

function updateOf(columns: readonly string[]): PrecompiledQuery<OrderTables, PatchValues, unknown> {
  return precompiled(`update an order's ${columns.join(', ')}`, (db: J, p: PatchValues) => {
    const set: PatchValues = {};
    for (const column of columns) set[column] = p[column];
    return db.updateTable('orders').set(set as OrderPatch).where('id', '=', p[ORDER_ID] as string);
  });
}

/** `s0`, `s1`, …: the placeholders of an `in` list's states. */
const stateNames = (count: number): string[] => Array.from({ length: count }, (_, i) => `s${i}`);

type StateValues = Record<string, unknown>;

/** A query per length of the `in` list, its states named s0, s1, …; none for an empty list or past the bound. */
function byStateCount<P extends StateValues>(description: string, build: (db: J, p: P, states: OrderState[]) => Compilable<OrderRow>) {
  const kept = new Map<number, { query: PrecompiledQuery<OrderTables, P, OrderRow>; names: string[] }>();
  return (count: number) => {
    let entry = kept.get(count);
    if (!entry && count > 0 && kept.size < MAX_KEPT_SHAPES) {
      const names = stateNames(count);
      entry = { query: precompiled(`${description} (${count} states)`, (db: J, p: P) => build(db, p, names.map((n) => p[n] as OrderState))), names };
      kept.set(count, entry);
    }
    return entry;
  };
}

const inStatesQuery = byStateCount<{ connectionId: string } & StateValues>('orders of a connection in states', (db, p, states) =>
  db.selectFrom('orders').selectAll().where('connection_id', '=', p.connectionId).where('state', 'in', states).orderBy('created_at').orderBy('id'));

const ofAccountQuery = byStateCount<{ workspaceId: string; connectionId: string; account: string } & StateValues>('orders of an account in states', (db, p, states) =>
  db.selectFrom('orders').selectAll().where('workspace_id', '=', p.workspaceId).where('connection_id', '=', p.connectionId).where('account', '=', p.account).where('state', 'in', states));

function withStates<V extends StateValues>(values: V, names: readonly string[], states: readonly OrderState[]): V {
  for (let i = 0; i < names.length; i++) (values as StateValues)[names[i] as string] = states[i];
  return values;
}

/** The connection's orders in these states, oldest first; undefined when the list has no kept shape (the caller asks Kysely). */
export async function ordersInStates(db: J, connectionId: string, states: readonly OrderState[]): Promise<OrderRow[] | undefined> {
  const entry = inStatesQuery(states.length);
  return entry && entry.query.all(db, withStates({ connectionId }, entry.names, states));
}

/** The account's orders on the connection in these states, unsorted; undefined when the list has no kept shape (the caller asks Kysely). */
export async function accountOrdersInStates(db: J, workspaceId: string, connectionId: string, account: string, states: readonly OrderState[]): Promise<OrderRow[] | undefined> {
  const entry = ofAccountQuery(states.length);
  return entry && entry.query.all(db, withStates({ workspaceId, connectionId, account }, entry.names, states));
}
