// Scenario: intake appends a decision's events as one batch. The batch must leave the same chain
// as appending them one by one (same rows, hashes that verify, sequence numbers without gaps),
// mix with single appends, and reach the database in three statements however many events it has.
import { afterEach, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { ManualClock } from '../common/index.ts';
import { accountsStore, forWorkspace, migrateToLatest, openDatabase, WorkspaceScope, type Db } from '../db/index.ts';
import type { AuditEventInput } from '../domain/index.ts';
import { describeEachEngine } from '../../test/support/engines.ts';
import { AuditLog } from './index.ts';

const DECISION: AuditEventInput[] = [
  { action: 'signal.received', actor: { type: 'webhook', id: 'whk_1' }, target: { type: 'signal', id: 'sig_1' }, data: { payload: { ticker: 'AAPL', n: 1 } }, requestId: 'req_1' },
  { action: 'signal.instrument_resolved', actor: { type: 'webhook', id: 'whk_1' }, target: { type: 'signal', id: 'sig_1' }, data: { conId: 265598 } },
  { action: 'signal.sized', actor: { type: 'webhook', id: 'whk_1' }, target: { type: 'signal', id: 'sig_1' }, data: { quantity: 10, skipped: undefined } },
  { action: 'signal.risk_evaluated', actor: { type: 'webhook', id: 'whk_1' }, target: { type: 'signal', id: 'sig_1' }, data: { rules: [{ rule: 'max_order_quantity', outcome: 'pass' }] } },
  { action: 'signal.prepared', actor: { type: 'webhook', id: 'whk_1' } },
];

/** Counts the statements sent through a scope (transaction control is not a statement here). */
function countingStatements(db: Db, workspaceId: string): { scope: WorkspaceScope; statements: string[] } {
  const statements: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      statements.push(args.node.kind);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { scope: new WorkspaceScope(workspaceId, db.kysely.withPlugin(plugin), db.kind), statements };
}

describeEachEngine('audit appendMany', (engine) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  async function twoWorkspaces(): Promise<{ db: Db; log: AuditLog }> {
    db = await openDatabase(await engine.config());
    await migrateToLatest(db);
    for (const ws of ['ws_one_by_one', 'ws_batched']) await accountsStore.insertWorkspace(db.kysely, { id: ws, name: ws, created_at: 0 });
    return { db, log: new AuditLog(new ManualClock(Date.UTC(2026, 11, 1, 15))) };
  }

  const rowsOf = async (d: Db, workspaceId: string) =>
    (await d.kysely.selectFrom('audit_events').selectAll().where('workspace_id', '=', workspaceId).orderBy('seq').execute())
      .map((r) => ({ ...r, seq: Number(r.seq), occurred_at: Number(r.occurred_at) }));

  it('writes the rows n appends would, on a chain that verifies', async () => {
    const { db: d, log } = await twoWorkspaces();
    const single = forWorkspace(d, 'ws_one_by_one');
    const batched = forWorkspace(d, 'ws_batched');
    for (const input of DECISION) await log.append(single, input);
    await log.appendMany(batched, DECISION);

    expect(await log.verifyChain(single)).toMatchObject({ ok: true, checked: 5 });
    expect(await log.verifyChain(batched)).toMatchObject({ ok: true, checked: 5 });
    // Ids, the workspace and therefore the hashes differ; everything else is the same row.
    const content = ({ id: _id, workspace_id: _ws, hash: _h, prev_hash: _p, ...rest }: Awaited<ReturnType<typeof rowsOf>>[number]) => rest;
    const one = await rowsOf(d, 'ws_one_by_one');
    const many = await rowsOf(d, 'ws_batched');
    expect(many.map(content)).toEqual(one.map(content));
    expect(many.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(many.slice(1).map((r) => r.prev_hash)).toEqual(many.slice(0, -1).map((r) => r.hash));
    expect((await batched.audit.head()).hash).toBe(many.at(-1)?.hash);
  });

  it('continues a chain of single appends and is continued by them', async () => {
    const { db: d, log } = await twoWorkspaces();
    const scope = forWorkspace(d, 'ws_batched');
    await log.append(scope, { action: 'auth.login_succeeded', actor: { type: 'user', id: 'usr_1' } });
    await log.appendMany(scope, DECISION);
    await log.appendMany(scope, []);
    const last = await log.append(scope, { action: 'auth.logout', actor: { type: 'user', id: 'usr_1' } });

    expect(last.seq).toBe(7);
    expect(await log.verifyChain(scope)).toEqual({ ok: true, checked: 7, headHash: last.hash });
  });

  it('takes three statements for a whole decision inside the caller\'s transaction', async () => {
    const { db: d, log } = await twoWorkspaces();
    const { scope, statements } = countingStatements(d, 'ws_batched');
    await scope.transaction((s) => log.appendMany(s, DECISION));
    // Reserve the sequence numbers, insert every row, move the head.
    expect(statements).toEqual(['UpdateQueryNode', 'InsertQueryNode', 'UpdateQueryNode']);
    expect(await log.verifyChain(forWorkspace(d, 'ws_batched'))).toMatchObject({ ok: true, checked: 5 });
  });

  it('keeps concurrent batches of one workspace apart, without gaps', async () => {
    const { db: d, log } = await twoWorkspaces();
    const scope = forWorkspace(d, 'ws_batched');
    await Promise.all(Array.from({ length: 8 }, () => log.appendMany(scope, DECISION)));
    const rows = await rowsOf(d, 'ws_batched');
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // Each batch's five events stay together, in their order.
    expect(rows.map((r) => r.action)).toEqual(Array.from({ length: 8 }, () => DECISION.map((e) => e.action)).flat());
    expect(await log.verifyChain(scope)).toMatchObject({ ok: true, checked: 40 });
  });
});
