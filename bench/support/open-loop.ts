// Shared by the benchmarks: an open-loop schedule. Item i is due at start + i / rate whatever happened
// to the ones before it, and each is timed from its due time, so a slow answer shows as latency of
// the ones queued behind it instead of silently slowing the schedule (coordinated omission).
import { performance } from 'node:perf_hooks';

/** Runs `fire(i, dueAt)` for i = 0 … rate × seconds − 1 at its due time (performance.now() ms). */
export function openLoop<T>(rate: number, seconds: number, fire: (i: number, dueAt: number) => Promise<T>): Promise<T[]> {
  const total = rate * seconds;
  const intervalMs = 1000 / rate;
  const start = performance.now() + 20;
  const pending: Array<Promise<T>> = [];
  return new Promise((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      while (pending.length < total && start + pending.length * intervalMs <= now) {
        pending.push(fire(pending.length, start + pending.length * intervalMs));
      }
      if (pending.length < total) setTimeout(tick, Math.max(0, start + pending.length * intervalMs - performance.now()));
      else resolve(Promise.all(pending));
    };
    tick();
  });
}
