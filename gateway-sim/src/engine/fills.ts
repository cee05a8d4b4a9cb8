// A fill, booked everywhere it shows: the order's cumulative quantity, average price and commission,
// the account (cash, position, realized P&L), the execution log, and the events a client receives,
// in TWS order: execution, order state, commissionReport, position, accountValues.
import type { Instrument } from '../market/types.ts';
import { accountValues, applyFill, multiplierOf, positionView } from './accounts.ts';
import type { AccountState, Pricing } from './accounts.ts';
import { orderCommission } from './commissions.ts';
import type { Emit } from './events.ts';
import type { ExecutionLog } from './execution-log.ts';
import type { OrderLifecycle } from './lifecycle.ts';
import type { OrderGroups } from './order-groups.ts';
import { isBuy } from './order-record.ts';
import type { OrderRecord } from './state.ts';
import type { WireViews } from './wire-views.ts';

export interface FillDeps {
  account(id: string): AccountState;
  pricing: Pricing;
  toUsd(amount: number, currency: string, now: number): number;
  executions: ExecutionLog;
  views: WireViews;
  emit: Emit;
  lifecycle: OrderLifecycle;
  groups: OrderGroups;
}

/** Where an instrument's executions are reported (not SMART): the listing venue, ISLAND for NASDAQ. */
function executionVenue(i: Instrument): string {
  if (i.secType === 'OPT') return 'CBOE';
  if (i.secType !== 'STK') return i.exchange;
  return i.primaryExchange === 'NASDAQ' ? 'ISLAND' : i.primaryExchange;
}

export class Fills {
  constructor(private readonly d: FillDeps) {}

  fill(o: OrderRecord, i: Instrument, qty: number, price: number, now: number): void {
    const acct = this.d.account(o.account);
    const valueUsd = this.d.toUsd(qty * price * multiplierOf(i), i.currency, now);
    // Commission is charged per order: this fill pays what the order owes now minus what it paid.
    const before = orderCommission(i, o.filled, o.filledValueUsd);
    o.avgFillPrice = (o.avgFillPrice * o.filled + price * qty) / (o.filled + qty);
    o.filled += qty;
    o.remaining = o.totalQuantity - o.filled;
    o.lastFillPrice = price;
    o.filledValueUsd += valueUsd;
    const commission = Math.round((orderCommission(i, o.filled, o.filledValueUsd) - before) * 1e6) / 1e6;
    o.commission = (o.commission ?? 0) + commission;
    const effect = applyFill(acct, i, isBuy(o) ? qty : -qty, price, commission, this.d.pricing);
    const exec = this.d.executions.record({
      orderId: o.orderId,
      clientId: o.clientId,
      permId: o.permId,
      conId: i.conId,
      exchange: executionVenue(i),
      timeMs: now,
      account: o.account,
      side: isBuy(o) ? 'BOT' : 'SLD',
      shares: qty,
      price,
      cumQty: o.filled,
      avgPrice: o.avgFillPrice,
      orderRef: o.orderRef,
      // A resting limit order added liquidity; anything that crossed on arrival removed it.
      lastLiquidity: o.orderType === 'LMT' && o.status === 'Submitted' ? 1 : 2,
      commission,
      realizedPnl: effect.realizedUsd,
    });
    this.d.emit({ type: 'execution', clientId: o.clientId, execution: this.d.views.execution(exec) });
    if (o.remaining <= 0) {
      this.d.lifecycle.complete(o, 'Filled', 'Filled');
    } else {
      const changed = o.status !== 'Submitted';
      o.status = 'Submitted';
      if (changed) this.d.lifecycle.emitOpenOrder(o);
      this.d.lifecycle.emitStatus(o);
    }
    this.d.emit({ type: 'commissionReport', clientId: o.clientId, report: this.d.views.commission(exec) });
    this.d.emit({ type: 'position', position: positionView(acct.id, effect.position, this.d.pricing) });
    this.d.emit({ type: 'accountValues', values: accountValues(acct, this.d.pricing) });
    this.d.groups.afterFill(o, qty, now);
  }
}
