// Worker thread owning Kairox's SQLite connection (see sqlite-worker-driver.ts): every statement,
// and so every commit's fsync (synchronous=FULL), runs here, off the event loop that serves HTTP
// and the IB sessions. Plain JavaScript so it starts without the TypeScript loader.
// Messages in: { id, sql, parameters } and 'close'. Out: { ready } | { openFailed }, then per query
// { id, rows } | { id, changes, lastInsertRowid } | { id, error: { message, code } }, and { closed }.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { cachePreparedStatements } from './sqlite-statement-cache.mjs';

const { file, busyTimeoutMs, autocheckpointPages } = workerData;
let database;
try {
  database = new SQLite(file, { timeout: busyTimeoutMs });
  // WAL lets readers run beside the writer; FULL makes a committed transaction survive power loss.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma(`wal_autocheckpoint = ${autocheckpointPages}`);
  cachePreparedStatements(database);
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ openFailed: String(error && error.message ? error.message : error) });
}

/** better-sqlite3 binds Buffers, not the Uint8Arrays a structured clone delivers. */
function bindable(value) {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
}

function run(sql, parameters) {
  const statement = database.prepare(sql);
  const values = parameters.map(bindable);
  if (statement.reader) return { rows: statement.all(values) };
  const { changes, lastInsertRowid } = statement.run(values);
  return { changes, lastInsertRowid };
}

parentPort.on('message', (message) => {
  if (message === 'close') {
    try {
      database?.close();
    } finally {
      parentPort.postMessage({ closed: true });
    }
    return;
  }
  const { id, sql, parameters } = message;
  try {
    parentPort.postMessage({ id, ...run(sql, parameters) });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error && error.message ? error.message : error), code: error && error.code, name: error && error.name } });
  }
});
