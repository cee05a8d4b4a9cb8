// Matching against the price model: whether a working order can trade now (session, halt, bracket
// parent), stop and trailing-stop triggers, marketability against the touch, IOC/FOK outcomes and
// partial fills sliced by the size shown at the touch, one slice per fillSliceMs.
import { snap } from '../market/prices.ts';
import type { Instrument, Quote } from '../market/types.ts';
import type { Fills } from './fills.ts';
import type { OrderLifecycle } from './lifecycle.ts';
import type { OrderBook } from './order-book.ts';
import { isBuy, isTerminal } from './order-record.ts';
import type { OrderRecord } from './state.ts';

export interface MatcherDeps {
  book: OrderBook;
  lifecycle: OrderLifecycle;
  fills: Fills;
  instrument(conId: number): Instrument;
  quote(conId: number, now: number): Quote;
  /** Simulated ms between partial-fill slices. */
  fillSliceMs: number;
}

/** Futures and FX trade whenever their session is open; others in liquid hours, or in trading hours with outsideRth. */
function canTrade(o: OrderRecord, i: Instrument, q: Quote): boolean {
  if (q.halted) return false;
  return i.secType === 'FUT' || i.secType === 'CASH' ? q.tradingOpen : q.liquidOpen || (o.outsideRth && q.tradingOpen);
}

/** Ratchets a trailing stop behind the market (never against the order). */
export function trailStop(o: OrderRecord, minTick: number, ref: number): void {
  const amount = o.trailingPercent !== undefined ? (ref * o.trailingPercent) / 100 : (o.auxPrice ?? 0);
  const candidate = isBuy(o) ? snap(ref + amount, minTick) : snap(ref - amount, minTick);
  if (o.trailStopPrice === undefined || (isBuy(o) ? candidate < o.trailStopPrice : candidate > o.trailStopPrice)) o.trailStopPrice = candidate;
}

export class Matcher {
  constructor(private readonly d: MatcherDeps) {}

  /** Moves one working order as far as the market allows now. */
  work(o: OrderRecord, now: number): void {
    if (isTerminal(o) || o.status === 'PendingCancel' || o.staged) return;
    const parent = this.d.book.parentOf(o);
    if (parent !== undefined && parent.status !== 'Filled') return; // bracket child waits for its parent
    const i = this.d.instrument(o.conId);
    const q = this.d.quote(o.conId, now);
    if (!canTrade(o, i, q)) return; // e.g. a MKT order outside RTH without outsideRth stays PreSubmitted
    const buy = isBuy(o);
    const ref = q.last ?? (q.bid + q.ask) / 2;

    let limit = o.lmtPrice;
    let market = o.orderType === 'MKT';
    if (o.orderType === 'STP' || o.orderType === 'STP LMT' || o.orderType === 'TRAIL') {
      if (!o.triggered) {
        if (o.orderType === 'TRAIL') trailStop(o, i.minTick, ref);
        const stop = o.orderType === 'TRAIL' ? o.trailStopPrice! : o.auxPrice!;
        const hit = buy ? ref >= stop : ref <= stop;
        if (!hit) return; // IB simulates stops: they stay PreSubmitted until triggered
        o.triggered = true;
      }
      market = o.orderType !== 'STP LMT';
      limit = o.orderType === 'STP LMT' ? o.lmtPrice : undefined;
    }
    const { lifecycle } = this.d;
    const touch = buy ? q.ask : q.bid;
    const marketable = market || (limit !== undefined && (buy ? touch <= limit + 1e-9 : touch >= limit - 1e-9));
    if (!marketable || now < o.nextFillAt) {
      if (o.tif === 'IOC' && !marketable) return lifecycle.finishCancel(o, 'Cancelled by System', false);
      if (o.tif === 'FOK' && !marketable) return lifecycle.complete(o, 'Inactive', 'Fill-or-kill order could not be filled');
      // Resting (or waiting out a fill delay): the order is now Submitted at the exchange.
      if (o.status === 'PreSubmitted') {
        o.status = 'Submitted';
        lifecycle.emitOpenOrder(o);
        lifecycle.emitStatus(o);
      }
      return;
    }
    const available = buy ? q.askSize : q.bidSize;
    if (o.tif === 'FOK' && available < o.remaining) return lifecycle.complete(o, 'Inactive', 'Fill-or-kill order could not be filled');
    const qty = Math.min(o.remaining, available);
    this.d.fills.fill(o, i, qty, touch, now);
    if (isTerminal(o)) return;
    if (o.tif === 'IOC') return lifecycle.finishCancel(o, 'Cancelled by System', false);
    o.nextFillAt = now + this.d.fillSliceMs;
  }
}
