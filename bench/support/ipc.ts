// Shared by the benchmarks: waiting on one message from a child process (fork + IPC).
import type { ChildProcess } from 'node:child_process';

/** The value of the first message from `child` that carries `key`; rejects if the child exits first. */
export function message<T>(child: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    // Already gone: its 'exit' will not come again.
    if (child.exitCode !== null || child.signalCode !== null) {
      reject(new Error(`a child process of the benchmark had exited (${child.exitCode ?? child.signalCode}) before sending ${key}`));
      return;
    }
    const on = (m: Record<string, unknown>): void => {
      if (!(key in m)) return;
      child.off('message', on);
      child.off('exit', onExit);
      resolve(m[key] as T);
    };
    const onExit = (code: number | null): void => {
      child.off('message', on);
      reject(new Error(`a child process of the benchmark exited (${code}) before sending ${key}`));
    };
    child.on('message', on);
    child.once('exit', onExit);
  });
}
