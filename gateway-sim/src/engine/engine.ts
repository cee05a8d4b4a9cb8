// The matching engine behind engine/index.ts: order ids, validation, activation of staged groups,
// matching against the price model, partial fills, OCA and brackets, accounts, events.
// Everything is synchronous; time only moves through the injected clock and advance().
import { buildCatalogue } from '../market/catalogue.ts';
import type { Catalogue } from '../market/catalogue.ts';
import { hoursString, ianaZone, localTime, nextSessionClose, zonedToEpoch } from '../market/hours.ts';
import { PriceModel, snap } from '../market/prices.ts';
import { hashString, sequence } from '../market/prng.ts';
import type { ContractQuery, Instrument, Quote } from '../market/types.ts';
import { accountValues, applyFill, multiplierOf, positionView, totals } from './accounts.ts';
import type { AccountState, Pricing } from './accounts.ts';
import type { Clock } from './clock.ts';
import { orderCommission } from './commissions.ts';
import { ERR } from './errors.ts';
import type { Engine, EngineOptions, FaultHooks } from './index.ts';
import { saveStateFile } from './state.ts';
import type { EngineState, ExecRecord, OrderRecord } from './state.ts';
import type {
  AccountMode,
  CancelOutcome,
  CommissionReport,
  EngineEvent,
  ExecutionFilter,
  ExecutionView,
  OrderInput,
  OrderStatus,
  OrderStatusReport,
  OrderView,
  PlaceOutcome,
  WhatIfResult,
} from './types.ts';

const SUPPORTED_TYPES = new Set(['MKT', 'LMT', 'STP', 'STP LMT', 'TRAIL']);
const SUPPORTED_TIFS = new Set(['DAY', 'GTC', 'IOC', 'FOK']);
const TERMINAL = new Set<OrderStatus>(['Filled', 'Cancelled', 'ApiCancelled', 'Inactive']);
const NY = 'America/New_York';

const keyOf = (clientId: number, orderId: number): string => `${clientId}:${orderId}`;
const isBuy = (o: { action: string }): boolean => o.action === 'BUY';
const pad = (n: number): string => String(n).padStart(2, '0');

/** `yyyyMMdd HH:mm:ss America/New_York` (IANA zone: ib_async parses only those). */
function nyTime(ms: number): string {
  const t = localTime(NY, ms);
  return `${t.year}${pad(t.month)}${pad(t.day)} ${pad(Math.floor(t.hhmm / 100))}:${pad(t.hhmm % 100)}:${pad(t.second)} ${NY}`;
}

const nyDay = (ms: number): string => nyTime(ms).slice(0, 8);

function isTickMultiple(price: number, tick: number): boolean {
  const n = price / tick;
  return Math.abs(n - Math.round(n)) < 1e-6;
}

function executionVenue(i: Instrument): string {
  if (i.secType === 'OPT') return 'CBOE';
  if (i.secType !== 'STK') return i.exchange;
  return i.primaryExchange === 'NASDAQ' ? 'ISLAND' : i.primaryExchange;
}

function accountIds(opt: EngineOptions['accounts'], mode: AccountMode, seed: number): string[] {
  if (Array.isArray(opt)) return [...(opt as readonly string[])];
  const n = typeof opt === 'number' ? opt : 1;
  const rnd = sequence(seed ^ 0x5eed);
  const prefix = mode === 'paper' ? 'DU' : 'U';
  return Array.from({ length: n }, () => `${prefix}${1_000_000 + Math.floor(rnd() * 8_999_999)}`);
}

export class SimEngine implements Engine {
  readonly mode: AccountMode;
  readonly accounts: readonly string[];
  readonly catalogue: Catalogue;
  readonly faults: FaultHooks;

  private readonly clock: Clock;
  private readonly seed: number;
  private readonly startMs: number;
  private readonly fillSliceMs: number;
  private readonly prices: PriceModel;
  private readonly pricing: Pricing;

  private readonly listeners: ((e: EngineEvent) => void)[] = [];
  private readonly queue: EngineEvent[] = [];
  private dispatching = false;

  private readonly clients = new Map<number, { highestUsed: number; issued: number }>();
  private nextPermId: number;
  private execSeq: number;
  private readonly execPrefix: string;

  private readonly orders = new Map<string, OrderRecord>();
  /** Working (transmitted, non-terminal) orders by conId: what advance() looks at. */
  private readonly working = new Map<number, Set<string>>();
  private readonly byOrderId = new Map<number, Set<string>>();
  private readonly children = new Map<string, Set<string>>();
  private readonly ocaGroups = new Map<string, Set<string>>();
  private completed: string[] = [];
  private executionsLog: ExecRecord[] = [];
  private readonly acctState = new Map<string, AccountState>();
  private readonly watched = new Map<number, { count: number; lastTime: number }>();

  private rejectNext: { code: number; message: string } | undefined;
  private fillDelayMs = 0;

  constructor(options: EngineOptions) {
    this.clock = options.clock;
    const state = options.state;
    this.seed = state?.seed ?? options.seed ?? 1;
    this.mode = state?.mode ?? options.mode ?? 'paper';
    this.startMs = state?.startMs ?? this.clock.now();
    this.fillSliceMs = options.fillSliceMs ?? 250;
    this.catalogue = options.catalogue ?? buildCatalogue(this.clock.now());
    this.prices = new PriceModel(this.catalogue, this.seed, this.startMs, 1000, state?.prices);
    const now = (): number => this.clock.now();
    this.pricing = {
      mid: (conId) => this.prices.mid(conId, now()),
      toUsd: (amount, ccy) => this.prices.toUsd(amount, ccy, now()),
      instrument: (conId) => this.instrumentOrThrow(conId),
    };
    this.execPrefix = (hashString(`exec:${this.seed}`) >>> 0).toString(16).padStart(8, '0');
    const rnd = sequence(this.seed);
    this.nextPermId = state?.nextPermId ?? 600_000_000 + Math.floor(rnd() * 400_000_000);
    this.execSeq = state?.execSeq ?? Math.floor(this.startMs / 1000);

    if (state !== undefined) {
      this.accounts = state.accounts.map((a) => a.id);
      for (const a of state.accounts) this.acctState.set(a.id, structuredClone(a));
      for (const [id, c] of state.clients) this.clients.set(id, { ...c });
      for (const o of state.orders) this.index(structuredClone(o));
      this.executionsLog = state.executions.map((e) => ({ ...e }));
    } else {
      this.accounts = accountIds(options.accounts, this.mode, this.seed);
      const cash = options.startingCash ?? 1_000_000;
      for (const id of this.accounts) this.acctState.set(id, { id, cash, realizedPnl: 0, previousDayElv: cash, positions: [] });
    }
    if (this.accounts.length === 0) throw new Error('createEngine: at least one account is needed');

    this.faults = {
      rejectNextOrder: (code, message) => {
        this.rejectNext = { code, message };
      },
      delayFills: (ms) => {
        this.fillDelayMs = Math.max(0, ms);
      },
      setPrice: (conId, price) => {
        this.prices.setPrice(conId, price, this.clock.now());
        this.advance();
      },
      setHalted: (conId, halted) => {
        this.prices.setHalted(conId, halted);
        this.advance();
      },
      advanceClock: (ms) => {
        const c = this.clock as Partial<{ shift(ms: number): void }>;
        if (typeof c.shift !== 'function') throw new Error('advanceClock: this clock cannot be shifted');
        c.shift(ms);
        this.advance();
      },
    };
  }

  // --- events -------------------------------------------------------------------------------------

  on(listener: (event: EngineEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  private emit(event: EngineEvent): void {
    this.queue.push(event);
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let e = this.queue.shift(); e !== undefined; e = this.queue.shift()) {
        for (const l of [...this.listeners]) l(e);
      }
    } finally {
      this.dispatching = false;
      this.queue.length = 0;
    }
  }

  // --- ids ----------------------------------------------------------------------------------------

  private client(clientId: number): { highestUsed: number; issued: number } {
    let c = this.clients.get(clientId);
    if (c === undefined) {
      c = { highestUsed: 0, issued: 0 };
      this.clients.set(clientId, c);
    }
    return c;
  }

  nextValidId(clientId: number): number {
    const c = this.client(clientId);
    c.issued = Math.max(c.issued, c.highestUsed) + 1;
    return c.issued;
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

  contractDetails(conId: number) {
    const i = this.catalogue.byConId(conId);
    if (i === undefined) return undefined;
    const zone = ianaZone(i.timeZoneId);
    const now = this.clock.now();
    return { ...i, tradingHours: hoursOf(i.tradingSession, zone, now), liquidHours: hoursOf(i.liquidSession, zone, now) };
  }

  matchingSymbols(pattern: string): readonly Instrument[] {
    return this.catalogue.matchingSymbols(pattern);
  }

  derivativeSecTypes(conId: number): readonly string[] {
    return this.catalogue.derivativeSecTypes(conId);
  }

  marketDataAccess(conId: number) {
    return this.catalogue.byConId(conId)?.marketData;
  }

  quote(conId: number): Quote | undefined {
    return this.prices.quote(conId, this.clock.now());
  }

  watchQuotes(conId: number): () => void {
    const w = this.watched.get(conId) ?? { count: 0, lastTime: -1 };
    w.count++;
    this.watched.set(conId, w);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      w.count--;
      if (w.count <= 0) this.watched.delete(conId);
    };
  }

  // --- time ---------------------------------------------------------------------------------------

  advance(): void {
    const now = this.clock.now();
    for (const [, keys] of this.working) {
      for (const key of [...keys]) {
        const o = this.orders.get(key);
        if (o === undefined || TERMINAL.has(o.status)) continue;
        if (o.expiresAt !== undefined && now >= o.expiresAt) this.finishCancel(o, 'Cancelled by System', true);
        else this.work(o, now);
      }
    }
    for (const [conId, w] of this.watched) {
      const q = this.prices.quote(conId, now);
      if (q !== undefined && q.time !== w.lastTime) {
        w.lastTime = q.time;
        this.emit({ type: 'quote', quote: q });
      }
    }
  }

  // --- placing ------------------------------------------------------------------------------------

  private error(clientId: number, id: number, code: number, message: string): { kind: 'rejected'; code: number; message: string } {
    this.emit({ type: 'error', clientId, id, code, message, advancedOrderRejectJson: '' });
    return { kind: 'rejected', code, message };
  }

  placeOrder(clientId: number, orderId: number, contract: ContractQuery, input: OrderInput): PlaceOutcome {
    const key = keyOf(clientId, orderId);
    const existing = this.orders.get(key);
    const c = this.client(clientId);
    if (existing !== undefined && existing.status === 'Filled') return this.error(clientId, orderId, ERR.modifyFilled.code, ERR.modifyFilled.text());
    if (existing !== undefined && TERMINAL.has(existing.status)) return this.error(clientId, orderId, ERR.duplicateOrderId.code, ERR.duplicateOrderId.text());
    if (existing === undefined && orderId <= c.highestUsed) return this.error(clientId, orderId, ERR.duplicateOrderId.code, ERR.duplicateOrderId.text());

    const matches = this.catalogue.resolve(contract);
    const instrument = matches[0];
    if (instrument === undefined) return this.error(clientId, orderId, ERR.noSecurity.code, ERR.noSecurity.text());
    if (matches.length > 1) return this.error(clientId, orderId, ERR.ambiguous.code, ERR.ambiguous.text(contract.symbol ?? contract.localSymbol ?? ''));

    const invalid = this.validate(instrument, input);
    if (invalid !== undefined) return this.error(clientId, orderId, invalid.code, invalid.message);
    const account = input.account === undefined || input.account === '' ? this.accounts[0]! : input.account;
    if (!this.acctState.has(account)) return this.error(clientId, orderId, ERR.rejected.code, ERR.rejected.text(`Invalid account code ${account}`));

    if (existing !== undefined) return this.modify(existing, instrument, input);

    c.highestUsed = Math.max(c.highestUsed, orderId);
    if (this.rejectNext !== undefined) {
      const { code, message } = this.rejectNext;
      this.rejectNext = undefined;
      if (code !== ERR.rejected.code) return this.error(clientId, orderId, code, message);
      const o = this.newRecord(clientId, orderId, instrument, account, input);
      this.index(o);
      return this.reject(o, message.replace(/^Order rejected - reason:/, ''));
    }

    if (input.whatIf === true) {
      const o = this.newRecord(clientId, orderId, instrument, account, input);
      const result = this.whatIf(o, instrument);
      // The answer echoes whatIf=1: clients (ib_async, the official samples) route it by that flag.
      this.emit({ type: 'openOrder', clientId, order: { ...this.view({ ...o, status: 'PreSubmitted' }), whatIf: true }, whatIf: result });
      return { kind: 'whatIf', result };
    }

    const o = this.newRecord(clientId, orderId, instrument, account, input);
    this.index(o);
    if (!o.transmit) return { kind: 'staged' };
    this.transmitGroup(o);
    const after = this.orders.get(key);
    if (after?.status === 'Inactive') return { kind: 'rejected', code: ERR.rejected.code, message: after.completedStatus };
    return { kind: 'accepted', permId: o.permId };
  }

  private validate(i: Instrument, input: OrderInput): { code: number; message: string } | undefined {
    const type = input.orderType.toUpperCase();
    if (!SUPPORTED_TYPES.has(type)) return { code: ERR.validation.code, message: ERR.validation.text('Invalid order type was entered') };
    const action = input.action.toUpperCase();
    if (action !== 'BUY' && action !== 'SELL' && action !== 'SSHORT') return { code: ERR.validation.code, message: ERR.validation.text(`Invalid action ${input.action}`, 'bA') };
    if (!(input.totalQuantity > 0) || !Number.isFinite(input.totalQuantity)) return { code: ERR.validation.code, message: ERR.validation.text('The order size must be greater than zero', 'bQ') };
    const tif = (input.tif ?? '').toUpperCase() || 'DAY';
    if (!SUPPORTED_TIFS.has(tif)) return { code: ERR.validation.code, message: ERR.validation.text(`Invalid time in force ${tif}`, 'bT') };
    const needsLmt = type === 'LMT' || type === 'STP LMT';
    const needsAux = type === 'STP' || type === 'STP LMT';
    if (needsLmt && (input.lmtPrice === undefined || !(input.lmtPrice > 0))) return { code: ERR.validation.code, message: ERR.validation.text('A limit price is required', 'bL') };
    if (needsAux && (input.auxPrice === undefined || !(input.auxPrice > 0))) return { code: ERR.validation.code, message: ERR.validation.text('A stop price is required', 'bS') };
    if (type === 'TRAIL' && !((input.auxPrice ?? 0) > 0) && !((input.trailingPercent ?? 0) > 0)) {
      return { code: ERR.validation.code, message: ERR.validation.text('A trailing amount or trailing percent is required', 'bS') };
    }
    for (const p of [needsLmt ? input.lmtPrice : undefined, needsAux || type === 'TRAIL' ? input.auxPrice : undefined, input.trailStopPrice]) {
      if (p !== undefined && p > 0 && !isTickMultiple(p, i.minTick)) return { code: ERR.priceVariation.code, message: ERR.priceVariation.text() };
    }
    return undefined;
  }

  private newRecord(clientId: number, orderId: number, i: Instrument, account: string, input: OrderInput): OrderRecord {
    const type = input.orderType.toUpperCase();
    const qty = input.totalQuantity;
    return {
      orderId,
      clientId,
      permId: this.nextPermId++,
      parentId: input.parentId ?? 0,
      account,
      conId: i.conId,
      action: input.action.toUpperCase() as OrderRecord['action'],
      totalQuantity: qty,
      orderType: type,
      lmtPrice: type === 'LMT' || type === 'STP LMT' ? input.lmtPrice : undefined,
      auxPrice: type === 'MKT' || type === 'LMT' ? undefined : input.auxPrice,
      tif: (input.tif ?? '').toUpperCase() || 'DAY',
      ocaGroup: input.ocaGroup ?? '',
      ocaType: input.ocaType ?? 0,
      orderRef: input.orderRef ?? '',
      transmit: input.transmit ?? true,
      outsideRth: input.outsideRth ?? false,
      hidden: input.hidden ?? false,
      displaySize: input.displaySize !== undefined && input.displaySize > 0 ? input.displaySize : undefined,
      trailingPercent: type === 'TRAIL' && (input.trailingPercent ?? 0) > 0 ? input.trailingPercent : undefined,
      trailStopPrice: type === 'TRAIL' && (input.trailStopPrice ?? 0) > 0 ? input.trailStopPrice : undefined,
      goodTillDate: input.goodTillDate ?? '',
      passthrough: { ...(input.passthrough ?? {}) },
      status: 'PendingSubmit',
      filled: 0,
      remaining: qty,
      avgFillPrice: 0,
      lastFillPrice: 0,
      filledValueUsd: 0,
      commission: undefined,
      warningText: '',
      completedTime: '',
      completedStatus: '',
      placedAt: this.clock.now(),
      staged: !(input.transmit ?? true),
      triggered: false,
      nextFillAt: 0,
      expiresAt: undefined,
      completedAt: undefined,
    };
  }

  private index(o: OrderRecord): void {
    const key = keyOf(o.clientId, o.orderId);
    this.orders.set(key, o);
    let ids = this.byOrderId.get(o.orderId);
    if (ids === undefined) this.byOrderId.set(o.orderId, (ids = new Set()));
    ids.add(key);
    if (o.parentId > 0) {
      const pk = keyOf(o.clientId, o.parentId);
      let kids = this.children.get(pk);
      if (kids === undefined) this.children.set(pk, (kids = new Set()));
      kids.add(key);
    }
    if (o.ocaGroup !== '') {
      const gk = `${o.account}|${o.ocaGroup}`;
      let g = this.ocaGroups.get(gk);
      if (g === undefined) this.ocaGroups.set(gk, (g = new Set()));
      g.add(key);
    }
    if (TERMINAL.has(o.status)) this.completed.push(key);
    else if (!o.staged && o.status !== 'PendingSubmit') this.addWorking(o);
  }

  private addWorking(o: OrderRecord): void {
    let set = this.working.get(o.conId);
    if (set === undefined) this.working.set(o.conId, (set = new Set()));
    set.add(keyOf(o.clientId, o.orderId));
  }

  private removeWorking(o: OrderRecord): void {
    const set = this.working.get(o.conId);
    if (set === undefined) return;
    set.delete(keyOf(o.clientId, o.orderId));
    if (set.size === 0) this.working.delete(o.conId);
  }

  /** transmit=1 arrived: the order, its staged parent and the parent's staged children go live together. */
  private transmitGroup(o: OrderRecord): void {
    const parent = o.parentId > 0 ? this.orders.get(keyOf(o.clientId, o.parentId)) : undefined;
    const root = parent ?? o;
    const group = [root];
    for (const k of this.children.get(keyOf(root.clientId, root.orderId)) ?? []) {
      const child = this.orders.get(k);
      if (child !== undefined && child !== root && (child.staged || child === o)) group.push(child);
    }
    if (!group.includes(o)) group.push(o);
    group.sort((a, b) => a.orderId - b.orderId);
    for (const g of group) {
      if (g.staged || g.status === 'PendingSubmit') {
        g.staged = false;
        g.transmit = true;
        this.activate(g);
      }
    }
  }

  private activate(o: OrderRecord): void {
    const i = this.instrumentOrThrow(o.conId);
    const now = this.clock.now();
    if (o.parentId === 0) {
      const problem = this.marginProblem(o, i);
      if (problem !== undefined) {
        this.reject(o, problem);
        return;
      }
    }
    o.status = 'PreSubmitted';
    o.nextFillAt = now + this.fillDelayMs;
    if (o.tif === 'DAY') {
      const session = o.outsideRth || i.secType === 'FUT' || i.secType === 'CASH' ? i.tradingSession : i.liquidSession;
      o.expiresAt = nextSessionClose(session, ianaZone(i.timeZoneId), now);
    }
    this.addWorking(o);
    this.emitOpenOrder(o);
    this.emitStatus(o);
    this.work(o, now);
  }

  /** Reg-T style pre-trade check: the margin after the order must be covered by equity with loan. */
  private marginProblem(o: OrderRecord, i: Instrument): string | undefined {
    const acct = this.acctState.get(o.account)!;
    const price = this.referencePrice(o, i);
    const signed = isBuy(o) ? o.totalQuantity : -o.totalQuantity;
    const after = totals(acct, this.pricing, { conId: i.conId, qty: signed, price });
    if (after.init <= after.netLiq) return undefined;
    return `Your order is not accepted. In order to obtain the desired position your Equity with Loan Value [${after.netLiq.toFixed(2)} USD] must exceed the Initial Margin [${after.init.toFixed(2)} USD]`;
  }

  private referencePrice(o: { action: string; lmtPrice: number | undefined }, i: Instrument): number {
    const q = this.prices.quote(i.conId, this.clock.now())!;
    return o.lmtPrice ?? (isBuy(o) ? q.ask : q.bid);
  }

  private whatIf(o: OrderRecord, i: Instrument): WhatIfResult {
    const acct = this.acctState.get(o.account)!;
    const before = totals(acct, this.pricing);
    const price = this.referencePrice(o, i);
    const signed = isBuy(o) ? o.totalQuantity : -o.totalQuantity;
    const after = totals(acct, this.pricing, { conId: i.conId, qty: signed, price });
    const valueUsd = this.prices.toUsd(o.totalQuantity * price * multiplierOf(i), i.currency, this.clock.now());
    const commission = orderCommission(i, o.totalQuantity, valueUsd);
    return {
      initMarginBefore: before.init,
      maintMarginBefore: before.maint,
      equityWithLoanBefore: before.netLiq,
      initMarginChange: after.init - before.init,
      maintMarginChange: after.maint - before.maint,
      equityWithLoanChange: after.netLiq - before.netLiq - commission,
      initMarginAfter: after.init,
      maintMarginAfter: after.maint,
      equityWithLoanAfter: after.netLiq - commission,
      commission,
      minCommission: commission,
      maxCommission: commission,
      commissionCurrency: 'USD',
      marginCurrency: 'USD',
      warningText: after.init > after.netLiq ? 'Insufficient equity with loan value for the initial margin' : '',
    };
  }

  private modify(o: OrderRecord, i: Instrument, input: OrderInput): PlaceOutcome {
    if (i.conId !== o.conId || input.action.toUpperCase() !== o.action) {
      return this.error(o.clientId, o.orderId, ERR.modifyMismatch.code, ERR.modifyMismatch.text());
    }
    const type = input.orderType.toUpperCase();
    o.orderType = type;
    o.totalQuantity = Math.max(input.totalQuantity, o.filled);
    o.remaining = o.totalQuantity - o.filled;
    o.lmtPrice = type === 'LMT' || type === 'STP LMT' ? input.lmtPrice : undefined;
    o.auxPrice = type === 'MKT' || type === 'LMT' ? undefined : input.auxPrice;
    o.tif = (input.tif ?? '').toUpperCase() || 'DAY';
    o.outsideRth = input.outsideRth ?? o.outsideRth;
    o.orderRef = input.orderRef ?? o.orderRef;
    o.trailingPercent = type === 'TRAIL' && (input.trailingPercent ?? 0) > 0 ? input.trailingPercent : undefined;
    if (type === 'TRAIL' && (input.trailStopPrice ?? 0) > 0) o.trailStopPrice = input.trailStopPrice;
    if (type !== 'TRAIL') o.trailStopPrice = undefined;
    o.passthrough = { ...(input.passthrough ?? o.passthrough) };
    if (o.staged) {
      if (input.transmit ?? true) this.transmitGroup(o);
      return { kind: 'staged' };
    }
    this.emitOpenOrder(o);
    this.emitStatus(o);
    if (o.remaining <= 0) this.complete(o, 'Filled', 'Filled');
    else this.work(o, this.clock.now());
    return { kind: 'modified', permId: o.permId };
  }

  // --- matching -----------------------------------------------------------------------------------

  /** Moves one working order as far as the market allows now. */
  private work(o: OrderRecord, now: number): void {
    if (TERMINAL.has(o.status) || o.status === 'PendingCancel' || o.staged) return;
    if (o.parentId > 0) {
      const parent = this.orders.get(keyOf(o.clientId, o.parentId));
      if (parent !== undefined && parent.status !== 'Filled') return; // bracket child waits for its parent
    }
    const i = this.instrumentOrThrow(o.conId);
    const q = this.prices.quote(o.conId, now)!;
    const canTrade = !q.halted && (i.secType === 'FUT' || i.secType === 'CASH' ? q.tradingOpen : q.liquidOpen || (o.outsideRth && q.tradingOpen));
    if (!canTrade) return; // e.g. a MKT order outside RTH without outsideRth stays PreSubmitted
    const buy = isBuy(o);
    const ref = q.last ?? (q.bid + q.ask) / 2;

    let limit = o.lmtPrice;
    let market = o.orderType === 'MKT';
    if (o.orderType === 'STP' || o.orderType === 'STP LMT' || o.orderType === 'TRAIL') {
      if (!o.triggered) {
        if (o.orderType === 'TRAIL') this.trail(o, i, ref);
        const stop = o.orderType === 'TRAIL' ? o.trailStopPrice! : o.auxPrice!;
        const hit = buy ? ref >= stop : ref <= stop;
        if (!hit) return; // IB simulates stops: they stay PreSubmitted until triggered
        o.triggered = true;
      }
      market = o.orderType !== 'STP LMT';
      limit = o.orderType === 'STP LMT' ? o.lmtPrice : undefined;
    }
    const touch = buy ? q.ask : q.bid;
    const marketable = market || (limit !== undefined && (buy ? touch <= limit + 1e-9 : touch >= limit - 1e-9));
    if (!marketable || now < o.nextFillAt) {
      if (o.tif === 'IOC' && !marketable) return this.finishCancel(o, 'Cancelled by System', false);
      if (o.tif === 'FOK' && !marketable) return this.complete(o, 'Inactive', 'Fill-or-kill order could not be filled');
      if (o.status === 'PreSubmitted') {
        o.status = 'Submitted';
        this.emitOpenOrder(o);
        this.emitStatus(o);
      }
      return;
    }
    const available = buy ? q.askSize : q.bidSize;
    if (o.tif === 'FOK' && available < o.remaining) return this.complete(o, 'Inactive', 'Fill-or-kill order could not be filled');
    const qty = Math.min(o.remaining, available);
    this.fill(o, i, qty, touch, now);
    if (TERMINAL.has(o.status)) return;
    if (o.tif === 'IOC') return this.finishCancel(o, 'Cancelled by System', false);
    o.nextFillAt = now + this.fillSliceMs;
  }

  /** Ratchets a trailing stop behind the market (never against the order). */
  private trail(o: OrderRecord, i: Instrument, ref: number): void {
    const amount = o.trailingPercent !== undefined ? (ref * o.trailingPercent) / 100 : (o.auxPrice ?? 0);
    const candidate = isBuy(o) ? snap(ref + amount, i.minTick) : snap(ref - amount, i.minTick);
    if (o.trailStopPrice === undefined || (isBuy(o) ? candidate < o.trailStopPrice : candidate > o.trailStopPrice)) o.trailStopPrice = candidate;
  }

  private fill(o: OrderRecord, i: Instrument, qty: number, price: number, now: number): void {
    const acct = this.acctState.get(o.account)!;
    const m = multiplierOf(i);
    const valueUsd = this.prices.toUsd(qty * price * m, i.currency, now);
    const before = orderCommission(i, o.filled, o.filledValueUsd);
    o.avgFillPrice = (o.avgFillPrice * o.filled + price * qty) / (o.filled + qty);
    o.filled += qty;
    o.remaining = o.totalQuantity - o.filled;
    o.lastFillPrice = price;
    o.filledValueUsd += valueUsd;
    const commission = Math.round((orderCommission(i, o.filled, o.filledValueUsd) - before) * 1e6) / 1e6;
    o.commission = (o.commission ?? 0) + commission;
    const effect = applyFill(acct, i, isBuy(o) ? qty : -qty, price, commission, this.pricing);
    const exec: ExecRecord = {
      execId: `${this.execPrefix}.${(this.execSeq++ >>> 0).toString(16).padStart(8, '0')}.01.01`,
      orderId: o.orderId,
      clientId: o.clientId,
      permId: o.permId,
      conId: i.conId,
      exchange: executionVenue(i),
      timeMs: now,
      account: o.account,
      side: isBuy(o) ? 'BOT' : 'SLD',
      shares: qty,
      price,
      cumQty: o.filled,
      avgPrice: o.avgFillPrice,
      orderRef: o.orderRef,
      lastLiquidity: o.orderType === 'LMT' && o.status === 'Submitted' ? 1 : 2,
      commission,
      realizedPnl: effect.realizedUsd,
    };
    this.executionsLog.push(exec);
    this.emit({ type: 'execution', clientId: o.clientId, execution: this.execView(exec) });
    if (o.remaining <= 0) {
      this.complete(o, 'Filled', 'Filled', false);
    } else {
      const changed = o.status !== 'Submitted';
      o.status = 'Submitted';
      if (changed) this.emitOpenOrder(o);
      this.emitStatus(o);
    }
    this.emit({ type: 'commissionReport', clientId: o.clientId, report: this.commissionOf(exec) });
    this.emit({ type: 'position', position: positionView(acct.id, effect.position, this.pricing) });
    this.emit({ type: 'accountValues', values: accountValues(acct, this.pricing) });
    this.afterFill(o, qty, now);
  }

  /** OCA siblings and bracket children react to a fill. */
  private afterFill(o: OrderRecord, qty: number, now: number): void {
    const key = keyOf(o.clientId, o.orderId);
    const siblings = new Set<string>();
    if (o.ocaGroup !== '') for (const k of this.ocaGroups.get(`${o.account}|${o.ocaGroup}`) ?? []) siblings.add(k);
    // Bracket children of one parent are one-cancels-all among themselves.
    if (o.parentId > 0) for (const k of this.children.get(keyOf(o.clientId, o.parentId)) ?? []) siblings.add(k);
    siblings.delete(key);
    for (const k of siblings) {
      const s = this.orders.get(k);
      if (s === undefined || TERMINAL.has(s.status) || s.staged) continue;
      if (o.ocaGroup !== '' && (o.ocaType === 2 || o.ocaType === 3) && s.ocaGroup === o.ocaGroup) {
        s.totalQuantity = Math.max(s.filled, s.totalQuantity - qty);
        s.remaining = s.totalQuantity - s.filled;
        if (s.remaining <= 0) this.finishCancel(s, 'Cancelled by System', true);
        else this.emitStatus(s);
      } else {
        this.finishCancel(s, 'Cancelled by System', true);
      }
    }
    if (o.status === 'Filled') {
      for (const k of this.children.get(key) ?? []) {
        const child = this.orders.get(k);
        if (child !== undefined && !TERMINAL.has(child.status) && !child.staged) this.work(child, now);
      }
    }
  }

  // --- cancelling ---------------------------------------------------------------------------------

  cancelOrder(clientId: number, orderId: number): CancelOutcome {
    let o = this.orders.get(keyOf(clientId, orderId));
    if (o === undefined || o.staged) {
      for (const k of this.byOrderId.get(orderId) ?? []) {
        const other = this.orders.get(k);
        if (other !== undefined && !other.staged && !TERMINAL.has(other.status)) o = other;
      }
    }
    if (o === undefined || o.staged) return this.error(clientId, orderId, ERR.cancelNotFound.code, ERR.cancelNotFound.text(orderId));
    if (TERMINAL.has(o.status) || o.status === 'PendingCancel') {
      return this.error(clientId, orderId, ERR.cancelNotCancellable.code, ERR.cancelNotCancellable.text(orderId, o.status));
    }
    this.userCancel(o);
    return { kind: 'cancelled' };
  }

  globalCancel(_clientId: number): void {
    const open = [...this.working.values()].flatMap((s) => [...s]);
    for (const k of open) {
      const o = this.orders.get(k);
      if (o !== undefined && !TERMINAL.has(o.status) && o.status !== 'PendingCancel') this.userCancel(o);
    }
  }

  private userCancel(o: OrderRecord): void {
    o.status = 'PendingCancel';
    this.emitStatus(o);
    this.finishCancel(o, 'Cancelled by Trader', true);
  }

  /** Cancelled status (+202 when `notify`), then the order's bracket children go too. */
  private finishCancel(o: OrderRecord, completedStatus: string, notify: boolean): void {
    if (!notify && o.status !== 'PendingCancel') {
      // IOC remainder: PendingCancel → Cancelled, without 202 (§6.4).
      o.status = 'PendingCancel';
      this.emitStatus(o);
    }
    this.complete(o, 'Cancelled', completedStatus);
    if (notify) this.emit({ type: 'error', clientId: o.clientId, id: o.orderId, code: ERR.cancelled.code, message: ERR.cancelled.text(), advancedOrderRejectJson: '' });
    for (const k of this.children.get(keyOf(o.clientId, o.orderId)) ?? []) {
      const child = this.orders.get(k);
      if (child === undefined || TERMINAL.has(child.status)) continue;
      if (child.staged) {
        child.staged = false;
        this.complete(child, 'Cancelled', 'Cancelled by System', false);
      } else if (o.filled === 0) this.finishCancel(child, 'Cancelled by System', true);
    }
  }

  private reject(o: OrderRecord, reason: string): PlaceOutcome {
    o.staged = false;
    this.complete(o, 'Inactive', reason, false);
    this.emitOpenOrder(o);
    this.emitStatus(o);
    return this.error(o.clientId, o.orderId, ERR.rejected.code, ERR.rejected.text(reason));
  }

  /** Terminal transition: leaves the working set, joins today's completed orders. */
  private complete(o: OrderRecord, status: OrderStatus, completedStatus: string, emit = true): void {
    const now = this.clock.now();
    o.status = status;
    o.completedStatus = completedStatus;
    o.completedTime = nyTime(now);
    o.completedAt = now;
    this.removeWorking(o);
    this.completed.push(keyOf(o.clientId, o.orderId));
    if (!emit) {
      if (status === 'Filled') {
        this.emitOpenOrder(o);
        this.emitStatus(o);
      }
      return;
    }
    if (status === 'Filled' || status === 'Inactive') this.emitOpenOrder(o);
    this.emitStatus(o);
  }

  // --- views --------------------------------------------------------------------------------------

  private emitOpenOrder(o: OrderRecord): void {
    this.emit({ type: 'openOrder', clientId: o.clientId, order: this.view(o), whatIf: undefined });
  }

  private emitStatus(o: OrderRecord): void {
    this.emit({ type: 'orderStatus', clientId: o.clientId, status: this.statusOf(o) });
  }

  private statusOf(o: OrderRecord): OrderStatusReport {
    return {
      orderId: o.orderId,
      status: o.status,
      filled: o.filled,
      remaining: o.remaining,
      avgFillPrice: o.avgFillPrice,
      permId: o.permId,
      parentId: o.parentId,
      lastFillPrice: o.lastFillPrice,
      clientId: o.clientId,
      whyHeld: '',
      mktCapPrice: 0,
    };
  }

  private view(o: OrderRecord): OrderView {
    const parent = o.parentId > 0 ? this.orders.get(keyOf(o.clientId, o.parentId)) : undefined;
    return {
      orderId: o.orderId,
      clientId: o.clientId,
      permId: o.permId,
      parentId: o.parentId,
      parentPermId: parent?.permId,
      account: o.account,
      instrument: this.instrumentOrThrow(o.conId),
      action: o.action,
      totalQuantity: o.totalQuantity,
      orderType: o.orderType,
      lmtPrice: o.lmtPrice,
      auxPrice: o.auxPrice,
      tif: o.tif,
      ocaGroup: o.ocaGroup,
      ocaType: o.ocaType,
      orderRef: o.orderRef,
      transmit: o.transmit,
      outsideRth: o.outsideRth,
      hidden: o.hidden,
      displaySize: o.displaySize,
      trailingPercent: o.trailingPercent,
      trailStopPrice: o.trailStopPrice,
      goodTillDate: o.goodTillDate,
      whatIf: false,
      passthrough: o.passthrough,
      status: o.status,
      filled: o.filled,
      remaining: o.remaining,
      avgFillPrice: o.avgFillPrice,
      lastFillPrice: o.lastFillPrice,
      commission: o.commission,
      commissionCurrency: o.commission === undefined ? '' : 'USD',
      whyHeld: '',
      mktCapPrice: 0,
      warningText: o.warningText,
      completedTime: o.completedTime,
      completedStatus: o.completedStatus,
      placedAt: o.placedAt,
    };
  }

  private execView(e: ExecRecord): ExecutionView {
    return {
      execId: e.execId,
      orderId: e.orderId,
      clientId: e.clientId,
      permId: e.permId,
      instrument: this.instrumentOrThrow(e.conId),
      exchange: e.exchange,
      time: nyTime(e.timeMs),
      timeMs: e.timeMs,
      account: e.account,
      side: e.side,
      shares: e.shares,
      price: e.price,
      liquidation: 0,
      cumQty: e.cumQty,
      avgPrice: e.avgPrice,
      orderRef: e.orderRef,
      lastLiquidity: e.lastLiquidity,
    };
  }

  private commissionOf(e: ExecRecord): CommissionReport {
    return { execId: e.execId, commission: e.commission, currency: 'USD', realizedPnl: e.realizedPnl };
  }

  openOrders(clientId?: number): readonly OrderView[] {
    const out: OrderRecord[] = [];
    for (const set of this.working.values()) {
      for (const k of set) {
        const o = this.orders.get(k);
        if (o !== undefined && (clientId === undefined || o.clientId === clientId)) out.push(o);
      }
    }
    return out.sort((a, b) => a.permId - b.permId).map((o) => this.view(o));
  }

  completedOrders(): readonly OrderView[] {
    const today = nyDay(this.clock.now());
    return this.completed
      .map((k) => this.orders.get(k))
      .filter((o): o is OrderRecord => o !== undefined && o.completedAt !== undefined && nyDay(o.completedAt) === today)
      .map((o) => this.view(o));
  }

  executions(filter: ExecutionFilter = {}): readonly { execution: ExecutionView; commission: CommissionReport }[] {
    const today = nyDay(this.clock.now());
    const since = filter.time ? parseFilterTime(filter.time) : undefined;
    const side = filter.side?.toUpperCase();
    return this.executionsLog
      .filter((e) => {
        if (nyDay(e.timeMs) !== today) return false;
        if (filter.clientId !== undefined && filter.clientId !== 0 && e.clientId !== filter.clientId) return false;
        if (filter.acctCode && e.account !== filter.acctCode) return false;
        if (since !== undefined && e.timeMs < since) return false;
        const i = this.instrumentOrThrow(e.conId);
        if (filter.symbol && i.symbol !== filter.symbol.toUpperCase()) return false;
        if (filter.secType && i.secType !== filter.secType.toUpperCase()) return false;
        if (filter.exchange && e.exchange !== filter.exchange.toUpperCase() && i.exchange !== filter.exchange.toUpperCase()) return false;
        if (side && !((side === 'BUY' || side === 'BOT') ? e.side === 'BOT' : e.side === 'SLD')) return false;
        return true;
      })
      .map((e) => ({ execution: this.execView(e), commission: this.commissionOf(e) }));
  }

  positions(account?: string) {
    const out = [];
    for (const a of this.acctState.values()) {
      if (account !== undefined && a.id !== account) continue;
      for (const p of a.positions) out.push(positionView(a.id, p, this.pricing));
    }
    return out;
  }

  accountValues(account: string) {
    const a = this.acctState.get(account);
    return a === undefined ? undefined : accountValues(a, this.pricing);
  }

  // --- persistence --------------------------------------------------------------------------------

  snapshot(): EngineState {
    return structuredClone({
      version: 1 as const,
      savedAt: this.clock.now(),
      seed: this.seed,
      mode: this.mode,
      startMs: this.startMs,
      clients: [...this.clients],
      nextPermId: this.nextPermId,
      execSeq: this.execSeq,
      orders: [...this.orders.values()],
      executions: this.executionsLog,
      accounts: [...this.acctState.values()],
      prices: this.prices.snapshot(),
    });
  }

  async saveState(file: string): Promise<void> {
    await saveStateFile(file, this.snapshot());
  }
}

function hoursOf(rule: Instrument['tradingSession'], zone: string, now: number): string {
  return hoursString(rule, zone, now);
}

/** Execution-filter time: `yyyyMMdd-HH:mm:ss` is UTC, `yyyyMMdd HH:mm:ss` US/Eastern. */
function parseFilterTime(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})([- ])\s*(\d{2}):(\d{2}):(\d{2})/.exec(text.trim());
  if (m === null) return undefined;
  const [y, mo, d, , h, mi, s] = m.slice(1).map(Number) as number[];
  if (m[4] === '-') return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  return zonedToEpoch(NY, y!, mo!, d!, h! * 100 + mi!) + s! * 1000;
}

export function createSimEngine(options: EngineOptions): Engine {
  return new SimEngine(options);
}
