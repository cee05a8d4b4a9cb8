// Shared by the benchmarks: how durable the journal was during the run. SQLite runs with
// synchronous=NORMAL and Kairox syncs the WAL after every commit before the commit returns
// (server/src/db/durable-commits.ts) — the one sync FULL adds to NORMAL in WAL mode, made off the
// event loop; the counts show every commit waited for a sync, and how many syncs served them.
import { sql } from 'kysely';
import type { Kairox } from '../../server/src/main.ts';

export async function durabilityOf(kairox: Kairox): Promise<Record<string, unknown>> {
  if (kairox.db.kind !== 'sqlite') return { database: kairox.db.kind };
  const synchronous = (await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(kairox.db.kysely)).rows[0]?.synchronous;
  const syncs = kairox.db.walSyncs?.();
  return {
    sqliteSynchronous: ({ 0: 'OFF', 1: 'NORMAL', 2: 'FULL', 3: 'EXTRA' } as Record<number, string>)[synchronous ?? -1] ?? String(synchronous),
    walSyncedBeforeEveryCommitReturned: syncs !== undefined,
    commitsThatWaitedForAWalSync: syncs?.commits ?? 0,
    walSyncs: syncs?.syncs ?? 0,
  };
}
