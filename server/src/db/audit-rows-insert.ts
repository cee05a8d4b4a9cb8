// The multi-row INSERT of audit events that every append ends with (a decided signal writes about
// five rows at once). Building that statement with Kysely makes a node per value (13 a row); here
// it is compiled once per row count (precompiled.ts) and each run only fills in the values.
import type { InsertResult, Selectable } from 'kysely';
import type { Executor } from './accounts-store.ts';
import { precompiled, type PrecompiledQuery } from './precompiled.ts';
import type { AuditEventsTable, Database } from './schema.ts';

type AuditRow = Omit<Selectable<AuditEventsTable>, 'workspace_id'>;

const COLUMNS = ['seq', 'id', 'occurred_at', 'actor_type', 'actor_id', 'action', 'target_type', 'target_id', 'request_id', 'data', 'prev_hash', 'hash'] as const;

/** Row counts up to this are precompiled (one statement each, kept for the process); more are built. */
const MOST_ROWS_PRECOMPILED = 16;

type Values = Record<string, unknown>;

interface ForCount {
  readonly query: PrecompiledQuery<Database, Values, InsertResult>;
  /** names[row][column]: the placeholder names, made once so a run allocates no key strings. */
  readonly names: ReadonlyArray<readonly string[]>;
}

const byCount = new Map<number, ForCount>();

function forCount(count: number): ForCount {
  let entry = byCount.get(count);
  if (!entry) {
    const names = Array.from({ length: count }, (_, row) => COLUMNS.map((column) => `${column}_${row}`));
    const query = precompiled(`insert ${count} audit rows`, (db: Executor, p: Values) =>
      db.insertInto('audit_events').values(names.map((rowNames) => ({
        workspace_id: p.workspaceId,
        ...Object.fromEntries(COLUMNS.map((column, c) => [column, p[rowNames[c] as string]])),
      }) as Selectable<AuditEventsTable>)));
    entry = { query, names };
    byCount.set(count, entry);
  }
  return entry;
}

/**
 * Inserts `rows` into the workspace's trail with one statement, as
 * `insertInto('audit_events').values(rows with workspace_id)` would. Returns false (and writes
 * nothing) when it cannot stand in for that: too many rows, a Kysely with plugins (a kept
 * compilation would bypass them), or a value left undefined (Kysely writes DEFAULT for one).
 */
export async function insertAuditRows(db: Executor, workspaceId: string, rows: readonly AuditRow[]): Promise<boolean> {
  if (rows.length < 1 || rows.length > MOST_ROWS_PRECOMPILED || db.getExecutor().plugins.length > 0) return false;
  const { query, names } = forCount(rows.length);
  const values: Values = { workspaceId };
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as AuditRow;
    const rowNames = names[r] as readonly string[];
    for (let c = 0; c < COLUMNS.length; c++) {
      const value = row[COLUMNS[c] as (typeof COLUMNS)[number]];
      if (value === undefined) return false;
      values[rowNames[c] as string] = value;
    }
  }
  await query.run(db, values);
  return true;
}
