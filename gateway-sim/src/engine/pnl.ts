// Daily, unrealized and realized P&L per account and per position, as reqPnL / reqPnLSingle report
// them (TWS's Portfolio window). Money is USD, the base currency.
//
// "Today" is the New York calendar day, the day reqExecutions and completed orders use too. Daily
// P&L is the change in value since the day started:
//   quantity held at 00:00 New York × (mark now − the day's reference mark) × multiplier
//   + each of today's fills × (mark now − fill price) × multiplier − its commission.
// The mark is the mid, as portfolio values use. The reference mark is an instrument's mark when the
// engine first sees the new day: its time-driven work runs continuously, so that is midnight, and for
// US stocks (closed 20:00–04:00) it is the previous session's last mark. A clock jump over midnight
// starts the day at the first moment after the jump (the move during the jump is not counted).
// Realized P&L is today's (closing fills, their commissions included); a position not traded today
// reports it unset, as TWS does for reqPnLSingle.
import { localTime, zonedToEpoch } from '../market/hours.ts';
import { multiplierOf } from './accounts.ts';
import type { AccountState, Pricing } from './accounts.ts';
import type { ExecRecord } from './state.ts';
import type { PnlSingleValues, PnlValues } from './types.ts';

const NY = 'America/New_York';

/** 00:00 New York of the day an instant belongs to. */
export function nyDayStart(ms: number): number {
  const t = localTime(NY, ms);
  return zonedToEpoch(NY, t.year, t.month, t.day, 0);
}

export interface PnlDeps {
  now(): number;
  accounts(): Iterable<AccountState>;
  executions(): readonly ExecRecord[];
  pricing: Pricing;
}

/** Rounded to a millionth so float noise never reaches the wire or makes a value look changed. */
const r6 = (n: number): number => Math.round(n * 1e6) / 1e6 + 0;

export class PnlBook {
  private dayStart = Number.NEGATIVE_INFINITY;
  /** The day's reference mark per conId (instrument currency). */
  private readonly refs = new Map<number, number>();
  /** Index of the first execution of today in the (chronological, append-only) log. */
  private firstToday = 0;

  constructor(private readonly d: PnlDeps) {}

  /** Starts a new day when `now` is past the current one: reference marks of every held instrument are taken now. */
  roll(now = this.d.now()): void {
    const start = nyDayStart(now);
    if (start <= this.dayStart) return;
    this.dayStart = start;
    this.refs.clear();
    for (const a of this.d.accounts()) {
      for (const p of a.positions) if (p.qty !== 0 && !this.refs.has(p.conId)) this.refs.set(p.conId, this.d.pricing.mid(p.conId));
    }
  }

  /** P&L of one instrument in one account (zeros and an unset realized P&L when never held or traded today). */
  single(acct: AccountState, conId: number): PnlSingleValues {
    this.roll();
    const { pricing } = this.d;
    const i = pricing.instrument(conId);
    const m = multiplierOf(i);
    const pos = acct.positions.find((p) => p.conId === conId);
    const qty = pos?.qty ?? 0;
    const todays = this.todays().filter((e) => e.account === acct.id && e.conId === conId);
    let tradedQty = 0;
    let tradedNotional = 0;
    let commission = 0;
    let realized = 0;
    for (const e of todays) {
      const s = e.side === 'BOT' ? 1 : -1;
      tradedQty += s * e.shares;
      tradedNotional += s * e.shares * e.price * m;
      commission += e.commission;
      realized += e.realizedPnl ?? 0;
    }
    if (qty === 0 && todays.length === 0) return { position: 0, dailyPnL: 0, unrealizedPnL: 0, realizedPnL: undefined, value: 0 };
    const mark = pricing.mid(conId);
    const startQty = Math.round((qty - tradedQty) * 1e8) / 1e8;
    const ref = startQty === 0 ? 0 : this.reference(conId, mark);
    const usd = (local: number): number => pricing.toUsd(local, i.currency);
    const value = qty * mark * m;
    return {
      position: qty,
      dailyPnL: r6(usd(value - startQty * ref * m - tradedNotional) - commission),
      unrealizedPnL: r6(qty === 0 ? 0 : usd(value - qty * (pos?.avgCost ?? 0))),
      realizedPnL: todays.length === 0 ? undefined : r6(realized),
      value: r6(usd(value)),
    };
  }

  /** P&L of a whole account: the sum over everything it holds or traded today. */
  account(acct: AccountState): PnlValues {
    this.roll();
    const conIds = new Set(acct.positions.map((p) => p.conId));
    for (const e of this.todays()) if (e.account === acct.id) conIds.add(e.conId);
    let dailyPnL = 0;
    let unrealizedPnL = 0;
    let realizedPnL = 0;
    for (const conId of conIds) {
      const s = this.single(acct, conId);
      dailyPnL += s.dailyPnL;
      unrealizedPnL += s.unrealizedPnL;
      realizedPnL += s.realizedPnL ?? 0;
    }
    return { dailyPnL: r6(dailyPnL), unrealizedPnL: r6(unrealizedPnL), realizedPnL: r6(realizedPnL) };
  }

  /** Today's executions: a suffix of the log, found from where yesterday's ended. */
  private todays(): readonly ExecRecord[] {
    const all = this.d.executions();
    while (this.firstToday < all.length && all[this.firstToday]!.timeMs < this.dayStart) this.firstToday++;
    return all.slice(this.firstToday);
  }

  private reference(conId: number, mark: number): number {
    let ref = this.refs.get(conId);
    if (ref === undefined) {
      // Held at midnight but flat when the day was first seen (sold in between): today starts now.
      ref = mark;
      this.refs.set(conId, ref);
    }
    return ref;
  }
}

/** Several accounts' P&L as one (reqPnL for "All"). */
export function sumPnl(values: readonly PnlValues[]): PnlValues {
  const sum = (f: (v: PnlValues) => number): number => r6(values.reduce((acc, v) => acc + f(v), 0));
  return { dailyPnL: sum((v) => v.dailyPnL), unrealizedPnL: sum((v) => v.unrealizedPnL), realizedPnL: sum((v) => v.realizedPnL) };
}

/** One instrument's P&L over several accounts; realized stays unset unless some account traded it today. */
export function sumPnlSingle(values: readonly PnlSingleValues[]): PnlSingleValues {
  const sum = (f: (v: PnlSingleValues) => number): number => r6(values.reduce((acc, v) => acc + f(v), 0));
  const traded = values.filter((v) => v.realizedPnL !== undefined);
  return {
    position: sum((v) => v.position), dailyPnL: sum((v) => v.dailyPnL), unrealizedPnL: sum((v) => v.unrealizedPnL),
    realizedPnL: traded.length === 0 ? undefined : r6(traded.reduce((acc, v) => acc + (v.realizedPnL ?? 0), 0)),
    value: sum((v) => v.value),
  };
}
