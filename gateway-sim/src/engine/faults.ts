// Fault injection for the admin API: a one-shot rejection of the next order, delayed fills,
// price, halt and clock changes that take effect at once (each followed by advance()), and
// nextValidId rolled back below used ids.
import type { PriceModel } from '../market/prices.ts';
import type { Clock } from './clock.ts';
import type { FaultHooks } from './index.ts';

export class Faults {
  private rejectNext: { code: number; message: string } | undefined;
  /** Simulated ms a newly live order waits before it may fill. */
  fillDelayMs = 0;

  /** The pending one-shot rejection, consumed by the order that asks. */
  takeRejection(): { code: number; message: string } | undefined {
    const r = this.rejectNext;
    this.rejectNext = undefined;
    return r;
  }

  hooks(d: { prices: PriceModel; clock: Clock; advance(): void; rollBackNextValidIds(by: number): void; endNextValidIdRollback(): void }): FaultHooks {
    return {
      rejectNextOrder: (code, message) => {
        this.rejectNext = { code, message };
      },
      delayFills: (ms) => {
        this.fillDelayMs = Math.max(0, ms);
      },
      setPrice: (conId, price) => {
        d.prices.setPrice(conId, price, d.clock.now());
        d.advance();
      },
      setHalted: (conId, halted) => {
        d.prices.setHalted(conId, halted);
        d.advance();
      },
      advanceClock: (ms) => {
        const c = d.clock as Partial<{ shift(ms: number): void }>;
        if (typeof c.shift !== 'function') throw new Error('advanceClock: this clock cannot be shifted');
        c.shift(ms);
        d.advance();
      },
      rollBackNextValidIds: (by) => {
        if (!(Number.isInteger(by) && by >= 0)) throw new RangeError('rollBackNextValidIds: by must be an integer ≥ 0');
        d.rollBackNextValidIds(by);
      },
      endNextValidIdRollback: () => d.endNextValidIdRollback(),
    };
  }
}
