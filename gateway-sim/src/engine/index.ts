// Public surface of the simulated gateway's market and matching engine. The TCP server turns calls
// from API clients into these methods and the engine's events into TWS messages; nothing here knows
// about sockets or the wire format.
//
//   const engine = createEngine({ clock, seed: 42, accounts: ['DU1234567'], mode: 'paper' });
//   engine.on((e) => server.dispatch(e));          // synchronous, ordered (see EngineEvent)
//   const id = engine.nextValidId(clientId);        // bootstrap / reqIds
//   engine.placeOrder(clientId, id, contract, order);
//   setInterval(() => engine.advance(), 50);        // the server's timer moves time-driven work
import type { Clock } from './clock.ts';
import type { Catalogue } from '../market/catalogue.ts';
import type { ContractDetails, ContractQuery, Instrument, MarketDataAccess, Quote } from '../market/types.ts';
import type { BarQuery, BarSeries } from '../market/history.ts';
import type {
  AccountMode,
  AccountValues,
  CancelOutcome,
  EngineEvent,
  ExecutionFilter,
  ExecutionView,
  CommissionReport,
  OrderInput,
  OrderView,
  PlaceOutcome,
  PnlSingleValues,
  PnlTarget,
  PnlValues,
  PnlWatchHandle,
  PositionView,
} from './types.ts';
import type { EngineState } from './state.ts';
import type { ReceivedOrder } from './order-log.ts';
import { createSimEngine } from './engine.ts';

export interface EngineOptions {
  clock: Clock;
  /** Seeds prices, ids and account numbers: same seed + same calls → same results. Default 1. */
  seed?: number;
  /** Account ids, or how many to create (DU… in paper mode, U… in live mode). Default 1. */
  accounts?: readonly string[] | number;
  mode?: AccountMode;
  /** Defaults to the shipped catalogue built for the clock's current date. */
  catalogue?: Catalogue;
  /** A snapshot from Engine.snapshot() (e.g. read from `--state FILE`) to continue from. */
  state?: EngineState;
  /** Starting cash per account in USD. Default 1,000,000. */
  startingCash?: number;
  /** Simulated ms between partial-fill slices of a large order. Default 250. */
  fillSliceMs?: number;
}

/** A match for a contract query: 0 instruments = not found (200), more than 1 = ambiguous. */
export type Resolution = readonly Instrument[];

/** Admin-API hooks (the server's read-only mode is the server's business). */
export interface FaultHooks {
  /** The next placeOrder (from any client) is refused with this error; 201 also marks it Inactive. */
  rejectNextOrder(code: number, message: string): void;
  /** Fills happen `ms` of simulated time after they would have (0 = immediately again). */
  delayFills(ms: number): void;
  setPrice(conId: number, price: number): void;
  setHalted(conId: number, halted: boolean): void;
  /** Shifts a shiftable clock (see clock.ts) by `ms`, then runs advance(). */
  advanceClock(ms: number): void;
  /** Each client's next nextValidId is `by` below the highest id it used (IB after an auto-restart). */
  rollBackNextValidIds(by: number): void;
  /** Ends a rollback: nextValidId is above every used id again. */
  endNextValidIdRollback(): void;
}

export interface Engine {
  readonly mode: AccountMode;
  readonly accounts: readonly string[];
  readonly catalogue: Catalogue;
  readonly faults: FaultHooks;

  /** Subscribes to every event; returns the unsubscribe function. */
  on(listener: (event: EngineEvent) => void): () => void;

  /** Moves time-driven work to the clock's now: prices, resting/triggered orders, slices, DAY expiry. */
  advance(): void;

  // --- ids ----------------------------------------------------------------------------------------
  /** nextValidId for a client: above every id it has used or been given; persists across sessions. */
  nextValidId(clientId: number): number;

  // --- contracts and market data -----------------------------------------------------------------
  resolveContract(query: ContractQuery): Resolution;
  getInstrument(conId: number): Instrument | undefined;
  contractDetails(conId: number): ContractDetails | undefined;
  /** reqMatchingSymbols: symbol prefix, then name words; at most 16, one per underlying listing. */
  matchingSymbols(pattern: string): readonly Instrument[];
  /** Derivative sec types available on an underlying (for symbolSamples). */
  derivativeSecTypes(conId: number): readonly string[];
  marketDataAccess(conId: number): MarketDataAccess | undefined;
  /** The current quote (prices stepped to the clock's now). */
  quote(conId: number): Quote | undefined;
  /** Emit `quote` events for this instrument on each price step until the returned function is called. */
  watchQuotes(conId: number): () => void;
  /** Historical bars from the same price walk as the quotes (market/history.ts); undefined for no such instrument. */
  historicalBars(query: BarQuery): BarSeries | undefined;
  /** Earliest bar time (epoch ms) reqHeadTimestamp reports. */
  headTimestamp(conId: number, useRth: boolean): number | undefined;

  // --- orders -------------------------------------------------------------------------------------
  placeOrder(clientId: number, orderId: number, contract: ContractQuery, order: OrderInput): PlaceOutcome;
  /** Any client may cancel any order by id (looked up for the caller first, then for all clients). */
  cancelOrder(clientId: number, orderId: number): CancelOutcome;
  /** reqGlobalCancel: cancels every open order of every client. */
  globalCancel(clientId: number): void;
  /** Working (non-terminal, transmitted) orders; of one client when clientId is given. */
  openOrders(clientId?: number): readonly OrderView[];
  /** Terminal orders of the current trading day, oldest first. */
  completedOrders(): readonly OrderView[];
  executions(filter?: ExecutionFilter): readonly { execution: ExecutionView; commission: CommissionReport }[];
  /** Every order placeOrder received (the last MAX_RECEIVED_ORDERS), oldest first; what-ifs are not listed. */
  receivedOrders(): readonly ReceivedOrder[];
  positions(account?: string): readonly PositionView[];
  accountValues(account: string): AccountValues | undefined;

  // --- P&L (reqPnL / reqPnLSingle; "daily" is defined in pnl.ts) --------------------------------------
  /** P&L of these accounts, summed (USD); undefined when one of them is unknown. */
  pnl(accounts: readonly string[]): PnlValues | undefined;
  /** P&L of one instrument in these accounts; undefined for an unknown account or conId. */
  pnlSingle(accounts: readonly string[], conId: number): PnlSingleValues | undefined;
  /** Emits `pnl` events while the target's values change, at most once per simulated second (validate the target first). */
  watchPnl(target: PnlTarget): PnlWatchHandle;

  // --- persistence ---------------------------------------------------------------------------------
  /** The whole mutable state as JSON-safe data (for `--state FILE`). */
  snapshot(): EngineState;
  saveState(file: string): Promise<void>;
}

export function createEngine(options: EngineOptions): Engine {
  return createSimEngine(options);
}

/** Reads a state file written by Engine.saveState (validated), for EngineOptions.state. */
export { loadStateFile } from './state.ts';
export type { EngineState } from './state.ts';
export { MAX_RECEIVED_ORDERS } from './order-log.ts';
export type { ReceivedOrder } from './order-log.ts';
export { acceleratedClock, manualClock, parseClockSpec, realClock } from './clock.ts';
export type { Clock, ManualClock, SimClock } from './clock.ts';
export type * from './types.ts';
export type { Catalogue } from '../market/catalogue.ts';
export type { Bar, BarQuery, BarSeries, DurationUnit, WhatToShow } from '../market/history.ts';
export type { ContractDetails, ContractQuery, Instrument, MarketDataAccess, Quote, SecType, SessionRule } from '../market/types.ts';
