// A proposed change to a working order, judged as intake judges a signal's order: prices rounded
// to the instrument's grid, then the risk gate over the same reads (positions, quote, account
// values, Kairox's working orders without the order being changed, usage). Execution asks this
// through its port before a modify (main.ts wires it); nothing is written here.
import type { Clock } from '../common/index.ts';
import { forWorkspace, type Db } from '../db/index.ts';
import { referencePrice, type ProposedOrderChange, type Signal } from '../domain/index.ts';
import { effectiveLimits, evaluateRisk } from '../risk/index.ts';
import { contractOf, INTAKE_READ_TIMEOUT_MS, priceGrid, riskContext, roundedPrices, within } from './decide.ts';
import { DecisionLog, type DecisionStep } from './decision.ts';
import type { ApprovedInstruments, IntakeConnections, IntakeMarketData, WorkingOrders } from './ports.ts';
import { signalsOf } from './signal-store.ts';

/** The order as the modification would leave it (domain/order-route.ts). */
export type ProposedOrder = ProposedOrderChange;

export type Reassessment =
  | { ok: true; limitPrice?: number; stopPrice?: number; steps: DecisionStep[] }
  | { ok: false; code: string; message: string; steps: DecisionStep[] };

export interface OrderReassessorDeps {
  db: Db;
  clock: Clock;
  connections: IntakeConnections;
  marketData?: IntakeMarketData;
  instruments: ApprovedInstruments;
  workingOrders?: WorkingOrders;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class OrderReassessor {
  constructor(private readonly deps: OrderReassessorDeps) {}

  async reassess(p: ProposedOrder): Promise<Reassessment> {
    const { deps } = this;
    const log = new DecisionLog();
    const denied = (step: string, code: string, message: string, values?: Record<string, unknown>): Reassessment => {
      log.deny(step, code, message, values);
      return { ok: false, code, message, steps: log.steps };
    };
    const scope = forWorkspace(deps.db, p.workspaceId);
    const now = deps.clock.now();
    const connection = await deps.connections.describe(scope, p.connectionId);
    const session = deps.marketData?.session(p.connectionId);
    const state = session?.state() ?? 'not_running';
    if (!session || state !== 'ready') {
      return denied('connection', 'connection_not_ready', `Connection ${p.connectionId} is ${state.replaceAll('_', ' ')}, not ready: an order is re-checked only while its IB session is ready.`, { state });
    }
    const match = await deps.instruments.findApproved(scope, p.connectionId, { conId: p.conId });
    if (!match.ok) return denied('instrument', match.code, match.message);
    const instrument = match.instrument;
    const { policy } = connection;
    const working = (deps.workingOrders ? await deps.workingOrders.working(scope, p.connectionId, p.account) : []).filter((o) => o.kairoxOrderId !== p.replaces);

    const allowDelayed = effectiveLimits(policy, instrument.secType, instrument.symbol).allowDelayedData;
    const [positionsRead, snapshotRead, accountRead, grid] = await Promise.allSettled([
      within(session.positions(p.account), INTAKE_READ_TIMEOUT_MS, 'positions'),
      session.marketSnapshot(contractOf(instrument), { allowDelayed, timeoutMs: INTAKE_READ_TIMEOUT_MS }),
      within(session.accountSnapshot(p.account), INTAKE_READ_TIMEOUT_MS, 'account values'),
      priceGrid(session, instrument),
    ]);
    if (positionsRead.status === 'rejected') return denied('positions', 'ib_read_failed', `IB did not answer the positions read of ${p.account}: ${messageOf(positionsRead.reason)}`);
    if (snapshotRead.status === 'rejected') return denied('reference_price', 'no_reference_price', `No reference price for ${instrument.symbol}: ${messageOf(snapshotRead.reason)}`);
    const reference = referencePrice(snapshotRead.value, p.side);
    if (reference.price === undefined) return denied('reference_price', 'no_reference_price', reference.reason);
    if (accountRead.status === 'rejected') return denied('account_values', 'ib_read_failed', `IB did not answer the account values of ${p.account}: ${messageOf(accountRead.reason)}`);
    if (grid.status === 'rejected') return denied('prices', 'ib_read_failed', `No price grid for ${instrument.symbol}: ${messageOf(grid.reason)}`);

    // The order as a signal would have asked for it now: fresh (signal time now), with a fingerprint no signal has.
    const signal: Signal = {
      connectionId: p.connectionId, account: p.account, instrument: { conId: p.conId },
      action: p.reduceOnly ? 'close' : p.side === 'BUY' ? 'buy' : 'sell',
      orderType: p.orderType, tif: p.tif, outsideRth: p.outsideRth,
      ...(p.limitPrice !== undefined && { limitPrice: p.limitPrice }),
      ...(p.stopPrice !== undefined && { stopPrice: p.stopPrice }),
    };
    const prices = roundedPrices(signal, p.side, grid.value.rule);
    log.pass('prices', { grid: grid.value.from, ...prices.recorded });
    const risk = await riskContext(
      { scope, signals: signalsOf(deps.db, p.workspaceId), signal, signalId: p.replaces, fingerprint: `modify:${p.replaces}`, receivedAt: now, now },
      { connection, session, account: p.account, working, accountValues: accountRead.value, positions: positionsRead.value, instrument, side: p.side, quantity: p.quantity, reference: reference.price, prices, policy, signalTime: now },
    );
    const decision = evaluateRisk(risk, policy);
    for (const o of decision.outcomes) {
      log.steps.push({ step: `risk:${o.rule}`, outcome: o.outcome, ...(o.code !== undefined && { code: o.code }), ...(o.message !== undefined && { message: o.message }), values: { ...o.values } });
    }
    if (decision.decision === 'deny') return { ok: false, code: decision.code, message: decision.message, steps: log.steps };
    return { ok: true, ...(prices.limitPrice !== undefined && { limitPrice: prices.limitPrice }), ...(prices.stopPrice !== undefined && { stopPrice: prices.stopPrice }), steps: log.steps };
  }
}
