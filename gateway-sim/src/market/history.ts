// Historical bars from the price model itself, so bars and live quotes agree: since the walk began
// stepping in this process, bars aggregate its recorded minutes (minute-tape.ts); before that, a
// seeded multi-scale noise path is drawn backwards that ends exactly where the walk started. Bars
// exist only while the instrument's session (or, with useRth, its liquid session) is open.
import type { Catalogue } from './catalogue.ts';
import { ianaZone } from './hours.ts';
import type { MinuteRecord } from './minute-tape.ts';
import { snap } from './prices.ts';
import type { PriceModel } from './prices.ts';
import { hash32, hashString, normal } from './prng.ts';
import { sessionIntervals, zoneOffsetMs } from './sessions.ts';
import type { SessionInterval } from './sessions.ts';
import type { Instrument } from './types.ts';

export type WhatToShow = 'TRADES' | 'MIDPOINT' | 'BID' | 'ASK';
export type DurationUnit = 'S' | 'D' | 'W' | 'M' | 'Y';

export interface BarQuery {
  conId: number;
  /** End of the window (epoch ms); later than now means now. */
  endMs: number;
  duration: { count: number; unit: DurationUnit };
  /** Bar length in minutes; 1440 = one bar per session (daily bars). */
  barMinutes: number;
  whatToShow: WhatToShow;
  useRth: boolean;
}

export interface Bar {
  /** Start of the bar (epoch ms); for daily bars the session's start. */
  time: number;
  /** Daily bars: the trade date `yyyymmdd`. */
  tradeDate: string | undefined;
  open: number;
  high: number;
  low: number;
  close: number;
  /** TRADES only; −1 for quote bars (MIDPOINT / BID / ASK), as IB sends. */
  volume: number;
  wap: number;
  count: number;
}

export interface BarSeries {
  /** The window actually served (clipped to the head timestamp and to now). */
  startMs: number;
  endMs: number;
  bars: Bar[];
}

export const DAILY = 1440;
/** Synthesised history starts here (or two years before a future's expiry, if later). */
const HISTORY_BASE_MS = Date.UTC(2010, 0, 4);
const SECONDS_PER_TRADING_YEAR = 252 * 6.5 * 3600;
const MAX_DEVIATION = 0.25;
/** Noise octaves (minutes): minute wiggle up to monthly trends. */
const OCTAVES = [1, 5, 30, 240, 1440, 10_080, 43_200] as const;
const DAY_MS = 86_400_000;

type Minute = Pick<MinuteRecord, 'midOpen' | 'midHigh' | 'midLow' | 'midClose' | 'tradeOpen' | 'tradeHigh' | 'tradeLow' | 'tradeClose' | 'volume' | 'tradeCount' | 'notional'>;

/** Sum of interpolated lattice noise over the octaves; walks minutes forward cheaply (cached lattice). */
class NoisePath {
  private readonly idx: number[] = OCTAVES.map(() => Number.NaN);
  private readonly lo: number[] = OCTAVES.map(() => 0);
  private readonly hi: number[] = OCTAVES.map(() => 0);
  private readonly amp: number[];

  constructor(private readonly seed: number, private readonly hash: number, volatility: number) {
    // Each octave moves like a random walk over its own span, so the sum looks like one.
    this.amp = OCTAVES.map((s) => 0.7 * volatility * Math.sqrt((s * 60) / SECONDS_PER_TRADING_YEAR));
  }

  at(minute: number): number {
    let sum = 0;
    for (let o = 0; o < OCTAVES.length; o++) {
      const span = OCTAVES[o] ?? 1;
      const j = Math.floor(minute / span);
      if (this.idx[o] !== j) {
        // Walking forward one lattice cell reuses the cell's far end.
        this.lo[o] = this.idx[o] === j - 1 ? (this.hi[o] ?? 0) : normal(this.seed, this.hash, 0x4b1d + o, j);
        this.hi[o] = normal(this.seed, this.hash, 0x4b1d + o, j + 1);
        this.idx[o] = j;
      }
      const frac = (minute - j * span) / span;
      sum += (this.amp[o] ?? 0) * ((this.lo[o] ?? 0) + ((this.hi[o] ?? 0) - (this.lo[o] ?? 0)) * frac);
    }
    return sum;
  }
}

/**
 * Trading minutes from an epoch minute to the end of the last trading session before `anchorMs`
 * (negative before it; 0 at it), over the sessions from `fromMs` on; undefined outside a session.
 * Minutes must be asked for in ascending order.
 */
function tradingTime(i: Instrument, zone: string, fromMs: number, anchorMs: number): (minute: number) => number | undefined {
  const sessions = sessionIntervals(i.tradingSession, zone, Math.min(fromMs, anchorMs) - DAY_MS, anchorMs)
    .filter((s) => s.start < anchorMs)
    .map((s) => ({ start: Math.ceil(s.start / 60_000), end: Math.ceil(Math.min(s.end, anchorMs) / 60_000), endTau: 0 }));
  let after = 0;
  for (let k = sessions.length - 1; k >= 0; k--) {
    const s = sessions[k];
    if (s === undefined) continue;
    s.endTau = -after;
    after += s.end - s.start;
  }
  let k = 0;
  return (minute) => {
    while (k < sessions.length && (sessions[k]?.end ?? Infinity) < minute) k++;
    const s = sessions[k];
    // A minute is in a session up to and including its closing minute (the last minute's close).
    if (s === undefined || minute < s.start) return undefined;
    return s.endTau - (s.end - minute);
  };
}

interface MinuteSource {
  anchorMinute: number;
  recorded: (from: number, to: number) => MinuteRecord[];
  synth: (m: number) => Minute | undefined;
}

/** Daily bars of synthesised sessions never change: kept, up to this many, for repeated requests. */
const DAILY_CACHE_MAX = 50_000;

export class BarHistory {
  private readonly dailyCache = new Map<string, Bar>();

  constructor(
    private readonly catalogue: Catalogue,
    private readonly prices: PriceModel,
    private readonly seed: number,
  ) {}

  /** Earliest bar time (epoch ms) of an instrument: the first session open at or after its data start. */
  headTimestamp(conId: number, useRth: boolean): number | undefined {
    const i = this.catalogue.byConId(conId);
    if (i === undefined || i.secType === 'OPT') return undefined;
    const base = this.dataStart(i);
    const zone = ianaZone(i.timeZoneId);
    const first = sessionIntervals(useRth ? i.liquidSession : i.tradingSession, zone, base, base + 10 * DAY_MS).find((s) => s.start >= base);
    return first?.start;
  }

  /**
   * Bars of the window `q` describes, oldest first (empty when no session falls in it). `now` is the
   * simulated time: the price walk is stepped to it first, so the last bar includes the latest quote.
   */
  bars(q: BarQuery, now: number): BarSeries | undefined {
    const i = this.catalogue.byConId(q.conId);
    if (i === undefined || i.secType === 'OPT') return undefined;
    this.prices.quote(i.conId, now);
    const zone = ianaZone(i.timeZoneId);
    const rule = q.useRth ? i.liquidSession : i.tradingSession;
    const head = this.headTimestamp(i.conId, q.useRth) ?? now;
    const endMs = Math.min(q.endMs, now);
    // Up to now, the bar that has just begun counts too: it holds the latest step, as the quote does.
    const until = q.endMs >= now ? now + 1 : endMs;
    const startMs = Math.max(head, this.windowStart(q, endMs, (from, to) => sessionIntervals(rule, zone, from, to)));
    const bars: Bar[] = [];
    if (startMs < until) {
      const source = this.minuteSource(i, zone, startMs);
      for (const s of sessionIntervals(rule, zone, startMs, until)) {
        // A daily bar is a whole session: one that began before the window is not in it.
        if (q.barMinutes >= DAILY && s.start < startMs) continue;
        const cacheKey = `${i.conId}|${q.whatToShow}|${q.useRth ? 1 : 0}|${s.start}`;
        const cached = q.barMinutes >= DAILY ? this.dailyCache.get(cacheKey) : undefined;
        if (cached !== undefined) {
          bars.push({ ...cached });
          continue;
        }
        const before = bars.length;
        this.sessionBars(i, q, zone, source, s, Math.max(s.start, startMs), Math.min(s.end, until), bars);
        const made = bars[before];
        if (q.barMinutes >= DAILY && made !== undefined && s.end <= source.anchorMinute * 60_000 && s.end <= until) {
          if (this.dailyCache.size >= DAILY_CACHE_MAX) this.dailyCache.clear();
          this.dailyCache.set(cacheKey, { ...made });
        }
      }
    }
    return { startMs, endMs, bars };
  }

  private dataStart(i: Instrument): number {
    if (i.secType !== 'FUT') return HISTORY_BASE_MS;
    const d = i.lastTradeDateOrContractMonth;
    const expiry = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8)));
    return Math.max(HISTORY_BASE_MS, expiry - 730 * DAY_MS);
  }

  /** IB's durations: S seconds, W/M/Y calendar spans, D = that many sessions back from the end. */
  private windowStart(q: BarQuery, endMs: number, sessions: (from: number, to: number) => SessionInterval[]): number {
    const { count, unit } = q.duration;
    const end = new Date(endMs);
    switch (unit) {
      case 'S':
        return endMs - count * 1000;
      case 'W':
        return endMs - count * 7 * DAY_MS;
      case 'M':
        return Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - count, end.getUTCDate(), end.getUTCHours(), end.getUTCMinutes(), end.getUTCSeconds());
      case 'Y':
        return Date.UTC(end.getUTCFullYear() - count, end.getUTCMonth(), end.getUTCDate(), end.getUTCHours(), end.getUTCMinutes(), end.getUTCSeconds());
      case 'D': {
        const back = sessions(endMs - (Math.ceil(count * 1.5) + 10) * DAY_MS, endMs).filter((s) => s.start < endMs);
        return back.at(-count)?.start ?? back[0]?.start ?? endMs - count * DAY_MS;
      }
    }
  }

  /** Appends the bars of one session, clipped to [from, to). */
  private sessionBars(
    i: Instrument, q: BarQuery, zone: string, source: MinuteSource, s: SessionInterval, from: number, to: number, out: Bar[],
  ): void {
    const firstMinute = Math.ceil(from / 60_000);
    const endMinute = Math.ceil(to / 60_000);
    const offsetMin = zoneOffsetMs(zone, s.start) / 60_000;
    const f = this.prices.factor(i);
    const price = this.transform(i, q.whatToShow, f);
    const trades = q.whatToShow === 'TRADES';
    // Raw walk prices are aggregated per bar and shown once at the end: the display is monotone in
    // the raw price (up to a spread step), and high/low are widened to cover open and close.
    let bar: Bar | undefined;
    let bucket = Number.NaN;
    let notional = 0;
    const flush = (): void => {
      if (bar === undefined) return;
      const open = price(bar.open);
      const close = price(bar.close);
      bar.high = Math.max(price(bar.high), open, close);
      bar.low = Math.min(price(bar.low), open, close);
      bar.open = open;
      bar.close = close;
      // Prints are snapped to the tick for display; their average is kept inside the bar's range.
      if (trades) bar.wap = bar.volume > 0 ? Math.min(bar.high, Math.max(bar.low, Number(((notional * f) / bar.volume).toFixed(4)))) : bar.close;
      out.push(bar);
      bar = undefined;
    };
    const recorded = source.recorded(firstMinute, endMinute);
    let r = 0;
    for (let m = firstMinute; m < endMinute; m++) {
      let rec: Minute | undefined;
      if (m >= source.anchorMinute) {
        while (r < recorded.length && (recorded[r]?.minute ?? Infinity) < m) r++;
        const hit = recorded[r];
        rec = hit !== undefined && hit.minute === m ? hit : undefined;
      } else {
        rec = source.synth(m);
      }
      if (rec === undefined || (trades && rec.tradeCount === 0)) continue;
      const b = q.barMinutes >= DAILY ? 0 : Math.floor((m + offsetMin) / q.barMinutes);
      if (b !== bucket) {
        flush();
        bucket = b;
        const time = q.barMinutes >= DAILY ? s.start : Math.max(s.start, (b * q.barMinutes - offsetMin) * 60_000);
        bar = { time, tradeDate: q.barMinutes >= DAILY ? s.tradeDate : undefined, open: 0, high: -Infinity, low: Infinity, close: 0, volume: trades ? 0 : -1, wap: -1, count: trades ? 0 : -1 };
        bar.open = trades ? rec.tradeOpen : rec.midOpen;
        notional = 0;
      }
      const cur: Bar = bar ?? (() => { throw new Error('unreachable: bar opened above'); })();
      const high = trades ? rec.tradeHigh : rec.midHigh;
      const low = trades ? rec.tradeLow : rec.midLow;
      if (high > cur.high) cur.high = high;
      if (low < cur.low) cur.low = low;
      cur.close = trades ? rec.tradeClose : rec.midClose;
      if (trades) {
        cur.volume += rec.volume;
        cur.count += rec.tradeCount;
        notional += rec.notional;
      }
    }
    flush();
  }

  /** Raw walk price → the price a bar of `what` shows (carry factor, tick, the quote's spread). */
  private transform(i: Instrument, what: WhatToShow, f: number): (p: number) => number {
    const tick = i.minTick;
    const decimals = Math.max(0, Math.ceil(-Math.log10(tick)) + 2);
    switch (what) {
      case 'TRADES':
        return (p) => snap(p * f, tick);
      case 'BID':
        return (p) => this.prices.bidAsk(i, p * f).bid;
      case 'ASK':
        return (p) => this.prices.bidAsk(i, p * f).ask;
      case 'MIDPOINT':
        return (p) => {
          const { bid, ask } = this.prices.bidAsk(i, p * f);
          return Number(((bid + ask) / 2).toFixed(decimals));
        };
    }
  }

  /**
   * Minutes of the instrument's walk: recorded ones from the anchor on, synthesised ones before it.
   * The synthetic path is pinned so that the last open minute before the anchor closes exactly at
   * the walk's starting price.
   */
  private minuteSource(i: Instrument, zone: string, fromMs: number): MinuteSource {
    const key = this.prices.walkKeyOf(i);
    const anchor = this.prices.tape.anchorOf(key) ?? { ms: 0, x: 0, level: i.refPrice };
    const anchorMinute = Math.floor(anchor.ms / 60_000);
    const heldFrom = this.prices.tape.heldFrom(key) ?? anchorMinute;
    const h = hashString(`history:${key}`);
    const noise = new NoisePath(this.seed, h, i.volatility);
    const tau = tradingTime(i, zone, fromMs, anchor.ms);
    // The path runs on trading time (closed hours do not move it) and is pinned to the walk's start.
    const pin = noise.at(0);
    const x = (m: number): number => {
      const t = tau(m);
      return Math.max(-MAX_DEVIATION, Math.min(MAX_DEVIATION, anchor.x + (t === undefined ? 0 : noise.at(t) - pin)));
    };
    const sigmaMinute = i.volatility * Math.sqrt(60 / SECONDS_PER_TRADING_YEAR);
    const lot = i.secType === 'STK' ? 100 : 1;
    const tradesAtAll = i.secType !== 'CASH';
    let lastMinute = Number.NaN;
    let lastClose = 0;
    const out: Minute = {
      midOpen: 0, midHigh: 0, midLow: 0, midClose: 0, tradeOpen: 0, tradeHigh: 0, tradeLow: 0, tradeClose: 0, volume: 0, tradeCount: 0, notional: 0,
    };
    return {
      anchorMinute,
      recorded: (from, to) => (to <= heldFrom ? [] : this.prices.tape.minutes(key, Math.max(from, heldFrom), to)),
      synth: (m) => {
        // Minutes are asked for in order: this minute's open is the previous one's close.
        const open = m === lastMinute + 1 ? lastClose : anchor.level * Math.exp(x(m));
        const close = anchor.level * Math.exp(x(m + 1));
        lastMinute = m;
        lastClose = close;
        // One hash gives the minute's four byte-sized draws (range up, range down, prints, lot size).
        const bits = hash32(this.seed, h, m);
        const high = Math.max(open, close) * Math.exp(0.5 * sigmaMinute * ((bits & 0xff) / 256));
        const low = Math.min(open, close) * Math.exp(-0.5 * sigmaMinute * (((bits >>> 8) & 0xff) / 256));
        const count = tradesAtAll ? 5 + Math.floor((30 * ((bits >>> 16) & 0xff)) / 256) : 0;
        const volume = count * lot * (1 + Math.floor((3 * (bits >>> 24)) / 256));
        // One record reused: the caller folds it into a bar before asking for the next minute.
        out.midOpen = open;
        out.midHigh = high;
        out.midLow = low;
        out.midClose = close;
        out.tradeOpen = open;
        out.tradeHigh = high;
        out.tradeLow = low;
        out.tradeClose = close;
        out.volume = volume;
        out.tradeCount = count;
        out.notional = (volume * (open + high + low + close)) / 4;
        return out;
      },
    };
  }
}
