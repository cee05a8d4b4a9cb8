import { afterEach, describe, expect, it, vi } from 'vitest';
import { Heartbeat } from './heartbeat.ts';

afterEach(() => { vi.useRealTimers(); });

function heartbeat(): { hb: Heartbeat; probes: number[]; dead: number[] } {
  const probes: number[] = [];
  const dead: number[] = [];
  const hb = new Heartbeat({
    intervalMs: 10_000, answerMs: 5_000, missLimit: 2, clock: { now: () => Date.now() },
    probe: () => probes.push(Date.now()), onDead: (misses) => dead.push(misses),
  });
  return { hb, probes, dead };
}

describe('heartbeat', () => {
  it('re-probes a missed answer at once and declares the connection dead after the miss limit', async () => {
    vi.useFakeTimers({ now: 0 });
    const { hb, probes, dead } = heartbeat();
    hb.start((fn) => fn());
    await vi.advanceTimersByTimeAsync(10_000 + 5_000);
    expect(probes).toEqual([10_000, 15_000]);
    expect(dead).toEqual([]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(dead).toEqual([2]);
    hb.stop();
  });

  it('an answer resets the misses and dates the gateway clock from the middle of its whole second', async () => {
    vi.useFakeTimers({ now: 0 });
    const { hb, dead } = heartbeat();
    hb.start((fn) => fn());
    await vi.advanceTimersByTimeAsync(10_000 + 5_000);
    await vi.advanceTimersByTimeAsync(1_000);
    hb.answered(20);
    // Sent at 15 000, answered at 16 000: mid 15 500; IB's 20 s means 20.5 s.
    expect(hb.clockSkewMs).toBe(5_000);
    expect(hb.lastAnswerAt).toBe(16_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(dead).toEqual([]);
    hb.stop();
  });

  it('a guard that refuses (retired connection) stops the misses counting and further probes; stop() ends it all', async () => {
    vi.useFakeTimers({ now: 0 });
    const { hb, probes, dead } = heartbeat();
    let current = true;
    hb.start((fn) => { if (current) fn(); });
    await vi.advanceTimersByTimeAsync(10_000);
    current = false;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(dead).toEqual([]);
    hb.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(probes).toEqual([10_000]);
  });

  it('dates an answer from its own request, also when the request was not the heartbeat\'s', async () => {
    vi.useFakeTimers({ now: 0 });
    const { hb } = heartbeat();
    hb.start((fn) => fn());
    await vi.advanceTimersByTimeAsync(10_000);
    hb.answered(10); // the heartbeat's, sent at 10 000 and answered at once: IB's 10 s means 10.5 s
    expect(hb.clockSkewMs).toBe(500);
    await vi.advanceTimersByTimeAsync(7_000);
    hb.requestSent(); // someone asks for the time 7 s after the last heartbeat
    await vi.advanceTimersByTimeAsync(200);
    hb.answered(17);
    // Sent at 17 000, answered at 17 200: mid 17 100; 17.5 s on IB's side. Dated from the
    // heartbeat's 10 000 instead, the skew would read 3 900 ms.
    expect(hb.clockSkewMs).toBe(400);
    hb.stop();
  });
});
