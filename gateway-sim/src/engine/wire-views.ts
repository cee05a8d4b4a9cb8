// The plain, JSON-safe copies of orders and executions that events and queries carry to the wire
// (openOrder, orderStatus, execDetails, commissionReport), taken at the moment they are asked for.
import type { Instrument } from '../market/types.ts';
import { nyTime } from './ny-time.ts';
import type { OrderBook } from './order-book.ts';
import type { ExecRecord, OrderRecord } from './state.ts';
import type { CommissionReport, ExecutionView, OrderStatusReport, OrderView } from './types.ts';

export class WireViews {
  constructor(
    private readonly book: OrderBook,
    private readonly instrument: (conId: number) => Instrument,
  ) {}

  order(o: OrderRecord): OrderView {
    return {
      orderId: o.orderId,
      clientId: o.clientId,
      permId: o.permId,
      parentId: o.parentId,
      parentPermId: this.book.parentOf(o)?.permId,
      account: o.account,
      instrument: this.instrument(o.conId),
      action: o.action,
      totalQuantity: o.totalQuantity,
      orderType: o.orderType,
      lmtPrice: o.lmtPrice,
      auxPrice: o.auxPrice,
      tif: o.tif,
      ocaGroup: o.ocaGroup,
      ocaType: o.ocaType,
      orderRef: o.orderRef,
      transmit: o.transmit,
      outsideRth: o.outsideRth,
      hidden: o.hidden,
      displaySize: o.displaySize,
      trailingPercent: o.trailingPercent,
      trailStopPrice: o.trailStopPrice,
      goodTillDate: o.goodTillDate,
      whatIf: false,
      passthrough: o.passthrough,
      status: o.status,
      filled: o.filled,
      remaining: o.remaining,
      avgFillPrice: o.avgFillPrice,
      lastFillPrice: o.lastFillPrice,
      commission: o.commission,
      commissionCurrency: o.commission === undefined ? '' : 'USD',
      whyHeld: '',
      mktCapPrice: 0,
      warningText: o.warningText,
      completedTime: o.completedTime,
      completedStatus: o.completedStatus,
      placedAt: o.placedAt,
    };
  }

  status(o: OrderRecord): OrderStatusReport {
    return {
      orderId: o.orderId,
      status: o.status,
      filled: o.filled,
      remaining: o.remaining,
      avgFillPrice: o.avgFillPrice,
      permId: o.permId,
      parentId: o.parentId,
      lastFillPrice: o.lastFillPrice,
      clientId: o.clientId,
      whyHeld: '',
      mktCapPrice: 0,
    };
  }

  execution(e: ExecRecord): ExecutionView {
    return {
      execId: e.execId,
      orderId: e.orderId,
      clientId: e.clientId,
      permId: e.permId,
      instrument: this.instrument(e.conId),
      exchange: e.exchange,
      time: nyTime(e.timeMs),
      timeMs: e.timeMs,
      account: e.account,
      side: e.side,
      shares: e.shares,
      price: e.price,
      liquidation: 0,
      cumQty: e.cumQty,
      avgPrice: e.avgPrice,
      orderRef: e.orderRef,
      lastLiquidity: e.lastLiquidity,
    };
  }

  commission(e: ExecRecord): CommissionReport {
    return { execId: e.execId, commission: e.commission, currency: 'USD', realizedPnl: e.realizedPnl };
  }
}
