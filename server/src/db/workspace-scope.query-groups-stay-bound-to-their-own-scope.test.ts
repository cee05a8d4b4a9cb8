// Scenario: a scope's query groups (members, tokens, audit) are made on first use and kept. Kept
// per scope, they must stay bound to that scope's executor and workspace: a group first used
// outside a transaction must not be what the transaction's scope uses (its writes would commit
// on their own and survive a rollback), and one workspace's group must never serve another's.
import { afterEach, expect, it } from 'vitest';
import { forWorkspace, type Db } from './index.ts';
import { describeEachEngine } from '../../test/support/engines.ts';
import { migratedDbWithWorkspaces } from '../../test/support/migrated-db.ts';

describeEachEngine('workspace scope query groups', (engine) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  async function twoWorkspaces(): Promise<Db> {
    db = await migratedDbWithWorkspaces(engine, ['ws_a', 'ws_b']);
    return db;
  }

  it('runs a transaction scope\'s queries in the transaction, even after the outer scope used its group', async () => {
    const d = await twoWorkspaces();
    const scope = forWorkspace(d, 'ws_a');
    expect(await scope.audit.head()).toEqual({ seq: 0, hash: '' });
    const rolledBack = new Error('roll back');
    await expect(scope.transaction(async (inTrx) => {
      expect(inTrx).not.toBe(scope);
      expect(inTrx.audit).not.toBe(scope.audit);
      await inTrx.audit.reserve(3);
      await inTrx.audit.setHead('f'.repeat(64));
      // Inside, the reservation is visible; outside, on another connection (PostgreSQL) or after
      // the rollback (SQLite's single connection), it is not.
      expect(await inTrx.audit.head()).toEqual({ seq: 3, hash: 'f'.repeat(64) });
      throw rolledBack;
    })).rejects.toBe(rolledBack);
    expect(await scope.audit.head()).toEqual({ seq: 0, hash: '' });
  });

  it('keeps one group per scope, for its own workspace only', async () => {
    const d = await twoWorkspaces();
    const a = forWorkspace(d, 'ws_a');
    const b = forWorkspace(d, 'ws_b');
    expect(a.audit).toBe(a.audit);
    expect(a.tokens).toBe(a.tokens);
    expect(a.members).toBe(a.members);
    await a.audit.reserve(2);
    expect((await a.audit.head()).seq).toBe(2);
    expect((await b.audit.head()).seq).toBe(0);
    expect((await forWorkspace(d, 'ws_b').audit.reserve(1)).firstSeq).toBe(1);
  });
});
