// Worker thread: copies the SQLite write-ahead log into the database file, off the main thread.
// Plain JavaScript so it starts without the TypeScript loader. See wal-checkpointer.ts.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { file, intervalMs, busyTimeoutMs } = workerData;
const database = new SQLite(file, { timeout: busyTimeoutMs });
database.pragma('synchronous = FULL');
database.pragma('wal_autocheckpoint = 0');

function checkpoint(mode) {
  try {
    const [row] = database.pragma(`wal_checkpoint(${mode})`);
    return { ok: true, busy: row.busy, log: row.log, checkpointed: row.checkpointed };
  } catch (error) {
    return { ok: false, error: String(error && error.message ? error.message : error) };
  }
}

const timer = setInterval(() => {
  const result = checkpoint('PASSIVE');
  if (!result.ok) parentPort.postMessage({ kind: 'error', error: result.error });
}, intervalMs);

parentPort.on('message', (message) => {
  if (message === 'close') {
    clearInterval(timer);
    const result = checkpoint('PASSIVE');
    database.close();
    parentPort.postMessage({ kind: 'closed', result });
  }
});
