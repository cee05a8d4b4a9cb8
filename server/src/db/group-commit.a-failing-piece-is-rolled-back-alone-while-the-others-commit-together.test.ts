// Group commit: pieces handed in together share one transaction; one that throws loses only its
// own writes (its caller gets its error), the others commit; a piece handed in while a group holds
// the database goes into the next group. On both engines.
import { afterEach, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/support/engines.ts';
import { countingTransactions } from '../../test/support/counting-transactions.ts';
import { migratedDbWithWorkspaces } from '../../test/support/migrated-db.ts';
import { accountsStore, GroupCommit, type Db } from './index.ts';

const workspace = (id: string) => ({ id, name: id, created_at: 1 });

async function workspaceIds(db: Db): Promise<string[]> {
  return (await db.kysely.selectFrom('workspaces').select('id').orderBy('id').execute()).map((r) => r.id);
}

describeEachEngine('group commit', (engine) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('commits the pieces handed in together in one transaction, and rolls back only the piece that throws', async () => {
    db = await migratedDbWithWorkspaces(engine, []);
    const { kysely: counted, begun } = countingTransactions(db.kysely);
    const group = new GroupCommit(counted);
    const outcomes = await Promise.allSettled([
      group.run((trx) => accountsStore.insertWorkspace(trx, workspace('ws_a'))),
      group.run(async (trx) => {
        await accountsStore.insertWorkspace(trx, workspace('ws_b'));
        throw new Error('the second piece fails after its write');
      }),
      group.run(async (trx) => {
        // A failed statement too (a duplicate key): on PostgreSQL it aborts the transaction unless its savepoint is rolled back.
        await accountsStore.insertWorkspace(trx, workspace('ws_a'));
      }),
      group.run((trx) => accountsStore.insertWorkspace(trx, workspace('ws_d'))),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'the second piece fails after its write' });
    expect(await workspaceIds(db)).toEqual(['ws_a', 'ws_d']);
    expect(begun()).toBe(1);
  });

  it('puts a piece handed in while a group holds the database into a group of its own after it', async () => {
    db = await migratedDbWithWorkspaces(engine, []);
    const { kysely: counted, begun } = countingTransactions(db.kysely);
    const group = new GroupCommit(counted);
    let later: Promise<void> | undefined;
    await group.run(async (trx) => {
      await accountsStore.insertWorkspace(trx, workspace('ws_first'));
      later = group.run((next) => accountsStore.insertWorkspace(next, workspace('ws_later')));
    });
    await later;
    expect(await workspaceIds(db)).toEqual(['ws_first', 'ws_later']);
    expect(begun()).toBe(2);
  });

  it('refuses every piece of a group whose transaction cannot commit', async () => {
    db = await migratedDbWithWorkspaces(engine, []);
    const group = new GroupCommit(db.kysely);
    const broken = new Proxy(db.kysely, {
      get(target, key, receiver) {
        if (key === 'transaction') return () => ({ execute: () => Promise.reject(new Error('the disk is full')) });
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const failing = new GroupCommit(broken);
    const outcomes = await Promise.allSettled([
      failing.run((trx) => accountsStore.insertWorkspace(trx, workspace('ws_x'))),
      failing.run((trx) => accountsStore.insertWorkspace(trx, workspace('ws_y'))),
    ]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : 'fulfilled'))).toEqual(['the disk is full', 'the disk is full']);
    // The group commit itself still works for the next pieces.
    await group.run((trx) => accountsStore.insertWorkspace(trx, workspace('ws_z')));
    expect(await workspaceIds(db)).toEqual(['ws_z']);
  });
});
