// The price model: per instrument a bounded, mean-reverting random walk in log space, stepped once
// per `stepMs` of simulated time while the instrument's trading session is open, snapped to minTick.
// Each step's shock is a pure function of (seed, walk, step index), so the same seed and the same
// creation time give the same prices whatever the pattern of calls. Futures of one root share a
// walk; options are priced from their underlying (Black–Scholes), not walked.
import type { Catalogue } from './catalogue.ts';
import { ianaZone, isSessionOpen, localTime } from './hours.ts';
import { MinuteTape } from './minute-tape.ts';
import { hashString, normal, uniform } from './prng.ts';
import type { Instrument, Quote } from './types.ts';

/** Serialisable state of one walk (see EngineState). */
export interface WalkState {
  key: string;
  /** Absolute step index (epoch ms / stepMs) the state is at. */
  step: number;
  /** Log deviation from `level`. */
  x: number;
  /** Price level the walk reverts to (moved by setPrice). */
  level: number;
  wasOpen: boolean;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  last: number;
  lastSize: number;
  lastTime: number;
  halted: boolean;
}

export interface PriceModelState {
  walks: WalkState[];
  /** Fixed mids for derived instruments (options) set through setPrice. */
  overrides: [number, number][];
  halted: number[];
}

const SECONDS_PER_TRADING_YEAR = 252 * 6.5 * 3600;
const MAX_DEVIATION = 0.25;
/** Mean reversion: a half-life of one trading day. */
const THETA_PER_SECOND = Math.LN2 / 23_400;
const RATE = 0.04;

export function snap(price: number, tick: number): number {
  const n = Math.round(price / tick);
  // Round to the tick's decimals so 0.1 + 0.2 style noise never reaches the wire.
  const decimals = Math.max(0, Math.ceil(-Math.log10(tick)) + 1);
  return Number((n * tick).toFixed(decimals));
}

function normCdf(x: number): number {
  // Abramowitz–Stegun 7.1.26: plenty for a simulator.
  const t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.SQRT2);
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t) * Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

export function blackScholes(right: 'C' | 'P', s: number, k: number, years: number, vol: number): number {
  const t = Math.max(years, 1 / (365 * 24));
  const d1 = (Math.log(s / k) + (RATE + (vol * vol) / 2) * t) / (vol * Math.sqrt(t));
  const d2 = d1 - vol * Math.sqrt(t);
  const df = Math.exp(-RATE * t);
  return right === 'C' ? s * normCdf(d1) - k * df * normCdf(d2) : k * df * normCdf(-d2) - s * normCdf(-d1);
}

function walkKey(i: Instrument): string {
  return i.secType === 'FUT' ? `FUT:${i.exchange}:${i.symbol}` : `${i.conId}`;
}

function expiryMs(i: Instrument): number {
  const d = i.lastTradeDateOrContractMonth;
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8)), 21);
}

export class PriceModel {
  /** Every step's mid and print, per minute: what historical bars are built from (market/history.ts). */
  readonly tape = new MinuteTape();
  private readonly walks = new Map<string, WalkState>();
  private readonly overrides = new Map<number, number>();
  private readonly halted = new Set<number>();
  private readonly keyHash = new Map<string, number>();
  private readonly sigmaStep: number;
  private readonly thetaStep: number;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly seed: number,
    private readonly startMs: number,
    private readonly stepMs = 1000,
    state?: PriceModelState,
  ) {
    this.sigmaStep = Math.sqrt(stepMs / 1000 / SECONDS_PER_TRADING_YEAR);
    this.thetaStep = THETA_PER_SECOND * (stepMs / 1000);
    if (state !== undefined) {
      for (const w of state.walks) this.walks.set(w.key, { ...w });
      for (const [conId, p] of state.overrides) this.overrides.set(conId, p);
      for (const conId of state.halted) this.halted.add(conId);
    }
  }

  snapshot(): PriceModelState {
    return { walks: [...this.walks.values()].map((w) => ({ ...w })), overrides: [...this.overrides], halted: [...this.halted] };
  }

  /** The walk an instrument moves with (futures of one root share one). */
  walkKeyOf(i: Instrument): string {
    return walkKey(i);
  }

  /** Carry between futures months and the root's walk (mild contango); 1 for everything else. */
  factor(i: Instrument): number {
    if (i.secType !== 'FUT') return 1;
    return 1 + 0.045 * Math.max(0, (expiryMs(i) - this.startMs) / (365 * 86_400_000));
  }

  private hashOf(key: string): number {
    let h = this.keyHash.get(key);
    if (h === undefined) {
      h = hashString(key);
      this.keyHash.set(key, h);
    }
    return h;
  }

  private walkFor(i: Instrument): WalkState {
    const key = walkKey(i);
    let w = this.walks.get(key);
    if (w === undefined) {
      const h = this.hashOf(key);
      // Each seed starts every walk a little away from the reference price.
      const x = Math.max(-0.02, Math.min(0.02, 0.008 * normal(this.seed, h, -1)));
      const mid = i.refPrice * Math.exp(x);
      const startStep = Math.floor(this.startMs / this.stepMs);
      w = {
        key,
        step: startStep,
        x,
        level: i.refPrice,
        wasOpen: this.isOpen(i, this.startMs),
        open: mid,
        high: mid * (1 + 0.004 * uniform(this.seed, h, -2)),
        low: mid * (1 - 0.004 * uniform(this.seed, h, -3)),
        close: i.refPrice,
        volume: i.secType === 'STK' ? Math.floor(200_000 + 2_000_000 * uniform(this.seed, h, -4)) : Math.floor(10_000 * uniform(this.seed, h, -4)),
        last: mid,
        lastSize: 100,
        lastTime: this.startMs,
        halted: false,
      };
      this.walks.set(key, w);
    }
    return w;
  }

  private isOpen(i: Instrument, t: number): boolean {
    return isSessionOpen(i.tradingSession, localTime(ianaZone(i.timeZoneId), t));
  }

  /** Steps the instrument's walk up to `now` (only open, unhalted minutes move the price). */
  private stepTo(i: Instrument, now: number): WalkState {
    const w = this.walkFor(i);
    this.tape.anchor(w.key, { ms: w.step * this.stepMs, x: w.x, level: w.level });
    const target = Math.floor(now / this.stepMs);
    if (target <= w.step) return w;
    const h = this.hashOf(w.key);
    const vol = i.volatility;
    const lotSize = i.secType === 'STK' ? 100 : 1;
    let openMinute = -1;
    let open = w.wasOpen;
    for (let k = w.step + 1; k <= target; k++) {
      const t = k * this.stepMs;
      const minute = Math.floor(t / 60_000);
      if (minute !== openMinute) {
        openMinute = minute;
        open = this.isOpen(i, t);
        if (open && !w.wasOpen) {
          // A new session: yesterday's last becomes the close, the day's statistics restart.
          const mid = w.level * Math.exp(w.x);
          w.close = w.last;
          w.open = mid;
          w.high = mid;
          w.low = mid;
          w.volume = 0;
        }
        w.wasOpen = open;
      }
      if (!open || w.halted) {
        // Nothing moves until the next minute's session check: skip straight to it.
        const nextMinuteStep = Math.ceil(((minute + 1) * 60_000) / this.stepMs) - 1;
        if (nextMinuteStep > k) k = Math.min(nextMinuteStep, target);
        continue;
      }
      const z = normal(this.seed, h, k);
      w.x = Math.max(-MAX_DEVIATION, Math.min(MAX_DEVIATION, w.x * (1 - this.thetaStep) + vol * this.sigmaStep * z));
      const mid = w.level * Math.exp(w.x);
      if (mid > w.high) w.high = mid;
      if (mid < w.low) w.low = mid;
      if (i.secType !== 'CASH' && uniform(this.seed, h, k, 7) < 0.6) {
        w.last = mid;
        w.lastSize = lotSize * (1 + Math.floor(5 * uniform(this.seed, h, k, 8)));
        w.lastTime = t;
        w.volume += w.lastSize;
        this.tape.record(w.key, t, mid, { price: mid, size: w.lastSize });
      } else {
        this.tape.record(w.key, t, mid);
      }
    }
    w.step = target;
    return w;
  }

  quote(conId: number, now: number): Quote | undefined {
    const i = this.catalogue.byConId(conId);
    if (i === undefined) return undefined;
    if (i.secType === 'OPT') return this.optionQuote(i, now);
    const w = this.stepTo(i, now);
    const f = this.factor(i);
    const h = this.hashOf(w.key);
    const tick = i.minTick;
    const { bid, ask } = this.bidAsk(i, w.level * f * Math.exp(w.x));
    const u1 = uniform(this.seed, h, w.step, 3);
    const u2 = uniform(this.seed, h, w.step, 4);
    const [bidSize, askSize] =
      i.secType === 'STK' ? [100 * (1 + Math.floor(20 * u1)), 100 * (1 + Math.floor(20 * u2))]
      : i.secType === 'FUT' ? [1 + Math.floor(60 * u1), 1 + Math.floor(60 * u2)]
      : [1_000_000 * (1 + Math.floor(20 * u1)), 1_000_000 * (1 + Math.floor(20 * u2))];
    const halted = w.halted || this.halted.has(conId);
    const tradingOpen = this.isOpen(i, now);
    return {
      conId,
      time: w.step * this.stepMs,
      bid,
      ask,
      bidSize,
      askSize,
      last: i.secType === 'CASH' ? undefined : snap(w.last * f, tick),
      lastSize: w.lastSize,
      lastTimestamp: Math.floor(w.lastTime / 1000),
      volume: w.volume,
      high: snap(Math.max(w.high, w.last) * f, tick),
      low: snap(Math.min(w.low, w.last) * f, tick),
      open: snap(w.open * f, tick),
      close: snap(w.close * f, tick),
      halted,
      tradingOpen,
      liquidOpen: isSessionOpen(i.liquidSession, localTime(ianaZone(i.timeZoneId), now)),
    };
  }

  /** The quoted bid and ask around a (carry-adjusted) mid: shared by quotes and historical bars. */
  bidAsk(i: Instrument, mid: number): { bid: number; ask: number } {
    const tick = i.minTick;
    const spreadRate = i.secType === 'STK' ? 0.0002 : 0.00005;
    const spreadTicks = Math.max(1, Math.round((mid * spreadRate) / tick));
    const bid = snap(Math.floor((mid - (spreadTicks * tick) / 2) / tick + 1e-9) * tick, tick);
    return { bid, ask: snap(bid + spreadTicks * tick, tick) };
  }

  private optionQuote(i: Instrument, now: number): Quote | undefined {
    const under = this.catalogue.byConId(i.underConId);
    if (under === undefined) return undefined;
    const uq = this.quote(under.conId, now);
    if (uq === undefined) return undefined;
    const years = (expiryMs(i) - now) / (365 * 86_400_000);
    const right = i.right === 'P' ? 'P' : 'C';
    const theo = (s: number): number => Math.max(0.01, blackScholes(right, s, i.strike, years, i.volatility));
    const mid = this.overrides.get(i.conId) ?? theo((uq.bid + uq.ask) / 2);
    const tick = i.minTick;
    const half = Math.max(tick, snap(mid * 0.01, tick));
    const bid = Math.max(0, snap(mid - half, tick));
    const ask = snap(Math.max(bid + tick, mid + half), tick);
    const h = hashString(`${i.conId}`);
    const step = Math.floor(now / this.stepMs);
    const halted = uq.halted || this.halted.has(i.conId);
    return {
      conId: i.conId,
      time: uq.time,
      bid,
      ask,
      bidSize: 1 + Math.floor(50 * uniform(this.seed, h, step, 3)),
      askSize: 1 + Math.floor(50 * uniform(this.seed, h, step, 4)),
      last: snap(mid, tick),
      lastSize: 1 + Math.floor(10 * uniform(this.seed, h, step, 5)),
      lastTimestamp: uq.lastTimestamp,
      volume: Math.floor(uq.volume / 1000),
      high: snap(Math.max(theo(uq.high), theo(uq.low), mid), tick),
      low: snap(Math.min(theo(uq.high), theo(uq.low), mid), tick),
      open: snap(theo(uq.open), tick),
      close: snap(theo(uq.close), tick),
      halted,
      tradingOpen: this.isOpen(i, now),
      liquidOpen: isSessionOpen(i.liquidSession, localTime(ianaZone(i.timeZoneId), now)),
    };
  }

  /** Moves an instrument to `price` now (a trade prints there) and makes that the new reference level. */
  setPrice(conId: number, price: number, now: number): void {
    const i = this.catalogue.byConId(conId);
    if (i === undefined) throw new Error(`setPrice: unknown conId ${conId}`);
    if (!(price > 0)) throw new Error(`setPrice: price must be > 0, got ${price}`);
    if (i.secType === 'OPT') {
      this.overrides.set(conId, price);
      return;
    }
    const w = this.stepTo(i, now);
    w.level = price / this.factor(i);
    w.x = 0;
    w.last = w.level;
    w.lastTime = now;
    // The print shows in TRADES bars (no size: setPrice does not add volume to the quote either).
    this.tape.record(w.key, now, w.level, { price: w.level, size: 0 });
    if (w.level > w.high) w.high = w.level;
    if (w.level < w.low) w.low = w.level;
  }

  setHalted(conId: number, halted: boolean): void {
    const i = this.catalogue.byConId(conId);
    if (i === undefined) throw new Error(`setHalted: unknown conId ${conId}`);
    if (halted) this.halted.add(conId);
    else this.halted.delete(conId);
    if (i.secType !== 'OPT') this.walkFor(i).halted = halted;
  }

  /** Converts an amount in `currency` to USD at current FX mids. */
  toUsd(amount: number, currency: string, now: number): number {
    if (currency === 'USD' || amount === 0) return amount;
    for (const i of this.fxPairs()) {
      if (i.symbol === currency && i.currency === 'USD') return amount * this.mid(i.conId, now);
      if (i.symbol === 'USD' && i.currency === currency) return amount / this.mid(i.conId, now);
    }
    throw new Error(`No FX rate for ${currency}`);
  }

  private fxCache: Instrument[] | undefined;
  private fxPairs(): Instrument[] {
    this.fxCache ??= this.catalogue.instruments.filter((i) => i.secType === 'CASH');
    return this.fxCache;
  }

  mid(conId: number, now: number): number {
    const q = this.quote(conId, now);
    if (q === undefined) throw new Error(`No quote for ${conId}`);
    return (q.bid + q.ask) / 2;
  }
}
