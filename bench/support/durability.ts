// How the run's SQLite makes a commit durable, for the results: FULL fsyncs inside COMMIT; Kairox
// runs NORMAL and fsyncs the write-ahead log off the event loop before a commit is reported
// (server/src/db/wal-flush.ts). Either way an answered signal is on disk.
import { sql, type Kysely } from 'kysely';

export async function sqliteDurability<DB>(db: Kysely<DB>): Promise<string> {
  const level = (await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(db)).rows[0]?.synchronous;
  if (level === 2) return 'synchronous=FULL (fsync inside COMMIT)';
  if (level === 1) return 'synchronous=NORMAL, the log fsynced off the event loop before each commit is reported (server/src/db/wal-flush.ts)';
  return `synchronous=${String(level)}`;
}
