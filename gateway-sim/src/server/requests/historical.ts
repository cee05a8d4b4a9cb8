// reqHistoricalData / cancelHistoricalData / reqHeadTimestamp / cancelHeadTimestamp: bars from the
// engine's price walk (market/history.ts), IB's errors on the request's own id, IB's pacing rules
// (historical-pacing.ts) and keepUpToDate streaming: while subscribed, every price step the engine
// publishes re-sends the latest bar as historicalDataUpdate (90); when a bar is left behind, its
// final version goes out once before the new one.
import type { Bar, BarQuery, Engine, Instrument, WhatToShow } from '../../engine/index.ts';
import { ianaZone } from '../../market/hours.ts';
import { encodeHeadTimestamp, encodeHistoricalData, encodeHistoricalDataUpdate, errorText, validationText } from '../../protocol/index.ts';
import type { HistoricalBarView, HistoricalRequest, WireContract } from '../../protocol/index.ts';
import type { ClientConnection } from '../connection.ts';
import { contractQuery } from '../convert.ts';
import type { DispatchContext } from '../dispatch.ts';
import { HistoricalPacing } from './historical-pacing.ts';
import { durationSeconds, hmdsText, parseBarSize, parseDuration, parseEndDateTime, parseWhatToShow } from './historical-spec.ts';

/** At most this many bars' worth of duration per request (IB: "Time length exceed max."). */
export const MAX_BARS_PER_REQUEST = 50_000;
/** And at most five years back per request: the walk is drawn minute by minute on demand. */
export const MAX_DURATION_SECONDS = 5 * 366 * 86_400;

interface Subscription {
  query: BarQuery;
  instrument: Instrument;
  formatDate: number;
  last: HistoricalBarView | undefined;
  lastTime: number;
  stop: () => void;
}

/** Per gateway: its pacing record and every client's keepUpToDate subscriptions. */
interface GatewayHistory {
  pacing: HistoricalPacing;
  subs: Map<ClientConnection, Map<number, Subscription>>;
}

const byGateway = new WeakMap<DispatchContext, GatewayHistory>();

function stateOf(ctx: DispatchContext): GatewayHistory {
  let s = byGateway.get(ctx);
  if (s === undefined) {
    const state: GatewayHistory = { pacing: new HistoricalPacing(), subs: new Map() };
    ctx.engine.on((e) => {
      if (e.type === 'quote') onQuote(ctx, state, e.quote.conId);
    });
    byGateway.set(ctx, state);
    s = state;
  }
  return s;
}

export function handleHistorical(ctx: DispatchContext, conn: ClientConnection, req: HistoricalRequest): void {
  switch (req.kind) {
    case 'reqHistoricalData':
      reqHistoricalData(ctx, conn, req);
      return;
    case 'cancelHistoricalData': {
      const subs = stateOf(ctx).subs.get(conn);
      const sub = subs?.get(req.reqId);
      if (sub === undefined) {
        conn.sendError(req.reqId, 366, errorText(366, String(req.reqId)));
        return;
      }
      sub.stop();
      subs?.delete(req.reqId);
      return;
    }
    case 'reqHeadTimestamp':
      reqHeadTimestamp(ctx, conn, req);
      return;
    case 'cancelHeadTimestamp':
      // The answer went out at once; there is nothing left to cancel.
      return;
  }
}

function resolveOne(engine: Engine, contract: WireContract): Instrument | undefined {
  const found = engine.resolveContract(contractQuery(contract));
  return found.length === 1 ? found[0] : undefined;
}

/** The instrument's refusal, if TWS would refuse it whatever the parameters. */
function refusal(i: Instrument, what: WhatToShow): { code: number; text: string } | undefined {
  if (i.secType === 'OPT') return { code: 321, text: validationText('The simulated gateway has no historical bars for options', 'bP') };
  if (i.marketData === 'none') return { code: 162, text: hmdsText(`No market data permissions for ${i.primaryExchange} ${i.secType}`) };
  if (what === 'TRADES' && i.secType === 'CASH') return { code: 162, text: noData(i, i.exchange, 'TRADES') };
  return undefined;
}

/** `HMDS query returned no data: AAPL@SMART Trades` (IB names the series in title case). */
function noData(i: Instrument, exchange: string, what: WhatToShow): string {
  const name = what === 'MIDPOINT' ? 'Midpoint' : what.charAt(0) + what.slice(1).toLowerCase();
  return hmdsText(`HMDS query returned no data: ${i.localSymbol}@${exchange || i.exchange} ${name}`);
}

function reqHistoricalData(ctx: DispatchContext, conn: ClientConnection, req: Extract<HistoricalRequest, { kind: 'reqHistoricalData' }>): void {
  const { engine } = ctx;
  const fail = (code: number, text: string): void => conn.sendError(req.reqId, code, text);
  const i = resolveOne(engine, req.contract);
  if (i === undefined) return fail(200, errorText(200));
  const what = parseWhatToShow(req.whatToShow);
  if (!what.ok) return fail(what.code, what.text);
  const barSize = parseBarSize(req.barSizeSetting);
  if (!barSize.ok) return fail(barSize.code, barSize.text);
  const duration = parseDuration(req.durationStr);
  if (!duration.ok) return fail(duration.code, duration.text);
  if (req.keepUpToDate && req.endDateTime.trim() !== '') return fail(321, validationText('End date not supported with live updates', 'bP'));
  if (req.whatToShow.trim().toUpperCase() === 'ADJUSTED_LAST' && req.endDateTime.trim() !== '') {
    return fail(321, validationText('End date not supported with adjusted last', 'bP'));
  }
  const now = ctx.clock.now();
  const zone = ianaZone(i.timeZoneId);
  const end = parseEndDateTime(req.endDateTime, now, zone);
  if (!end.ok) return fail(end.code, end.text);
  const refused = refusal(i, what.value);
  if (refused) return fail(refused.code, refused.text);
  const seconds = durationSeconds(duration.value);
  if (seconds / (barSize.value * 60) > MAX_BARS_PER_REQUEST || seconds > MAX_DURATION_SECONDS) return fail(162, hmdsText('Time length exceed max.'));
  const subs = stateOf(ctx).subs.get(conn);
  if (subs?.has(req.reqId)) return fail(322, errorText(322, `'bP' : cause - Duplicate ticker id ${req.reqId}`));
  // Tick types as the client named them: ADJUSTED_LAST and TRADES are different series to IB.
  const tickType = req.whatToShow.trim().toUpperCase();
  const paced = stateOf(ctx).pacing.admit({
    identity: [i.conId, req.barSizeSetting, req.durationStr, req.endDateTime, tickType, req.useRth, req.keepUpToDate].join('|'),
    series: [i.conId, req.contract.exchange, tickType].join('|'),
  }, now);
  if (paced !== undefined) {
    conn.log.info({ reqId: req.reqId, rule: paced }, 'historical data pacing violation');
    return fail(162, hmdsText('Historical data request pacing violation'));
  }
  const query: BarQuery = {
    conId: i.conId, endMs: end.value, duration: duration.value, barMinutes: barSize.value, whatToShow: what.value, useRth: req.useRth,
  };
  const series = engine.historicalBars(query);
  if (series === undefined || series.bars.length === 0) return fail(162, noData(i, req.contract.exchange, what.value));
  const views = series.bars.map((b) => barView(b, i, req.formatDate));
  conn.send(encodeHistoricalData(conn.version, req.reqId, windowTime(series.startMs, i), windowTime(series.endMs, i), views));
  if (!req.keepUpToDate) return;
  const state = stateOf(ctx);
  let mine = state.subs.get(conn);
  if (mine === undefined) {
    mine = new Map();
    state.subs.set(conn, mine);
  }
  const lastBar = series.bars.at(-1);
  mine.set(req.reqId, {
    query, instrument: i, formatDate: req.formatDate, last: lastBar === undefined ? undefined : updateView(lastBar, i, req.formatDate), lastTime: lastBar?.time ?? 0, stop: engine.watchQuotes(i.conId),
  });
}

function reqHeadTimestamp(ctx: DispatchContext, conn: ClientConnection, req: Extract<HistoricalRequest, { kind: 'reqHeadTimestamp' }>): void {
  const i = resolveOne(ctx.engine, req.contract);
  if (i === undefined) return conn.sendError(req.reqId, 200, errorText(200));
  const what = parseWhatToShow(req.whatToShow);
  if (!what.ok) return conn.sendError(req.reqId, what.code, what.text);
  const refused = refusal(i, what.value);
  if (refused) return conn.sendError(req.reqId, refused.code, refused.text);
  const head = ctx.engine.headTimestamp(i.conId, req.useRth);
  if (head === undefined) return conn.sendError(req.reqId, 162, noData(i, req.contract.exchange, what.value));
  conn.send(encodeHeadTimestamp(req.reqId, req.formatDate === 2 ? String(Math.floor(head / 1000)) : utcStamp(head)));
}

/** A price step of `conId`: each subscription on it re-sends its latest bar. */
function onQuote(ctx: DispatchContext, state: GatewayHistory, conId: number): void {
  for (const [conn, subs] of state.subs) {
    if (!conn.isOpen) {
      // The connection went away: its subscriptions end with it.
      for (const sub of subs.values()) sub.stop();
      state.subs.delete(conn);
      continue;
    }
    for (const [reqId, sub] of subs) {
      if (sub.query.conId !== conId) continue;
      const daily = sub.query.barMinutes >= 1440;
      const recent = ctx.engine.historicalBars({
        ...sub.query, endMs: ctx.clock.now(),
        duration: daily ? { count: 1, unit: 'D' } : { count: sub.query.barMinutes * 60 * 2, unit: 'S' },
      });
      const bars = recent?.bars ?? [];
      const latest = bars.at(-1);
      if (latest === undefined || latest.time < sub.lastTime) continue;
      if (latest.time > sub.lastTime) {
        // The bar the client held is complete: its final state first.
        const finished = bars.find((b) => b.time === sub.lastTime);
        if (finished !== undefined) conn.send(encodeHistoricalDataUpdate(reqId, updateView(finished, sub.instrument, sub.formatDate)));
      }
      const view = updateView(latest, sub.instrument, sub.formatDate);
      if (latest.time === sub.lastTime && sameBar(view, sub.last)) continue;
      conn.send(encodeHistoricalDataUpdate(reqId, view));
      sub.last = view;
      sub.lastTime = latest.time;
    }
  }
}

function sameBar(a: HistoricalBarView, b: HistoricalBarView | undefined): boolean {
  return b !== undefined && a.date === b.date && a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close
    && a.volume === b.volume && a.barCount === b.barCount;
}

function barView(b: Bar, i: Instrument, formatDate: number): HistoricalBarView {
  const date = b.tradeDate ?? (formatDate === 2 ? String(Math.floor(b.time / 1000)) : dateTime(b.time, i));
  return {
    date, open: b.open, high: b.high, low: b.low, close: b.close, volume: String(b.volume), wap: String(b.wap), barCount: b.count,
  };
}

/** TWS sends −1 in an update's barCount field (rust-ibapi, built against live TWS, notes the same). */
function updateView(b: Bar, i: Instrument, formatDate: number): HistoricalBarView {
  return { ...barView(b, i, formatDate), barCount: -1 };
}

const stampFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * `yyyyMMdd HH:mm:ss <zone>` in the instrument's exchange zone, as current TWS writes bar times
 * (a live 2026 capture shows `20260402 09:30:00 US/Eastern` for a gateway logged in from CET).
 */
function dateTime(ms: number, i: Instrument): string {
  return `${localStamp(ms, i, ' ')} ${i.timeZoneId}`;
}

/**
 * The window's start and end at 176-195: `yyyyMMdd  HH:mm:ss` (two spaces, no zone), the form
 * rust-ibapi 2.x parses there; the zoned form belongs to historicalDataEnd (108) from 196.
 */
function windowTime(ms: number, i: Instrument): string {
  return localStamp(ms, i, '  ');
}

function localStamp(ms: number, i: Instrument, sep: string): string {
  const zone = ianaZone(i.timeZoneId);
  let f = stampFormats.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    stampFormats.set(zone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(new Date(ms))) p[part.type] = part.value;
  return `${p.year}${p.month}${p.day}${sep}${p.hour}:${p.minute}:${p.second}`;
}

/** `yyyyMMdd-HH:mm:ss` in UTC: TWS's head-timestamp form. */
function utcStamp(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
