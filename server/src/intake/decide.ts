// Deciding one signal: connection, account, instrument, the order (buy/sell sized, close from the
// position, cancel of working orders), prices on IB's grid, the reference price, and the risk
// gate over what the session reads. Every step is recorded; the first denial ends it. Nothing is
// written here: the service stores the decision with the signal in one transaction.
import type { WorkspaceScope } from '../db/index.ts';
import {
  instrumentEligibility, referencePrice, type AccountSnapshot, type ApprovedInstrument, type MarketRule, type OrderIntent, type OrderSide, type Signal,
} from '../domain/index.ts';
import { effectiveLimits, evaluateRisk, type RiskContext, type RiskPolicy, type RiskPosition, type RuleOutcome } from '../risk/index.ts';
import { DecisionLog, type Decision, type DecisionStep } from './decision.ts';
import type { ApprovedInstruments, IntakeConnection, IntakeConnections, IntakeMarketData, IntakePosition, IntakeSession, WorkingOrder, WorkingOrders } from './ports.ts';
import type { SignalsScope } from './signal-store.ts';
import { minTickRule, roundPrice, sizeOrder } from './sizing.ts';

/** How long one IB read may take before the signal is denied for it (a webhook sender waits 3 s in all). */
export const INTAKE_READ_TIMEOUT_MS = 2_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export const EXECUTION_OFF_MESSAGE = 'Prepared, not sent (execution is off for this connection).';
export const EXECUTION_ON_MESSAGE = 'Prepared and handed to execution: it is sent to IB once the connection is ready and its journal reconciled; GET /api/orders/{kairoxOrderId} follows it.';

export interface DecideDeps {
  connections: IntakeConnections;
  marketData?: IntakeMarketData;
  instruments: ApprovedInstruments;
  /** Execution's working orders; without it (no execution) there are none. */
  workingOrders?: WorkingOrders;
  newOrderId: () => string;
}

export interface DecideInput {
  scope: WorkspaceScope;
  signals: SignalsScope;
  signal: Signal;
  signalId: string;
  fingerprint: string;
  receivedAt: number;
  now: number;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  // One promise settled by whichever comes first (not a race of two plus a finally: four IB reads
  // a signal, each allocated three promises and their reactions more than it needs).
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`IB gave no ${what} within ${ms} ms`)), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export function contractOf(i: ApprovedInstrument) {
  return { conId: i.conId, symbol: i.symbol, secType: i.secType, exchange: i.exchange, currency: i.currency, ...(i.primaryExchange && { primaryExchange: i.primaryExchange }) };
}

/** The rule of the exchange orders route to, else of the primary listing, else the minimum tick. */
export async function priceGrid(session: IntakeSession, i: ApprovedInstrument): Promise<{ rule: MarketRule; from: string }> {
  const ruleId = i.marketRuleIds?.[i.exchange] ?? (i.primaryExchange ? i.marketRuleIds?.[i.primaryExchange] : undefined);
  if (ruleId !== undefined) {
    try {
      return { rule: await within(session.marketRule(ruleId), INTAKE_READ_TIMEOUT_MS, `market rule ${ruleId}`), from: `market rule ${ruleId}` };
    } catch {
      // IB did not give the rule: the minimum tick is the documented fallback (IB refuses an off-grid price with 110).
    }
  }
  return { rule: minTickRule(i.minTick), from: `minTick ${i.minTick}` };
}

function positionsForRisk(positions: readonly IntakePosition[], instrument: ApprovedInstrument, reference: number): RiskPosition[] {
  return positions.filter((p) => p.quantity !== 0).map((p) => ({
    conId: p.conId, symbol: p.symbol, secType: p.secType as RiskPosition['secType'], quantity: p.quantity,
    // The instrument's own position at the reference price; others at IB's average cost (intake reads no quote for them).
    marketValue: p.conId === instrument.conId ? p.quantity * reference * instrument.multiplier : p.quantity * (p.avgCost ?? 0),
  }));
}

export async function decide(deps: DecideDeps, input: DecideInput): Promise<Decision> {
  const { scope, signal } = input;
  const log = new DecisionLog();
  const connectionId = signal.connectionId;

  const connection = await deps.connections.describe(scope, connectionId);
  if (!connection.enabled) {
    return log.deny('connection', 'connection_disabled', `Connection ${connectionId} is disabled; enable it (PATCH /api/connections/${connectionId} {"enabled":true}) and send the signal again.`);
  }
  const session = deps.marketData?.session(connectionId);
  if (!session) {
    return log.deny('connection', 'connection_not_ready', `No IB session runs for connection ${connectionId} in this Kairox process (state: not running); its status (GET /api/connections/${connectionId}) says why.`, { state: 'not_running' });
  }
  const state = session.state();
  if (state !== 'ready') {
    return log.deny('connection', 'connection_not_ready', `Connection ${connectionId} is ${state.replaceAll('_', ' ')}, not ready: signals are decided only while its IB session is ready. Its timeline says why.`, { state });
  }
  log.pass('connection', { state });

  const { all, chosen } = session.accounts();
  let account: string;
  if (signal.account !== undefined) {
    if (!all.includes(signal.account)) {
      return log.deny('account', 'account_not_found', `The IB login of connection ${connectionId} has no account ${signal.account}; it has ${all.join(', ') || 'none'}.`, { account: signal.account, accounts: all });
    }
    account = signal.account;
  } else if (chosen !== null || connection.accountId !== null || all.length === 1) {
    account = (chosen ?? connection.accountId ?? all[0]) as string;
  } else {
    return log.deny('account', 'account_required', `The IB login of connection ${connectionId} has several accounts (${all.join(', ')}); say which one in the signal's account field.`, { accounts: all });
  }
  log.pass('account', { account });

  const match = await deps.instruments.findApproved(scope, connectionId, signal.instrument);
  if (!match.ok) return log.deny('instrument', match.code, match.message, match.candidates ? { candidates: match.candidates } : undefined);
  const instrument = match.instrument;
  const { policy } = connection;
  // Near expiry is the gate's contract_expiry rule: the market and symbol overrides apply there, and
  // an order that lowers the position passes. Here only an unsupported or expired contract stops.
  const eligibility = instrumentEligibility(instrument, input.now, { allowNearExpiry: true });
  if (!eligibility.ok) return log.deny('instrument', eligibility.code, eligibility.message, { conId: instrument.conId, ...eligibility.values });
  log.pass('instrument', { instrumentId: instrument.id, conId: instrument.conId, symbol: instrument.symbol, secType: instrument.secType, exchange: instrument.exchange, currency: instrument.currency });

  const working = deps.workingOrders ? await deps.workingOrders.working(scope, connectionId, account) : [];
  if (signal.action === 'cancel') return decideCancel(log, input, instrument, working);

  // The four IB reads go out together (a webhook sender waits 3 s in all); their failures are judged in order.
  const limits = effectiveLimits(policy, instrument.secType, instrument.symbol);
  const allowDelayed = limits.allowDelayedData;
  const [positionsRead, snapshotRead, accountRead, grid] = await Promise.allSettled([
    within(session.positions(account), INTAKE_READ_TIMEOUT_MS, 'positions'),
    session.marketSnapshot(contractOf(instrument), { allowDelayed, timeoutMs: INTAKE_READ_TIMEOUT_MS }),
    within(session.accountSnapshot(account), INTAKE_READ_TIMEOUT_MS, 'account values'),
    priceGrid(session, instrument),
  ]);
  if (positionsRead.status === 'rejected') {
    return log.deny('positions', 'ib_read_failed', `IB did not answer the positions read of ${account}: ${messageOf(positionsRead.reason)}`);
  }
  const positions: IntakePosition[] = positionsRead.value;
  const held = positions.find((p) => p.conId === instrument.conId)?.quantity ?? 0;

  let side: OrderSide;
  if (signal.action === 'close') {
    if (held === 0) {
      return log.deny('position', 'no_position', `Account ${account} holds no position in ${instrument.symbol} (conId ${instrument.conId}): there is nothing to close.`, { conId: instrument.conId, position: 0 });
    }
    side = held > 0 ? 'SELL' : 'BUY';
    log.pass('position', { conId: instrument.conId, position: held });
  } else {
    side = signal.action === 'buy' ? 'BUY' : 'SELL';
  }

  if (snapshotRead.status === 'rejected') {
    const fix = allowDelayed ? '' : ' Where delayed data is enough, allow it in the connection\'s policy (allowDelayedData).';
    return log.deny('reference_price', 'no_reference_price', `No reference price for ${instrument.symbol}: ${messageOf(snapshotRead.reason)}${fix}`, { allowDelayedData: allowDelayed });
  }
  const snapshot = snapshotRead.value;
  const reference = referencePrice(snapshot, side);
  if (reference.price === undefined) return log.deny('reference_price', 'no_reference_price', reference.reason, { source: snapshot.source });
  log.pass('reference_price', { price: reference.price, basis: reference.basis, delayed: reference.delayed, source: snapshot.source, at: reference.at, allowDelayedData: allowDelayed });

  if (accountRead.status === 'rejected') {
    return log.deny('account_values', 'ib_read_failed', `IB did not answer the account values of ${account}: ${messageOf(accountRead.reason)}`);
  }
  const accountValues: AccountSnapshot = accountRead.value;

  // priceGrid never rejects: it falls back to the minimum tick.
  const { rule, from } = grid.status === 'fulfilled' ? grid.value : { rule: minTickRule(instrument.minTick), from: `minTick ${instrument.minTick}` };
  const prices = roundedPrices(signal, side, rule);
  log.pass('prices', { grid: from, ...prices.recorded });

  let quantity: number;
  if (signal.action === 'close') {
    quantity = Math.abs(held);
    log.pass('sizing', { spec: 'close: the whole position', position: held, quantity });
  } else {
    const spec = signal.size;
    if (spec === undefined) return log.deny('sizing', 'size_rounds_to_zero', 'The signal has no size.');
    const sized = sizeOrder(spec, {
      referencePrice: reference.price, ...(prices.limitPrice !== undefined && { entryPrice: prices.limitPrice }), multiplier: instrument.multiplier,
      sizeIncrement: instrument.sizeIncrement, netLiquidation: accountValues.netLiquidation, accountCurrency: accountValues.currency, instrumentCurrency: instrument.currency,
    });
    if (!sized.ok) return log.deny('sizing', sized.code, sized.message, sized.values);
    quantity = sized.quantity;
    log.pass('sizing', sized.values);
  }

  const signalTime = signal.signalTime === undefined ? input.receivedAt : Date.parse(signal.signalTime);
  const risk = await riskContext(input, {
    connection, session, account, working, accountValues, positions, instrument, side, quantity, reference: reference.price, prices, policy, signalTime,
  });
  const decision = evaluateRisk(risk, policy);
  for (const o of decision.outcomes) log.steps.push(riskStep(o));
  if (decision.decision === 'deny') return { status: 'denied', code: decision.code, message: decision.message, steps: log.steps };

  const intent: OrderIntent = {
    kairoxOrderId: deps.newOrderId(), signalId: input.signalId, workspaceId: scope.workspaceId, connectionId, account,
    instrument: {
      conId: instrument.conId, symbol: instrument.symbol, secType: instrument.secType, exchange: instrument.exchange, currency: instrument.currency,
      multiplier: instrument.multiplier, minTick: instrument.minTick,
      ...(instrument.primaryExchange !== undefined && { primaryExchange: instrument.primaryExchange }),
      ...(instrument.localSymbol !== undefined && { localSymbol: instrument.localSymbol }),
      ...(instrument.lastTradeDate !== undefined && { lastTradeDate: instrument.lastTradeDate }),
      ...(instrument.strike !== undefined && { strike: instrument.strike }),
      ...(instrument.right !== undefined && { right: instrument.right }),
    },
    side, quantity, orderType: signal.orderType,
    ...(prices.limitPrice !== undefined && { limitPrice: prices.limitPrice }),
    ...(prices.stopPrice !== undefined && { stopPrice: prices.stopPrice }),
    ...(signal.trailingAmount !== undefined && { trailingAmount: signal.trailingAmount }),
    ...(signal.trailingPercent !== undefined && { trailingPercent: signal.trailingPercent }),
    tif: signal.tif, outsideRth: signal.outsideRth,
    ...(prices.bracket && { bracket: prices.bracket }),
    reduceOnly: signal.action === 'close',
    // The signal's own time-to-live, else the policy's default for this instrument (the stale-signal rule reads the same).
    expiresAt: signalTime + (signal.ttlSeconds ?? limits.defaultSignalTtlSeconds) * 1000,
    ...(signal.strategy !== undefined && { strategy: signal.strategy }),
  };
  return {
    status: 'prepared', message: connection.executionEnabled ? EXECUTION_ON_MESSAGE : EXECUTION_OFF_MESSAGE, steps: log.steps,
    intent: { kind: 'order', ...intent }, execute: connection.executionEnabled,
  };
}

/** A rule's outcome as a step of the decision: the keys in the order they are stored, absent ones left out. */
export function riskStep(o: RuleOutcome): DecisionStep {
  const step: DecisionStep = { step: `risk:${o.rule}`, outcome: o.outcome };
  if (o.code !== undefined) step.code = o.code;
  if (o.message !== undefined) step.message = o.message;
  step.values = { ...o.values };
  return step;
}

/** Cancels bypass the risk gate: they only ever lower exposure. */
function decideCancel(log: DecisionLog, input: DecideInput, instrument: ApprovedInstrument, working: readonly WorkingOrder[]): Decision {
  const ids = working.filter((o) => o.conId === instrument.conId).map((o) => o.kairoxOrderId);
  if (ids.length === 0) {
    return log.deny('cancel', 'nothing_to_cancel', `Connection ${input.signal.connectionId} has no working Kairox orders in ${instrument.symbol} (conId ${instrument.conId}) to cancel.`, { conId: instrument.conId, working: 0 });
  }
  log.pass('cancel', { conId: instrument.conId, working: ids.length, kairoxOrderIds: ids });
  return {
    status: 'prepared', message: `Prepared: execution cancels ${ids.length === 1 ? 'this working order' : `these ${ids.length} working orders`} (GET /api/orders/{id} follows each).`, steps: log.steps,
    intent: { kind: 'cancel', signalId: input.signalId, connectionId: input.signal.connectionId, conId: instrument.conId, kairoxOrderIds: ids },
  };
}

export interface RoundedPrices {
  limitPrice?: number;
  stopPrice?: number;
  bracket?: OrderIntent['bracket'];
  recorded: Record<string, unknown>;
}

/** The price on the grid, recorded under `name` with what was asked (a module function: no closure per signal). */
function roundRecorded(rule: MarketRule, recorded: Record<string, unknown>, name: string, price: number | undefined, side: OrderSide, kind: 'limit' | 'stop'): number | undefined {
  if (price === undefined) return undefined;
  const rounded = roundPrice(rule, price, side, kind);
  recorded[name] = { asked: price, rounded, toward: kind === 'limit' ? (side === 'BUY' ? 'down' : 'up') : (side === 'BUY' ? 'up' : 'down') };
  return rounded;
}

export function roundedPrices(signal: Signal, side: OrderSide, rule: MarketRule): RoundedPrices {
  const exit: OrderSide = side === 'BUY' ? 'SELL' : 'BUY';
  const recorded: Record<string, unknown> = {};
  const limitPrice = roundRecorded(rule, recorded, 'limitPrice', signal.limitPrice, side, 'limit');
  const stopPrice = roundRecorded(rule, recorded, 'stopPrice', signal.stopPrice, side, 'stop');
  const takeProfit = roundRecorded(rule, recorded, 'takeProfit', signal.bracket?.takeProfit?.limitPrice, exit, 'limit');
  const stopLoss = roundRecorded(rule, recorded, 'stopLoss', signal.bracket?.stopLoss?.stopPrice, exit, 'stop');
  const bracket = takeProfit === undefined && stopLoss === undefined ? undefined : {
    ...(takeProfit !== undefined && { takeProfit: { limitPrice: takeProfit } }),
    ...(stopLoss !== undefined && { stopLoss: { stopPrice: stopLoss } }),
  };
  return { ...(limitPrice !== undefined && { limitPrice }), ...(stopPrice !== undefined && { stopPrice }), ...(bracket && { bracket }), recorded };
}

export interface RiskInputs {
  connection: IntakeConnection;
  working: readonly WorkingOrder[];
  session: IntakeSession;
  account: string;
  accountValues: AccountSnapshot;
  positions: IntakePosition[];
  instrument: ApprovedInstrument;
  side: OrderSide;
  quantity: number;
  reference: number;
  prices: RoundedPrices;
  policy: RiskPolicy;
  signalTime: number;
}

export async function riskContext(input: DecideInput, r: RiskInputs): Promise<RiskContext> {
  const { now, signals, signal } = input;
  const connectionId = signal.connectionId;
  const startOfDay = Math.floor(now / DAY_MS) * DAY_MS;
  const [orders, recent, pnl] = await Promise.all([
    signals.ordersSince(connectionId, { minute: now - MINUTE_MS, day: startOfDay }),
    // The window of this instrument's limits: a market or symbol override may widen it.
    signals.sameFingerprintSince(connectionId, input.fingerprint, now - effectiveLimits(r.policy, r.instrument.secType, r.instrument.symbol).duplicateWindowSeconds * 1000),
    within(r.session.dailyPnl(r.account, INTAKE_READ_TIMEOUT_MS), INTAKE_READ_TIMEOUT_MS, 'daily P&L').catch(() => undefined),
  ]);
  const i = r.instrument;
  return {
    order: {
      side: r.side, quantity: r.quantity, orderType: signal.orderType,
      ...(r.prices.limitPrice !== undefined && { limitPrice: r.prices.limitPrice }),
      ...(r.prices.stopPrice !== undefined && { stopPrice: r.prices.stopPrice }),
      outsideRth: signal.outsideRth, reduceOnly: signal.action === 'close',
      instrument: {
        conId: i.conId, symbol: i.symbol, secType: i.secType, currency: i.currency, multiplier: i.multiplier,
        ...(i.lastTradeDate !== undefined && { lastTradeDate: i.lastTradeDate }),
        ...(i.liquidHours !== undefined && { liquidHours: i.liquidHours }),
        ...(i.tradingHours !== undefined && { tradingHours: i.tradingHours }),
        ...(i.timeZoneId !== undefined && { timeZoneId: i.timeZoneId }),
      },
    },
    referencePrice: r.reference,
    ...(r.accountValues.currency === i.currency && { fxRate: 1 }),
    account: { netLiquidation: r.accountValues.netLiquidation, availableFunds: r.accountValues.availableFunds, currency: r.accountValues.currency },
    positions: positionsForRisk(r.positions, i, r.reference),
    // Kairox's own orders that may still fill (orders placed by others at IB are not known here).
    openOrders: r.working.map((o) => ({ conId: o.conId, side: o.side, remainingQuantity: o.remainingQuantity })),
    usage: {
      ordersLastMinute: orders.lastMinute, ordersToday: orders.today,
      ...(pnl?.realized !== undefined && pnl.unrealized !== undefined && { dailyPnl: { realized: pnl.realized, unrealized: pnl.unrealized } }),
    },
    recentSignals: recent,
    tradingState: r.connection.tradingState,
    workspaceHalted: r.connection.workspaceHalted,
    now,
    signal: { time: r.signalTime, ...(signal.ttlSeconds !== undefined && { ttlSeconds: signal.ttlSeconds }), fingerprint: input.fingerprint },
  };
}
