// Accounts: cash, positions with IB-style average cost, realized P&L, and a simple Reg-T style
// margin model from which every account value is derived. Money is USD (the base currency).
import type { Instrument } from '../market/types.ts';
import type { AccountValues, PositionView } from './types.ts';

export interface PositionState {
  conId: number;
  qty: number;
  /** Per unit, commission included, multiplier included (instrument currency). */
  avgCost: number;
  /** Signed traded notional still open, commission excluded (instrument currency): futures cash add-back. */
  openNotional: number;
  realizedPnl: number;
}

export interface AccountState {
  id: string;
  /** Stock-like cash: every purchase debits its full notional, futures included (see totalCash()). */
  cash: number;
  realizedPnl: number;
  previousDayElv: number;
  positions: PositionState[];
}

/** Prices the account needs, injected so this module stays pure. */
export interface Pricing {
  mid(conId: number): number;
  toUsd(amount: number, currency: string): number;
  instrument(conId: number): Instrument;
}

export const multiplierOf = (i: Instrument): number => Number(i.multiplier || '1');

/** Initial / maintenance margin of one position (USD). */
export function positionMargin(i: Instrument, qty: number, pricing: Pricing): { init: number; maint: number } {
  if (qty === 0) return { init: 0, maint: 0 };
  const m = multiplierOf(i);
  const value = Math.abs(pricing.toUsd(qty * pricing.mid(i.conId) * m, i.currency));
  switch (i.secType) {
    case 'STK':
      return { init: 0.5 * value, maint: (qty > 0 ? 0.25 : 0.3) * value };
    case 'FUT':
      return { init: 0.07 * value, maint: 0.06 * value };
    case 'CASH':
      return { init: 0.03 * value, maint: 0.025 * value };
    case 'OPT': {
      if (qty > 0) return { init: 0, maint: 0 }; // long options are paid in full
      const under = pricing.toUsd(Math.abs(qty) * pricing.mid(i.underConId) * m, i.currency);
      const req = value + 0.2 * under;
      return { init: req, maint: req };
    }
  }
}

export interface FillEffect {
  /** Realized P&L of the closing part (USD), undefined when the fill only opened/increased. */
  realizedUsd: number | undefined;
  position: PositionState;
}

/** Applies a fill (signed quantity) to an account. `commissionUsd` is the fill's commission. */
export function applyFill(acct: AccountState, i: Instrument, signedQty: number, price: number, commissionUsd: number, pricing: Pricing): FillEffect {
  const m = multiplierOf(i);
  const toLocal = (usd: number): number => usd / pricing.toUsd(1, i.currency);
  const commission = toLocal(commissionUsd);
  let pos = acct.positions.find((p) => p.conId === i.conId);
  if (pos === undefined) {
    pos = { conId: i.conId, qty: 0, avgCost: 0, openNotional: 0, realizedPnl: 0 };
    acct.positions.push(pos);
  }
  acct.cash -= pricing.toUsd(signedQty * price * m, i.currency) + commissionUsd;
  let realizedLocal: number | undefined;
  const absDq = Math.abs(signedQty);
  if (pos.qty === 0 || Math.sign(pos.qty) === Math.sign(signedQty)) {
    const newQty = pos.qty + signedQty;
    pos.avgCost = (Math.abs(pos.qty) * pos.avgCost + absDq * price * m + commission) / Math.abs(newQty);
    pos.openNotional += signedQty * price * m;
    pos.qty = newQty;
  } else {
    const closeQty = Math.min(absDq, Math.abs(pos.qty));
    const sgn = Math.sign(pos.qty);
    const closeCommission = (commission * closeQty) / absDq;
    realizedLocal = sgn * closeQty * (price * m) - sgn * closeQty * pos.avgCost - closeCommission;
    pos.openNotional -= (pos.openNotional * closeQty) / Math.abs(pos.qty);
    pos.qty += signedQty;
    const rest = absDq - closeQty;
    if (rest > 0) {
      // The fill flipped the position: the remainder opens at this price.
      pos.avgCost = (rest * price * m + (commission - closeCommission)) / rest;
      pos.openNotional = pos.qty * price * m;
    } else if (pos.qty === 0) {
      pos.avgCost = 0;
      pos.openNotional = 0;
    }
  }
  const realizedUsd = realizedLocal === undefined ? undefined : pricing.toUsd(realizedLocal, i.currency);
  if (realizedUsd !== undefined) {
    pos.realizedPnl += realizedUsd;
    acct.realizedPnl += realizedUsd;
  }
  return { realizedUsd, position: pos };
}

export function positionView(account: string, p: PositionState, pricing: Pricing): PositionView {
  const i = pricing.instrument(p.conId);
  const m = multiplierOf(i);
  const mid = p.qty === 0 ? 0 : pricing.mid(i.conId);
  const marketValue = p.qty * mid * m;
  return {
    account,
    instrument: i,
    position: p.qty,
    avgCost: p.avgCost,
    marketPrice: mid,
    marketValue,
    unrealizedPnl: p.qty === 0 ? 0 : marketValue - p.qty * p.avgCost,
    realizedPnl: p.realizedPnl,
  };
}

export interface MarginTotals {
  netLiq: number;
  totalCash: number;
  gross: number;
  init: number;
  maint: number;
  unrealized: number;
}

/** Margin and value totals, optionally with a hypothetical extra position change (what-if, pre-trade check). */
export function totals(acct: AccountState, pricing: Pricing, extra?: { conId: number; qty: number; price: number }): MarginTotals {
  let netLiq = acct.cash;
  let totalCash = acct.cash;
  let gross = 0;
  let init = 0;
  let maint = 0;
  let unrealized = 0;
  const qtys = new Map<number, number>();
  for (const p of acct.positions) if (p.qty !== 0) qtys.set(p.conId, p.qty);
  if (extra !== undefined) {
    qtys.set(extra.conId, (qtys.get(extra.conId) ?? 0) + extra.qty);
    const i = pricing.instrument(extra.conId);
    netLiq -= pricing.toUsd(extra.qty * extra.price * multiplierOf(i), i.currency);
  }
  for (const [conId, qty] of qtys) {
    if (qty === 0) continue;
    const i = pricing.instrument(conId);
    const value = pricing.toUsd(qty * pricing.mid(conId) * multiplierOf(i), i.currency);
    netLiq += value;
    if (i.secType !== 'FUT') gross += Math.abs(value);
    const pm = positionMargin(i, qty, pricing);
    init += pm.init;
    maint += pm.maint;
  }
  for (const p of acct.positions) {
    if (p.qty === 0) continue;
    const i = pricing.instrument(p.conId);
    if (i.secType === 'FUT') totalCash += pricing.toUsd(p.openNotional, i.currency);
    unrealized += pricing.toUsd(p.qty * pricing.mid(p.conId) * multiplierOf(i) - p.qty * p.avgCost, i.currency);
  }
  return { netLiq, totalCash, gross, init, maint, unrealized };
}

const r2 = (n: number): number => Math.round(n * 100) / 100;

export function accountValues(acct: AccountState, pricing: Pricing): AccountValues {
  const t = totals(acct, pricing);
  const elv = t.netLiq;
  const available = elv - t.init;
  const excess = t.netLiq - t.maint;
  return {
    account: acct.id,
    currency: 'USD',
    AccountType: 'INDIVIDUAL',
    NetLiquidation: r2(t.netLiq),
    TotalCashValue: r2(t.totalCash),
    SettledCash: r2(t.totalCash),
    AccruedCash: 0,
    BuyingPower: r2(Math.max(0, available) * 4),
    EquityWithLoanValue: r2(elv),
    PreviousDayEquityWithLoanValue: r2(acct.previousDayElv),
    GrossPositionValue: r2(t.gross),
    RegTEquity: r2(elv),
    RegTMargin: r2(t.init),
    SMA: r2(Math.max(0, available)),
    InitMarginReq: r2(t.init),
    MaintMarginReq: r2(t.maint),
    AvailableFunds: r2(available),
    ExcessLiquidity: r2(excess),
    Cushion: t.netLiq > 0 ? Math.round((excess / t.netLiq) * 1e6) / 1e6 : 0,
    FullInitMarginReq: r2(t.init),
    FullMaintMarginReq: r2(t.maint),
    FullAvailableFunds: r2(available),
    FullExcessLiquidity: r2(excess),
    LookAheadNextChange: 0,
    LookAheadInitMarginReq: r2(t.init),
    LookAheadMaintMarginReq: r2(t.maint),
    LookAheadAvailableFunds: r2(available),
    LookAheadExcessLiquidity: r2(excess),
    HighestSeverity: 0,
    DayTradesRemaining: t.netLiq >= 25_000 ? -1 : 3,
    Leverage: t.netLiq > 0 ? Math.round((t.gross / t.netLiq) * 1e6) / 1e6 : 0,
    RealizedPnL: r2(acct.realizedPnl),
    UnrealizedPnL: r2(t.unrealized),
  };
}
