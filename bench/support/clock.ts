// Shared by the benchmarks: one time line across processes. Each process reads
// `performance.timeOrigin + performance.now()` (epoch ms, sub-millisecond, monotonic within the
// process), but two processes' origins can differ by the wall-clock error at their starts. The
// parent measures each child's offset over IPC (NTP-style: the child's reading against the midpoint
// of the parent's send and receive, keeping the round trip that was fastest), so a time read in one
// child can be placed on the parent's line within half that round trip.
import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** Epoch milliseconds from this process's monotonic clock. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/** In a child: answer the parent's clock pings (see clockOffset). */
export function answerClockPings(): void {
  process.on('message', (m: { clockPing?: number }) => {
    if (m.clockPing !== undefined) process.send?.({ clockPong: { id: m.clockPing, at: epochNow() } });
  });
}

/** A child's clock minus the parent's, and the bound on its error (half the best round trip), in ms. */
export interface ClockOffset { offsetMs: number; uncertaintyMs: number }

const PING_TIMEOUT_MS = 10_000;

export async function clockOffset(child: ChildProcess, rounds = 200): Promise<ClockOffset> {
  let best: ClockOffset = { offsetMs: Number.NaN, uncertaintyMs: Number.POSITIVE_INFINITY };
  for (let id = 0; id < rounds; id++) {
    const sentAt = epochNow();
    const childAt = await new Promise<number>((resolve, reject) => {
      // A child that died or stopped answering ends the calibration with a reason, not a hang.
      const timer = setTimeout(() => {
        child.off('message', on);
        reject(new Error(`child process ${child.pid} did not answer clock ping ${id} within ${PING_TIMEOUT_MS} ms`));
      }, PING_TIMEOUT_MS);
      const on = (m: { clockPong?: { id: number; at: number } }): void => {
        if (m.clockPong?.id !== id) return;
        clearTimeout(timer);
        child.off('message', on);
        resolve(m.clockPong.at);
      };
      child.on('message', on);
      child.send({ clockPing: id });
    });
    const backAt = epochNow();
    const half = (backAt - sentAt) / 2;
    if (half < best.uncertaintyMs) best = { offsetMs: childAt - (sentAt + half), uncertaintyMs: half };
  }
  return { offsetMs: Math.round(best.offsetMs * 1000) / 1000, uncertaintyMs: Math.round(best.uncertaintyMs * 1000) / 1000 };
}
