// Applies migrations at start-up and for `kairox migrate`. Refuses a database that has a
// migration this code does not know: it was written by a newer Kairox and we must not touch it.
import { Migrator, type Kysely, type Migration } from 'kysely';
import type { Db } from './connect.ts';
import { MigrationError } from './errors.ts';
import { MIGRATIONS, type KairoxMigration } from './migrations/index.ts';

export const MIGRATION_TABLE = 'kairox_migrations';
const MIGRATION_LOCK_TABLE = 'kairox_migrations_lock';

export interface MigrationReport {
  /** Names applied by this call, in order; empty when the database was already current. */
  readonly applied: string[];
  /** Every migration now recorded in the database. */
  readonly current: string[];
}

export async function migrateToLatest(db: Db, migrations: readonly KairoxMigration[] = MIGRATIONS): Promise<MigrationReport> {
  const known = new Set(migrations.map((m) => m.name));
  const recorded = await recordedMigrations(db);
  const unknown = recorded.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new MigrationError(
      `The database has migration ${unknown.join(', ')} that this version of Kairox does not know; it was probably upgraded by a newer version. Run that version, or restore a backup.`,
    );
  }

  const migrator = new Migrator({
    db: db.kysely,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    provider: { getMigrations: async () => Object.fromEntries(migrations.map((m) => [m.name, toKysely(m, db)])) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(failed ? `Migration ${failed} failed: ${reason}` : `Migrations could not run: ${reason}`, { cause: error });
  }
  return {
    applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
    current: await recordedMigrations(db),
  };
}

// Both engines run each migration and its record in one transaction (see connect.ts for SQLite).
function toKysely(migration: KairoxMigration, db: Db): Migration {
  return { up: (kysely) => migration.up(kysely, db.kind) };
}

async function recordedMigrations(db: Db): Promise<string[]> {
  const tables = await db.kysely.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === MIGRATION_TABLE)) return [];
  const rows = await (db.kysely as unknown as Kysely<Record<typeof MIGRATION_TABLE, { name: string }>>)
    .selectFrom(MIGRATION_TABLE)
    .select('name')
    .orderBy('name')
    .execute();
  return rows.map((r) => r.name);
}
