// Quotes for intake answered from held streaming market-data lines, so a decided signal does not
// wait for IB when IB is already streaming the answer (market-snapshot.ts is the one-off read):
// - the first read of a conId opens a STREAMING reqMktData (live data type) on its own id and keeps
//   it; IB sends what it has, then every change. Once the line has a usable price (a bid/ask mid, a
//   last or a close) a read answers at once from its latest ticks, as toMarketSnapshot builds it,
//   `at` = now: no IB request;
// - the first read waits for that price for half its time-out; if none comes (or the line ends),
//   that read falls back to the snapshot with the time left, and the line stays for the next one;
// - only live lines are held: IB's market-data refusals on a line's id (354, 10089, 10168, 10197,
//   101 "max number of tickers", and 10167 or a delayed data type: delayed only) end it, and reads of
//   that conId take the snapshot path for REFUSAL_MEMORY_MS, so delayed-only instruments (and
//   allowDelayed) behave exactly as with the snapshot alone;
// - bounded: at most maxLines lines (the least recently read is cancelled to make room), and a line
//   not read for idleMs is cancelled by an unref'd sweep;
// - a lost connection voids every line (nothing is re-sent: the next read opens a new one on the new
//   connection); 1101 (IB lost the subscriptions) and a session-wide 10197 end them all, cancelled at
//   IB first so it never serves one ticker id twice; stopping the session cancels them. Nothing is
//   sent unless the session is ready.
import type { Clock, Logger } from '../common/index.ts';
import { ibCodeInfo, type MarketSnapshot } from '../domain/index.ts';
import { InvalidRequestError } from './errors.ts';
import { toIbContract, validateContractRef } from './ib-mapping.ts';
import { toMarketSnapshot, type IbTick, type SnapshotOptions } from './market-snapshot.ts';
import type { ContractRef } from './reports.ts';
import type { SessionChannel } from './session-channel.ts';

/**
 * IB's default market-data line limit is 100 per login, shared with TWS itself, other API clients
 * of the user and our own snapshot reads: holding 40 leaves most of it to them.
 */
export const HELD_QUOTE_LINES = 40;
/** A line nobody read for this long costs a line at IB for nothing. */
export const HELD_QUOTE_IDLE_MS = 10 * 60_000;
/** After a refusal, IB would refuse again: reads take the snapshot path this long before a line is tried again. */
const REFUSAL_MEMORY_MS = 60_000;
const SWEEP_MAX_MS = 60_000;

const LIVE = 1;
/** Codes on a line's id that mean "no live data here" (the snapshot path knows how to say why). */
const REFUSALS: ReadonlySet<number> = new Set([101, 354, 10089, 10167, 10168, 10197]);
/** Of those, the ones after which IB still serves the line (delayed, or resumed later): cancel it. */
const STILL_SERVED: ReadonlySet<number> = new Set([10167, 10197]);

export interface HeldQuoteOptions {
  /** Lines held at most (default HELD_QUOTE_LINES). */
  maxLines?: number;
  /** A line not read for this long is cancelled (default HELD_QUOTE_IDLE_MS). */
  idleMs?: number;
}

export interface QuoteReadOptions extends SnapshotOptions {
  /** Answer from a held streaming line where there is one (intake); otherwise a snapshot read. */
  held?: boolean;
}

type Snapshot = (contract: ContractRef, options: SnapshotOptions) => Promise<MarketSnapshot>;

interface Line {
  readonly conId: number;
  readonly reqId: number;
  /** The latest tick of each tick id. */
  readonly ticks: Map<number, IbTick>;
  usable: boolean;
  ended: boolean;
  lastReadAt: number;
  /** Resolves once the line has a usable price or has ended. */
  readonly settled: Promise<void>;
  settle: () => void;
}

export class HeldQuotes {
  /** By conId, least recently read first. */
  private readonly lines = new Map<number, Line>();
  private readonly byReqId = new Map<number, Line>();
  /** conId → until when reads take the snapshot path. */
  private readonly refused = new Map<number, number>();
  private readonly maxLines: number;
  private readonly idleMs: number;
  private sweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly channel: SessionChannel,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly snapshot: Snapshot,
    private readonly requestTimeoutMs: number,
    options: HeldQuoteOptions = {},
  ) {
    this.maxLines = options.maxLines ?? HELD_QUOTE_LINES;
    this.idleMs = options.idleMs ?? HELD_QUOTE_IDLE_MS;
    if (!(Number.isInteger(this.maxLines) && this.maxLines > 0)) throw new InvalidRequestError('heldQuotes.maxLines must be a whole number above 0');
    if (!(Number.isInteger(this.idleMs) && this.idleMs > 0)) throw new InvalidRequestError('heldQuotes.idleMs must be a whole number of milliseconds above 0');
  }

  async read(contract: ContractRef, options: SnapshotOptions = {}): Promise<MarketSnapshot> {
    const { conId } = contract;
    if (conId === undefined || this.isRefused(conId)) return this.snapshot(contract, options);
    this.channel.assertReady();
    validateContractRef(contract, 'qualify');
    const budget = options.timeoutMs ?? this.requestTimeoutMs;
    if (!(Number.isInteger(budget) && budget > 0)) throw new InvalidRequestError('timeoutMs must be a whole number of milliseconds above 0');
    const line = this.lines.get(conId) ?? this.open(contract, conId);
    this.touch(line);
    if (line.usable) return this.answer(line);
    // Time-outs run on the wall clock (the session's clock may be a simulated one).
    const started = Date.now();
    await settledWithin(line.settled, Math.ceil(budget / 2));
    if (line.usable && !line.ended) return this.answer(line);
    // Not from this line, this time: today's read, within what is left of the caller's time.
    const left = Math.min(budget, Math.max(1, budget - (Date.now() - started)));
    return this.snapshot(contract, { ...options, timeoutMs: left });
  }

  /** A tick on some request's id. Returns whether a held line took it. */
  tick(reqId: number, item: unknown): boolean {
    const line = this.byReqId.get(reqId);
    if (!line) return false;
    const t = item as IbTick;
    if (t.tick === 'dataType') {
      if (Number(t.value) !== LIVE) this.refuse(line, `IB serves data type ${String(t.value)}, not live`, true);
      return true;
    }
    line.ticks.set(t.field, t);
    if (!line.usable) {
      const s = toMarketSnapshot([...line.ticks.values()], 0);
      if (s.mid !== undefined || s.last !== undefined || s.close !== undefined) {
        line.usable = true;
        line.settle();
      }
    }
    return true;
  }

  /** IB's error on some request's id. Returns whether it was a held line's. */
  failed(reqId: number, code: number, message: string): boolean {
    const line = this.byReqId.get(reqId);
    if (!line) return false;
    if (REFUSALS.has(code)) this.refuse(line, `IB ${code}: ${message}`, STILL_SERVED.has(code));
    else if (ibCodeInfo(code).severity === 'error') this.end(line, `IB ${code}: ${message}`, false);
    return true;
  }

  /** A session-wide notice: 1101 (IB lost the subscriptions) and 10197 (another login took the data) end every line. */
  notice(code: number): void {
    if (code === 1101 || code === 10197) for (const line of [...this.lines.values()]) this.end(line, `IB ${code}`, true);
  }

  /** The connection is gone: its ids mean nothing now (IB ended its lines with the socket). */
  connectionLost(): void {
    for (const line of [...this.lines.values()]) this.end(line, 'connection lost', false);
  }

  /** The session stops: every line is cancelled (best effort: the socket closes right after). */
  stop(): void {
    for (const line of [...this.lines.values()]) this.end(line, 'session stopped', true);
    this.refused.clear();
  }

  private open(contract: ContractRef, conId: number): Line {
    while (this.lines.size >= this.maxLines) {
      const oldest = this.lines.values().next().value as Line;
      this.end(oldest, `least recently read of ${this.maxLines} held lines`, true);
    }
    const reqId = this.channel.takeId();
    let settle = (): void => undefined;
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const line: Line = { conId, reqId, ticks: new Map(), usable: false, ended: false, lastReadAt: this.clock.now(), settled, settle };
    this.lines.set(conId, line);
    this.byReqId.set(reqId, line);
    this.channel
      .send('normal', (api) => api.reqMktData(reqId, toIbContract(contract), '', false, false))
      .catch((error: unknown) => this.end(line, `not sent: ${(error as Error).message}`, false));
    this.startSweep();
    return line;
  }

  private answer(line: Line): MarketSnapshot {
    return toMarketSnapshot([...line.ticks.values()], this.clock.now(), line.conId);
  }

  /** Most recently read last (Map order is the LRU order). */
  private touch(line: Line): void {
    line.lastReadAt = this.clock.now();
    this.lines.delete(line.conId);
    this.lines.set(line.conId, line);
  }

  private isRefused(conId: number): boolean {
    const until = this.refused.get(conId);
    if (until === undefined) return false;
    if (this.clock.now() < until) return true;
    this.refused.delete(conId);
    return false;
  }

  private refuse(line: Line, why: string, cancel: boolean): void {
    this.refused.set(line.conId, this.clock.now() + REFUSAL_MEMORY_MS);
    this.end(line, why, cancel);
  }

  private end(line: Line, why: string, cancel: boolean): void {
    if (line.ended) return;
    line.ended = true;
    if (this.lines.get(line.conId) === line) this.lines.delete(line.conId);
    this.byReqId.delete(line.reqId);
    line.settle();
    if (cancel) this.channel.send('cancel', (api) => api.cancelMktData(line.reqId)).catch(() => undefined);
    this.log.debug({ conId: line.conId, reqId: line.reqId }, `held quote line ended: ${why}`);
    if (this.lines.size === 0) this.stopSweep();
  }

  private startSweep(): void {
    if (this.sweep) return;
    this.sweep = setInterval(() => this.cancelIdle(), Math.max(1, Math.min(SWEEP_MAX_MS, Math.floor(this.idleMs / 2))));
    this.sweep.unref();
  }

  private stopSweep(): void {
    clearInterval(this.sweep);
    this.sweep = undefined;
  }

  private cancelIdle(): void {
    const now = this.clock.now();
    for (const line of [...this.lines.values()]) if (now - line.lastReadAt >= this.idleMs) this.end(line, `not read for ${this.idleMs / 1000} s`, true);
  }
}

function settledWithin(settled: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([settled, new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); })]).finally(() => clearTimeout(timer));
}
