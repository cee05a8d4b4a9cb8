// Scenario: each IB read of a decision is bounded (a webhook sender waits 3 s in all). The read's
// answer or failure comes through as it is; a read that never answers is refused with what was
// asked and the time allowed, and its late answer changes nothing.
import { describe, expect, it } from 'vitest';
import { within } from './decide.ts';

describe('an IB read within its time', () => {
  it('gives the answer of a read that answers', async () => {
    await expect(within(Promise.resolve(42), 1_000, 'positions')).resolves.toBe(42);
  });

  it("fails with the read's own error", async () => {
    const refused = new Error('IB refused: 321');
    await expect(within(Promise.reject(refused), 1_000, 'account values')).rejects.toBe(refused);
  });

  it('refuses a read that never answers, naming it and the time allowed', async () => {
    await expect(within(new Promise<never>(() => {}), 5, 'daily P&L')).rejects.toThrow('IB gave no daily P&L within 5 ms');
  });

  it('keeps the refusal when the read fails after it', async () => {
    let fail: (error: Error) => void = () => {};
    const late = new Promise<never>((_, reject) => { fail = reject; });
    const bounded = within(late, 5, 'positions');
    await expect(bounded).rejects.toThrow('IB gave no positions within 5 ms');
    fail(new Error('too late'));
    await expect(bounded).rejects.toThrow('IB gave no positions within 5 ms');
  });
});
