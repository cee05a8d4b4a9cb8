import { afterEach, describe, expect, it, vi } from 'vitest';
import { DisconnectedError, RequestTimeoutError } from './errors.ts';
import { PendingRequests } from './pending-requests.ts';

afterEach(() => { vi.useRealTimers(); });

describe('pending requests', () => {
  it('collects until the end message and resolves with everything collected', async () => {
    const pending = new PendingRequests(1_000);
    const answer = pending.open('positions', 'positions', async () => undefined);
    pending.collect('positions', 'a');
    pending.collect('elsewhere', 'x');
    pending.finish('positions', 'b');
    await expect(answer).resolves.toEqual(['a', 'b']);
    expect(pending.size).toBe(0);
  });

  it('refuses a second request under a key in use, and fails one whose send failed', async () => {
    const pending = new PendingRequests(1_000);
    void pending.open(7, 'contract details', async () => undefined).catch(() => undefined);
    await expect(pending.open(7, 'contract details', async () => undefined)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(pending.open(8, 'contract details', async () => { throw new DisconnectedError('gone'); })).rejects.toBeInstanceOf(DisconnectedError);
    pending.failAll(new DisconnectedError('test over'));
  });

  it('times a request out on its own, and a drop fails every one at once', async () => {
    vi.useFakeTimers();
    const pending = new PendingRequests(500);
    const slow = pending.open('a', 'open orders', async () => undefined);
    const timedOut = expect(slow).rejects.toBeInstanceOf(RequestTimeoutError);
    await vi.advanceTimersByTimeAsync(500);
    await timedOut;
    const both = [pending.open('b', 'b', async () => undefined), pending.open('c', 'c', async () => undefined)];
    pending.failAll(new DisconnectedError('dropped'));
    for (const p of both) await expect(p).rejects.toBeInstanceOf(DisconnectedError);
    expect(pending.size).toBe(0);
  });
});
