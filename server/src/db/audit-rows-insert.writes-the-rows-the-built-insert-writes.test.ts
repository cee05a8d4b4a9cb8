// Scenario: audit rows are inserted by a statement compiled once per row count. For any count it
// must write exactly the rows Kysely's built INSERT writes (every column in its place, nulls as
// nulls, text with quotes kept), and give way to the built INSERT where it cannot stand in.
import { afterEach, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { WorkspaceScope, type AuditEventRecord, type Db } from './index.ts';
import { insertAuditRows } from './audit-rows-insert.ts';
import { describeEachEngine } from '../../test/support/engines.ts';
import { migratedDbWithWorkspaces } from '../../test/support/migrated-db.ts';

const rowsFrom = (first: number, count: number, tag = 'a'): Array<Omit<AuditEventRecord, 'workspace_id'>> =>
  Array.from({ length: count }, (_, k) => ({
    seq: first + k,
    id: `aud_${tag}_${first + k}`,
    occurred_at: 1764600000000 + k,
    actor_type: k % 2 ? 'user' : 'webhook',
    actor_id: k % 3 ? `act_${k}` : null,
    action: `signal.step_${k}`,
    target_type: k % 2 ? null : 'signal',
    target_id: k % 2 ? null : `sig_${k}`,
    request_id: k % 4 ? `req_${k}` : null,
    data: `{"k":${k},"note":"it's \\"quoted\\""}`,
    prev_hash: String(k).repeat(64).slice(0, 64),
    hash: String(k + 1).repeat(64).slice(0, 64),
  }));

/** A Kysely with a do-nothing plugin: the scope then always builds its INSERT. */
const withPlugin = (db: Db): Db['kysely'] => {
  const plugin: KyselyPlugin = { transformQuery: (args) => args.node, transformResult: async (args) => args.result };
  return db.kysely.withPlugin(plugin);
};

describeEachEngine('audit rows insert', (engine) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  async function twoWorkspaces(): Promise<Db> {
    db = await migratedDbWithWorkspaces(engine, ['ws_compiled', 'ws_built']);
    return db;
  }

  const stored = async (d: Db, workspaceId: string) =>
    (await d.kysely.selectFrom('audit_events').selectAll().where('workspace_id', '=', workspaceId).orderBy('seq').execute())
      .map(({ workspace_id: _ws, ...row }) => ({ ...row, seq: Number(row.seq), occurred_at: Number(row.occurred_at) }));

  it('writes, for 1 to 17 rows, what the built INSERT writes', async () => {
    const d = await twoWorkspaces();
    const compiled = new WorkspaceScope('ws_compiled', d.kysely, d.kind);
    const built = new WorkspaceScope('ws_built', withPlugin(d), d.kind);
    let first = 1;
    for (let count = 1; count <= 17; count++) {
      const rows = rowsFrom(first, count);
      await compiled.audit.insertMany(rows);
      await built.audit.insertMany(rowsFrom(first, count, 'b'));
      first += count;
    }
    const mine = await stored(d, 'ws_compiled');
    expect(mine).toHaveLength(first - 1);
    // Ids are unique across workspaces: the built rows carry tag b instead of a.
    expect(mine).toEqual((await stored(d, 'ws_built')).map((row) => ({ ...row, id: row.id.replace('aud_b_', 'aud_a_') })));
    expect(mine.slice(0, 3)).toEqual(rowsFrom(1, 1).concat(rowsFrom(2, 2)));
  });

  it('gives way (writing nothing) to the built INSERT for a value left undefined, a plugin or too many rows', async () => {
    const d = await twoWorkspaces();
    const [row] = rowsFrom(1, 1);
    expect(await insertAuditRows(d.kysely, 'ws_compiled', [{ ...row!, request_id: undefined as unknown as null }])).toBe(false);
    expect(await insertAuditRows(withPlugin(d), 'ws_compiled', rowsFrom(1, 2))).toBe(false);
    expect(await insertAuditRows(d.kysely, 'ws_compiled', rowsFrom(1, 17))).toBe(false);
    expect(await insertAuditRows(d.kysely, 'ws_compiled', [])).toBe(false);
    expect(await stored(d, 'ws_compiled')).toEqual([]);
    expect(await insertAuditRows(d.kysely, 'ws_compiled', rowsFrom(1, 2))).toBe(true);
    expect(await stored(d, 'ws_compiled')).toEqual(rowsFrom(1, 2));
  });
});
