// Historical bars (reqHistoricalData → historicalData, keepUpToDate → historicalDataUpdate) and
// the earliest data point (reqHeadTimestamp → headTimestamp), read with formatDate 2 so intraday
// times arrive as epoch seconds and nothing depends on a time zone.
// - each read is a pending request on its own id: IB's errors on that id (162 no data / pacing,
//   321 bad parameters, 200 unknown contract, 10314 bad end date) fail it with IbRequestError at
//   once; otherwise its time-out ends it;
// - what is valid (bar sizes, durations, kinds) is IB's to judge; only what could corrupt the wire
//   is checked here;
// - a keepUpToDate subscription publishes every update as a `barUpdate` report until
//   `unsubscribe()` (cancelHistoricalData). It is NOT resubscribed after a reconnect: the bars
//   missed meanwhile would be silently skipped, so it ends (a `barSubscriptionEnded` report, and
//   its `ended` promise) and the caller decides whether to read and subscribe again.
import type { Logger } from '../common/index.ts';
import { ibCodeInfo } from '../domain/index.ts';
import { BrokerError, DisconnectedError, InvalidRequestError, RequestTimeoutError } from './errors.ts';
import { toIbContract, validateContractRef } from './ib-mapping.ts';
import type { BarUpdateReport, BrokerReport, ContractRef, HistoricalBar } from './reports.ts';
import type { SessionChannel } from './session-channel.ts';

/** IB's bar sizes of one minute to one day. */
export type BarSize =
  | '1 min' | '2 mins' | '3 mins' | '5 mins' | '10 mins' | '15 mins' | '20 mins' | '30 mins'
  | '1 hour' | '2 hours' | '3 hours' | '4 hours' | '8 hours' | '1 day';
export type BarSource = 'TRADES' | 'MIDPOINT' | 'BID' | 'ASK' | 'ADJUSTED_LAST';

export interface BarsRequest {
  contract: ContractRef;
  /** The window's end, epoch ms; absent = now. */
  endDateTime?: number;
  /** IB's duration: `<n> S|D|W|M|Y`, e.g. "1 D", "1800 S". */
  duration: string;
  barSize: BarSize;
  whatToShow: BarSource;
  /** Regular trading hours only (else the whole trading session). */
  useRTH: boolean;
}

/** A subscription starts at now, so it has no end date (IB refuses one with live updates). */
export type BarsSubscriptionRequest = Omit<BarsRequest, 'endDateTime'>;

/** The fields of one bar event as the library hands them over (ib-events.ts). */
export interface IbBar { date: string; open: unknown; high: unknown; low: unknown; close: unknown; volume: unknown; count: unknown; wap: unknown }

export interface BarsSubscription {
  /** The subscription's id in `barUpdate` reports (its request id; unique within the session). */
  readonly id: number;
  /** The bars IB answered first, up to the current one. */
  readonly bars: readonly HistoricalBar[];
  /** The newest bar: the last of `bars`, then each update. */
  readonly latest: HistoricalBar | undefined;
  /** False once unsubscribed or ended. */
  readonly active: boolean;
  /** Resolves (never rejects) when the updates stop, with why. */
  readonly ended: Promise<{ reason: string; code?: number }>;
  /** Stops the updates (cancelHistoricalData while the connection lasts). Idempotent. */
  unsubscribe(): Promise<void>;
}

const FORMAT_EPOCH_SECONDS = 2;
const WIRE_TEXT = /^[\x20-\x7e]{1,32}$/;

function checkText(value: unknown, what: string): void {
  if (typeof value !== 'string' || !WIRE_TEXT.test(value)) throw new InvalidRequestError(`${what} must be 1 to 32 printable ASCII characters (IB's own spelling, e.g. "5 mins")`);
}

function checkRequest(r: BarsRequest): void {
  validateContractRef(r.contract, 'qualify');
  checkText(r.duration, 'duration');
  checkText(r.barSize, 'barSize');
  checkText(r.whatToShow, 'whatToShow');
  if (typeof r.useRTH !== 'boolean') throw new InvalidRequestError('useRTH must be true or false');
  if (r.endDateTime !== undefined && !(Number.isInteger(r.endDateTime) && r.endDateTime > 0)) throw new InvalidRequestError('endDateTime must be an epoch time in ms');
}

/** IB's UTC form of an end date/time: `yyyyMMdd-HH:mm:ss`. */
export function ibUtcDateTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2026-11-23T15:30:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 19)}`;
}

const present = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : Number.NaN;
  // IB sends -1 where a bar has no such value (quote bars' volume, count and WAP).
  return Number.isFinite(n) && n >= 0 && n < 1e300 ? n : undefined;
};

/** A bar's time: epoch seconds (intraday, formatDate 2), or yyyyMMdd (daily bars, whatever the format). */
function barTime(date: string): number | undefined {
  const t = date.trim();
  const day = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (day) return Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
  return /^\d{9,11}$/.test(t) ? Number(t) * 1000 : undefined;
}

/** One bar, or undefined when IB's values cannot be read as one. */
export function toHistoricalBar(raw: IbBar): HistoricalBar | undefined {
  const time = barTime(String(raw.date));
  const [open, high, low, close] = [raw.open, raw.high, raw.low, raw.close].map(Number);
  if (time === undefined || ![open, high, low, close].every((p) => Number.isFinite(p))) return undefined;
  const bar: HistoricalBar = { time, open: open as number, high: high as number, low: low as number, close: close as number };
  const volume = present(raw.volume);
  const wap = present(raw.wap);
  const count = present(raw.count);
  if (volume !== undefined) bar.volume = volume;
  if (wap !== undefined) bar.wap = wap;
  if (count !== undefined) bar.count = count;
  return bar;
}

function toBars(items: unknown[], what: string): HistoricalBar[] {
  return items.map((item) => {
    const bar = toHistoricalBar(item as IbBar);
    if (!bar) throw new BrokerError('IB_ERROR', `IB answered ${what} with a bar that cannot be read (${JSON.stringify(item)}).`);
    return bar;
  });
}

const describe = (r: BarsSubscriptionRequest): string =>
  `${r.barSize} ${r.whatToShow} bars of ${r.contract.symbol ?? `conId ${r.contract.conId}`} over ${r.duration}`;

class Subscription {
  active = true;
  bars: HistoricalBar[] = [];
  latest: HistoricalBar | undefined;
  readonly ended: Promise<{ reason: string; code?: number }>;
  private end!: (why: { reason: string; code?: number }) => void;

  constructor(readonly reqId: number, readonly request: BarsSubscriptionRequest) {
    this.ended = new Promise((resolve) => {
      this.end = resolve;
    });
  }

  finish(why: { reason: string; code?: number }): void {
    this.active = false;
    this.end(why);
  }
}

export class HistoricalBars {
  private readonly live = new Map<number, Subscription>();

  constructor(
    private readonly channel: SessionChannel,
    /** The session's publisher (live reports of the current attempt). */
    private readonly publish: (report: BrokerReport) => void,
    private readonly log: Logger,
  ) {}

  /** Active keepUpToDate subscriptions. */
  get size(): number {
    return this.live.size;
  }

  async bars(request: BarsRequest): Promise<HistoricalBar[]> {
    this.channel.assertReady();
    checkRequest(request);
    const what = describe(request);
    const end = request.endDateTime === undefined ? '' : ibUtcDateTime(request.endDateTime);
    return toBars(await this.read(request, end, false, what), what);
  }

  /** Reads the bars up to now, then follows the current bar (keepUpToDate). */
  async subscribe(request: BarsSubscriptionRequest): Promise<BarsSubscription> {
    this.channel.assertReady();
    checkRequest(request);
    const what = describe(request);
    const reqId = this.channel.takeId();
    const sub = new Subscription(reqId, request);
    // Registered before the answer: updates follow the end message on the same socket.
    this.live.set(reqId, sub);
    const fail = async (error: unknown, cancel: boolean): Promise<never> => {
      this.live.delete(reqId);
      sub.finish({ reason: `the first read failed: ${(error as Error).message}` });
      // IB still holds a subscription it answered, or may (a time-out): cancel it.
      if (cancel) await this.cancel(reqId);
      throw error;
    };
    let items: unknown[];
    try {
      items = await this.read(request, '', true, what, reqId);
    } catch (error) {
      return fail(error, error instanceof RequestTimeoutError);
    }
    try {
      sub.bars = toBars(items, what);
    } catch (error) {
      return fail(error, true);
    }
    // An update read from the same data as the end message may already be newer.
    sub.latest ??= sub.bars.at(-1);
    if (!sub.active) throw new DisconnectedError('lost as the subscription started');
    return {
      id: reqId,
      bars: sub.bars,
      get latest() {
        return sub.latest;
      },
      get active() {
        return sub.active;
      },
      ended: sub.ended,
      unsubscribe: () => this.unsubscribe(sub),
    };
  }

  /** The earliest data point IB has for the contract, epoch ms. */
  async headTimestamp(contract: ContractRef, whatToShow: BarSource, useRTH: boolean): Promise<number> {
    this.channel.assertReady();
    validateContractRef(contract, 'qualify');
    checkText(whatToShow, 'whatToShow');
    const reqId = this.channel.takeId();
    const [answer] = await this.channel.request(reqId, `the head timestamp of ${contract.symbol ?? `conId ${contract.conId}`}`, 'normal', (api) =>
      api.reqHeadTimestamp(reqId, toIbContract(contract), whatToShow as never, useRTH, FORMAT_EPOCH_SECONDS));
    const seconds = typeof answer === 'string' && /^\d+$/.test(answer.trim()) ? Number(answer) : Number.NaN;
    if (!Number.isFinite(seconds)) throw new BrokerError('IB_ERROR', `IB answered the head timestamp with "${String(answer)}", not epoch seconds.`);
    return seconds * 1000;
  }

  /** A keepUpToDate update by its request id; one for no subscription (cancelled meanwhile) is dropped. */
  update(reqId: number, raw: IbBar): void {
    const sub = this.live.get(reqId);
    if (!sub) return;
    const bar = toHistoricalBar(raw);
    if (!bar) {
      this.log.warn({ reqId, raw }, 'historicalDataUpdate that cannot be read as a bar; skipped');
      return;
    }
    sub.latest = bar;
    const { contract, barSize, whatToShow } = sub.request;
    const report: BarUpdateReport = { kind: 'barUpdate', subscriptionId: reqId, contract, barSize, whatToShow, bar };
    this.publish(report);
  }

  /** IB's error on a live subscription's id. A warning changes nothing; an error ends it. Returns whether it was ours. */
  failed(reqId: number, code: number, message: string): boolean {
    const sub = this.live.get(reqId);
    if (!sub || ibCodeInfo(code).severity !== 'error') return false;
    this.live.delete(reqId);
    this.log.warn({ code, reqId }, `IB ended a bar subscription: ${message}`);
    this.ended(sub, `IB error ${code}: ${message}`, code, message);
    return true;
  }

  /** The connection is gone, and IB's subscriptions with it: each ends (none is renewed; see the top). */
  connectionLost(reason: string): void {
    const subs = [...this.live.values()];
    this.live.clear();
    for (const sub of subs) this.ended(sub, `the connection was lost (${reason}); subscribe again once the session is ready`);
  }

  private read(request: BarsSubscriptionRequest, end: string, keepUpToDate: boolean, what: string, reqId = this.channel.takeId()): Promise<unknown[]> {
    const { contract, duration, barSize, whatToShow, useRTH } = request;
    return this.channel.request(reqId, what, 'normal', (api) =>
      api.reqHistoricalData(reqId, toIbContract(contract), end, duration, barSize as never, whatToShow as never, useRTH ? 1 : 0, FORMAT_EPOCH_SECONDS, keepUpToDate));
  }

  private ended(sub: Subscription, reason: string, code?: number, message?: string): void {
    if (!sub.active) return;
    sub.finish({ reason, ...(code !== undefined ? { code } : {}) });
    this.publish({ kind: 'barSubscriptionEnded', subscriptionId: sub.reqId, reason, ...(code !== undefined ? { code } : {}), ...(message !== undefined ? { message } : {}) });
  }

  private async unsubscribe(sub: Subscription): Promise<void> {
    if (!sub.active) return;
    this.live.delete(sub.reqId);
    sub.finish({ reason: 'unsubscribed' });
    await this.cancel(sub.reqId);
  }

  private async cancel(reqId: number): Promise<void> {
    try {
      await this.channel.send('cancel', (api) => api.cancelHistoricalData(reqId));
    } catch (error) {
      // Only a lost connection fails a send, and IB's subscriptions went with it.
      this.log.debug({ err: error, reqId }, 'cancelHistoricalData not sent: the connection is gone');
    }
  }
}
