// SQLite copies its write-ahead log back into the database file ("checkpoint") on the connection
// whose commit crossed the log's size threshold, and the copy ends with an fsync of the database
// file: a stall of several to tens of ms on the event loop, once every hundred or so signals
// (bench/intake). A second connection in a worker thread does that copy instead, on a timer; the
// main connection keeps a far larger threshold only as a backstop if the worker falls behind.
import { Worker } from 'node:worker_threads';

export const CHECKPOINT_INTERVAL_MS = 200;
/** Pages (4 KiB): the main connection checkpoints itself only past ~40 MiB of log. */
export const BACKSTOP_AUTOCHECKPOINT_PAGES = 10_000;

export interface WalCheckpointer {
  close(): Promise<void>;
}

export function startWalCheckpointer(file: string, busyTimeoutMs: number, onError: (message: string) => void, intervalMs = CHECKPOINT_INTERVAL_MS): WalCheckpointer {
  const worker = new Worker(new URL('./wal-checkpoint-worker.mjs', import.meta.url), { workerData: { file, intervalMs, busyTimeoutMs } });
  worker.unref();
  worker.on('message', (message: { kind: string; error?: string }) => {
    if (message.kind === 'error') onError(`WAL checkpoint failed: ${message.error}`);
  });
  worker.on('error', (error) => onError(`WAL checkpointer stopped: ${error.message}`));
  let closed: Promise<void> | undefined;
  return {
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.once('message', () => void worker.terminate());
        worker.postMessage('close');
      })),
  };
}
