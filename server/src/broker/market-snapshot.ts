// One top-of-book read for sizing and the risk gate: reqMktData as a snapshot (IB sends what it
// has, then tickSnapshotEnd, and ends the request itself: nothing stays subscribed).
// - a pending request on its own id: a drop fails it at once, IB's errors on the id fail it;
// - IB's market-data refusals (354, 10089, 10168, 10197, and 10167 "displaying delayed data" when
//   delayed data was not allowed) become NoMarketDataError, saying what is missing in plain words
//   (domain/ib-message-codes.ts, marketDataRefusal);
// - `allowDelayed` asks for delayed data for this one request: reqMarketDataType(3) before it and
//   back to live (1) right after. The three are queued together, in order, on the one FIFO of the
//   session's pacer, so no other market-data request is sent under the delayed setting. With it,
//   IB still serves live data where the login has it (the snapshot says which it got);
// - prices IB had no value for (-1, 0) are absent, never numbers.
// Intake's reads answer from streaming lines held per instrument instead where IB serves live
// data (held-quotes.ts), falling back to this read; toMarketSnapshot builds both answers.
import type { Clock } from '../common/index.ts';
import { marketDataRefusal, midPrice, type MarketDataSource, type MarketSnapshot } from '../domain/index.ts';
import { IbRequestError, InvalidRequestError, NoMarketDataError, RequestTimeoutError } from './errors.ts';
import { toIbContract, validateContractRef } from './ib-mapping.ts';
import type { ContractRef } from './reports.ts';
import type { SessionChannel } from './session-channel.ts';

/** What a market-data request's answer brings, as ib-events.ts collects it. */
export type IbTick =
  | { tick: 'price'; field: number; value: unknown }
  | { tick: 'string'; field: number; value: unknown }
  | { tick: 'dataType'; value: unknown };

export interface SnapshotOptions {
  /** Accept delayed data where the login has no live subscription (policy decides). Default false. */
  allowDelayed?: boolean;
  /**
   * How long to wait for IB's end of the snapshot (default: the session's request time-out). IB can
   * take up to about 11 s when some ticks never come; a caller with a deadline bounds it here.
   */
  timeoutMs?: number;
}

/** IB's market data types (reqMarketDataType). */
const LIVE = 1;
const DELAYED = 3;
const DELAYED_SHOWN = 10167;

/** Tick ids: live (also used for frozen data) and their delayed twins. */
const FIELDS = {
  bid: [1, 66], ask: [2, 67], last: [4, 68], close: [9, 75], lastTimestamp: [45, 88],
} as const;
const DELAYED_IDS: ReadonlySet<number> = new Set(Object.values(FIELDS).map(([, delayed]) => delayed));

type Field = keyof typeof FIELDS;
const fieldOf = (id: number): Field | undefined => (Object.keys(FIELDS) as Field[]).find((f) => (FIELDS[f] as readonly number[]).includes(id));

/** A price IB actually has: -1 and 0 mean "none", Double.MAX_VALUE "unset". */
const usablePrice = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n > 0 && n < 1e300 ? n : undefined;
};

/** How a contract is named in messages: symbol and type, or its conId; and where. */
export function describeInstrument(c: ContractRef): string {
  const name = c.symbol ? `${c.symbol}${c.secType ? ` ${c.secType}` : ''}${c.conId ? ` (conId ${c.conId})` : ''}` : `conId ${c.conId ?? '?'}`;
  const venue = c.primaryExchange ?? c.exchange;
  return venue ? `${name} on ${venue}` : name;
}

function sourceOf(dataType: number | undefined, sawDelayedIds: boolean): { source: MarketDataSource; delayed: boolean } {
  switch (dataType) {
    case 2:
      return { source: 'frozen', delayed: false };
    case 3:
      return { source: 'delayed', delayed: true };
    case 4:
      return { source: 'frozen', delayed: true };
    case 1:
      return { source: 'live', delayed: false };
    default:
      return sawDelayedIds ? { source: 'delayed', delayed: true } : { source: 'live', delayed: false };
  }
}

/** The snapshot from the ticks of one answer. */
export function toMarketSnapshot(items: readonly unknown[], at: number, conId?: number): MarketSnapshot {
  const prices: Partial<Record<Field, number>> = {};
  let dataType: number | undefined;
  let sawDelayedIds = false;
  for (const item of items as IbTick[]) {
    if (item.tick === 'dataType') {
      dataType = Number(item.value);
      continue;
    }
    const field = fieldOf(item.field);
    if (!field) continue;
    if (DELAYED_IDS.has(item.field)) sawDelayedIds = true;
    if (field === 'lastTimestamp') {
      const seconds = Number(item.value);
      if (Number.isInteger(seconds) && seconds > 0) prices.lastTimestamp = seconds * 1000;
    } else if (item.tick === 'price') {
      const price = usablePrice(item.value);
      if (price !== undefined) prices[field] = price;
    }
  }
  const { bid, ask, last, close, lastTimestamp } = prices;
  const mid = midPrice(bid, ask);
  return {
    ...(conId !== undefined ? { conId } : {}),
    ...(bid !== undefined ? { bid } : {}),
    ...(ask !== undefined ? { ask } : {}),
    ...(last !== undefined ? { last } : {}),
    ...(close !== undefined ? { close } : {}),
    ...(mid !== undefined ? { mid } : {}),
    ...(last !== undefined && lastTimestamp !== undefined ? { lastAt: lastTimestamp } : {}),
    at,
    ...sourceOf(dataType, sawDelayedIds),
  };
}

export class MarketSnapshots {
  /** Request ids of reads that allowed delayed data: IB's 10167 on them is what was asked for. */
  private readonly delayedAllowed = new Set<number>();

  constructor(
    private readonly channel: SessionChannel,
    private readonly clock: Clock,
  ) {}

  async snapshot(contract: ContractRef, options: SnapshotOptions = {}): Promise<MarketSnapshot> {
    this.channel.assertReady();
    validateContractRef(contract, 'qualify');
    const allowDelayed = options.allowDelayed === true;
    const { timeoutMs } = options;
    if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) throw new InvalidRequestError('timeoutMs must be a whole number of milliseconds above 0');
    const reqId = this.channel.takeId();
    const what = `a market-data snapshot of ${describeInstrument(contract)}`;
    // Queued together (see the top): a failed send means the connection went, and the read fails with it.
    if (allowDelayed) {
      this.delayedAllowed.add(reqId);
      this.channel.send('normal', (api) => api.reqMarketDataType(DELAYED)).catch(() => undefined);
    }
    const read = this.channel.request(reqId, what, 'normal', (api) => api.reqMktData(reqId, toIbContract(contract), '', true, false), timeoutMs);
    if (allowDelayed) this.channel.send('normal', (api) => api.reqMarketDataType(LIVE)).catch(() => undefined);
    try {
      return toMarketSnapshot(await read, this.clock.now(), contract.conId);
    } catch (error) {
      if (error instanceof RequestTimeoutError) this.cancel(reqId);
      throw refused(error, contract);
    } finally {
      this.delayedAllowed.delete(reqId);
    }
  }

  /** IB's message on a read's id that the read asked for (10167 where delayed data was allowed): not a failure. */
  expected(reqId: number, code: number): boolean {
    return code === DELAYED_SHOWN && this.delayedAllowed.has(reqId);
  }

  /** A snapshot ends at IB by itself; one that timed out may still be held there. */
  private cancel(reqId: number): void {
    this.channel.send('cancel', (api) => api.cancelMktData(reqId)).catch(() => undefined);
  }
}

function refused(error: unknown, contract: ContractRef): unknown {
  if (!(error instanceof IbRequestError)) return error;
  const refusal = marketDataRefusal(error.ibCode, error.ibMessage, describeInstrument(contract));
  return refusal ? new NoMarketDataError(refusal, error.ibMessage) : error;
}
