// A fresh database of one engine, migrated, with the given workspaces: what storage tests start from.
import { accountsStore, migrateToLatest, openDatabase, type Db } from '../../src/db/index.ts';
import type { EngineHarness } from './engines.ts';

export async function migratedDbWithWorkspaces(engine: EngineHarness, workspaceIds: readonly string[]): Promise<Db> {
  const db = await openDatabase(await engine.config());
  await migrateToLatest(db);
  for (const id of workspaceIds) await accountsStore.insertWorkspace(db.kysely, { id, name: id, created_at: 0 });
  return db;
}
