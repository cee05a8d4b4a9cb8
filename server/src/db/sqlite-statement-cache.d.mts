import type SQLite from 'better-sqlite3';

export declare const STATEMENT_CACHE_SIZE: number;
export declare function cachePreparedStatements(database: SQLite.Database, size?: number): void;
