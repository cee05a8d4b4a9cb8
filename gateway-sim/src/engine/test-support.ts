// Test helpers shared by the engine's scenario tests (not used by production code).
import { manualClock } from './clock.ts';
import type { ManualClock } from './clock.ts';
import { createEngine } from './index.ts';
import type { Engine, EngineOptions } from './index.ts';
import type { EngineEvent } from './types.ts';

/** Monday 2026-11-23 10:30 US/Eastern: regular trading hours for US stocks. */
export const RTH = Date.parse('2026-11-23T15:30:00Z');
/** Saturday: every market closed. */
export const WEEKEND = Date.parse('2026-11-28T15:30:00Z');
/** Monday 07:00 US/Eastern: pre-market (trading hours but not liquid hours). */
export const PREMARKET = Date.parse('2026-11-23T12:00:00Z');

export const AAPL = { symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' };

export interface Harness {
  engine: Engine;
  clock: ManualClock;
  events: EngineEvent[];
  /** Event shorthand like `openOrder:PreSubmitted`, `orderStatus:Filled`, `error:202`, `execution`. */
  trace(): string[];
  clear(): void;
}

export function harness(at = RTH, options: Partial<EngineOptions> = {}): Harness {
  const clock = manualClock(at);
  const engine = createEngine({ clock, seed: 7, accounts: ['DU1234567'], ...options });
  const events: EngineEvent[] = [];
  engine.on((e) => events.push(e));
  return {
    engine,
    clock,
    events,
    trace: () =>
      events.map((e) =>
        e.type === 'openOrder' ? `openOrder:${e.order.status}`
        : e.type === 'orderStatus' ? `orderStatus:${e.status.status}`
        : e.type === 'error' ? `error:${e.code}`
        : e.type,
      ),
    clear: () => {
      events.length = 0;
    },
  };
}

export function errorsOf(events: readonly EngineEvent[]): { id: number; code: number; message: string }[] {
  return events.flatMap((e) => (e.type === 'error' ? [{ id: e.id, code: e.code, message: e.message }] : []));
}
