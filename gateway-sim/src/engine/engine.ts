// The matching engine behind engine/index.ts, as a coordinator: it builds the parts (ids, order book,
// lifecycle, matching, fills, accounts, executions, views), wires them to one another, and answers
// the Engine API by delegating. Everything is synchronous; time only moves through the injected clock
// and advance().
import { buildCatalogue } from '../market/catalogue.ts';
import type { Catalogue } from '../market/catalogue.ts';
import { hoursString, ianaZone } from '../market/hours.ts';
import { PriceModel } from '../market/prices.ts';
import { BarHistory } from '../market/history.ts';
import type { BarQuery, BarSeries } from '../market/history.ts';
import type { ContractDetails, ContractQuery, Instrument, MarketDataAccess, Quote } from '../market/types.ts';
import { AccountBook } from './account-book.ts';
import type { Pricing } from './accounts.ts';
import type { Clock } from './clock.ts';
import { EventBus } from './events.ts';
import { ExecutionLog } from './execution-log.ts';
import { Faults } from './faults.ts';
import { Fills } from './fills.ts';
import type { Engine, EngineOptions, FaultHooks } from './index.ts';
import { OrderLifecycle } from './lifecycle.ts';
import { Matcher } from './matching.ts';
import { OrderBook } from './order-book.ts';
import { OrderEntry } from './order-entry.ts';
import { OrderGroups } from './order-groups.ts';
import { OrderIds } from './order-ids.ts';
import { OrderLog } from './order-log.ts';
import type { ReceivedOrder } from './order-log.ts';
import { isTerminal } from './order-record.ts';
import { PnlBook, sumPnl, sumPnlSingle } from './pnl.ts';
import { PnlWatch } from './pnl-watch.ts';
import { PreTrade } from './pre-trade.ts';
import * as queries from './queries.ts';
import { QuoteWatch } from './quote-watch.ts';
import { saveStateFile } from './state.ts';
import type { EngineState, OrderRecord } from './state.ts';
import type {
  AccountMode,
  AccountValues,
  CancelOutcome,
  CommissionReport,
  EngineEvent,
  ExecutionFilter,
  ExecutionView,
  OrderInput,
  OrderView,
  PlaceOutcome,
  PnlReport,
  PnlSingleValues,
  PnlTarget,
  PnlValues,
  PnlWatchHandle,
  PositionView,
} from './types.ts';
import { WireViews } from './wire-views.ts';

export class SimEngine implements Engine {
  readonly mode: AccountMode;
  readonly accounts: readonly string[];
  readonly catalogue: Catalogue;
  readonly faults: FaultHooks;

  private readonly clock: Clock;
  private readonly seed: number;
  private readonly startMs: number;
  private readonly prices: PriceModel;
  private readonly history: BarHistory;
  private readonly bus = new EventBus();
  private readonly ids: OrderIds;
  private readonly book = new OrderBook();
  private readonly orderLog = new OrderLog();
  private readonly executionLog: ExecutionLog;
  private readonly accountBook: AccountBook;
  private readonly quotes = new QuoteWatch();
  private readonly views: WireViews;
  private readonly lifecycle: OrderLifecycle;
  private readonly matcher: Matcher;
  private readonly entry: OrderEntry;
  private readonly pnlBook: PnlBook;
  private readonly pnlWatch: PnlWatch;

  constructor(options: EngineOptions) {
    this.clock = options.clock;
    const state = options.state;
    this.seed = state?.seed ?? options.seed ?? 1;
    this.mode = state?.mode ?? options.mode ?? 'paper';
    this.startMs = state?.startMs ?? this.clock.now();
    this.catalogue = options.catalogue ?? buildCatalogue(this.clock.now());
    this.prices = new PriceModel(this.catalogue, this.seed, this.startMs, 1000, state?.prices);
    this.history = new BarHistory(this.catalogue, this.prices, this.seed);
    const now = (): number => this.clock.now();
    const instrument = (conId: number): Instrument => this.instrumentOrThrow(conId);
    const pricing: Pricing = {
      mid: (conId) => this.prices.mid(conId, now()),
      toUsd: (amount, ccy) => this.prices.toUsd(amount, ccy, now()),
      instrument,
    };

    this.ids = new OrderIds(this.seed, state);
    this.executionLog = new ExecutionLog(this.seed, this.startMs, state);
    this.accountBook = new AccountBook(
      pricing,
      state !== undefined
        ? { saved: state.accounts }
        : { ids: options.accounts, mode: this.mode, seed: this.seed, startingCash: options.startingCash ?? 1_000_000 },
    );
    this.accounts = this.accountBook.ids;
    for (const o of state?.orders ?? []) this.book.add(structuredClone(o));

    // Matching, lifecycle, fills and groups call one another (a fill completes an order, which cancels
    // its OCA siblings, which may start bracket children…): the cycle closes through `work`.
    const work = (o: OrderRecord, at: number): void => this.matcher.work(o, at);
    const emit = this.bus.emit;
    const account = (id: string) => this.accountBook.get(id);
    const faults = new Faults();
    const preTrade = new PreTrade({ account, pricing, quote: (conId) => this.prices.quote(conId, now())! });
    this.views = new WireViews(this.book, instrument);
    this.lifecycle = new OrderLifecycle({
      book: this.book,
      views: this.views,
      emit,
      now,
      instrument,
      marginProblem: (o) => preTrade.marginProblem(o),
      fillDelayMs: () => faults.fillDelayMs,
      work,
    });
    const groups = new OrderGroups(this.book, this.lifecycle, work);
    const fills = new Fills({
      account,
      pricing,
      toUsd: (amount, ccy, at) => this.prices.toUsd(amount, ccy, at),
      executions: this.executionLog,
      views: this.views,
      emit,
      lifecycle: this.lifecycle,
      groups,
    });
    this.matcher = new Matcher({
      book: this.book,
      lifecycle: this.lifecycle,
      fills,
      instrument,
      quote: (conId, at) => this.prices.quote(conId, at)!,
      fillSliceMs: options.fillSliceMs ?? 250,
    });
    this.entry = new OrderEntry({
      now,
      catalogue: this.catalogue,
      ids: this.ids,
      book: this.book,
      log: this.orderLog,
      accounts: this.accountBook,
      faults,
      lifecycle: this.lifecycle,
      groups,
      preTrade,
      views: this.views,
      emit,
      work,
    });
    this.faults = faults.hooks({
      prices: this.prices, clock: this.clock, advance: () => this.advance(), rollBackNextValidIds: (by) => this.ids.rollBack(by),
      endNextValidIdRollback: () => this.ids.endRollBack(),
    });
    this.pnlBook = new PnlBook({
      now,
      accounts: () => this.accountBook.ids.map((id) => this.accountBook.get(id)),
      executions: () => this.executionLog.all(),
      pricing,
    });
    this.pnlBook.roll();
    this.pnlWatch = new PnlWatch((t) => this.pnlReport(t));
    this.bus.on((e) => {
      if (e.type === 'position') this.pnlWatch.touch();
    });
  }

  on(listener: (event: EngineEvent) => void): () => void {
    return this.bus.on(listener);
  }

  advance(): void {
    const now = this.clock.now();
    this.pnlBook.roll(now);
    for (const o of this.book.walkWorking()) {
      if (isTerminal(o)) continue;
      // A DAY order still working when its session closes expires.
      if (o.expiresAt !== undefined && now >= o.expiresAt) this.lifecycle.finishCancel(o, 'Cancelled by System', true);
      else this.matcher.work(o, now);
    }
    this.quotes.publish((conId) => this.prices.quote(conId, now), this.bus.emit);
    this.pnlWatch.publish(now, this.bus.emit);
  }

  nextValidId(clientId: number): number {
    return this.ids.nextValidId(clientId);
  }

  // --- contracts and market data -------------------------------------------------------------------

  private instrumentOrThrow(conId: number): Instrument {
    const i = this.catalogue.byConId(conId);
    if (i === undefined) throw new Error(`Unknown conId ${conId}`);
    return i;
  }

  resolveContract(query: ContractQuery): readonly Instrument[] {
    return this.catalogue.resolve(query);
  }

  getInstrument(conId: number): Instrument | undefined {
    return this.catalogue.byConId(conId);
  }

  contractDetails(conId: number): ContractDetails | undefined {
    const i = this.catalogue.byConId(conId);
    if (i === undefined) return undefined;
    const zone = ianaZone(i.timeZoneId);
    const now = this.clock.now();
    return { ...i, tradingHours: hoursString(i.tradingSession, zone, now), liquidHours: hoursString(i.liquidSession, zone, now) };
  }

  matchingSymbols(pattern: string): readonly Instrument[] {
    return this.catalogue.matchingSymbols(pattern);
  }

  derivativeSecTypes(conId: number): readonly string[] {
    return this.catalogue.derivativeSecTypes(conId);
  }

  marketDataAccess(conId: number): MarketDataAccess | undefined {
    return this.catalogue.byConId(conId)?.marketData;
  }

  quote(conId: number): Quote | undefined {
    return this.prices.quote(conId, this.clock.now());
  }

  watchQuotes(conId: number): () => void {
    return this.quotes.watch(conId);
  }

  historicalBars(query: BarQuery): BarSeries | undefined {
    return this.history.bars(query, this.clock.now());
  }

  headTimestamp(conId: number, useRth: boolean): number | undefined {
    return this.history.headTimestamp(conId, useRth);
  }

  // --- orders --------------------------------------------------------------------------------------

  placeOrder(clientId: number, orderId: number, contract: ContractQuery, input: OrderInput): PlaceOutcome {
    return this.entry.placeOrder(clientId, orderId, contract, input);
  }

  cancelOrder(clientId: number, orderId: number): CancelOutcome {
    return this.entry.cancelOrder(clientId, orderId);
  }

  globalCancel(_clientId: number): void {
    this.entry.globalCancel();
  }

  openOrders(clientId?: number): readonly OrderView[] {
    return queries.openOrders(this.book, this.views, clientId);
  }

  completedOrders(): readonly OrderView[] {
    return queries.completedOrders(this.book, this.views, this.clock.now());
  }

  executions(filter: ExecutionFilter = {}): readonly { execution: ExecutionView; commission: CommissionReport }[] {
    return queries.executions(this.executionLog, this.views, (conId) => this.instrumentOrThrow(conId), filter, this.clock.now());
  }

  receivedOrders(): readonly ReceivedOrder[] {
    return this.orderLog.list();
  }

  positions(account?: string): readonly PositionView[] {
    return this.accountBook.positions(account);
  }

  accountValues(account: string): AccountValues | undefined {
    return this.accountBook.values(account);
  }

  // --- P&L ---------------------------------------------------------------------------------------------

  pnl(accounts: readonly string[]): PnlValues | undefined {
    if (!accounts.every((a) => this.accountBook.has(a))) return undefined;
    return sumPnl(accounts.map((a) => this.pnlBook.account(this.accountBook.get(a))));
  }

  pnlSingle(accounts: readonly string[], conId: number): PnlSingleValues | undefined {
    if (!accounts.every((a) => this.accountBook.has(a)) || this.catalogue.byConId(conId) === undefined) return undefined;
    return sumPnlSingle(accounts.map((a) => this.pnlBook.single(this.accountBook.get(a), conId)));
  }

  watchPnl(target: PnlTarget): PnlWatchHandle {
    return this.pnlWatch.watch(target, this.clock.now());
  }

  private pnlReport(t: PnlTarget): PnlReport {
    const accounts = t.accounts.filter((a) => this.accountBook.has(a));
    if (t.conId === undefined) return { kind: 'account', values: sumPnl(accounts.map((a) => this.pnlBook.account(this.accountBook.get(a)))) };
    const conId = t.conId;
    return { kind: 'single', values: sumPnlSingle(accounts.map((a) => this.pnlBook.single(this.accountBook.get(a), conId))) };
  }

  // --- persistence ---------------------------------------------------------------------------------

  snapshot(): EngineState {
    const ids = this.ids.snapshot();
    const log = this.executionLog.snapshot();
    return structuredClone({
      version: 1 as const,
      savedAt: this.clock.now(),
      seed: this.seed,
      mode: this.mode,
      startMs: this.startMs,
      clients: ids.clients,
      nextPermId: ids.nextPermId,
      execSeq: log.execSeq,
      orders: this.book.all(),
      executions: log.executions,
      accounts: this.accountBook.snapshot(),
      prices: this.prices.snapshot(),
    });
  }

  async saveState(file: string): Promise<void> {
    await saveStateFile(file, this.snapshot());
  }
}

export function createSimEngine(options: EngineOptions): Engine {
  return new SimEngine(options);
}
