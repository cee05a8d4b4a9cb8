// Storage errors the CLI and the composition root print as one line (no stack, no password).

/** The database could not be opened or reached; `message` is one line safe to print. */
export class DatabaseConnectError extends Error {
  readonly code = 'DB_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseConnectError';
  }
}

/** The database was migrated by a different (usually newer) Kairox, or its migrations are out of order. */
export class MigrationError extends Error {
  readonly code = 'DB_MIGRATION_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** True for a unique/primary-key violation on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
