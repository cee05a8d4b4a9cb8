// Plain JavaScript: loaded by the SQLite connection's worker thread, which runs without the
// TypeScript loader. Types in sqlite-statement-cache.d.mts.

/** How many distinct SQL texts keep their prepared statement (Kysely's queries are a few hundred). */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's queries arrive as SQL text, and preparing one anew costs ~0.5 ms of CPU (about 40
 * prepares a signal decided, bench/intake). A better-sqlite3 statement can run again with new
 * parameters, and SQLite recompiles it by itself after a schema change, so the most recently used
 * ones are kept by their SQL text. Nothing iterates a statement, the one use that cannot share one.
 */
export function cachePreparedStatements(database, size = STATEMENT_CACHE_SIZE) {
  const prepare = database.prepare.bind(database);
  const cache = new Map();
  database.prepare = (source) => {
    const cached = cache.get(source);
    if (cached) {
      cache.delete(source);
      cache.set(source, cached);
      return cached;
    }
    const statement = prepare(source);
    cache.set(source, statement);
    if (cache.size > size) cache.delete(cache.keys().next().value);
    return statement;
  };
}
